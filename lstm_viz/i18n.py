"""The interface in English and Russian: every visible text comes from one catalogue per language.

``lstm_viz/locales/en`` and ``ru`` each hold ``TEXTS``: key → text, with ``{name}`` or ``{name:.3f}`` fields
for the numbers. ``Texts(lang)`` is called with a key and the values: ``tr("explorer.step", t=3, last=9)``. A key
missing from a catalogue raises KeyError (a test renders every page in both languages and compares the keys).

Numbers follow the language everywhere, through one formatter per language: 0.59 and 222,599 in English, 0,59 and
222 599 in Russian (a Russian reader takes a comma for a decimal point); an exponent is 1.0e-07 in English and
1,0·10⁻⁷ in Russian. Catalogue fields give only the precision
(``{loss:.3f}``, ``{share:.1%}``); grouping of whole numbers ≥ 10,000 is automatic. ``tr.plural(n, "letter")``
picks the word's form for n (1 буква, 2 буквы, 5 букв). A catalogue entry can also write the count with its noun
itself: ``{units:plural:нейрон|нейрона|нейронов}`` is "1 нейрон", "2 нейрона", "5 нейронов", "21 нейрон" (the forms
for 1, for 2–4 and for 5–20; English gives two), so the caller passes only the number.
"""

from __future__ import annotations

import re
import string

from lstm_viz.locales import en, ru

LANGUAGES = {"en": "English", "ru": "Русский"}
DEFAULT = "en"
CATALOGUES = {"en": en.TEXTS, "ru": ru.TEXTS}
NBSP = "\u00a0"
NUMBER_FORMATS = {
    "en": {"decimal": ".", "group": ",", "list": ", "},
    "ru": {"decimal": ",", "group": NBSP, "list": "; "},  # a list of 0,5 and 0,7 is "0,5; 0,7"
}
# Where grouping starts: Russian leaves four digits together (1288 изображений, but 222 599 параметров); English
# groups every number from 1,000 on (1,288 images, 16,896 parameters), so that no two numbers on a page differ.
GROUP_FROM = {"en": 1_000, "ru": 10_000}
SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
PLURAL_SPEC = "plural:"  # a catalogue field "{n:plural:форма|формы|форм}": the number and its noun's form


def language(value: object) -> str:
    """A language code from anything (a URL parameter, a widget): unknown → English."""
    text = str(value or "").strip().lower()[:5]
    return text if text in LANGUAGES else DEFAULT


class _NumberFormatter(string.Formatter):
    """str.format, with numbers written in the language's way."""

    def __init__(self, lang: str) -> None:
        self.number = NUMBER_FORMATS[lang]
        self.lang = lang

    def format_field(self, value, format_spec: str) -> str:
        if format_spec.startswith(PLURAL_SPEC):
            return counted(value, format_spec[len(PLURAL_SPEC) :].split("|"), self.lang)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return super().format_field(value, format_spec)
        return format_number(value, format_spec, self.lang)


def format_number(value: float, spec: str = "", lang: str = DEFAULT) -> str:
    """One number in the language's way: ``spec`` as in str.format (".2f", ".1%", ".2e", "" …)."""
    number = NUMBER_FORMATS[lang]
    spec = spec.replace(",", "")
    percent = spec.endswith("%")
    if isinstance(value, int) and not spec:
        text = f"{value:,}" if abs(value) >= GROUP_FROM[lang] else str(value)
    elif spec in ("", "g") and isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return format_number(int(value), "", lang)
    else:
        text = format(value, spec)
        if not spec.endswith(("e", "g", "%")) and "e" not in text and abs(value) >= GROUP_FROM[lang]:
            text = format(value, "," + spec)
    text = text.replace(",", "\0").replace(".", number["decimal"]).replace("\0", number["group"])
    if percent and lang == "ru":
        text = text[:-1] + NBSP + "%"
    if text.startswith("-") and text.strip("-0" + number["decimal"] + "%" + NBSP) == "":
        text = text[1:]  # no "-0.00"
    if lang == "ru" and "e" in text:  # 1,0e-07 → 1,0·10⁻⁷: a Russian reader knows the power of ten, not the e
        mantissa, _, power = text.partition("e")
        text = mantissa + "·10" + str(int(power)).translate(SUPERSCRIPTS)
    if lang == "ru" and text.startswith("-"):  # a minus sign, not a hyphen: −0,9995
        text = MINUS + text[1:]
    return text


MINUS = "\u2212"


