"""Japanese: every string collected, translated and compiled; the window speaks it, unclipped.

The .ts file is what pyside6-lupdate makes of gui/ and of engine/'s sentences now: a string
added, changed or dropped without `python -m scripts.update_translations` fails here, and so
does one left unfinished.
"""
import ast
import re
import shutil
import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

import pytest

from gui import i18n
from scripts import update_translations as translations

from qt_helpers import HUNG

TS = translations.ts_file("ja")
QM = translations.qm_file("ja")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%L?\d|%n")
TAG = re.compile(r"</?\w+[^>]*>")
MNEMONIC = re.compile(r"&([^&\s])")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")
TITLE_BAR = 30  # px a window manager takes from the screen's height
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z][a-z]+\s+[a-z]{2,}\b")  # two words: "the model"


def _messages(path):
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            yield (context.findtext("name") or "", message.findtext("source"),
                   message.find("translation"))


def _catalogue(path):
    return sorted((context, source, translation.text, translation.get("type"))
                  for context, source, translation in _messages(path))


def test_lupdate_finds_no_new_changed_or_vanished_string(tmp_path):
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    report = translations.update(fresh)
    assert "(0 new " in report, report
    # the same strings and translations (the line numbers may differ: they say where to look)
    assert _catalogue(fresh) == _catalogue(TS), "run: python -m scripts.update_translations"


def test_every_string_has_a_finished_japanese_translation():
    messages = list(_messages(TS))
    assert len(messages) > 800
    unfinished = [source for _, source, translation in messages
                  if translation.get("type") or not (translation.text or "").strip()]
    assert unfinished == []


