"""Sentences the engine says to a user, kept translatable though the engine has no Qt.

A sentence meant for a user (why a file cannot be read, why a run stopped, why there is no GPU)
is made with `sentence(template, **values)`. What comes back is an ordinary str, the English
sentence, which the command line prints and every caller can treat as text; it also keeps its
template and values. The window looks the template up in its translations and fills in the
values (`gui.i18n.engine_text`), translating those that are sentences themselves. So:

    raise ModelFormatError(sentence("{path} is not a DigitLab model.", path=path))

and never an f-string for a user's sentence. `scripts/update_translations.py` has
pyside6-lupdate read `sentence("...")` as it reads Qt's QT_TR_NOOP, so every template lands in
translations/digitlab_ja.ts, where a test fails while one is untranslated. The template must be
a string literal (adjacent literals are joined) for lupdate to find it.
"""


class Sentence(str):
    """An English sentence (the str itself) with the template and values it was made from."""

    template: str
    values: dict

    def __new__(cls, template, values):
        made = super().__new__(cls, template.format(**values))
        made.template = template
        made.values = values
        return made

    def __reduce__(self):  # copy.copy and deepcopy keep the template (str's own would not)
        return (Sentence, (self.template, self.values))


def sentence(template, **values):
    """The English sentence `template.format(**values)`, keeping template and values for a
    translation (see the module's docstring)."""
    return Sentence(template, values)


def sentence_of(item):
    """The Sentence an exception or a string carries, or None: an exception's first argument
    (its message; a second may be a detail), or the string itself."""
    if isinstance(item, BaseException):
        item = item.args[0] if item.args else None
    return item if isinstance(item, Sentence) else None


def message_of(exc):
    """What an exception says, to pass on inside another sentence: the Sentence it carries
    (so a translation reaches it too), else its text."""
    return sentence_of(exc) or str(exc)
