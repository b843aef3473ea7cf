"""The engine's sentences in the window's language (gui.i18n.engine_text).

The engine has no Qt: it makes its sentences with engine.sentence, and the window looks each
template up among its translations. These tests use a translator of their own, so they say
what engine_text does whatever the Japanese file holds; test_translations checks that file.
"""
import re

from PySide6.QtCore import Qt, QTranslator

import pytest

import engine
from gui.i18n import engine_text, stop_reason_text

from qt_helpers import wait_opened

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
ENGLISH_WORDS = re.compile(r"\b[A-Za-z][a-z]+\s+[a-z]{2,}\b")  # two words: "not a"


class TableTranslator(QTranslator):
    """Translates the sources in `table`; any other is left to Qt's fallback (the source)."""

    def __init__(self, table):
        super().__init__()
        self.table = table

    def translate(self, context, source, disambiguation=None, n=-1):
        return self.table.get(source) if context == "" else None

    def isEmpty(self):  # noqa: N802 - the Qt method it overrides
        return False


@pytest.fixture
def translated(qapp):
    installed = []

    def install(table):
        translator = TableTranslator(table)
        qapp.installTranslator(translator)
        installed.append(translator)

    yield install
    for translator in installed:
        qapp.removeTranslator(translator)


def test_without_a_translation_the_english_sentence_shows(qapp):
    said = engine.sentence("{path} is damaged.", path="m.npz")
    assert engine_text(said) == "m.npz is damaged."
    assert engine_text(engine.ModelFormatError(said, "detail")) == "m.npz is damaged."


def test_a_sentence_is_translated_with_its_values_filled_in(translated):
    translated({"{path} holds {count:,} images.": "{path} には {count:,} 枚の画像があります。"})
    said = engine.sentence("{path} holds {count:,} images.", path="x.gz", count=60000)
    assert engine_text(said) == "x.gz には 60,000 枚の画像があります。"
    assert engine_text(engine.DatasetError(said)) == "x.gz には 60,000 枚の画像があります。"


def test_a_sentence_inside_a_sentence_is_translated_too(translated):
    translated({"{path} is {what}.": "{path} は{what}です。", "a named pipe": "名前付きパイプ"})
    said = engine.sentence("{path} is {what}.", path="fifo", what=engine.sentence("a named pipe"))
    assert engine_text(said) == "fifo は名前付きパイプです。"


def test_a_path_that_looks_like_a_template_is_not_translated(translated):
    translated({"{path} is damaged.": "{path} は壊れています。", "a named pipe": "名前付きパイプ"})
    said = engine.sentence("{path} is damaged.", path="a named pipe")  # a plain str value
    assert engine_text(said) == "a named pipe は壊れています。"


@pytest.mark.parametrize("broken", ["{file} は壊れています。", "{0} は壊れています。",
                                    "{path は壊れています。"])
def test_a_translation_with_wrong_placeholders_falls_back_to_english(translated, broken):
    translated({"{path} is damaged.": broken})
    assert engine_text(engine.sentence("{path} is damaged.", path="m.npz")) == "m.npz is damaged."


@pytest.mark.parametrize("item", ["plain text", ValueError("plain text")])
def test_text_that_is_not_a_sentence_shows_as_it_is(translated, item):
    translated({"plain text": "訳されてはいけない"})
    assert engine_text(item) == "plain text"


def test_a_guards_stop_reason_is_translated_like_any_sentence(translated):
    translated({"the loss became {value}": "損失が {value} になりました"})
    assert stop_reason_text(engine.sentence("the loss became {value}", value="nan")) == \
        "損失が nan になりました"


# --- what a user of the Japanese window reads ----------------------------------------------------

def _without(text, *paths):
    for path in paths:
        text = text.replace(str(path), "")
    return text


def test_a_damaged_model_is_refused_in_japanese(japanese, make_window, qtbot, tmp_path):
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"this is no model")
    window = make_window()
    window.dialogs.open_path = str(broken)
    window.open_action.trigger()
    wait_opened(qtbot, window)
    _, text = window.dialogs.errors[-1]
    assert str(broken) in text and JAPANESE.search(text), text
    assert not ENGLISH_WORDS.search(_without(text, broken)), text


def test_a_folder_without_mnist_is_explained_in_japanese(japanese, make_window, qtbot, tmp_path):
    window = make_window()
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    field = window.train_panel.form.data_dir.lineEdit()
    field.clear()
    qtbot.keyClicks(field, str(empty))
    qtbot.keyClick(field, Qt.Key_Return)
    shown = window.train_panel.problem_label.text()
    assert str(empty) in shown and JAPANESE.search(shown), shown
    assert not ENGLISH_WORDS.search(_without(shown, empty)), shown


def test_a_network_the_engine_refuses_is_explained_in_japanese(japanese, make_window, qtbot):
    window = make_window()
    form = window.train_panel.form
    form.hidden.setFocus()
    form.hidden.selectAll()
    qtbot.keyClicks(form.hidden, "0")
    shown = window.train_panel.problem_label.text()
    assert window.train_panel.problem_label.isVisible() and JAPANESE.search(shown), shown
    assert not ENGLISH_WORDS.search(shown), shown
