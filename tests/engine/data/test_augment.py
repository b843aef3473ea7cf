"""Augmentation: the geometry of the warps on single pixels, the value range, the elastic field,
determinism and resumption from a saved state, and the checks on every argument."""
import inspect
import json
import math

import numpy as np
import pytest

from engine.data.augment import (
    AUGMENTATION_DEFAULTS,
    Augmentation,
    affine_matrices,
    elastic_displacement,
    warp,
)


def single_pixel(row, col, size=(9, 9), dtype=np.float32):
    """One image (1, 1, H, W) that is black except for a 1 at (row, col)."""
    image = np.zeros((1, 1, *size), dtype=dtype)
    image[0, 0, row, col] = 1
    return image


def warp_one(image, angle=0.0, scale=1.0, shift=(0.0, 0.0)):
    matrices = affine_matrices([angle], [scale], [shift], image.shape[-2:])
    return warp(image, matrices)


def expected_image(values, size=(9, 9)):
    """An image (1, 1, H, W) that is black except for {(row, col): value}."""
    image = np.zeros((1, 1, *size), dtype=np.float32)
    for (row, col), value in values.items():
        image[0, 0, row, col] = value
    return image


def blobs(count=20, size=28, seed=0):
    """Digit-like test images: a soft random stroke around the middle, values in [0, 1]."""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:size, 0:size]
    images = np.zeros((count, 1, size, size), dtype=np.float32)
    for i in range(count):
        for _ in range(6):
            cy, cx = rng.uniform(size * 0.3, size * 0.7, 2)
            images[i, 0] = np.maximum(images[i, 0], np.exp(-((ys - cy) ** 2 + (xs - cx) ** 2) / 4))
    return images


def centre_of_mass(images):
    """(N, 2) as (x, y) for images (N, 1, H, W)."""
    ys, xs = np.mgrid[0:images.shape[2], 0:images.shape[3]]
    mass = images[:, 0].sum(axis=(1, 2))
    return np.stack([(images[:, 0] * xs).sum(axis=(1, 2)) / mass,
                     (images[:, 0] * ys).sum(axis=(1, 2)) / mass], axis=1)


# --- the exact geometry -------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_zero_ranges_return_the_input_values_exactly(dtype):
    x = np.random.default_rng(1).random((5, 2, 7, 11)).astype(dtype)
    out = Augmentation(shift=0, rotation=0, scale=0)(x)
    assert out is not x and out.dtype == dtype
    np.testing.assert_array_equal(out, x)


@pytest.mark.parametrize("shift, row, col", [
    ((1, 0), 4, 4),  # +dx moves right
    ((0, 1), 5, 3),  # +dy moves down
    ((-2, -3), 1, 1),
])
def test_a_whole_pixel_shift_moves_the_pixel_exactly(shift, row, col):
    out = warp_one(single_pixel(4, 3), shift=shift)
    np.testing.assert_array_equal(out, expected_image({(row, col): 1}))


def test_a_fractional_shift_shares_the_pixel_between_its_neighbours():
    out = warp_one(single_pixel(4, 3), shift=(0.25, 0.5))
    expected = {(4, 3): 0.375, (4, 4): 0.125, (5, 3): 0.375, (5, 4): 0.125}
    np.testing.assert_allclose(out, expected_image(expected), atol=1e-7)


@pytest.mark.parametrize("angle, row, col", [
    (90, 2, 4),  # right of the centre -> above it: counter-clockwise on screen
    (-90, 6, 4),
    (180, 4, 2),
])
def test_rotation_turns_about_the_centre_counter_clockwise_on_screen(angle, row, col):
    out = warp_one(single_pixel(4, 6), angle=angle)  # two pixels right of the centre (4, 4)
    np.testing.assert_allclose(out, expected_image({(row, col): 1}), atol=1e-6)


def test_the_centre_of_an_even_sized_image_lies_between_pixels():
    # Centre (3.5, 3.5): a half turn swaps opposite corners exactly.
    out = warp_one(single_pixel(0, 1, size=(8, 8)), angle=180)
    np.testing.assert_allclose(out, expected_image({(7, 6): 1}, size=(8, 8)), atol=1e-6)


