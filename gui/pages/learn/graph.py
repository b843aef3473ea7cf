"""Lesson 1, the computational graph (Deep Learning from Scratch, 5.4): the book's shopping
examples as a graph of Mul and Add nodes, stepped forward and then backward node by node.

Every number is what ``engine.lessons.graph.run_graph`` returned: the nodes hold real
``Mul``/``Add`` layers. This module only decides what is revealed after each step.
"""
import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.lessons import graph as lesson

from ...i18n import tr
from ...tables import explain_corner_button
from .common import (
    HIGHLIGHT,
    Lesson,
    SourceView,
    format_number,
    lesson_text,
    parse_number,
)

FORWARD_COLOUR = QColor(20, 20, 20)
BACKWARD_COLOUR = QColor(200, 30, 30)
NAME_COLOUR = QColor(110, 110, 110)
BAD_INPUT = "QLineEdit { background: rgb(255, 205, 205); }"
SYMBOLS = {"Mul": "×", "Add": "+"}


def edge_name(key):
    """What the lesson calls an edge of the graph (the engine's names are identifiers)."""
    names = {
        "apple": tr("apple"), "apple_count": tr("apple count"), "tax": tr("tax"),
        "orange": tr("orange"), "orange_count": tr("orange count"),
        "apple_price": tr("apple price"), "orange_price": tr("orange price"),
        "fruit_price": tr("fruit price"), "price": tr("price"),
    }
    return names.get(key, key)


def example_titles():
    return {"apple": tr("Apples: 100 yen × 2 apples × tax 1.1"),
            "apple_orange": tr("Apples and oranges: (2 × 100 + 3 × 150) × tax 1.1")}


# --- the drawing ---------------------------------------------------------------------------------

