"""The source code of the engine class or function a lesson ran, to show beside its numbers.

The one-file binary carries the engine's .py files beside its bytecode (build.spec's
``module_collection_mode``), so ``inspect`` finds the same text there as in a checkout.
"""
import dataclasses
import inspect
from pathlib import Path

from ..messages import sentence

ENGINE_ROOT = Path(__file__).resolve().parent.parent  # engine/


@dataclasses.dataclass(frozen=True)
class Source:
    text: str  # the definition, as written, without the common indentation removed
    path: str  # relative to the repository: "engine/nn/layers.py"
    first_line: int  # 1-based line of the definition's first line in that file

    @property
    def last_line(self):
        return self.first_line + self.text.count("\n") - (1 if self.text.endswith("\n") else 0)

    def line_of(self, fragment):
        """The file line number of the first source line containing `fragment`, or None."""
        for offset, line in enumerate(self.text.splitlines()):
            if fragment in line:
                return self.first_line + offset
        return None


@dataclasses.dataclass(frozen=True)
class ShownSource:
    """An engine class or function that ran, and fragments of its lines worth highlighting."""

    obj: object
    highlight: tuple

    @property
    def name(self):
        return self.obj.__qualname__


class SourceMissing(LookupError):
    """This copy of DigitLab does not carry the source of what was asked for."""


def source_of(obj):
    """The definition of an engine class or function (``Affine``, ``Affine.backward``)."""
    try:
        lines, first_line = inspect.getsourcelines(obj)
        path = Path(inspect.getsourcefile(obj)).resolve()
    except (OSError, TypeError) as exc:
        raise SourceMissing(sentence("the source of {name} is not in this copy of DigitLab",
                                     name=_name(obj))) from exc
    return Source("".join(lines), _shown_path(path), first_line)


def _shown_path(path):
    try:
        return (Path(ENGINE_ROOT.name) / path.relative_to(ENGINE_ROOT)).as_posix()
    except ValueError:
        return path.name


def _name(obj):
    return getattr(obj, "__qualname__", None) or type(obj).__name__
