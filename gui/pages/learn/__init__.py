"""The Learn page: the book's lessons, each computed by the engine's own classes with their
source beside the numbers.

A list of lessons on the left, the chosen lesson on the right. A lesson's module is imported
and its widgets built the first time it is chosen: the window starts as fast with seven lessons
as with none (importing them all took 130 ms).
"""
import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...i18n import tr

LIST_WIDTH = 190  # px: the longest title on two lines at 1024x768


# Imports inside functions: a lesson's module loads when the lesson is first chosen (and
# PyInstaller still sees every one of them).
def _graph():
    from .graph import GraphLesson  # noqa: PLC0415 - loaded when first chosen

    return GraphLesson


def _layer_lab():
    from .layer_lab import LayerLabLesson  # noqa: PLC0415 - loaded when first chosen

    return LayerLabLesson


def _softmax():
    from .softmax import SoftmaxLesson  # noqa: PLC0415 - loaded when first chosen

    return SoftmaxLesson


def _gradient_check():
    from .gradient_check import GradientCheckLesson  # noqa: PLC0415 - loaded when first chosen

    return GradientCheckLesson


def _my_drawing():
    from .my_drawing import MyDrawingLesson  # noqa: PLC0415 - loaded when first chosen

    return MyDrawingLesson


def _regression():
    from .regression import RegressionLesson  # noqa: PLC0415 - loaded when first chosen

    return RegressionLesson


def _book_check():
    from .book_check import BookCheckLesson  # noqa: PLC0415 - loaded when first chosen

    return BookCheckLesson


@dataclasses.dataclass(frozen=True)
class LessonEntry:
    """A lesson as the list shows it, and how to get its class."""

    class_name: str
    load: Callable  # () -> the Lesson subclass
    title: Callable  # () -> translated title
    section: Callable  # () -> translated book section it follows


LESSONS = (
    LessonEntry("GraphLesson", _graph, lambda: tr("Computational graph"), lambda: tr(
        "Deep Learning from Scratch, 5.4: backpropagation on a computational graph")),
    LessonEntry("LayerLabLesson", _layer_lab, lambda: tr("Layer lab"), lambda: tr(
        "Deep Learning from Scratch, 5.5 and 5.6: activation and Affine/Softmax layers")),
    LessonEntry("SoftmaxLesson", _softmax, lambda: tr("Softmax and cross-entropy"), lambda: tr(
        "Deep Learning from Scratch, 3.5 (softmax), 4.2.2 (cross-entropy) and 5.6.3 "
        "(Softmax-with-Loss)")),
    LessonEntry("GradientCheckLesson", _gradient_check, lambda: tr("Gradient check"), lambda: tr(
        "Deep Learning from Scratch, 4.3 (numerical differentiation) and 5.7 (gradient "
        "check)")),
    LessonEntry("MyDrawingLesson", _my_drawing, lambda: tr("Backprop on my drawing"), lambda: tr(
        "Deep Learning from Scratch, 5.7 (backprop) and 4.4 (gradient descent)")),
    LessonEntry("RegressionLesson", _regression, lambda: tr("Regression playground"), lambda: tr(
        "PyTorch tutorial “Learning PyTorch with Examples”, warm-up with NumPy; Deep Learning "
        "from Scratch, 5.7")),
    LessonEntry("BookCheckLesson", _book_check, lambda: tr("The book's own check"), lambda: tr(
        "Deep Learning from Scratch, 3.6.2: inference on MNIST")),
)


def lesson_row(lesson_class):
    """The list row of a Lesson subclass."""
    return [entry.class_name for entry in LESSONS].index(lesson_class.__name__)


class LearnPage(QWidget):
    lesson_shown = Signal(object)  # the Lesson widget now on screen

    @staticmethod
    def title():
        return QCoreApplication.translate("LearnPage", "Learn")

    def __init__(self, models, parent=None):
        super().__init__(parent)
        self._models = models
        self._built = {}  # row -> Lesson
        self.lesson_list = QListWidget()
        self.lesson_list.setAccessibleName(self.tr("Lessons"))
        self.lesson_list.setWordWrap(True)
        self.lesson_list.setFixedWidth(LIST_WIDTH)
        self.stack = QStackedWidget()
        for number, entry in enumerate(LESSONS, start=1):
            item = QListWidgetItem(f"{number}. {entry.title()}")
            item.setToolTip(entry.section())
            self.lesson_list.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the lesson when first chosen
        self.section_label = QLabel()
        self.section_label.setTextFormat(Qt.PlainText)
        self.section_label.setAccessibleName(self.tr("Book section"))
        font = self.section_label.font()
        font.setItalic(True)
        self.section_label.setFont(font)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.section_label)
        right.addWidget(self.stack, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.lesson_list)
        layout.addLayout(right, 1)
        self.lesson_list.currentRowChanged.connect(self._show_lesson)
        self.lesson_list.setCurrentRow(0)

    def current_lesson(self):
        """The lesson on screen (built), or None before the page first chose one."""
        return self._built.get(self.lesson_list.currentRow())

    def built_lessons(self):
        return list(self._built.values())

    def shutdown(self):
        for lesson in self._built.values():
            lesson.shutdown()

    def showEvent(self, event):
        super().showEvent(event)
        self._show_lesson(self.lesson_list.currentRow())

    @Slot(int)
    def _show_lesson(self, row):
        if row < 0 or not self.isVisible():
            return  # hidden: nothing is built until the page shows
        if row not in self._built:
            lesson = LESSONS[row].load()(self._models)
            scroll = QScrollArea()  # a lesson taller than a 768-pixel screen scrolls
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.NoFrame)
            scroll.setWidget(lesson)
            old = self.stack.widget(row)
            self.stack.insertWidget(row, scroll)
            self.stack.removeWidget(old)
            old.deleteLater()
            self._built[row] = lesson
        self.section_label.setText(LESSONS[row].section())
        self.stack.setCurrentIndex(row)
        self.lesson_shown.emit(self._built[row])
