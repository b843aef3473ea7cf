"""The window's language: Qt's translators for DigitLab's strings and Qt's own dialogs.

Strings are marked with ``self.tr("...")`` in QObject classes, ``tr("...")`` (below) elsewhere,
or ``QCoreApplication.translate("Context", "...")``; ``python -m scripts.update_translations``
collects them with pyside6-lupdate into ``translations/digitlab_ja.ts`` and compiles that with
pyside6-lrelease into ``assets/translations/digitlab_ja.qm``, which the binary carries.

The language is read once, before the first window is made: Qt's widgets take their text when
they are built, so a new choice takes effect at the next start.
"""
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

import engine

LANGUAGES = ("en", "ja")  # English is the source text: it needs no translator
SETTING = "language"  # "" (or missing): the system's language


def tr(text):
    """A translated string outside a QObject: pyside6-lupdate files a bare ``tr("...")``
    under the empty context, so it is looked up there."""
    return QCoreApplication.translate("", text)


# the Trainer's reasons for ending (engine/training/trainer.py) that the window names
STOP_REASONS = {"completed": QT_TRANSLATE_NOOP("", "completed"),
                "stopped by request": QT_TRANSLATE_NOOP("", "stopped by request")}


def stop_reason_text(reason):
    """A run's stop reason in the window's language (another, a guard's sentence, too)."""
    return tr(STOP_REASONS[reason]) if reason in STOP_REASONS else engine_text(reason)


def engine_text(item):
    """What the engine says (a str, or an exception whose message is one) in the window's
    language: a sentence the engine made with `engine.sentence` is looked up by its template,
    and its values that are sentences too are translated the same way. Any other text is shown
    as it is."""
    said = engine.sentence_of(item)
    if said is None:
        return str(item)
    values = {name: engine_text(value) if isinstance(value, engine.Sentence) else value
              for name, value in said.values.items()}
    try:
        return tr(said.template).format(**values)
    except (KeyError, IndexError, ValueError):  # a translation that names another placeholder
        return str(said)


def chosen_language(settings, system_locale=None):
    """"en" or "ja": the remembered choice, else the system's language when we have it."""
    choice = str(settings.value(SETTING, "") or "")
    if choice in LANGUAGES:
        return choice
    system = (system_locale or QLocale.system()).name().split("_")[0]
    return system if system in LANGUAGES else "en"


def translations_dir():
    return engine.assets_dir() / "translations"


def loaded_translators(language, parent=None):
    """DigitLab's and Qt's own translators for `language` (Qt's: the standard dialogs'
    buttons, OK, Cancel, Save...), those whose files were found; none for English."""
    if language == "en":
        return []
    found = []
    for name, folder in ((f"digitlab_{language}", str(translations_dir())),
                         (f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath))):
        translator = QTranslator(parent)
        if translator.load(name, folder):
            found.append(translator)
    return found


def install_translators(app, language):
    """Install the translators for `language` in `app`; returns them (Qt keeps no reference
    of its own to a translator: they live as long as `app`, their parent)."""
    installed = loaded_translators(language, app)
    for translator in installed:
        app.installTranslator(translator)
    return installed
