"""Presets are typed: a kind, a description, the training that goes with them."""
import pytest

from engine.nn.network import build_network
from engine.training.presets import CNN, MLP, PRESETS, Preset, get_preset, preset_names


def test_every_preset_has_a_kind_and_builds_its_network():
    kinds = {name: get_preset(name).kind for name in preset_names()}
    assert kinds == {"book-ch05": MLP, "deep-cnn": CNN, "lesson-cnn": CNN, "mlp": MLP,
                     "mlp-wide": MLP, "simple-cnn": CNN, "two-layer": MLP}
    for name in preset_names():
        config = get_preset(name).network_config(seed=3)
        assert config["seed"] == 3 and build_network(config).is_classifier


def test_the_regression_demos_are_not_presets():
    assert not {"torch-example", "sum-product"} & set(PRESETS)


def test_only_mlp_presets_take_mlp_options():
    wide = get_preset("mlp").network_config(mlp_options={"hidden": (7,)})
    assert [layer.get("out") for layer in wide["layers"] if layer["type"] == "Affine"] == [7, 10]
    with pytest.raises(ValueError, match="hidden: only the MLP presets"):
        get_preset("simple-cnn").network_config(mlp_options={"hidden": (7,)})


def test_a_preset_cannot_be_edited_by_whoever_reads_it():
    preset = get_preset("mlp")
    with pytest.raises(TypeError):
        preset.training["lr"] = 10.0
    with pytest.raises(AttributeError):
        preset.kind = CNN
    assert get_preset("mlp").training["lr"] == 0.05


def test_a_preset_of_an_unknown_kind_or_with_misplaced_options_is_refused():
    with pytest.raises(ValueError, match="kind must be one of"):
        Preset("x", "demo", "d", {})
    with pytest.raises(ValueError, match="only they, have mlp options"):
        Preset("x", CNN, "d", {}, mlp={"hidden": (3,)})