class GraphCanvas(QWidget):
    """The graph painted: a circle per node, an arrow per edge, its forward value above and its
    gradient below; an input edge starts at a line edit where the student types its value."""

    input_edited = Signal(str)  # the name of the input whose line edit was finished

    EDIT_WIDTH = 64
    ROW_HEIGHT = 58
    RADIUS = 20
    MARGIN = 8
    TOP = 26  # room for the names above the first row's line edits
    OUTPUT_LENGTH = 110  # px of the last arrow, which carries the price

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Computational graph"))
        self.setToolTip(self.tr("The graph of the example: values going forward above each "
                                "arrow, gradients flowing back below it in red."))
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self._example = None
        self._edits = {}  # input name -> QLineEdit
        self._labels = {}  # edge -> (value text, gradient text), as painted
        self._current = None  # (node index, backward?) of the last step, or None
        self._depths = {}
        self._rows = {}

    # --- what the lesson tells it --------------------------------------------------------------
    def set_example(self, example):
        for edit in self._edits.values():
            edit.setParent(None)  # gone now, not at the next turn of the event loop
            edit.deleteLater()
        self._example = example
        self._edits = {name: self._make_edit(name) for name, _ in example.inputs}
        self._depths, self._rows = _depths_and_rows(example)
        self._labels, self._current = {}, None
        self.setFixedHeight(self._height())
        self._place_edits()
        self.update()

    def input_edit(self, name):
        return self._edits[name]

    def input_edits(self):
        return dict(self._edits)

    def show_state(self, labels, current):
        """`labels`: edge -> (value text, gradient text); `current`: (node, backward?) or None."""
        self._labels = dict(labels)
        self._current = current
        for name, edit in self._edits.items():
            value = labels.get(name, ("", ""))[0]
            if value and not edit.hasFocus() and not edit.property("bad"):
                edit.setText(value)
        self.update()

    def edge_labels(self):
        """edge -> (value text, gradient text): what is painted on each arrow."""
        return dict(self._labels)

    def current_node(self):
        return self._current

    # --- layout ----------------------------------------------------------------------------------
    def sizeHint(self):
        return QSize(640, self._height())

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        return QSize(480, self._height())

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._place_edits()

    def _height(self):
        rows = 1 if self._example is None else len(self._example.inputs)
        return self.TOP + (rows - 1) * self.ROW_HEIGHT + 2 * self.RADIUS + 24

    def _make_edit(self, name):
        edit = QLineEdit(self)
        edit.setFixedWidth(self.EDIT_WIDTH)
        edit.setAlignment(Qt.AlignRight)
        edit.setAccessibleName(edge_name(name))
        edit.setToolTip(self.tr("The {0}: type a number and press Enter; the graph recomputes "
                                "with the engine's Mul and Add.").format(edge_name(name)))
        edit.editingFinished.connect(self._on_editing_finished)
        edit.show()
        return edit

    @Slot()
    def _on_editing_finished(self):
        for name, edit in self._edits.items():
            if edit is self.sender():
                self.input_edited.emit(name)

    def _place_edits(self):
        for name, edit in self._edits.items():
            x, y = self._input_point(name)
            edit.move(int(x - self.EDIT_WIDTH), int(y - edit.sizeHint().height() / 2))

    def _column_x(self, column):
        deepest = max(self._depths.values(), default=1)
        left = self.MARGIN + self.EDIT_WIDTH + 24
        right = self.width() - self.MARGIN - self.OUTPUT_LENGTH
        return left + (column - 0.5) * (right - left) / max(deepest, 1)

    def _row_y(self, row):
        return self.TOP + self.RADIUS + row * self.ROW_HEIGHT

    def _input_point(self, name):
        """Where an input's arrow starts: the right edge of its line edit."""
        consumer = next(i for i, spec in enumerate(self._example.nodes) if name in spec.inputs)
        column = self._depths[self._example.nodes[consumer].output] - 1
        x = (self.MARGIN + self.EDIT_WIDTH if column == 0
             else self._column_x(column) + self.EDIT_WIDTH / 2)
        return x, self._row_y(self._rows[name])

    def _node_centre(self, spec):
        return QPointF(self._column_x(self._depths[spec.output]),
                       self._row_y(self._rows[spec.output]))

    # --- painting --------------------------------------------------------------------------------
    def paintEvent(self, event):
        if self._example is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        for name in self._edits:
            x, y = self._input_point(name)
            painter.setPen(NAME_COLOUR)
            painter.drawText(QRectF(x - self.EDIT_WIDTH - 20, y - 32, self.EDIT_WIDTH + 40, 16),
                             Qt.AlignCenter, edge_name(name))
        for index, spec in enumerate(self._example.nodes):
            centre = self._node_centre(spec)
            for name in spec.inputs:
                start = self._start_of(name)
                self._draw_edge(painter, start, self._towards(centre, start), name,
                                self.RADIUS if name not in self._edits else 0)
            self._draw_node(painter, centre, spec, index)
        last = self._node_centre(self._example.nodes[-1])
        end = QPointF(last.x() + self.RADIUS + self.OUTPUT_LENGTH - 16, last.y())
        self._draw_edge(painter, QPointF(last.x() + self.RADIUS, last.y()), end, lesson.OUTPUT, 0)
        painter.setPen(NAME_COLOUR)
        painter.drawText(QRectF(end.x() - 60, end.y() + 20, 70, 16), Qt.AlignRight,
                         edge_name(lesson.OUTPUT))
        painter.end()

    def _start_of(self, name):
        if name in self._edits:
            return QPointF(*self._input_point(name))
        producer = next(spec for spec in self._example.nodes if spec.output == name)
        return self._node_centre(producer)

    def _towards(self, centre, start):
        """The point on the node's circle where an arrow from `start` arrives."""
        dx, dy = start.x() - centre.x(), start.y() - centre.y()
        length = math.hypot(dx, dy) or 1.0
        return QPointF(centre.x() + dx * self.RADIUS / length,
                       centre.y() + dy * self.RADIUS / length)

    def _draw_edge(self, painter, start, end, name, skip_start):
        dx, dy = end.x() - start.x(), end.y() - start.y()
        length = math.hypot(dx, dy) or 1.0
        start = QPointF(start.x() + dx * skip_start / length, start.y() + dy * skip_start / length)
        painter.setPen(QPen(self.palette().color(QPalette.WindowText), 1.4))
        painter.drawLine(start, end)
        ux, uy = dx / length, dy / length
        head = QPolygonF([end, QPointF(end.x() - 9 * ux + 4 * uy, end.y() - 9 * uy - 4 * ux),
                          QPointF(end.x() - 9 * ux - 4 * uy, end.y() - 9 * uy + 4 * ux)])
        painter.setBrush(self.palette().color(QPalette.WindowText))
        painter.drawPolygon(head)
        value, gradient = self._labels.get(name, ("", ""))
        middle = QPointF((start.x() + end.x()) / 2, (start.y() + end.y()) / 2)
        box = QRectF(middle.x() - 60, middle.y() - 20, 120, 18)
        if name not in self._edits and value:
            painter.setPen(FORWARD_COLOUR)
            painter.drawText(box, Qt.AlignCenter, value)
        if gradient:
            painter.setPen(BACKWARD_COLOUR)
            painter.drawText(box.translated(0, 22), Qt.AlignCenter, gradient)

    def _draw_node(self, painter, centre, spec, index):
        current = self._current is not None and self._current[0] == index
        colour = BACKWARD_COLOUR if current and self._current[1] else FORWARD_COLOUR
        painter.setPen(QPen(colour, 3 if current else 1.4))
        painter.setBrush(QBrush(HIGHLIGHT if current else self.palette().color(QPalette.Base)))
        painter.drawEllipse(centre, self.RADIUS, self.RADIUS)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        painter.save()
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.WindowText))
        painter.drawText(QRectF(centre.x() - self.RADIUS, centre.y() - self.RADIUS,
                                2 * self.RADIUS, 2 * self.RADIUS), Qt.AlignCenter,
                         SYMBOLS[spec.kind])
        painter.restore()


