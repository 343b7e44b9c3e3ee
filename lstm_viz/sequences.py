"""Input sequences for the cell explorer: the presets and the parser of a user's own numbers.

The quadratic sequence is course document 002's x·(x/2)+x sampled every 0.1 and rounded to 2 decimals;
the alphabet is document 003's A–Z mapped to 0–25 and scaled by /26.

Typed numbers are read in the page's language; a link's in one format, whatever the language:

- **a link** (and English, ``language="en"``, the default): a point for decimals; commas, semicolons or spaces
  between numbers: ``0, 0.5, -1`` (``format_sequence`` writes this);
- **Russian** (``language="ru"``): a decimal comma, with semicolons or spaces between numbers: ``0,5; 1`` or
  ``0,5 1`` is [0.5, 1]. A decimal point is read too, and a comma followed by a space separates, so the link's own
  format (``0, 0.5, 1``) means the same in both. A number with two commas (``0,5,1``: 0.5 and 1, or 0, 5 and 1?)
  is ambiguous and gets a message, never a guess.

Several features per step (``parse_inputs``): the steps are separated by "|" in both formats, each with the same
count of numbers: ``1, 0, 0.7, 1 | 0, 1, -0.4, 1`` (Russian ``1; 0; 0,7; 1 | 0; 1; -0,4; 1``) is two steps of four
features. Without a "|" the numbers are one feature's, a step each, as before; so one step of several features ends
with a "|" (``1, 2, 3 |``). A step with no number is refused, by its number.
"""

from __future__ import annotations

import math
import re

import numpy as np

from lstm_viz.i18n import TextError

MIN_STEPS, MAX_STEPS = 1, 100
MAX_FEATURES = 8  # numbers per step of a typed input
STEP_SEPARATOR = "|"
MAX_ABS_VALUE = 1000.0  # keeps x·W finite for every slider value, so no inf − inf = NaN downstream
LINK = "en"  # a link's numbers are always written and read in this format, whatever the page's language
LINK_SEPARATORS = re.compile(r"[,;\s]+")
RU_SEPARATORS = re.compile(r"(?:[;\s]|,(?=\s|$)|(?<=\s),|^,)+")  # ";", spaces, and a comma beside a space

SEQUENCE_PRESETS = (
    "sine",
    "step",
    "pulse",
    "ramp",
    "quadratic",
    "alphabet",
    "noise",
    "custom",
)  # catalogue: sequence_preset.<name>


class SequenceError(TextError):
    """A user's sequence that cannot be used; the message is meant for the user."""