def test_zoom_2_doubles_the_distance_from_the_centre():
    out = warp_one(single_pixel(4, 5), scale=2.0)  # one pixel right of the centre (4, 4)
    # Now two pixels right, and twice as wide: its neighbours read it half-way.
    expected = np.outer([0.5, 1, 0.5], [0.5, 1, 0.5])
    np.testing.assert_allclose(out[0, 0, 3:6, 5:8], expected, atol=1e-6)
    assert out.sum() == pytest.approx(expected.sum())


def test_zoom_half_halves_the_distance_from_the_centre():
    out = warp_one(single_pixel(2, 6), scale=0.5)  # (+2, -2) from the centre
    np.testing.assert_allclose(out, expected_image({(3, 5): 1}), atol=1e-6)


def test_pixels_read_from_outside_the_image_are_background():
    ones = np.ones((1, 1, 5, 6), dtype=np.float32)
    out = warp_one(ones, shift=(2.5, 0))
    np.testing.assert_allclose(out[0, 0], np.tile([0, 0, 0.5, 1, 1, 1], (5, 1)))
    np.testing.assert_array_equal(warp_one(ones, shift=(-100, 40)), 0)


def test_each_image_gets_its_own_warp_and_all_its_channels_the_same():
    x = np.random.default_rng(2).random((2, 3, 9, 9)).astype(np.float32)
    matrices = affine_matrices([0, 30], [1, 1.2], [(1, 0), (0.5, -2)], (9, 9))
    out = warp(x, matrices)
    for image in range(2):
        for channel in range(3):
            alone = warp(x[image:image + 1, channel:channel + 1], matrices[image:image + 1])
            np.testing.assert_array_equal(out[image:image + 1, channel:channel + 1], alone)


def test_images_of_a_batch_are_warped_differently():
    x = np.repeat(blobs(1), 8, axis=0)
    out = Augmentation()(x)
    flat = out.reshape(8, -1)
    assert all(not np.array_equal(flat[i], flat[j]) for i in range(8) for j in range(i))


# --- values, dtype, the input -------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("elastic", [False, True])
def test_values_stay_in_0_1_and_shape_and_dtype_are_kept(dtype, elastic):
    x = np.random.default_rng(3).random((30, 1, 28, 28)).astype(dtype)
    x[:, :, ::3] = 1.0  # many exact 1s next to each other: interpolation must not overshoot
    x[:, :, 1::5] = 0.0
    augment = Augmentation(shift=3, rotation=45, scale=0.3, elastic=elastic, seed=4)
    for _ in range(3):
        out = augment(x)
        assert out.shape == x.shape and out.dtype == dtype
        assert out.min() >= 0 and out.max() <= 1
        assert not np.array_equal(out, x)


