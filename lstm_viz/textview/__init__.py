"""The text view (Karpathy 2015, LSTMVis): a passage coloured character by character by one unit's value.

``payload(values, text, unit, tr)`` reads the unit's h, c and gates from the passage's trace (its values: see
``lstm_viz.neurons.reading.values_of``) into plain JSON; the
renderer (``textview.js``, ``textview.css`` in this folder) draws it in the browser, where switching the coloured
quantity and hovering for values need no Python.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from lstm_viz.i18n import Texts

FOLDER = Path(__file__).resolve().parent
GATES = ("i", "f", "o")  # in [0, 1]: coloured around 0.5


@functools.cache
def renderer() -> str:
    return (FOLDER / "textview.js").read_text(encoding="utf-8")


@functools.cache
def stylesheet() -> str:
    return (FOLDER / "textview.css").read_text(encoding="utf-8")


def scale(quantity: str, values: np.ndarray) -> dict[str, float]:
    """The colour scale: gates from 0 to 1 around 0.5; h, c̃ and c symmetric around 0 out to the largest |value|."""
    if quantity in GATES:
        return {"low": 0.0, "mid": 0.5, "high": 1.0}
    top = float(np.abs(values).max()) if len(values) else 1.0
    top = top if top > 1e-9 else 1.0
    return {"low": -top, "mid": 0.0, "high": top}


def payload(
    values: Mapping[str, np.ndarray], text: str, unit: int, tr: Texts, quantity: str = "c", lecture: bool = False
) -> dict:
    """What the renderer draws: the passage, the unit's values of every quantity (each (T, units)), their scales."""
    quantities = list(values)
    for q, array in values.items():
        if len(array) != len(text):
            raise ValueError(f"{q} has {len(array)} steps for {len(text)} characters")
    return {
        "chars": text,
        "unit": int(unit),
        "quantity": quantity if quantity in quantities else quantities[0],
        "quantities": quantities,
        "values": {q: np.round(np.asarray(values[q][:, unit], float), 4).tolist() for q in quantities},
        "scales": {q: scale(q, np.asarray(values[q][:, unit], float)) for q in quantities},
        "labels": {q: tr(f"textview.quantity.{q}") for q in quantities},
        "texts": {name: tr(f"textview.{name}") for name in ("colour_by", "character", "middle", "caption")},
        "decimal": tr.separators[0],  # the language's decimal mark, for the legend and the hover values
        "lecture": bool(lecture),
        "lang": tr.lang,
    }
