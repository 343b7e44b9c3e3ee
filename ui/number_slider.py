"""A slider of decimal numbers that writes them in the page's language (0,90 in Russian, not Streamlit's 0.90).

Streamlit's slider formats its value with a decimal point whatever the language (its ``format`` is printf's): a select
slider over the same grid writes each value with ``tr.number``, as the forecasting, neurons and faces-lab pages do.
The key, the range and the step stay the slider's, so links, lecture scenes and tests set the same values; a value
off the grid (from a link, a preset or a trained layer) is one more option, so it is shown and kept as it is.
"""

from __future__ import annotations

import functools
from decimal import Decimal

import streamlit as st

from lstm_viz.i18n import Texts


def decimals(step: float) -> int:
    """Digits after the point of the step (0.05 → 2, 0.25 → 2, 0.1 → 1, 1 → 0)."""
    return max(0, -Decimal(str(step)).normalize().as_tuple().exponent)


def grid(low: float, high: float, step: float, extra: tuple = ()) -> list[float]:
    """low, low + step, …, high (each rounded to the step's digits, so 0.1 · 3 is 0.3), and ``extra`` values in
    [low, high] that are not on it."""
    digits = decimals(step)
    values = [round(low + k * step, digits) for k in range(round((high - low) / step) + 1)]
    return sorted({*values, *(v for v in extra if is_number(v) and low <= v <= high)})


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def labeller(tr, options: list[float], step: float):
    """Each option's label in the page's language: the step's digits on the grid; an off-grid value with the digits
    that tell it apart (a select slider finds a value by its label, so no two labels may be the same)."""
    digits = decimals(step)
    on_grid = {v: tr.number(v, f".{digits}f") for v in options if round(v, digits) == v}
    taken = set(on_grid.values())

    def label(value) -> str:
        if value in on_grid:
            return on_grid[value]
        for spec in (".4g", ".8g", ".15g"):
            text = tr.number(value, spec)
            if text not in taken:
                return text
        return text

    return label


def slider(label: str, low: float, high: float, step: float, key: str, tr, place=st, value=None, **options):
    """A select slider from ``low`` to ``high`` by ``step`` whose value lives in st.session_state[key] (or starts at
    ``value``); returns the value chosen."""
    held = st.session_state.get(key, value if value is not None else low)
    if not (is_number(held) and low <= held <= high):  # NaN or out of range (a hostile client): the range's start
        held = low
        if key in st.session_state:
            st.session_state[key] = held
    choices, names = _options(low, high, step, held, tr)
    if key in st.session_state:
        return place.select_slider(label, choices, key=key, format_func=names.__getitem__, **options)
    return place.select_slider(label, choices, value=held, key=key, format_func=names.__getitem__, **options)


def _options(low: float, high: float, step: float, held: float, tr) -> tuple[list[float], dict[float, str]]:
    """The grid and its labels, made once per range, step, language and value off the grid (the explorer draws six to
    twenty of these sliders of up to 201 values on every rerun: labelling them each time cost ~0.6 ms apiece)."""
    on_grid = round(low + round((held - low) / step) * step, decimals(step)) == held
    return _made(low, high, step, None if on_grid else held, tr.lang)


@functools.lru_cache(maxsize=1024)  # values off the grid (links, trained layers) come and go
def _made(low: float, high: float, step: float, off_grid: float | None, lang: str):
    choices = grid(low, high, step, () if off_grid is None else (off_grid,))
    name = labeller(Texts(lang), choices, step)
    return choices, {value: name(value) for value in choices}