def test_the_input_is_not_modified_and_outputs_are_not_reused():
    x = blobs(10)
    before = x.copy()
    augment = Augmentation(elastic=True)
    first = augment(x)
    kept = first.copy()
    augment(x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_array_equal(first, kept)  # the next call does not write into it


def test_scratch_arrays_reused_across_batch_sizes_change_nothing():
    augment = Augmentation(shift=3, rotation=20, scale=0.2, elastic=True, seed=5)
    rng = np.random.default_rng(5)
    for shape, dtype in [((10, 1, 9, 9), np.float32), ((3, 1, 9, 9), np.float32),
                         ((4, 2, 12, 7), np.float64), ((5, 1, 12, 7), np.float32),
                         ((10, 1, 9, 9), np.float32), ((6, 3, 9, 9), np.float32)]:
        x = rng.random(shape).astype(dtype)
        fresh = Augmentation(shift=3, rotation=20, scale=0.2, elastic=True)
        fresh.load_state_dict(augment.state_dict())
        np.testing.assert_array_equal(augment(x), fresh(x))


def test_the_centre_of_mass_moves_by_at_most_the_shift_and_stays_centred_on_average():
    x = np.repeat(blobs(1, seed=6), 300, axis=0)
    moved = centre_of_mass(Augmentation(shift=2, rotation=10, scale=0.1, seed=6)(x))
    offsets = moved - centre_of_mass(x)
    assert np.abs(offsets).max() <= 2 + 0.5  # rotation and zoom move a near-central blob little
    assert np.abs(offsets.mean(axis=0)).max() < 0.25
    assert offsets.std(axis=0).min() > 0.8  # uniform in [-2, 2] has std 1.15: it does move


# --- elastic distortion -------------------------------------------------------------------------

def test_elastic_distortion_alone_changes_the_image_within_range():
    x = blobs(10)
    out = Augmentation(shift=0, rotation=0, scale=0, elastic=True, seed=7)(x)
    assert np.abs(out - x).max() > 0.2
    assert out.min() >= 0 and out.max() <= 1


def test_the_elastic_field_is_smooth():
    noise = np.random.default_rng(8).uniform(-1, 1, (4, 2, 28, 28)).astype(np.float32)
    field = elastic_displacement(noise, 1.0, 4.0)
    assert field.shape == noise.shape and field.dtype == np.float32

    def roughness(f):  # neighbour differences relative to the size of the values
        steps = np.abs(np.diff(f, axis=2)).mean() + np.abs(np.diff(f, axis=3)).mean()
        return steps / np.abs(f).mean()

    assert roughness(noise) > 2
    assert roughness(field) < 0.2 * roughness(noise)
    np.testing.assert_allclose(elastic_displacement(noise, 34.0, 4.0), 34 * field, rtol=1e-5,
                               atol=1e-6)


def test_the_blur_keeps_a_constant_field_constant_up_to_the_border():
    ones = np.ones((1, 2, 10, 28), dtype=np.float32)
    np.testing.assert_allclose(elastic_displacement(ones, 3.0, 4.0), 3.0, rtol=1e-5)


def test_the_blur_is_a_gaussian_with_mirrored_borders():
    sigma, radius = 2.0, 8  # radius = int(4 sigma + 0.5), as scipy.ndimage.gaussian_filter
    noise = np.random.default_rng(9).uniform(-1, 1, (1, 1, 12, 12))
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    kernel /= kernel.sum()
    padded = np.pad(noise[0, 0], radius, mode="symmetric")  # d c b a | a b c d | d c b a
    rows = np.apply_along_axis(np.convolve, 0, padded, kernel, mode="valid")
    expected = np.apply_along_axis(np.convolve, 1, rows, kernel, mode="valid")
    np.testing.assert_allclose(elastic_displacement(noise, 1.0, sigma)[0, 0], expected,
                               atol=1e-6)


def test_a_known_displacement_moves_the_sampling_point():
    displacement = np.zeros((1, 2, 9, 9), dtype=np.float32)
    displacement[0, 0, 4, 4] = 2.0  # the output pixel (4, 4) reads two columns further right
    out = warp(single_pixel(4, 6), affine_matrices([0], [1], [(0, 0)], (9, 9)), displacement)
    np.testing.assert_array_equal(out, expected_image({(4, 4): 1, (4, 6): 1}))


# --- determinism and resumption -----------------------------------------------------------------

@pytest.mark.parametrize("elastic", [False, True])
def test_the_same_seed_gives_the_same_warps_and_another_seed_others(elastic):
    x = blobs(8)
    a, b, c = (Augmentation(elastic=elastic, seed=seed) for seed in (11, 11, 12))
    for _ in range(2):
        out_a, out_b, out_c = a(x), b(x), c(x)
        np.testing.assert_array_equal(out_a, out_b)
        assert not np.array_equal(out_a, out_c)


def test_a_saved_state_resumes_the_same_next_batch():
    x = blobs(8)
    original = Augmentation(elastic=True, seed=13)
    original(x)
    state = json.loads(json.dumps(original.state_dict()))
    expected = original(x)
    resumed = Augmentation(elastic=True, seed=99)
    resumed.load_state_dict(state)
    np.testing.assert_array_equal(resumed(x), expected)


def test_config_round_trips_through_json_and_the_constructor():
    augment = Augmentation(shift=1.5, rotation=20, scale=0.25, elastic=True, elastic_alpha=10,
                           elastic_sigma=3, seed=7)
    config = json.loads(json.dumps(augment.config()))
    assert config == {"shift": 1.5, "rotation": 20.0, "scale": 0.25, "elastic": True,
                      "elastic_alpha": 10.0, "elastic_sigma": 3.0, "seed": 7}
    rebuilt = Augmentation(**config)
    assert rebuilt.config() == config
    x = blobs(4)
    np.testing.assert_array_equal(rebuilt(x), Augmentation(**config)(x))


def test_the_defaults_dict_matches_the_constructor():
    signature = inspect.signature(Augmentation)
    assert AUGMENTATION_DEFAULTS == {name: p.default for name, p in signature.parameters.items()}
    assert Augmentation().config() == AUGMENTATION_DEFAULTS


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("arguments, name", [
    ({"shift": -1}, "shift"),
    ({"shift": math.inf}, "shift"),
    ({"shift": "2"}, "shift"),
    ({"rotation": math.nan}, "rotation"),
    ({"rotation": 180.5}, "rotation"),
    ({"rotation": None}, "rotation"),
    ({"scale": 1.0}, "scale"),
    ({"scale": 1.5}, "scale"),
    ({"scale": -0.1}, "scale"),
    ({"scale": True}, "scale"),
    ({"elastic": "yes"}, "elastic"),
    ({"elastic_alpha": -3}, "elastic_alpha"),
    ({"elastic_alpha": math.nan}, "elastic_alpha"),
    ({"elastic": True, "elastic_sigma": 0}, "elastic_sigma"),
    ({"elastic_sigma": -1}, "elastic_sigma"),
    ({"elastic_sigma": 1e6}, "elastic_sigma"),
    ({"seed": -1}, "seed"),
    ({"seed": 1.5}, "seed"),
])
def test_a_bad_argument_is_named_with_its_value(arguments, name):
    with pytest.raises(ValueError, match=f"^{name} ") as caught:
        Augmentation(**arguments)
    assert repr(arguments[name]) in str(caught.value)


def test_the_extreme_allowed_arguments_are_accepted():
    Augmentation(shift=0, rotation=180, scale=0.99, elastic=False, elastic_sigma=0, seed=None)
    out = Augmentation(rotation=180, scale=0.99, elastic=True, elastic_alpha=0)(blobs(2))
    assert out.min() >= 0 and out.max() <= 1


@pytest.mark.parametrize("x, words", [
    (np.zeros((2, 28, 28), dtype=np.float32), ["4-D", "(2, 28, 28)"]),
    (np.zeros((2, 1, 1, 28, 28), dtype=np.float32), ["4-D", "(2, 1, 1, 28, 28)"]),
    (np.zeros((2, 1, 28, 28), dtype=np.int64), ["float32", "int64"]),
    (np.zeros((2, 1, 28, 28), dtype=np.float16), ["float32", "float16"]),
    ([[[[0.0]]]], ["(N, C, H, W)", "list"]),
])
def test_a_bad_batch_is_refused_with_what_was_expected_and_found(x, words):
    with pytest.raises(ValueError) as caught:
        Augmentation()(x)
    for word in words:
        assert word in str(caught.value)


def pcg64_state(**changes):
    state = Augmentation(seed=1).state_dict()
    state.update(changes)
    return state


@pytest.mark.parametrize("state", [
    None,
    {},
    [1, 2],
    pcg64_state(bit_generator="MT19937"),
    pcg64_state(state={"state": "12", "inc": 3}),
    pcg64_state(state={"state": 12}),
    pcg64_state(state={"state": -1, "inc": 3}),
    pcg64_state(has_uint32=2),
    pcg64_state(uinteger=None),
])
def test_a_bad_state_is_refused_and_the_generator_kept(state):
    augment, twin = Augmentation(seed=3), Augmentation(seed=3)
    with pytest.raises(ValueError, match="augmentation state"):
        augment.load_state_dict(state)
    x = blobs(3)
    np.testing.assert_array_equal(augment(x), twin(x))