class Texts:
    """The texts of one language: ``tr(key, **values)``."""

    def __init__(self, lang: str = DEFAULT) -> None:
        self.lang = language(lang)
        self._table = CATALOGUES[self.lang]
        self._formatter = _NumberFormatter(self.lang)

    def __call__(self, key: str, /, **values) -> str:
        template = self._table[key]
        return self._formatter.format(template, **values) if values else template

    def has(self, key: str) -> bool:
        return key in self._table

    def number(self, value: float, spec: str = ".2f") -> str:
        """A number for the page: ``tr.number(0.5)`` is 0.50 or 0,50."""
        return format_number(value, spec, self.lang)

    def numbers(self, values, spec: str = ".2f") -> str:
        """A list of numbers: "0.50, 0.70" or "0,50; 0,70"."""
        return NUMBER_FORMATS[self.lang]["list"].join(format_number(float(v), spec, self.lang) for v in values)

    def numbers_named(self, pairs, spec: str = ".4g") -> str:
        """Named numbers: "loss 3.132, accuracy 0.0435" or "потери 3,132; точность 0,0435"."""
        parts = (f"{name} {format_number(float(value), spec, self.lang)}" for name, value in pairs)
        return NUMBER_FORMATS[self.lang]["list"].join(parts)

    def number_format(self) -> dict[str, str]:
        """The decimal mark, the thousands separator and the list separator (for the browser's renderer)."""
        return dict(NUMBER_FORMATS[self.lang])

    @property
    def separators(self) -> str:
        """plotly's ``layout.separators``: the decimal mark, then the thousands separator."""
        number = NUMBER_FORMATS[self.lang]
        return number["decimal"] + number["group"]

    def tex(self, formula: str) -> str:
        """A LaTeX formula with this language's decimal mark: 0{,}5 in Russian (the braces keep TeX's spacing)."""
        if NUMBER_FORMATS[self.lang]["decimal"] == ".":
            return formula
        return re.sub(r"(?<=\d)\.(?=\d)", "{" + NUMBER_FORMATS[self.lang]["decimal"] + "}", formula)

    def plural(self, count: int, word: str) -> str:
        """The form of ``word`` (catalogue "plural.<word>": forms separated by "|") that goes with ``count``."""
        forms = self._table[f"plural.{word}"].split("|")
        return forms[_plural_index(self.lang, abs(int(count)), len(forms))]


def counted(value: object, forms: list[str], lang: str = DEFAULT) -> str:
    """A count and the form of its noun: ``counted(22, ["нейрон", "нейрона", "нейронов"], "ru")`` is "22 нейрона".

    ``value`` may be a number or a number already written as text ("1 288"); a fraction takes the form for 2
    (Russian: 1,5 нейрона; English: 1.5 units)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number, text = float(value), format_number(value, "", lang)
    else:
        text = str(value)
        try:  # "2/4" (two sizes): the last number decides
            marks = NUMBER_FORMATS[lang]
            last = text.rsplit("/", 1)[-1]
            number = float(last.replace(marks["group"], "").replace(" ", "").replace(marks["decimal"], "."))
        except ValueError:
            number = 5.0
    index = _plural_index(lang, abs(int(number)), len(forms)) if number.is_integer() else min(1, len(forms) - 1)
    return f"{text} {forms[index]}"


def _plural_index(lang: str, n: int, forms: int) -> int:
    if lang == "ru" and forms == 3:  # 1 буква, 2–4 буквы, 5–20 букв, 21 буква …
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else min(1, forms - 1)


ENGLISH = Texts("en")


class TextError(ValueError):
    """A message for the user: a catalogue key and its values. ``str()`` is the English text; ``text(tr)`` is the
    text in the page's language (values that are TextErrors themselves are translated too)."""

    def __init__(self, key: str, /, **values) -> None:
        self.key, self.values = key, values
        super().__init__(self.text(ENGLISH))

    def text(self, tr: Texts) -> str:
        return tr(self.key, **{name: message(value, tr) for name, value in self.values.items()})


class Plural:
    """The form of a word that goes with a count, chosen when the message is translated (1 letter, 3 letters)."""

    def __init__(self, count: int, word: str) -> None:
        self.count, self.word = count, word


def message(value, tr: Texts):
    """A TextError in the page's language; an exception from elsewhere as a short generic text; else the value."""
    if isinstance(value, TextError):
        return value.text(tr).rstrip(".")  # a sentence put inside another: that one ends it (no "±1000..")
    if isinstance(value, Plural):
        return tr.plural(value.count, value.word)
    if isinstance(value, Exception):
        return tr("error.not_readable")
    return value
