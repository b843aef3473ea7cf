"""The Draw & Train page: the drawing and its reading beside the training settings, with the
loss and accuracy curves across the full width below."""
from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ..curves_view import CurvesView
from ..draw_panel import DrawPanel
from ..train_panel import TrainPanel


class DrawTrainPage(QWidget):
    """Holds the draw panel, the train panel and the curves; wires the data to the drawing."""

    @staticmethod
    def title():
        return QCoreApplication.translate("DrawTrainPage", "Draw && Train")

    def __init__(self, models, parent=None):
        super().__init__(parent)
        self._models = models
        self.draw_panel = DrawPanel(models.current_model)
        self.train_panel = TrainPanel(models.controller, models.datasets, models.jobs)
        self.curves = CurvesView(models.controller, models.current_model)
        self._lay_out()
        models.datasets.loaded.connect(self._on_dataset_loaded)
        models.datasets.loading.connect(self._on_dataset_loading)

    def _lay_out(self):
        panels = QSplitter(Qt.Horizontal)
        panels.addWidget(self.draw_panel)
        panels.addWidget(self.train_panel)
        panels.setStretchFactor(1, 1)
        panels.setChildrenCollapsible(False)
        # the drawing needs no more than its minimum; the form's two columns take the rest
        panels.setSizes([self.draw_panel.minimumSizeHint().width(), 10_000])
        self.splitter = QSplitter(Qt.Vertical)  # the curves below both panels, full width
        self.splitter.addWidget(panels)
        self.splitter.addWidget(self.curves)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.splitter)

    @Slot(object)
    def _on_dataset_loading(self, folder):
        self.draw_panel.random_action.setEnabled(False)

    @Slot(object)
    def _on_dataset_loaded(self, dataset):
        self.draw_panel.set_test_images(dataset.x_test, dataset.t_test, dataset.name)
