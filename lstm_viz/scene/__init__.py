"""The scene: everything the browser needs to step one or two cells through time without asking Python again.

``payload(...)`` turns traces (and the kinds' declarations) into plain JSON: every value at every step, the weights
the equations show, the diagram's geometry, the charts' panels, the equations as MathML trees and the note
templates in the page's language. The renderer (``scene.js`` and the ES modules it imports, in this folder,
bundled into one text by ``bundle.py``) draws it and owns the time step; ``offline.html(payload)`` wraps the same
renderer and data into one self-contained file.

Nothing here computes the cell: values come from the trace, and a pinned part's "the weights would give" from
``Trace.unpinned``.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lstm_viz.backward import Gradients
from lstm_viz.cells.base import ACTIVATION_SYMBOLS, FUNCTIONS, Trace, Weights
from lstm_viz.i18n import Texts
from lstm_viz.mathml import compile_line
from lstm_viz.scene import bundle, contrast, numbers
from lstm_viz.scene.alternatives import alternatives_payload
from lstm_viz.scene.backward import gradients_payload
from lstm_viz.scene.numbers import MAX_HEAT_UNITS, MAX_UNITS_SHOWN, compact, levels, rounded, weight_blocks
from lstm_viz.scene.numbers import SceneError as SceneError  # (callers catch scene.SceneError)

FOLDER = Path(__file__).resolve().parent
ENTRY = FOLDER / "scene.js"  # the renderer's ES module: it imports the others (see bundle.py)


@dataclass(frozen=True)
class Cell:
    """One cell of a scene: its weights, its trace, the unit to draw, a title; in backward mode, its gradients."""

    weights: Weights
    trace: Trace
    title: str
    unit: int = 0
    gradients: Gradients | None = None


def renderer() -> str:
    """The renderer's JavaScript as one text (a component's): ``scene.js`` and the modules it imports, bundled once
    per process, ending with ``export default mount;``."""
    return bundle.cached(ENTRY)


@functools.cache
def stylesheet() -> str:
    return (FOLDER / "scene.css").read_text(encoding="utf-8")


def _part_range(part, activation: str, values: np.ndarray) -> tuple[float, float]:
    """The axis of a part: its declared range (the activation's, for the candidate) widened to the data."""
    low, high = part.low, part.high
    if part.activation == "act" and activation != "tanh":
        low, high = (0.0 if activation == "relu" else None), None
    finite = values[np.isfinite(values)]
    data_low, data_high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    low = data_low if low is None else min(low, data_low)
    high = data_high if high is None else max(high, data_high)
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    return low, high


def _function(part, activation: str) -> str:
    """What a part's box says: its function (σ, exp, g, the layer's activation), or its symbol for a plain
    weighted sum (mLSTM's q, k, v)."""
    if part.activation is None:
        return part.symbol
    return ACTIVATION_SYMBOLS[part.activation if part.activation in FUNCTIONS else activation]


def _levels(kind, trace: Trace, parts: list[dict]) -> dict:
    """Every unit's heatmaps as colour levels (the first MAX_HEAT_UNITS units of a larger layer)."""
    ranges = {part["name"]: (part["low"], part["high"]) for part in parts}
    return {name: levels(trace.values[name][:, :MAX_HEAT_UNITS], *ranges[name]) for name in kind.heatmaps}


def _cell(cell: Cell, tr: Texts, shown_units: int, picker: bool) -> dict:
    trace, weights, kind = cell.trace, cell.weights, cell.weights.kind
    if not trace.finite():
        raise SceneError("scene.not_finite")
    units = trace.units
    unit = min(max(int(cell.unit), 0), units - 1)
    shown = numbers.shown_units(units, unit, shown_units, picker)
    large = len(shown) < units  # (its heatmaps come as colour levels of every unit, its large arrays packed)
    activation = trace.activation
    parts = []
    for part in kind.parts:
        values = trace.values[part.name]
        low, high = _part_range(part, activation, values)
        parts.append(
            {
                "name": part.name,
                "symbol": part.symbol.replace("act", ACTIVATION_SYMBOLS[activation]),
                "word": tr(f"part.{kind.key}.{part.name}"),
                "color": part.color,
                "ink": contrast.ink(part.color),  # the colour for its text (≥ 4.5:1 on the scene's backgrounds)
                "on": contrast.on(part.color),  # text inside its box
                "low": low,
                "high": high,
                "role": part.role,
                "bar": part.bar,
                "pinned": part.name in trace.pinned,
                "function": _function(part, activation),
            }
        )
    values = numbers.shown_values(kind, trace.values, shown, pack=large)
    unpinned = {name: rounded(trace.unpinned(name)[:, shown]) for name in trace.pinned}
    diagram = kind.diagram
    symbol = ACTIVATION_SYMBOLS[activation]
    return {
        "title": cell.title,
        "kind": kind.key,
        "kind_name": tr(f"kind.{kind.key}"),
        "activation": activation,
        "units": units,
        "shown": shown,
        "unit": shown.index(unit),
        "states": list(kind.states),
        "matrices": list(kind.matrices),
        "parts": parts,
        "values": values,
        "unpinned": unpinned,
        "weights": weight_blocks(weights, shown, pack=large),
        "diagram": {
            "frame": list(diagram.frame),
            "boxes": [{"part": box.part, "x": box.x, "y": box.y} for box in diagram.boxes],
            "ops": [
                {"symbol": symbol if op.symbol == "act" else op.symbol, "x": op.x, "y": op.y} for op in diagram.ops
            ],
            "wires": [
                {
                    "value": wire.value,
                    "points": [list(point) for point in wire.points],
                    "label": wire.label.replace("act", symbol),
                    "at": list(wire.label_at) if wire.label_at else None,
                    "anchor": wire.anchor,
                    "arrow": wire.arrow,
                    "dash": wire.dash,
                }
                for wire in diagram.wires
            ],
        },
        "panels": [{"title": tr(f"chart.{panel.key}"), "parts": list(panel.parts)} for panel in kind.panels],
        "heatmaps": list(kind.heatmaps),
        # a layer with units beyond those sent whole: its heatmaps' every unit (T, u) as colour levels (a canvas)
        **({"heat": _levels(kind, trace, parts)} if large else {}),
        "equations": [
            {
                "part": equation.part,
                "general": compile_line(equation.general, activation),
                "numbers": compile_line(equation.numbers, activation),
            }
            for equation in kind.equations
        ],
        "notes": [{"part": name, "template": tr(f"cell.{kind.key}.note.{name}")} for name in kind.notes],
        "summary": list(kind.summary),
        "alternatives": alternatives_payload(weights, trace, tr, shown),
        **(gradients_payload(cell.gradients, trace, weights, tr, shown) if cell.gradients is not None else {}),
    }


SCENE_TEXTS = (
    "vector_more",
    "first",
    "back",
    "play",
    "pause",
    "next",
    "last",
    "speed",
    "steps_per_second",
    "step",
    "step_of",
    "time_step",
    "unit",
    "pinned",
    "would_give",
    "equations",
    "notes",
    "charts",
    "units_time",
    "heat_first",
    "compare_h",
    "two_ways",
    "keys_help",
    "x_symbol",
    "input",
    "value_at",
    "offline_note",
    "target",
    "focus_elsewhere",
    "live_step",
    "live_part",
    "live_keeps",
    "table",
    "table_step",
    "table_all",
    "part",
    "backward",
    "backward_step",
    "backward_pinned",
    "gradient_size",
    "loss_value",
    "training",
    "training_stop",
    "training_loss",
    "training_updates",
    "training_status",
    "training_passed",
    "training_not_yet",
    "training_diverged",
)


def payload(
    cells: Sequence[Cell],
    tr: Texts,
    start_t: int = 0,
    token: int = 0,
    lecture: bool = False,
    keys: bool = False,
    page_keys: bool = True,
    unit_picker: bool = False,
    shown_units: int = MAX_UNITS_SHOWN,
    targets: Sequence[Mapping] = (),
    backward: bool = False,
    training: Mapping | None = None,
) -> dict:
    """The scene's JSON for one or two cells on the same input; SceneError if a trace is not finite.

    ``start_t`` is where the browser starts, and ``token`` tells it when the page wants it to go there again (a
    link, a preset): otherwise the browser keeps the step it owns. ``keys`` gives the scene the keyboard (←, →,
    Space, Home, End, and PageUp, PageDown unless ``page_keys`` is False: in a presented lecture the clicker's
    PageUp/PageDown change scenes); ``unit_picker`` lets it switch the unit drawn. ``targets`` (a challenge's:
    ``{"title", "cell", "part", "unit", "bands": [[t, low, high], …]}``) are drawn above the diagram.
    ``backward`` (each cell then carries its gradients): the scene shows the gradients flowing back, and its time
    runs from the last step to the first.
    """
    first = cells[0].trace
    steps = first.steps
    return {
        "version": 1,
        "lang": tr.lang,
        "number": tr.number_format(),
        "lecture": bool(lecture),
        "keys": bool(keys),
        "page_keys": bool(page_keys),
        "unit_picker": bool(unit_picker),
        "start": {"t": int(min(max(start_t, 0), steps - 1)), "token": int(token)},
        "steps": steps,
        "x": compact(first.x),
        "cells": [_cell(cell, tr, shown_units, unit_picker) for cell in cells],
        "texts": {name: tr(f"scene.{name}") for name in SCENE_TEXTS},
        "targets": [dict(target) for target in targets],
        "backward": bool(backward) and all(cell.gradients is not None for cell in cells),
        **({"training": dict(training)} if training else {}),
    }


def dumps(data: Mapping) -> str:
    """JSON for a page or a file: no NaN, and safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def is_finite_number(value) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)
