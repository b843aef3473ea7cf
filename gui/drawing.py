"""The drawing every page shares: the canvas pixels and the 28x28 image the network sees.

Each page that draws has its own ``SharedCanvas``; the page publishes what its canvas shows
whenever it reads it, and a canvas that becomes visible (or is visible when another page
publishes) copies the shared pixels in, as one undo step. Only a visible canvas copies, and a
canvas that has not changed since it copied publishes nothing, so two pages never echo a
drawing back and forth.
"""
from PySide6.QtCore import QObject, Signal

import numpy as np

import engine

from .canvas import CanvasPixels, DrawingCanvas

TEST_IMAGE_CANVAS = 280  # px: a test image is shared at the Draw page's canvas size


def network_input(pixels):
    """The 28x28 0-1 image the network reads for canvas `pixels`, or None when there is no ink."""
    return engine.to_mnist(pixels) if engine.has_ink(pixels) else None


class SharedDrawing(QObject):
    """The latest drawing any page showed: canvas pixels (uint8, ink 255) and network input."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pixels = None
        self._image = None
        self._caption = ""  # what the drawing is when it is not the user's (a test image)
        self._version = 0  # one more per publish: a canvas knows whether it has seen this one

    @property
    def version(self):
        return self._version

    def pixels(self):
        """The canvas pixels last published, (size, size) uint8; None before any."""
        return self._pixels

    def image(self):
        """The 28x28 float image the network reads for them; None when they hold no ink."""
        return self._image

    def publish(self, pixels, image):
        """Share `pixels` and their network input `image` (from ``network_input``); returns the
        version they got. The same pixels again change nothing and emit nothing."""
        if self._pixels is not None and np.array_equal(self._pixels, pixels):
            return self._version
        self._pixels = np.array(pixels, dtype=np.uint8)  # a copy: the caller keeps its array
        self._image = image
        self._caption = ""
        self._version += 1
        self.changed.emit()
        return self._version

    def caption(self):
        """What the shared drawing is, e.g. "MNIST test image 7: its label is 2"; "" for a
        drawing of the user's (plain text: it may hold a dataset's name)."""
        return self._caption

    def show_test_image(self, image28, caption, canvas_size=TEST_IMAGE_CANVAS):
        """Share a 28x28 uint8 dataset image as the drawing: the network reads that very image
        (not the canvas's re-preprocessed copy of it), shown enlarged with `caption`."""
        image28 = np.asarray(image28, dtype=np.uint8)
        scale = canvas_size // image28.shape[0]
        pixels = np.repeat(np.repeat(image28, scale, axis=0), scale, axis=1)
        self.publish(pixels, image28.astype(np.float32) / np.float32(255))
        self._caption = str(caption)
        self.changed.emit()  # the caption too: a view showing it reads it now


class SharedCanvas(DrawingCanvas):
    """A DrawingCanvas that shows the shared drawing when it becomes visible and publishes its
    own; without a SharedDrawing (``share`` not called) it is a plain DrawingCanvas."""

    def __init__(self, parent=None, size=280):
        super().__init__(parent, size)
        self._drawing = None
        self._seen = 0  # the shared version this canvas shows (copied or published)
        self._copied_state = None  # state_key() right after copying: nothing new to publish

    def share(self, drawing):
        self._drawing = drawing
        drawing.changed.connect(self._on_shared_changed)
        if self.isVisible():
            self.copy_shared()

    def publish(self, pixels, image):
        """Share what this canvas shows (its ``to_array()`` and their network input); returns
        the network input that stands for this canvas: the shared one while it shows a copy
        (the other page's larger canvas read it first), else `image`."""
        if self._drawing is None:
            return image
        if self.state_key() == self._copied_state:
            return self._drawing.image()  # unchanged since it copied: nothing new to share
        self._copied_state = None  # an undo back to the copy shares it again
        self._seen = self._drawing.publish(pixels, image)
        return image

    def copy_shared(self):
        """Show the shared drawing here unless it is what this canvas shows already; a stroke
        in progress wins (the user is drawing here)."""
        drawing = self._drawing
        if drawing is None or drawing.version == self._seen or drawing.pixels() is None:
            return
        if self.state_key()[0] == "drawing":
            return
        self._seen = drawing.version
        if np.array_equal(self.to_array(), drawing.pixels()):
            return
        self._add_item(CanvasPixels(drawing.pixels(), self.width()))
        self._copied_state = self.state_key()
        self.update()
        self.changed.emit()

    def _on_shared_changed(self):
        if self.isVisible():  # a hidden canvas catches up when it is shown
            self.copy_shared()

    def showEvent(self, event):
        super().showEvent(event)
        self.copy_shared()
