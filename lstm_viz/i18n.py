"""The interface in English and Russian: every visible text comes from one catalogue per language.

``lstm_viz/locales/en.py`` and ``ru.py`` each hold ``TEXTS``: key → text, with ``{name}`` or ``{name:.3f}`` fields
for the numbers (numbers and formulas are shared, only words differ). ``Texts(lang)`` is called with a key and
the values: ``tr("explorer.step", t=3, last=9)``. A key missing from a catalogue raises KeyError (a test renders
every page in both languages and compares the catalogues' keys).
"""

from __future__ import annotations

from lstm_viz.locales import en, ru

LANGUAGES = {"en": "English", "ru": "Русский"}
DEFAULT = "en"
CATALOGUES = {"en": en.TEXTS, "ru": ru.TEXTS}


def language(value: object) -> str:
    """A language code from anything (a URL parameter, a widget): unknown → English."""
    text = str(value or "").strip().lower()[:5]
    return text if text in LANGUAGES else DEFAULT


class Texts:
    """The texts of one language: ``tr(key, **values)``."""

    def __init__(self, lang: str = DEFAULT) -> None:
        self.lang = language(lang)
        self._table = CATALOGUES[self.lang]

    def __call__(self, key: str, /, **values) -> str:
        template = self._table[key]
        return template.format(**values) if values else template

    def has(self, key: str) -> bool:
        return key in self._table


ENGLISH = Texts("en")


class TextError(ValueError):
    """A message for the user: a catalogue key and its values. ``str()`` is the English text; ``text(tr)`` is the
    text in the page's language (values that are TextErrors themselves are translated too)."""

    def __init__(self, key: str, /, **values) -> None:
        self.key, self.values = key, values
        super().__init__(self.text(ENGLISH))

    def text(self, tr: Texts) -> str:
        return tr(self.key, **{name: message(value, tr) for name, value in self.values.items()})


def message(value, tr: Texts):
    """A TextError in the page's language; an exception from elsewhere as a short generic text; else the value."""
    if isinstance(value, TextError):
        return value.text(tr)
    if isinstance(value, Exception):
        return tr("error.not_readable")
    return value
