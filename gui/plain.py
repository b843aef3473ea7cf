"""Text from files and settings shown as plain text, never as Qt rich text.

Qt guesses whether a tooltip is rich text (Qt::mightBeRichText), so a class name such as
``<img src="/dev/zero">`` from a model file would make it read a local file. Labels and message
boxes are told ``setTextFormat(Qt.PlainText)``; a tooltip has no such switch, so its text is
escaped and wrapped here.
"""
import html

MAX_QUOTED_CHARS = 40  # of a string quoted in a sentence


def plain_tooltip(text):
    """`text` as a tooltip that Qt shows literally, line breaks kept."""
    escaped = html.escape(str(text), quote=False).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{escaped}</p>"


def shortened(text, limit=30):
    """`text` cut to `limit` characters with an ellipsis: a label shows a name without spaces
    on one line, and a long one would widen the window."""
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def menu_text(text):
    """`text` as a menu entry's text: '&' would otherwise underline the next letter."""
    return str(text).replace("&", "&&")


def quoted(value):
    """A value read from a file or the settings, as a sentence quotes it: short, whatever it
    is (a number of 5,000 digits, a string of a megabyte, a list nested 5,000 levels deep)."""
    if value is None or isinstance(value, bool):
        return {None: "empty", True: "true", False: "false"}[value]
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return _quoted_int(value)
    if isinstance(value, str):  # repr: a line break or a tab shows as \n, \t
        return repr(value if len(value) <= MAX_QUOTED_CHARS else value[:MAX_QUOTED_CHARS] + "…")
    if isinstance(value, list | tuple) and len(value) <= 8 and all(map(_is_number, value)):
        return "[" + ", ".join(quoted(item) for item in value) + "]"
    return {list: "a list", tuple: "a list", dict: "an object"}.get(type(value),
                                                                     type(value).__name__)


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _quoted_int(value):
    if abs(value) < 10**15:
        return str(value)
    try:
        return f"{float(value):g}"
    except OverflowError:  # str() of it would raise too, past 4,300 digits
        return "a huge number"