def _engine_templates():
    """(file, template) of every engine.sentence("...") call in engine/; a template that is not
    one string literal comes as None, for lupdate could not collect it."""
    for path in sorted((translations.ROOT / "engine").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "sentence":
                first = node.args[0] if node.args else None
                literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
                yield path.name, first.value if literal else None


def test_every_sentence_of_the_engine_is_collected_for_translation():
    templates = list(_engine_templates())
    assert len(templates) > 100  # the engine's errors, problems and notices
    assert [name for name, template in templates if template is None] == []
    collected = {source for context, source, _ in _messages(TS) if context == ""}
    assert sorted({template for _, template in templates} - collected) == []


def test_the_compiled_file_is_the_ts_file(tmp_path):
    translations.release(TS, tmp_path / QM.name)
    assert (tmp_path / QM.name).read_bytes() == QM.read_bytes(), \
        "run: python -m scripts.update_translations"


def test_translations_keep_placeholders_tags_mnemonics_and_lines():
    wrong = []
    for context, source, translation in _messages(TS):
        text = translation.text or ""
        checks = {
            "placeholders": sorted(PLACEHOLDER.findall(source)) == sorted(
                PLACEHOLDER.findall(text)),
            "tags": sorted(TAG.findall(source)) == sorted(TAG.findall(text)),
            "mnemonic": [m.lower() for m in MNEMONIC.findall(source.replace("&&", ""))] == [
                m.lower() for m in MNEMONIC.findall(text.replace("&&", ""))],
            "lines": source.count("\n") <= text.count("\n") or "<" in source,
            "japanese": bool(JAPANESE.search(text)) or not ENGLISH_PHRASE.search(source),
        }
        wrong += [(context, source, name) for name, ok in checks.items() if not ok]
    assert wrong == []


def test_the_presets_descriptions_are_marked_as_the_engine_writes_them():
    import engine  # noqa: PLC0415 - only here
    from gui.preset_texts import DESCRIPTIONS  # noqa: PLC0415 - only here

    engine_text = sorted(engine.get_preset(name).description for name in engine.preset_names())
    assert sorted(DESCRIPTIONS) == engine_text


# --- the window in Japanese -----------------------------------------------------------------

def _visit_every_view(qtbot, window):
    """Each page, each lesson and each tab shown once, as a user would click through them."""
    for page in range(window.pages.count()):
        window.pages.setCurrentIndex(page)
        qtbot.waitUntil(lambda: window.pages.currentWidget().isVisible(), timeout=HUNG)
        yield window.pages.currentWidget()
        for tabs in window.pages.currentWidget().findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                yield tabs.currentWidget()
        if window.pages.currentWidget() is window.learn_page:
            lessons = window.learn_page.lesson_list
            for row in range(lessons.count()):
                lessons.setCurrentRow(row)  # built now, laid out by posted events
                QApplication.sendPostedEvents()
                QApplication.processEvents()
                yield window.learn_page


def _texts(widget):
    """(where, text) of everything a user reads in `widget` and its children."""
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisible() or isinstance(child, QPlainTextEdit):
            continue  # code and reports keep their own text
        name = type(child).__name__
        for text in (child.toolTip(), child.accessibleName()):
            yield name, text
        if isinstance(child, QLabel):
            yield name, child.text()
        elif isinstance(child, QAbstractButton):
            yield name, child.text()
        elif isinstance(child, QGroupBox):
            yield name, child.title()
        elif isinstance(child, QTextBrowser):
            yield name, child.toPlainText()
        elif isinstance(child, QLineEdit):
            yield name, child.placeholderText()
        elif isinstance(child, QComboBox):
            yield from ((name, child.itemText(i)) for i in range(child.count()))
        elif isinstance(child, QTabWidget):
            yield from ((name, child.tabText(i)) for i in range(child.count()))


def _menu_texts(menu):
    for action in menu.actions():
        yield "QAction", action.text()
        yield "QAction", action.toolTip()
        if action.menu() is not None:
            yield from _menu_texts(action.menu())


def _untranslated(texts):
    plain = ((where, TAG.sub(" ", text)) for where, text in texts)
    return sorted({(where, text) for where, text in plain
                   if ENGLISH_PHRASE.search(text) and not JAPANESE.search(text)})


def test_the_japanese_window_shows_no_english_sentence(qtbot, japanese, make_window):
    window = make_window()
    window.resize(1024, 768)
    found = []
    for view in _visit_every_view(qtbot, window):
        found += _untranslated(_texts(view))
    found += _untranslated(_texts(window.statusBar()))
    window.pages.setCurrentIndex(0)
    form = window.train_panel.form
    form.preset.setCurrentIndex(form.preset.findData("simple-cnn"))  # the CNN form's texts
    found += _untranslated(_texts(window.train_panel))
    for action in window.menuBar().actions():
        found += _untranslated([("QMenu", action.text()), *_menu_texts(action.menu())])
    assert "\n".join(map(repr, sorted(set(found)))) == ""


def _has_japanese_font():
    return QFontDatabase.WritingSystem.Japanese in QFontDatabase.writingSystems()


def _clipped(widget):
    """The text's width against the room it has, where Qt would cut it off rather than wrap."""
    metrics = widget.fontMetrics()
    if isinstance(widget, QLabel):
        if widget.wordWrap() or widget.textFormat() == Qt.RichText or "<" in widget.text():
            return None
        room = widget.contentsRect().width() - 2 * widget.margin()
        text = widget.text()
    elif isinstance(widget, QAbstractButton) and widget.text():
        room = widget.width()
        text = widget.text()
        needed = widget.sizeHint().width()
        return (text, needed, room) if needed > room + 1 else None
    else:
        return None
    needed = max(metrics.horizontalAdvance(line) for line in text.replace("&", "").split("\n"))
    return (text, needed, room) if text and needed > room + 1 else None


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_no_japanese_text_is_clipped(qtbot, japanese, make_window, size):
    if not _has_japanese_font():  # asked of a running QApplication: not at collection
        pytest.skip("no Japanese font here (Debian/Ubuntu: apt-get install fonts-noto-cjk)")
    window = make_window()
    room = QSize(size[0], size[1] - TITLE_BAR)
    window.resize(room)
    window.layout().activate()  # the window's minimum, for this width, now
    # what the layouts need at this width (the menu bar wraps in a narrower window)
    needed = window.minimumSizeHint()
    assert needed.width() <= room.width() and needed.height() <= room.height(), needed
    window.resize(room)  # again: the first was held to the narrower window's minimum
    qtbot.waitUntil(lambda: window.size() == room, timeout=HUNG)
    clipped = []
    for view in _visit_every_view(qtbot, window):
        for widget in [view, *view.findChildren(QWidget)]:
            if widget.isVisible():
                found = _clipped(widget)
                if found:
                    clipped.append((type(widget).__name__, widget.objectName(), *found))
    assert sorted(set(clipped)) == []


def test_the_language_menu_remembers_the_choice(qtbot, make_window):
    window = make_window()
    [japanese] = [a for a in window.language_actions.actions() if a.data() == "ja"]
    japanese.trigger()
    assert window.settings.value(i18n.SETTING) == "ja"
    assert "日本語" in window.statusBar().currentMessage()
    assert i18n.chosen_language(window.settings) == "ja"
    again = make_window(settings_file="settings.ini")
    assert [a.data() for a in again.language_actions.actions() if a.isChecked()] == ["ja"]


@pytest.mark.parametrize(("remembered", "system", "expected"), [
    ("", "ja_JP", "ja"), ("", "en_GB", "en"), ("", "fr_FR", "en"), ("en", "ja_JP", "en"),
    ("ja", "de_DE", "ja"), ("klingon", "ja_JP", "ja"),
])
def test_the_language_follows_the_system_unless_chosen(tmp_path, remembered, system, expected):
    from PySide6.QtCore import QLocale  # noqa: PLC0415 - only here

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    if remembered:
        settings.setValue(i18n.SETTING, remembered)
    assert i18n.chosen_language(settings, QLocale(system)) == expected


def test_english_needs_no_translator(qapp):
    assert i18n.install_translators(qapp, "en") == []
    assert QCoreApplication.translate("", "Save model as") == "Save model as"


def test_a_failed_save_is_explained_in_japanese(japanese, make_window, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    window = make_window()
    window.dialogs.save_path = str(blocker / "model.npz")
    window.save_as_action.trigger()
    [(title, text)] = window.dialogs.errors
    assert JAPANESE.search(title), title
    assert "a-file" in text and "パスの一部がフォルダーではなくファイルです" in text, text
    assert text.endswith("。") and "; " not in text, text


def test_qts_own_buttons_speak_japanese_too(japanese, qtbot):
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - only here

    box = QMessageBox(QMessageBox.Question, "", "", QMessageBox.Save | QMessageBox.Cancel)
    qtbot.addWidget(box)
    assert sorted(button.text() for button in box.buttons()) == sorted(["保存", "キャンセル"])
