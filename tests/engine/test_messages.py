"""engine.sentence: the English sentence a user reads, keeping what a translation needs."""
import copy

import pytest

import engine


def test_a_sentence_is_its_english_text():
    said = engine.sentence("{path} holds {count:,} images.", path="/d/x.gz", count=60000)
    assert said == "/d/x.gz holds 60,000 images."
    assert isinstance(said, str) and f"{said}" == "/d/x.gz holds 60,000 images."
    assert said.template == "{path} holds {count:,} images."
    assert said.values == {"path": "/d/x.gz", "count": 60000}


def test_a_sentence_keeps_its_template_when_copied():
    inner = engine.sentence("a named pipe")
    said = engine.sentence("{path} is {what}.", path="p", what=inner)
    for copied in (copy.copy(said), copy.deepcopy(said)):
        assert copied == "p is a named pipe."
        assert copied.template == "{path} is {what}."
        assert engine.sentence_of(copied.values["what"]).template == "a named pipe"


def test_sentence_of_finds_the_sentence_an_exception_carries():
    said = engine.sentence("{path} is damaged.", path="m.npz")
    assert engine.sentence_of(engine.ModelFormatError(said)) is said
    assert engine.sentence_of(engine.ModelFormatError(said, "zip CRC error")) is said  # + detail
    assert engine.sentence_of(said) is said


@pytest.mark.parametrize("item", ["plain text", ValueError("plain text"), ValueError(), 3, None])
def test_anything_else_carries_no_sentence(item):
    assert engine.sentence_of(item) is None


def test_a_template_with_a_missing_value_fails_where_it_is_made():
    with pytest.raises(KeyError):
        engine.sentence("{path} is damaged.")