def preset_sequence(name: str, steps: int) -> np.ndarray:
    """Values (steps,) of the named preset."""
    steps = int(np.clip(steps, MIN_STEPS, MAX_STEPS))
    t = np.arange(steps, dtype=np.float64)
    if name == "sine":
        return np.round(np.sin(2 * np.pi * t / 20), 4)
    if name == "step":
        return (t >= steps // 2).astype(np.float64)
    if name == "pulse":
        return (t == min(2, steps - 1)).astype(np.float64)
    if name == "ramp":
        return np.round(np.linspace(0.0, 1.0, steps), 4)
    if name == "quadratic":
        return quadratic_sequence(0.0, steps)
    if name == "alphabet":
        return (t % 26) / 26
    if name == "noise":
        return np.round(np.random.default_rng(7).normal(0.0, 1.0, steps), 3)
    raise KeyError(f"unknown sequence preset {name!r}")


def quadratic_sequence(start: float, steps: int, spacing: float = 0.1) -> np.ndarray:
    """Document 002's x·(x/2)+x, rounded to 2 decimals, with x accumulated by repeated ``+= spacing``.

    Accumulating (rather than start + k·spacing) reproduces the document's floats exactly: its x = 0.3
    is 0.30000000000000004, so its third value is 0.35 where 0.3·(0.3/2)+0.3 = 0.345 would round to 0.34.
    """
    values, x = [], float(start)
    for _ in range(steps):
        values.append(round(x * (x / 2) + x, 2))
        x += spacing
    return np.array(values)


def split_numbers(text: str, language: str = LINK) -> list[str]:
    """The items of a typed list of numbers, each as Python's float() reads it (see the module's text for the two
    formats); SequenceError for an item that is ambiguous in the language's format."""
    text = (text or "").replace("\u2212", "-").strip()  # a typographic minus, as Russian text often has
    if language != "ru":
        return [item for item in LINK_SEPARATORS.split(text) if item]
    items = []
    for position, item in enumerate((item for item in RU_SEPARATORS.split(text) if item), start=1):
        if item.count(",") == 1 and "." not in item:
            item = _decimal_comma(item)
        elif "," in item and any(ch.isdigit() for ch in item):
            shown = item if len(item) <= 20 else item[:20] + "…"
            raise SequenceError("sequence.ambiguous_comma", position=position, item=shown)
        items.append(item)
    return items


def _decimal_comma(item: str) -> str:
    """0,5 → 0.5 (an item that is no number either way is kept as typed, for the message)."""
    try:
        float(item.replace(",", "."))
    except ValueError:
        return item
    return item.replace(",", ".")


def parse_sequence(text: str, language: str = LINK) -> np.ndarray:
    """Numbers → array, in a link's format or the ``language``'s (see the module's text); SequenceError with a
    plain message in the page's language otherwise."""
    items = split_numbers(text, language)
    if not items:
        raise SequenceError("sequence.empty")
    if len(items) > MAX_STEPS:
        raise SequenceError("sequence.too_long", count=len(items), most=MAX_STEPS)
    return _numbers(items)


def parse_inputs(text: str, language: str = LINK) -> np.ndarray:
    """(T, d): one feature's numbers (T, 1), or steps separated by "|" with d numbers each (see the module's text);
    SequenceError with a plain message naming the step otherwise."""
    text = text or ""
    if STEP_SEPARATOR not in text:
        return parse_sequence(text, language)[:, None]
    rows = text.split(STEP_SEPARATOR)
    while rows and not rows[-1].strip():  # a "|" at the end closes the last step (one step: "1, 2, 3 |")
        rows.pop()
    if not rows:
        raise SequenceError("sequence.empty")
    if len(rows) > MAX_STEPS:
        raise SequenceError("sequence.too_many_steps", count=len(rows), most=MAX_STEPS)
    steps = []
    for step, row in enumerate(rows, start=1):
        try:
            items = split_numbers(row, language)
            if not items:
                raise SequenceError("sequence.step_empty")
            if len(items) > MAX_FEATURES:
                raise SequenceError("sequence.too_many_features", count=len(items), most=MAX_FEATURES)
            if steps and len(items) != len(steps[0]):
                raise SequenceError("sequence.ragged", count=len(items), expected=len(steps[0]))
            steps.append(_numbers(items))
        except SequenceError as error:
            raise SequenceError("sequence.in_step", step=step, error=error) from None
    return np.array(steps)


def _numbers(items: list[str]) -> np.ndarray:
    """Typed items → finite floats within ±MAX_ABS_VALUE, or a SequenceError naming the item."""
    values = []
    for position, item in enumerate(items, start=1):
        try:
            value = float(item)
        except ValueError:
            shown = item if len(item) <= 20 else item[:20] + "…"
            raise SequenceError("sequence.not_a_number", position=position, item=shown) from None
        if not math.isfinite(value):
            raise SequenceError("sequence.not_finite", position=position, item=item[:20])
        if abs(value) > MAX_ABS_VALUE:
            raise SequenceError("sequence.too_large", position=position, item=item[:20], limit=MAX_ABS_VALUE)
        values.append(value)
    return np.array(values)


def format_sequence(values: np.ndarray) -> str:
    """The inverse of ``parse_sequence`` for display and URLs."""
    return ", ".join(_shortest(float(v)) for v in np.asarray(values, dtype=np.float64).ravel())


def format_inputs(x: np.ndarray) -> str:
    """The inverse of ``parse_inputs``: (T, 1) as one feature's numbers, (T, d) as steps separated by " | "."""
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    if x.shape[1] == 1:
        return format_sequence(x[:, 0])
    return " | ".join(format_sequence(row) for row in x) + (" |" if len(x) == 1 else "")  # (one step: still steps)


def _shortest(value: float) -> str:
    """The shortest text that reads back as exactly this number (0.001953125 stays whole; 1.0 is "1")."""
    text = repr(value + 0.0)  # + 0.0: -0.0 becomes 0.0
    return text[:-2] if text.endswith(".0") else text