def _depths_and_rows(example):
    """Each edge's column (inputs 0, a node's output one right of its deepest input) and row
    (inputs in the example's order; a node's output level with the middle of its inputs)."""
    depths = {name: 0 for name, _ in example.inputs}
    rows = {name: float(row) for row, (name, _) in enumerate(example.inputs)}
    for spec in example.nodes:
        depths[spec.output] = 1 + max(depths[name] for name in spec.inputs)
        rows[spec.output] = sum(rows[name] for name in spec.inputs) / len(spec.inputs)
    return depths, rows


# --- the lesson ----------------------------------------------------------------------------------

class GraphLesson(Lesson):
    def __init__(self, models, parent=None):
        super().__init__(models, parent)
        self._run = None  # the engine's GraphRun for the inputs shown
        self._inputs = {}  # input name -> the last good value typed
        self._bad_inputs = {}  # input name -> why its text is not used
        self._step = 0  # how many of the run's steps are revealed
        self._build_widgets()
        self._lay_out()
        self.example_box.currentIndexChanged.connect(self._on_example_chosen)
        self.next_button.clicked.connect(self._on_next)
        self.all_button.clicked.connect(self._on_all)
        self.reset_button.clicked.connect(self._on_reset)
        self.canvas.input_edited.connect(self._on_input_edited)

    def _build_widgets(self):
        self.intro = lesson_text(self.tr(
            "Book section 5.4 buys apples at 100 yen each, 2 of them, with a consumption tax "
            "of 1.1. Each × node is the engine's Mul layer and each + node its Add layer. Step "
            "forward to compute the price, then backward: each node multiplies the gradient "
            "arriving from the right by its local gradient and passes the product to the left, "
            "so each input ends up with how much the price changes per unit of it."))
        self.example_box = QComboBox()
        self.example_box.setAccessibleName(self.tr("Example"))
        self.example_box.setToolTip(self.tr("Which of the book's shopping examples to compute."))
        for key, title in example_titles().items():
            self.example_box.addItem(title, key)
        self.next_button = self._button(self.tr("&Next step"), self.tr(
            "Compute one more node: forward through every node, then backward through them "
            "in reverse."))
        self.all_button = self._button(self.tr("&All at once"), self.tr(
            "Take every remaining step, forward and backward."))
        self.reset_button = self._button(self.tr("&Reset"), self.tr(
            "Hide the computed values and gradients and start again from the first node; "
            "the inputs you typed stay."))
        self.canvas = GraphCanvas()
        self.legend = lesson_text(self.tr(
            "Black above an arrow: the value going forward. Red below it: the gradient flowing "
            "back, ∂price/∂(that value). Type a new input value and press Enter to recompute."))
        self.step_label = lesson_text("")
        self.step_label.setAccessibleName(self.tr("What the last step did"))
        self.problem_label = lesson_text("")
        self.problem_label.setAccessibleName(self.tr("Input problem"))
        self.problem_label.setStyleSheet("color: rgb(180, 0, 0)")
        self.results = QTableWidget()
        self.results.setAccessibleName(self.tr("Gradients of the price"))
        self.results.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.results.setSizeAdjustPolicy(QTableWidget.AdjustToContents)
        self.results.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Maximum)
        self.results.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.results.setToolTip(self.tr(
            "Each input's value and, once the backward pass reaches it, how much the price "
            "changes per unit of that input."))
        explain_corner_button(self.results, self.results.accessibleName())
        self.sources = {kind: SourceView() for kind in lesson.layer_classes()}
        for view in self.sources.values():
            view.heading.setWordWrap(True)
            view.text.setMinimumHeight(200)

    def _button(self, text, tooltip):
        button = QPushButton(text)
        button.setToolTip(tooltip)
        button.setAccessibleName(text.replace("&", ""))
        return button

    def _lay_out(self):
        controls = QHBoxLayout()
        label = QLabel(self.tr("E&xample:"))
        label.setBuddy(self.example_box)
        controls.addWidget(label)
        controls.addWidget(self.example_box, 1)
        for button in (self.next_button, self.all_button, self.reset_button):
            controls.addWidget(button)
        sources = QHBoxLayout()
        for view in self.sources.values():
            sources.addWidget(view, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(controls)
        layout.addWidget(self.canvas)
        layout.addWidget(self.legend)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.step_label)
        layout.addWidget(self.results)
        layout.addLayout(sources)
        layout.addStretch(1)

    def first_shown(self):
        for kind, layer_class in lesson.layer_classes().items():
            self.sources[kind].show_source(layer_class)
        self._start_example()

    # --- what a student reads ---------------------------------------------------------------------
    def example_key(self):
        return self.example_box.currentData()

    def run(self):
        """The engine's GraphRun behind the numbers shown."""
        return self._run

    def step(self):
        return self._step

    def result_texts(self):
        """input name -> (value text, gradient text) as the results table shows them."""
        return {self._input_names()[column]: (self.results.item(0, column).text(),
                                              self.results.item(1, column).text())
                for column in range(self.results.columnCount())}

    # --- slots ----------------------------------------------------------------------------------
    @Slot(int)
    def _on_example_chosen(self, _index):
        self._start_example()

    @Slot()
    def _on_next(self):
        self._step = min(self._step + 1, len(self._run.steps))
        self._refresh()

    @Slot()
    def _on_all(self):
        self._step = len(self._run.steps)
        self._refresh()

    @Slot()
    def _on_reset(self):
        self._step = 0
        self._refresh()

    @Slot(str)
    def _on_input_edited(self, name):
        edit = self.canvas.input_edit(name)
        value = parse_number(edit.text())
        problem = self._input_problem(name, edit.text(), value)
        edit.setProperty("bad", bool(problem))
        edit.setStyleSheet(BAD_INPUT if problem else "")
        self._bad_inputs.pop(name, None)
        if problem:
            self._bad_inputs[name] = problem
            self._show_problem()
            return
        self._inputs[name] = value
        edit.setText(format_number(value))
        self._run = lesson.run_graph(self.example_key(), self._inputs)
        self._refresh()

    # --- helpers ----------------------------------------------------------------------------------
    def _input_names(self):
        return [name for name, _ in self._run.example.inputs]

    def _input_problem(self, name, text, value):
        if value is not None:
            return ""
        if not text.strip():
            return self.tr("The {0} is empty: type a number, such as {1}. The graph keeps "
                           "{0} = {2}.").format(edge_name(name),
                                                format_number(self._defaults()[name]),
                                                format_number(self._inputs[name]))
        return self.tr("The {0}: “{1}” is not a number. Type a finite number such as {2}; "
                       "the graph keeps {0} = {3}.").format(
            edge_name(name), text.strip()[:20], format_number(self._defaults()[name]),
            format_number(self._inputs[name]))

    def _defaults(self):
        return self._run.example.defaults()

    def _start_example(self):
        self._run = lesson.run_graph(self.example_key())
        self._inputs = self._run.example.defaults()
        self._bad_inputs = {}
        self._step = 0
        self.canvas.set_example(self._run.example)
        for name, edit in self.canvas.input_edits().items():
            edit.setProperty("bad", False)
            edit.setStyleSheet("")
            edit.setText(format_number(self._inputs[name]))
        self._refresh()

    def _refresh(self):
        run, step = self._run, self._step
        labels, current = _revealed(run, step)
        self.canvas.show_state(labels, current)
        self._fill_results(labels)
        self.step_label.setText(self._step_text(run, step))
        self._show_problem()
        self.next_button.setEnabled(step < len(run.steps))
        self.all_button.setEnabled(step < len(run.steps))
        self.reset_button.setEnabled(step > 0)
        self._highlight_source(run, step)

    def _show_problem(self):
        """The first input that is not a number, or else an overflow, in a sentence."""
        sentence = next(iter(self._bad_inputs.values()), "")
        if not sentence and not self._run.all_finite():
            sentence = self.tr(
                "These inputs overflow float64 (numbers beyond about 1.8e308 become inf, and "
                "inf × 0 becomes nan): the price is {0}. Try smaller numbers.").format(
                format_number(self._run.total))
        self.problem_label.setText(sentence)
        self.problem_label.setVisible(bool(sentence))

    def problem(self):
        """The sentence the lesson shows about the inputs, or ""."""
        return self.problem_label.text()

    def _fill_results(self, labels):
        names = self._input_names()
        self.results.setColumnCount(len(names))
        self.results.setRowCount(2)
        self.results.setHorizontalHeaderLabels([edge_name(name) for name in names])
        self.results.setVerticalHeaderLabels([self.tr("value"), self.tr("∂price/∂input")])
        for column, name in enumerate(names):
            value, gradient = labels.get(name, ("", ""))
            for row, text in enumerate((value, gradient)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.results.setItem(row, column, item)

    def _highlight_source(self, run, step):
        current = None if step == 0 else run.steps[step - 1]
        for kind, view in self.sources.items():
            if current is not None and run.nodes[current.node].spec.kind == kind:
                backward = isinstance(current, lesson.BackwardStep)
                view.highlight([lesson.step_source_line(kind, backward)])
            else:
                view.highlight([])

    def _step_text(self, run, step):
        if step == 0:
            return self.tr("Press Next step: the values flow forward through the graph, one "
                           "node at a time.")
        current = run.steps[step - 1]
        spec = run.nodes[current.node].spec
        x_name, y_name = (edge_name(name) for name in spec.inputs)
        z_name = edge_name(spec.output)
        if isinstance(current, lesson.ForwardStep):
            x, y = (format_number(value) for value in current.inputs)
            template = (self.tr("Forward through a Mul node: the {0} {1} × the {2} {3} = {4}, "
                                "the {5}.") if spec.kind == "Mul" else
                        self.tr("Forward through an Add node: the {0} {1} + the {2} {3} = {4}, "
                                "the {5}."))
            text = template.format(x_name, x, y_name, y, format_number(current.output), z_name)
            if step == len(run.nodes):
                text += " " + self.tr("The forward pass is done; next, the gradients flow "
                                      "back from the price, where ∂price/∂price = 1.")
            return text
        dout = format_number(current.upstream)
        local_x, local_y = (format_number(value) for value in current.local)
        grad_x, grad_y = (format_number(value) for value in current.downstream)
        if spec.kind == "Mul":
            text = self.tr(
                "Backward through a Mul node: the gradient {0} arrives from the {1}. Mul's "
                "local gradients are its inputs swapped: ∂z/∂x = y = {2} and ∂z/∂y = x = {3}. "
                "So {0} × {2} = {4} flows to the {5} and {0} × {3} = {6} to the {7}.").format(
                dout, z_name, local_x, local_y, grad_x, x_name, grad_y, y_name)
        else:
            text = self.tr(
                "Backward through an Add node: the gradient {0} arrives from the {1}. Add's "
                "local gradients are {2} and {3}, so {0} flows on unchanged: {4} to the {5} "
                "and {6} to the {7}.").format(dout, z_name, local_x, local_y, grad_x, x_name,
                                              grad_y, y_name)
        if step == len(run.steps):
            text += " " + self.tr("Every input now has its gradient: see the table below.")
        return text


def _revealed(run, step):
    """The labels of each edge after `step` steps, and the node of the last step."""
    forward_steps = len(run.nodes)
    labels = {name: [format_number(run.values[name]), ""] for name, _ in run.example.inputs}
    for taken in run.steps[:step]:
        spec = run.nodes[taken.node].spec
        if isinstance(taken, lesson.ForwardStep):
            labels[spec.output] = [format_number(taken.output), ""]
            continue
        labels.setdefault(spec.output, ["", ""])[1] = format_number(taken.upstream)
        for name, gradient in zip(spec.inputs, taken.downstream, strict=True):
            labels.setdefault(name, ["", ""])[1] = format_number(gradient)
    current = None
    if step > 0:
        taken = run.steps[step - 1]
        current = (taken.node, step > forward_steps)
    return {name: tuple(texts) for name, texts in labels.items()}, current
