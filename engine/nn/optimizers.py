"""Optimizers that update parameters in place, keeping their state keyed by parameter name.

Updating in place matters: a layer holds the same array the optimizer changes, so rebinding a
name (``params[k] = params[k] - lr * g``) would silently stop training that layer.
Weight decay and gradient clipping are hooks run on the gradients before the update (DeZero's
``optimizers.py``, Chainer's ``optimizer_hooks``). Hooks return new gradient arrays and never
modify the ones they receive.
"""
import math

from ..backend import get_array_module, to_device, to_numpy
from ..messages import sentence
from .parallel import split_rows

# The state key of a network's packed parameters (network.PackedParams): one flat array per
# slot, updated in a few whole-array operations; saved and loaded by parameter name as usual.
PACKED = "*packed*"


class Optimizer:
    """Base class: ``update(params, grads)`` with both dicts keyed by parameter name."""

    hyper_names = ("lr",)
    slot_names = ()  # per-parameter state arrays, e.g. Adam's ("m", "v")

    def __init__(self, lr=0.01):
        self.lr = float(lr)
        self.t = 0
        self.hooks = []
        self.state = {}  # name -> {slot: array}; or PACKED -> {slot: flat array}
        self._layout = None  # [(name, shape)] of the packed parameters, in order

    def add_hook(self, hook):
        self.hooks.append(hook)
        return self

    def update(self, params, grads):
        self.t += 1
        for hook in self.hooks:
            grads = hook(params, grads)
        flat = getattr(params, "flat", None)
        if flat is not None:  # the same arithmetic, element by element, on all at once
            self._pack_state(params)
            self.update_one(PACKED, flat, params.gather(grads))
            return
        self._unpack_state()
        for name, param in params.items():
            self.update_one(name, param, grads[name])

    def update_one(self, name, param, grad):
        raise NotImplementedError

    def slots(self, name, param):
        """The state arrays of one parameter, created as zeros on first use."""
        if name not in self.state:
            xp = get_array_module(param)
            self.state[name] = {slot: xp.zeros_like(param) for slot in self.slot_names}
        return self.state[name]

    def _pack_state(self, params):
        """Per-name slots (from a resumed snapshot, say) into the packed layout of ``params``."""
        layout = [(name, tuple(p.shape)) for name, p in params.items()]
        if PACKED in self.state and layout == self._layout:
            return
        self._unpack_state()
        self._layout = layout
        named = self.state
        self.state = {}
        if self.slot_names:
            xp = get_array_module(params.flat)
            self.state[PACKED] = {slot: xp.concatenate([
                (named[name][slot] if name in named else xp.zeros_like(p)).reshape(-1)
                for name, p in params.items()]) for slot in self.slot_names}

    def _unpack_state(self):
        """The packed slots as one array per parameter name (views), in place of the packed."""
        packed = self.state.pop(PACKED, None)
        if packed is not None:
            self.state.update(_split(packed, self._layout))

    # --- saving and restoring (JSON config + named arrays, never pickle) ---------------------
    def config(self):
        return {"type": type(self).__name__, "t": self.t,
                **{n: getattr(self, n) for n in self.hyper_names},
                "hooks": [hook.config() for hook in self.hooks]}

    def state_arrays(self):
        state = dict(self.state)
        if PACKED in state:
            state.update(_split(state.pop(PACKED), self._layout))
        return {f"{slot}/{name}": to_numpy(a).copy()
                for name, slots in state.items() for slot, a in slots.items()}

    def load_state(self, config, arrays, params):
        """Restore step count, hyper-parameters and slots saved by ``config``/``state_arrays``."""
        if config.get("type") != type(self).__name__:
            raise ValueError(f"saved optimizer is {config.get('type')}, not {type(self).__name__}")
        self.t = int(config["t"])
        for n in self.hyper_names:
            setattr(self, n, float(config[n]))
        self.state = {}
        for name, param in params.items():
            if self.slot_names and f"{self.slot_names[0]}/{name}" in arrays:
                xp = get_array_module(param)
                self.state[name] = {s: to_device(_slot(arrays, s, name, param), xp)
                                    .astype(param.dtype) for s in self.slot_names}
        if getattr(params, "flat", None) is not None:
            self._pack_state(params)


class SGD(Optimizer):
    """Plain stochastic gradient descent (Robbins & Monro 1951): p -= lr * g."""

    def update_one(self, name, param, grad):
        param -= self.lr * grad


class Momentum(Optimizer):
    """SGD with momentum (Polyak 1964; Sutskever et al. 2013): v = m v - lr g; p += v."""

    hyper_names = ("lr", "momentum")
    slot_names = ("v",)

    def __init__(self, lr=0.01, momentum=0.9):
        super().__init__(lr)
        self.momentum = float(momentum)

    def update_one(self, name, param, grad):
        v = self.slots(name, param)["v"]
        v *= self.momentum
        v -= self.lr * grad
        param += v


class Nesterov(Momentum):
    """Nesterov's accelerated gradient (Nesterov 1983), in the book's reformulation."""

    def update_one(self, name, param, grad):
        v = self.slots(name, param)["v"]
        v *= self.momentum
        v -= self.lr * grad
        param += self.momentum * v - self.lr * grad


class AdaGrad(Optimizer):
    """AdaGrad (Duchi et al. 2011): per-parameter rates shrink with the summed squared gradient."""

    hyper_names = ("lr", "eps")
    slot_names = ("h",)

    def __init__(self, lr=0.01, eps=1e-7):
        super().__init__(lr)
        self.eps = float(eps)

    def update_one(self, name, param, grad):
        h = self.slots(name, param)["h"]
        h += grad * grad
        xp = get_array_module(param)
        param -= self.lr * grad / (xp.sqrt(h) + self.eps)


