"""The source a lesson shows is the definition that ran, read from the engine's own file."""
from pathlib import Path

import pytest

from engine.lessons.source import SourceMissing, source_of
from engine.nn.layers import Affine, Mul

ROOT = Path(__file__).resolve().parents[3]


def test_a_class_comes_with_its_file_and_lines():
    source = source_of(Affine)
    assert source.path == "engine/nn/layers.py"
    assert source.text.startswith("class Affine(Layer):")
    lines = (ROOT / source.path).read_text().splitlines(keepends=True)
    assert "".join(lines[source.first_line - 1:source.last_line]) == source.text


def test_a_line_is_found_by_what_it_says():
    source = source_of(Mul)
    line = source.line_of("return dout * self.y, dout * self.x")
    file_lines = (ROOT / source.path).read_text().splitlines()
    assert file_lines[line - 1].strip() == "return dout * self.y, dout * self.x"
    assert source.line_of("no such text") is None


def test_a_method_is_found_inside_its_class():
    source = source_of(Affine.backward)
    assert source.text.lstrip().startswith("def backward(self, dout):")
    assert source_of(Affine).first_line < source.first_line <= source_of(Affine).last_line


def test_what_has_no_python_source_says_so_in_a_sentence():
    with pytest.raises(SourceMissing, match="the source of len is not in this copy of DigitLab"):
        source_of(len)
