"""The bare reference for bench_startup.py: PySide6 + pyqtgraph + NumPy and one plot, nothing else.

Frozen the same way as DigitLab (one-file, windowed), it shows what start-up costs before any of
our code runs. Prints 'shown' after the window's first paint, then quits, like --quit-when-shown.
"""
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

import numpy as np
import pyqtgraph as pg


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched.isWidgetType():
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, report_and_quit)
        return False


def report_and_quit():
    print("shown", flush=True)
    QApplication.instance().quit()


def main():
    app = QApplication(sys.argv)
    window = QMainWindow()
    plot = pg.PlotWidget()
    plot.plot(np.arange(100.0), np.sin(np.arange(100.0) / 10))
    window.setCentralWidget(plot)
    app.installEventFilter(FirstPaint(window))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