class RMSprop(Optimizer):
    """RMSprop (Tieleman & Hinton 2012): AdaGrad with a decaying average of squared gradients."""

    hyper_names = ("lr", "decay_rate", "eps")
    slot_names = ("h",)

    def __init__(self, lr=0.001, decay_rate=0.99, eps=1e-7):
        super().__init__(lr)
        self.decay_rate, self.eps = float(decay_rate), float(eps)

    def update_one(self, name, param, grad):
        h = self.slots(name, param)["h"]
        h *= self.decay_rate
        h += (1.0 - self.decay_rate) * grad * grad
        xp = get_array_module(param)
        param -= self.lr * grad / (xp.sqrt(h) + self.eps)


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015) with the bias correction folded into the step size."""

    hyper_names = ("lr", "beta1", "beta2", "eps")
    slot_names = ("m", "v")

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)

    def update(self, params, grads):
        step = self.t + 1
        self.lr_t = self.lr * math.sqrt(1.0 - self.beta2 ** step) / (1.0 - self.beta1 ** step)
        super().update(params, grads)

    def update_one(self, name, param, grad):
        slots = self.slots(name, param)
        m, v = slots["m"], slots["v"]
        xp = get_array_module(param)

        def rows(start, stop):  # a thread's share, in place: one scratch array, no temporaries
            p, g, m_, v_ = (a[start:stop] for a in (param, grad, m, v))
            step = xp.subtract(g, m_)
            step *= 1.0 - self.beta1
            m_ += step  # m += (1 - beta1) * (grad - m)
            xp.multiply(g, g, out=step)
            step -= v_
            step *= 1.0 - self.beta2
            v_ += step  # v += (1 - beta2) * (grad * grad - v)
            xp.sqrt(v_, out=step)
            step += self.eps
            xp.divide(m_, step, out=step)
            step *= self.lr_t
            p -= step  # param -= lr_t * m / (sqrt(v) + eps)

        split_rows(rows, param.shape[0], elements=param.size * 12, xp=xp)  # 12 passes


def _slot(arrays, slot, name, param):
    """One saved slot, refused when it cannot belong to ``param``: a wrong shape would only
    fail later, as a bare "cannot reshape" while packing."""
    key = f"{slot}/{name}"
    if key not in arrays:
        raise ValueError(f"the saved optimizer state has no {key}")
    array = arrays[key]
    if tuple(array.shape) != tuple(param.shape):
        raise ValueError(f"the saved optimizer state {key} has shape {tuple(array.shape)}, "
                         f"the parameter has {tuple(param.shape)}")
    return array


def _split(packed, layout):
    """{name: {slot: array}} from packed slots laid out as ``layout`` [(name, shape)]."""
    named, offset = {}, 0
    for name, shape in layout:
        size = math.prod(shape)
        named[name] = {slot: flat[offset:offset + size].reshape(shape)
                       for slot, flat in packed.items()}
        offset += size
    return named


# --- hooks ------------------------------------------------------------------------------------

class WeightDecay:
    """L2 regularisation: adds rate * p to each weight's gradient (biases and BN untouched)."""

    def __init__(self, rate):
        if rate < 0:
            raise ValueError(f"weight decay must be >= 0, got {rate}")
        self.rate = float(rate)

    def __call__(self, params, grads):
        return {name: grads[name] + self.rate * p if _is_weight(name, p) else grads[name]
                for name, p in params.items()}

    def config(self):
        return {"type": "WeightDecay", "rate": self.rate}


class GradientClipping:
    """Rescale all gradients together when their global L2 norm exceeds ``max_norm``."""

    def __init__(self, max_norm):
        if max_norm <= 0:
            raise ValueError(f"max_norm must be > 0, got {max_norm}")
        self.max_norm = float(max_norm)

    def __call__(self, params, grads):
        total = math.sqrt(sum(float((g * g).sum()) for g in grads.values()))
        if total <= self.max_norm:
            return grads
        scale = self.max_norm / (total + 1e-6)
        return {name: g * scale for name, g in grads.items()}

    def config(self):
        return {"type": "GradientClipping", "max_norm": self.max_norm}


def _is_weight(name, param):
    return param.ndim >= 2


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "nesterov": Nesterov, "adagrad": AdaGrad,
              "rmsprop": RMSprop, "adam": Adam}
HOOKS = {"WeightDecay": WeightDecay, "GradientClipping": GradientClipping}


def make_optimizer(name, lr=None, weight_decay=0.0, clip_norm=None, **options):
    """An optimizer by its CLI name ('sgd', 'momentum', 'adam', ...) with optional hooks."""
    key = name.lower()
    if key not in OPTIMIZERS:
        raise ValueError(sentence("unknown optimizer {name}; choose one of {choices}",
                                  name=repr(name), choices=", ".join(OPTIMIZERS)))
    if lr is not None:
        options["lr"] = lr
    optimizer = OPTIMIZERS[key](**options)
    if weight_decay:
        optimizer.add_hook(WeightDecay(weight_decay))
    if clip_norm:
        optimizer.add_hook(GradientClipping(clip_norm))
    return optimizer


def optimizer_from_config(config):
    """Rebuild an optimizer (with its hooks) from ``Optimizer.config()``; slots come separately."""
    by_class = {cls.__name__: cls for cls in OPTIMIZERS.values()}
    cls = by_class.get(config.get("type"))
    if cls is None:
        raise ValueError(f"unknown optimizer type {config.get('type')!r}")
    optimizer = cls(**{n: config[n] for n in cls.hyper_names})
    optimizer.t = int(config.get("t", 0))
    for hook in config.get("hooks", []):
        options = {k: v for k, v in hook.items() if k != "type"}
        optimizer.add_hook(HOOKS[hook["type"]](**options))
    return optimizer
