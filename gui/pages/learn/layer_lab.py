"""Lesson 2, the layer lab (Deep Learning from Scratch, 5.5-5.6): one engine layer at a time,
its input, forward output, upstream gradient, backward output and parameter gradients as
tables a student edits, and the layer's own source beside them.

Every number comes from ``engine.lessons.layer_lab.run_layer``, which runs the real layer
class; this module only shows what it returns.
"""
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

import numpy as np

from engine.lessons import layer_lab

from ...i18n import tr
from .common import ArrayTable, Lesson, SourceView, format_number, lesson_text

RESULT_DIGITS = 4  # significant digits of a result: ten softmax columns fit in 800 px
SOURCE_HEIGHT = 300  # px: the class's forward and backward without scrolling
TABLE_SPACING = 18  # px between tables side by side: their captions must not run together
PROBLEM_STYLE = "color: #a40000;"



def shape_text(shape):
    return tr("{0}×{1}").format(*shape)


def captioned(caption, table):
    """A table with its caption above it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(caption)
    layout.addWidget(table)
    layout.addStretch(1)
    return box


def caption_label():
    label = QLabel()
    label.setTextFormat(Qt.PlainText)
    return label


class LayerPanel(QWidget):
    """One layer's tables, shape controls and notes. Edits recompute through the engine."""

    computed = Signal(object)  # the LayerRun shown, or None when the inputs do not fit

    def __init__(self, name, parent=None):
        super().__init__(parent)
        self.name = name
        self.run = None
        self.captions = {}
        self.inputs = {key: self._table(key, editable=True)
                       for key in layer_lab.INPUT_NAMES[name]}
        self.upstream = self._table("upstream", editable=True)
        self.outputs = {key: self._table(key) for key in self._output_keys()}
        self.grads = {key: self._table(key) for key in self._grad_keys()}
        self.mistake = self._table("mistake") if name in ("ReLU", "Sigmoid") else None
        self.spins = self._make_spins()
        self.problem_label = lesson_text("")
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        self.problem_label.setAccessibleName(self.tr("Problem with the numbers"))
        self.unchanged_label = lesson_text("")
        self.unchanged_label.setAccessibleName(self.tr("The upstream gradient after backward"))
        self.note_label = lesson_text(self._note())
        self.note_label.setAccessibleName(self.tr("The classic mistake"))
        self._lay_out()
        for table in self.editable_tables():
            table.typed.connect(self._on_edited)

    # --- what a test or the lesson reads ------------------------------------------------------

    def editable_tables(self):
        return [*self.inputs.values(), self.upstream]

    def table(self, key):
        """The table of `key`: an input ("x", "W", "b", "t"), "upstream", an output ("y", "Y",
        "T", "loss"), a gradient ("dx", "dW", "db") or "mistake"."""
        found = {**self.inputs, "upstream": self.upstream, **self.outputs, **self.grads}
        return self.mistake if key == "mistake" else found[key]

    def load(self, example):
        """Show `example` (a layer_lab.LayerExample) and compute."""
        for key, table in self.inputs.items():
            table.set_array(example.inputs[key])
        self.upstream.set_array(example.upstream)
        self._sync_spins()
        self.recompute()

    @Slot()
    def recompute(self):
        inputs = {key: table.array() for key, table in self.inputs.items()}
        upstream = self.upstream.array()
        sentences = [t.problem() for t in self.editable_tables() if t.problem()]
        problem = layer_lab.input_problem(self.name, inputs, upstream)
        if problem is not None:
            self._show_run(None)
            self._show_problems([*sentences, self._problem_sentence(problem)])
            self._fit_tables()
            return
        run = layer_lab.run_layer(self.name, inputs, upstream)
        self._show_run(run)
        if sentences:
            sentences.append(self.tr("The results use the last number that was in each red "
                                     "cell."))
        if not run.finite:
            sentences.append(self.tr("Some results are too large for 64-bit floats and show as "
                                     "inf or nan, as they would in training."))
        self._show_problems(sentences)
        self._fit_tables()

    def _fit_tables(self):
        """Size each table to its numbers now: its headers would otherwise fit their new
        contents only at the next paint, after the layout had used the old size."""
        for table in (*self.editable_tables(), *self.outputs.values(), *self.grads.values(),
                      *([self.mistake] if self.mistake is not None else [])):
            table.doItemsLayout()
            table.updateGeometry()

    # --- building -----------------------------------------------------------------------------

    def _output_keys(self):
        return ("Y", "T", "loss") if self.name == "SoftmaxWithLoss" else ("y",)

    def _grad_keys(self):
        params = layer_lab.PARAMETER_NAMES.get(self.name, ())
        return ("dx", *("d" + p for p in params))

    def _table(self, key, editable=False):
        name = self._symbols()[key]
        table = ArrayTable(name, editable=editable, digits=6 if editable else RESULT_DIGITS)
        if editable:
            table.setToolTip(self.tr("Click a cell and type a number; everything recomputes."))
        self.captions[key] = caption_label()
        return table

    def _symbols(self):
        """The short name of each table (its accessible name, and what a problem names)."""
        softmax = self.name == "SoftmaxWithLoss"
        return {"x": self.tr("A") if softmax else self.tr("x"), "W": self.tr("W"),
                "b": self.tr("b"), "t": self.tr("t"),
                "upstream": self.tr("dout") if softmax else self.tr("dy"),
                "y": self.tr("y"), "Y": self.tr("Y"), "T": self.tr("T"), "loss": self.tr("L"),
                "dx": self.tr("dL/dA") if softmax else self.tr("dx"), "dW": self.tr("dW"),
                "db": self.tr("db"),
                "mistake": (self.tr("dy, book version") if self.name == "ReLU"
                            else self.tr("dx, input cached"))}

    def _make_spins(self):
        rows = self.tr("A rows") if self.name == "SoftmaxWithLoss" else self.tr("x rows")
        columns = (self.tr("A columns (classes)") if self.name == "SoftmaxWithLoss"
                   else self.tr("x columns"))
        spins = {
            "x rows": self._spin(rows, 1, layer_lab.MAX_ROWS, self.tr(
                "The number of rows of {0}: examples in the batch.").format(self._symbols()["x"])),
            "x columns": self._spin(columns, 2 if self.name == "SoftmaxWithLoss" else 1,
                                    layer_lab.MAX_COLUMNS, self.tr(
                "The number of columns of {0}: numbers per example.").format(
                    self._symbols()["x"])),
        }
        if self.name == "Affine":
            spins["W rows"] = self._spin(self.tr("W rows"), 1, layer_lab.MAX_COLUMNS, self.tr(
                "The number of rows of W: it must equal the columns of x."))
            spins["W columns"] = self._spin(self.tr("W columns"), 1, layer_lab.MAX_COLUMNS,
                                            self.tr("The number of columns of W: the outputs "
                                                    "per example (b follows it)."))
        for spin in spins.values():
            spin.valueChanged.connect(self._on_shape_changed)
        return spins

    def _spin(self, name, low, high, tip):
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setKeyboardTracking(False)  # "10" typed is one change, not 1 then 10
        spin.setAccessibleName(name)
        spin.setToolTip(tip)
        spin.setProperty("caption", name)
        return spin

    def _lay_out(self):
        shapes = QHBoxLayout()
        for spin in self.spins.values():
            label = QLabel(spin.property("caption"))
            label.setBuddy(spin)
            shapes.addWidget(label)
            shapes.addWidget(spin)
            shapes.addSpacing(8)
        shapes.addStretch(1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for row, keys in enumerate(self._table_rows()):
            line = QHBoxLayout()
            line.setSpacing(TABLE_SPACING)
            for key in keys:
                line.addWidget(captioned(self.captions[key], self.table(key)))
            line.addStretch(1)
            grid.addLayout(line, row, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(shapes)
        layout.addWidget(self.problem_label)
        layout.addLayout(grid)
        layout.addWidget(self.unchanged_label)
        layout.addWidget(self.note_label)

    def _table_rows(self):
        """Which tables sit side by side: forward first, then backward."""
        if self.name == "Affine":
            return [("x", "W", "b"), ("y", "upstream"), ("dx", "dW", "db")]
        if self.name == "SoftmaxWithLoss":
            return [("x", "t"), ("Y",), ("T", "loss", "upstream"), ("dx",)]
        if self.mistake is not None:
            return [("x", "y"), ("upstream", "dx", "mistake")]
        return [("x", "y"), ("upstream", "dx")]

    # --- shapes -------------------------------------------------------------------------------

    def _sync_spins(self):
        x = self.inputs["x"].array()
        values = {"x rows": x.shape[0], "x columns": x.shape[1]}
        if self.name == "Affine":
            values["W rows"], values["W columns"] = self.inputs["W"].array().shape
        for key, value in values.items():
            self.spins[key].blockSignals(True)
            self.spins[key].setValue(value)
            self.spins[key].blockSignals(False)

    @Slot()
    def _on_shape_changed(self):
        rows, columns = self.spins["x rows"].value(), self.spins["x columns"].value()
        self._resize("x", rows, columns)
        if self.name == "SoftmaxWithLoss":
            self._resize("t", rows, 1)
        if self.name == "Affine":
            w_columns = self.spins["W columns"].value()
            self._resize("W", self.spins["W rows"].value(), w_columns)
            self._resize("b", 1, w_columns)
        inputs = {key: table.array() for key, table in self.inputs.items()}
        shape = layer_lab.output_shape(self.name, inputs)
        if shape is not None and self.upstream.array().shape != shape:
            self.upstream.set_array(layer_lab.resized(self.upstream.array(), *shape, fill=1.0))
        self.recompute()

    def _resize(self, key, rows, columns):
        table = self.inputs[key]
        if table.array().shape != (rows, columns):
            table.set_array(layer_lab.resized(table.array(), rows, columns))

    # --- showing ------------------------------------------------------------------------------

    @Slot()
    def _on_edited(self):
        self.recompute()

    def _show_run(self, run):
        self.run = run
        shown = {} if run is None else {**run.outputs, **run.grads}
        for key in (*self.outputs, *self.grads):
            table = self.table(key)
            if key in shown:
                table.set_array(shown[key])
            else:
                table.set_array(np.zeros((0, 0)))
        if self.mistake is not None:
            if run is None:
                self.mistake.set_array(np.zeros((0, 0)))
            else:
                self.mistake.set_array(run.mistake.array)
        self._show_captions()
        self._show_unchanged(run)
        self.computed.emit(run)

    def _show_captions(self):
        templates = self._caption_templates()
        for key, label in self.captions.items():
            table = self.table(key)
            shape = table.array().shape if table.rowCount() else None
            text = templates[key]
            label.setText(text.format(shape_text(shape)) if shape else
                          text.format(self.tr("not computed")))

    def _show_unchanged(self, run):
        if run is None:
            self.unchanged_label.setText("")
        elif run.upstream_unchanged:
            self.unchanged_label.setText(self.tr(
                "After backward, {0} is unchanged: the layer did not write into the gradient "
                "it received.").format(self._symbols()["upstream"]))
        else:
            self.unchanged_label.setText(self.tr(
                "After backward, {0} was changed: the layer wrote into the gradient it "
                "received.").format(self._symbols()["upstream"]))

    def _show_problems(self, sentences):
        self.problem_label.setText("\n".join(sentences))
        self.problem_label.setVisible(bool(sentences))

    def problem_text(self):
        return self.problem_label.text()

    def _problem_sentence(self, problem):
        symbols = self._symbols()
        if problem.kind == "inner":
            return self.tr("x has {0} columns but W has {1} rows: x W needs one row of W for "
                           "each column of x. Change x columns or W rows so they match."
                           ).format(problem.first_size, problem.second_size)
        if problem.kind == "bias":
            return self.tr("b has {0} columns but W has {1}: b adds one number to each column "
                           "of x W.").format(problem.first_size, problem.second_size)
        if problem.kind == "label_count":
            return self.tr("t has {0} labels but A has {1} rows: each row of scores needs one "
                           "label.").format(problem.first_size, problem.second_size)
        if problem.kind == "label_value":
            return self.tr("t, row {0}: {1} is not a class. A label is a whole number from 0 "
                           "to {2}, one of the {3} columns of A.").format(
                problem.row + 1, format_number(problem.first_size), problem.second_size - 1,
                problem.second_size)
        return self.tr("{0} has shape {1} but {2} has shape {3}: the upstream gradient has the "
                       "output's shape.").format(symbols["upstream"],
                                                 shape_text(problem.first_size),
                                                 symbols["y"], shape_text(problem.second_size))

    def _caption_templates(self):
        """Each table's caption, two short lines; {0} is its shape. A gradient names the array
        whose shape it has: the shapes rule."""
        if self.name == "SoftmaxWithLoss":
            return {"x": self.tr("A: scores, editable\n{0}"),
                    "t": self.tr("t: labels, editable\n{0}"),
                    "Y": self.tr("Y = softmax(A): probabilities\n{0}"),
                    "T": self.tr("T: t as one-hot rows\n{0}"),
                    "loss": self.tr("L: cross-entropy loss\n{0}"),
                    "upstream": self.tr("dout: upstream gradient\n{0}, editable"),
                    "dx": self.tr("dL/dA = dout (Y − T) / N\n{0}, the shape of A")}
        captions = {"x": self.tr("x: input, editable\n{0}"),
                    "y": self.tr("y: forward output\n{0}"),
                    "upstream": self.tr("dy: upstream gradient\n{0}, y's shape, editable"),
                    "dx": self.tr("dx: backward output\n{0}, the shape of x")}
        if self.name == "Affine":
            captions.update({
                "W": self.tr("W: weights, editable\n{0}"),
                "b": self.tr("b: bias, editable\n{0}"),
                "y": self.tr("y = x W + b\n{0}"),
                "dx": self.tr("dx = dy Wᵀ\n{0}, the shape of x"),
                "dW": self.tr("dW = xᵀ dy\n{0}, the shape of W"),
                "db": self.tr("db = dy summed over rows\n{0}, the shape of b")})
        elif self.name == "ReLU":
            captions.update({
                "y": self.tr("y = max(0, x)\n{0}"),
                "dx": self.tr("dx = dy where x > 0, else 0\n{0}, the shape of x"),
                "mistake": self.tr("dy after the book's dout[mask] = 0\n{0}, wrong: changed")})
        elif self.name == "Sigmoid":
            captions.update({
                "y": self.tr("y = 1 / (1 + exp(−x))\n{0}"),
                "dx": self.tr("dx = dy y (1 − y)\n{0}, the shape of x"),
                "mistake": self.tr("dx = dy x (1 − x): x cached, not y\n{0}, wrong")})
        else:
            captions.update({
                "y": self.tr("y = tanh(x)\n{0}"),
                "dx": self.tr("dx = dy (1 − y²)\n{0}, the shape of x")})
        return captions

    def _note(self):
        if self.name == "Affine":
            return self.tr(
                "The shapes rule: dx has the shape of x, dW the shape of W, db the shape of b. "
                "b was added to every row of x W, so db sums dy over the rows (the batch). "
                "Change x columns without W rows and the shapes no longer chain.")
        if self.name == "ReLU":
            return self.tr(
                "The classic mistake: the book's ReLU writes dout[mask] = 0, which changes the "
                "gradient its caller passed in, though another branch of the graph may still "
                "need it. The engine returns dout * self.positive, a new array, so dy above is "
                "unchanged; the table on the right shows what the book's version leaves in dy.")
        if self.name == "Sigmoid":
            return self.tr(
                "The classic mistake: backward needs the output y, dx = dy y (1 − y), so forward "
                "caches y (self.out). Caching the input x and using it as if it were y gives "
                "dy x (1 − x): the wrong numbers on the right.")
        if self.name == "Tanh":
            return self.tr(
                "Like Sigmoid, Tanh caches its output y and uses dx = dy (1 − y²); caching the "
                "input x instead would be the same mistake as Sigmoid's.")
        return self.tr(
            "dL/dA is (Y − T) / N: divided by the batch size N because the loss is the mean "
            "over the rows. Backward starts from self.y.copy(), so subtracting T does not change "
            "the probabilities the layer cached. The loss adds 1e-7 inside the log, as the "
            "book does, so a zero probability gives a large loss instead of inf.")


class LayerLabLesson(Lesson):
    def __init__(self, models, parent=None):
        super().__init__(models, parent)
        self.combo = QComboBox()
        self.combo.addItems(layer_lab.LAYER_NAMES)
        self.combo.setAccessibleName(self.tr("Layer"))
        self.combo.setToolTip(self.tr("The engine layer to run forward and backward."))
        self.reset_button = QPushButton(self.tr("Back to the &worked example"))
        self.reset_button.setAccessibleName(self.tr("Back to the worked example"))
        self.reset_button.setToolTip(self.tr(
            "Put this layer's worked example back in its tables."))
        self.panels = {name: LayerPanel(name) for name in layer_lab.LAYER_NAMES}
        self.source_view = SourceView()
        self.source_view.setMinimumHeight(SOURCE_HEIGHT)
        self._lay_out()
        self.combo.currentIndexChanged.connect(self._show_layer)
        self.reset_button.clicked.connect(self._reset)
        self._show_layer(0)

    def current_panel(self):
        return self.panels[self.combo.currentText()]

    def first_shown(self):
        for name, panel in self.panels.items():
            panel.load(layer_lab.worked_example(name))
        # the source was first scrolled to its highlight while hidden, at no height at all
        QTimer.singleShot(0, self._highlight_source)

    def _lay_out(self):
        layer_label = QLabel(self.tr("&Layer:"))
        layer_label.setBuddy(self.combo)
        controls = QHBoxLayout()
        controls.addWidget(layer_label)
        controls.addWidget(self.combo)
        controls.addSpacing(12)
        controls.addWidget(self.reset_button)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(lesson_text(self.tr(
            "Each layer of a network is a small class with forward and backward (book 5.5-5.6). "
            "Pick one: its input and the gradient arriving from above are editable, and every "
            "other number is what the engine's own layer returns. Below, the code that ran.")))
        layout.addLayout(controls)
        for panel in self.panels.values():
            layout.addWidget(panel)
        layout.addWidget(self.source_view, 1)

    @Slot(int)
    def _show_layer(self, index):
        name = layer_lab.LAYER_NAMES[index]
        for panel_name, panel in self.panels.items():
            panel.setVisible(panel_name == name)
        self.source_view.show_source(layer_lab.LAYER_CLASSES[name],
                                     highlight=layer_lab.HIGHLIGHTS[name])

    @Slot()
    def _highlight_source(self):
        self.source_view.highlight(layer_lab.HIGHLIGHTS[self.combo.currentText()])

    @Slot()
    def _reset(self):
        name = self.combo.currentText()
        self.panels[name].load(layer_lab.worked_example(name))
