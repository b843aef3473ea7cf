"""A photo of a handwritten digit -> canvas ink: made-up phone photos of MNIST test digits (under
uneven light, with grain, specks and the table at an edge) are read as the digits themselves."""
import functools
import tracemalloc

import numpy as np
import pytest
from synthetic_photos import photo_of

from engine.data import photo
from engine.data.datasets import load_mnist
from engine.data.photo import DIGIT_SHARE, NoDigitError, photo_ink
from engine.data.preprocess import to_mnist
from engine.files.images import as_ink
from engine.files.modelio import load_model
from engine.files.resources import bundled_model_path
from engine.inference import predict_digit

CANVAS = 280


@functools.cache
def mnist_test_digits():
    data = load_mnist()
    return data.x_test.reshape(-1, 28, 28), data.t_test


@functools.cache
def shipped_model():
    return load_model(bundled_model_path())


def reading(image28):
    return predict_digit(shipped_model(), image28)[0]


def readings_of_photos(count, seed, make=photo_of, path=lambda grey: photo_ink(grey, CANVAS)):
    """(photo readings that match the original digit's reading, count)."""
    digits, _ = mnist_test_digits()
    rng = np.random.default_rng(seed)
    same = 0
    for digit in digits[:count]:
        grey = make(digit, rng)
        canvas = path(grey)
        same += reading(to_mnist(canvas.canvas if hasattr(canvas, "canvas") else canvas)) == \
            reading(digit / 255)
    return same


def test_photos_under_uneven_light_are_read_as_the_digits_themselves():
    assert readings_of_photos(100, seed=0) >= 97


def test_the_old_rule_reads_few_of_those_photos():
    """Why photo_ink exists: inverting by the border's brightness alone (`as_ink`, as
    `predict` did) takes the shadowed paper for ink."""
    assert readings_of_photos(40, seed=0, path=as_ink) <= 10


def test_chalk_on_a_dark_board_is_read_too():
    def chalk(digit, rng):
        return 1.0 - photo_of(digit, rng)
    assert readings_of_photos(40, seed=1, make=chalk) >= 38


@pytest.mark.parametrize("polarity", ["white on black", "black on white"])
def test_mnist_digits_themselves_are_read_the_same(polarity):
    digits, _ = mnist_test_digits()
    same = 0
    for digit in digits[:100]:
        grey = digit / 255 if polarity == "white on black" else 1 - digit / 255
        same += reading(to_mnist(photo_ink(grey, CANVAS).canvas)) == reading(digit / 255)
    assert same >= 98


def test_which_side_is_paper():
    digits, _ = mnist_test_digits()
    grey = photo_of(digits[0], np.random.default_rng(2))
    assert photo_ink(grey, CANVAS).inverted
    assert not photo_ink(1.0 - grey, CANVAS).inverted
    assert not photo_ink(digits[0] / 255, CANVAS).inverted


def test_a_dim_photo_whose_paper_is_darker_than_middle_grey_is_still_light_paper():
    digits, _ = mnist_test_digits()
    grey = 0.45 * (1.0 - 0.7 * np.kron(digits[3] / 255, np.ones((10, 10))))
    result = photo_ink(grey, CANVAS)
    assert result.inverted
    assert reading(to_mnist(result.canvas)) == reading(digits[3] / 255)


def test_the_digit_is_centred_at_the_size_a_student_draws():
    digits, _ = mnist_test_digits()
    canvas = photo_ink(photo_of(digits[0], np.random.default_rng(4)), CANVAS).canvas
    assert canvas.shape == (CANVAS, CANVAS) and canvas.dtype == np.float32
    assert 0.0 <= canvas.min() and canvas.max() <= 1.0
    rows, cols = np.flatnonzero(canvas.any(axis=1)), np.flatnonzero(canvas.any(axis=0))
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    assert abs(max(height, width) - DIGIT_SHARE * CANVAS) <= 2
    assert abs((rows[0] + rows[-1]) / 2 - (CANVAS - 1) / 2) <= 1.5
    assert abs((cols[0] + cols[-1]) / 2 - (CANVAS - 1) / 2) <= 1.5
    assert np.percentile(canvas[canvas > 0], 90) > 0.95  # strokes are full ink


def test_specks_and_the_table_are_dropped():
    page = np.full((300, 400), 0.9)
    page[100:200, 190:200] = 0.2  # a "1"
    page[20:22, 30:32] = 0.3  # a speck, far away
    page[:, -15:] = 0.1  # the table beyond the paper's edge
    result = photo_ink(page, CANVAS)
    assert (result.kept, result.dropped) == (1, 2)
    inked = result.canvas > 0
    rows, cols = np.flatnonzero(inked.any(axis=1)), np.flatnonzero(inked.any(axis=0))
    assert rows[-1] - rows[0] > 5 * (cols[-1] - cols[0])  # tall and thin: only the "1"


def test_a_digit_cropped_to_the_paper_edge_is_kept():
    """Every mark touches the edge: nothing is left to prefer, so they all count."""
    digits, _ = mnist_test_digits()
    digit = digits[1][4:24, 4:24]
    tight = 1.0 - np.kron(digit / 255, np.ones((8, 8)))
    rows = np.flatnonzero((tight < 0.5).any(axis=1))
    tight = tight[rows[0]:rows[-1] + 1]
    assert reading(to_mnist(photo_ink(tight, CANVAS).canvas)) == reading(digits[1] / 255)


def test_two_strokes_make_one_digit():
    page = np.full((200, 200), 0.85)
    page[40:160, 120:128] = 0.2  # the 4's upright
    page[40:110, 70:78] = 0.2  # its left arm, apart from the rest
    page[104:112, 70:150] = 0.25  # its bar, touching the upright only
    assert photo_ink(page, CANVAS).kept == 1
    page[104:112, 70:80] = 0.85  # now the arm stands alone
    assert photo_ink(page, CANVAS).kept == 2


@pytest.mark.parametrize("grey", [
    np.full((300, 400), 0.8),  # blank paper
    np.clip(0.8 + np.random.default_rng(1).normal(0, 0.02, (300, 400)), 0, 1),  # grain only
    np.zeros((50, 50)),  # all black
    np.ones((1, 1)),
    np.ones((1, 500)),
], ids=["blank", "grain", "black", "one pixel", "one row"])
def test_no_digit_is_said_so(grey):
    with pytest.raises(NoDigitError):
        photo_ink(grey, CANVAS)


def test_only_specks_are_no_digit():
    page = np.full((400, 400), 0.9)
    for row, col in [(50, 60), (200, 310), (330, 120)]:
        page[row:row + 3, col:col + 3] = 0.2
    with pytest.raises(NoDigitError):
        photo_ink(page, CANVAS)


@pytest.mark.parametrize("grey, words", [
    (np.zeros((3, 4, 5)), "2-D"),
    (np.zeros((0, 5)), "2-D"),
    (np.array([[0.5, np.nan], [0.1, 0.2]]), "NaN"),
])
def test_malformed_arrays_are_refused(grey, words):
    with pytest.raises(ValueError, match=words):
        photo_ink(grey, CANVAS)


def test_a_large_photo_is_shrunk_without_a_full_size_copy():
    grey = np.full((3000, 4000), 0.8, np.float32)  # 48 MB, a 12-megapixel photo
    grey[1000:2000, 1900:2100] = 0.1
    tracemalloc.start()
    try:
        result = photo_ink(grey, CANVAS)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.shrink == 5
    assert peak < grey.nbytes / 2  # the work copy is 1/25 of it; a full copy would be 48 MB


def test_box_shrunk_means_and_maxima_of_whole_boxes():
    image = np.random.default_rng(0).random((7, 10)).astype(np.float32)
    boxes = image[:6, :9].reshape(2, 3, 3, 3)
    np.testing.assert_allclose(photo.box_shrunk(image, 3, np.mean), boxes.mean(axis=(1, 3)),
                               rtol=1e-6)
    np.testing.assert_array_equal(photo.box_shrunk(image, 3, np.max), boxes.max(axis=(1, 3)))
    assert photo.box_shrunk(np.ones((1, 30), np.float32), 13, np.mean).shape == (1, 2)


def test_filters_against_the_plain_definition():
    rng = np.random.default_rng(5)
    image = rng.random((9, 13)).astype(np.float32)
    padded = np.pad(image, 2, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, (5, 5))
    np.testing.assert_array_equal(photo.max_filter(image, 2), windows.max(axis=(2, 3)))
    np.testing.assert_allclose(photo.box_mean(image, 2), windows.mean(axis=(2, 3)), rtol=1e-5)


def test_otsu_splits_two_groups_between_them():
    values = np.concatenate([np.full(900, 0.1), np.full(100, 0.7)])
    assert photo.otsu_threshold(values) == pytest.approx(0.4, abs=1 / 256)  # the gap's middle
    rng = np.random.default_rng(0)
    values = np.clip(np.concatenate([rng.normal(0.2, 0.05, 5000), rng.normal(0.8, 0.05, 500)]),
                     0, 1)
    assert 0.4 < photo.otsu_threshold(values) < 0.6


def test_marks_are_8_connected_parts():
    mask = np.array([
        [1, 1, 0, 0, 0, 1],
        [0, 0, 1, 0, 0, 1],  # diagonal to the first run: the same part
        [0, 0, 0, 0, 0, 0],
        [1, 0, 1, 1, 0, 0],
    ], dtype=bool)
    marks = photo.Marks(mask)
    assert marks.count == 4
    assert sorted(marks.areas.tolist()) == [1, 2, 2, 3]
    assert marks.touches_edge().tolist().count(False) == 0
    for part in range(marks.count):
        top, left, bottom, right = marks.extent[part]
        assert marks.mask([part]).sum() == marks.areas[part]
        assert marks.mask([part])[top:bottom, left:right].sum() == marks.areas[part]
    assert np.array_equal(marks.mask(np.arange(marks.count)), mask)


def test_a_u_shape_is_one_part():
    """Two runs that meet only in a later row join then (union-find, not first-come labels)."""
    mask = np.zeros((6, 7), bool)
    mask[1:5, 1] = mask[1:5, 5] = True
    mask[4, 1:6] = True
    mask[1, 3] = True  # a dot inside: its own part
    assert photo.Marks(mask).count == 2
