"""The explorer's sidebar as data: one key per widget, and the two functions that map a configuration to widget
values and back. The page stays a list of widgets; this mapping is tested without Streamlit.

Structural choices (the kind, its size, its activation, compare mode) are applied by the page's callbacks, which
load a whole new configuration; everything else (weights, pins, initial states, the input) is read here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from lstm_viz import cells
from lstm_viz.cells.base import ArraySpec, CellKind
from lstm_viz.explorer.config import STATE_LIMITS, WEIGHT_LIMIT, CellConfig, ExplorerConfig
from lstm_viz.explorer.link import pin_range
from lstm_viz.i18n import TextError
from lstm_viz.sequences import MAX_STEPS, MIN_STEPS, SEQUENCE_PRESETS, SequenceError, format_sequence, parse_sequence

PREFIXES = ("", "B_")  # the first cell's widgets, and the second's in compare mode
MAX_INPUT_SLIDERS = 3  # input weights with a slider each; a wider input's other weights are listed, not edited
PIN_DEFAULTS = {"f": 1.0, "i": 0.0, "z": 1.0, "r": 0.0}  # "what if the forget gate were 1?"; others start at 1


def weight_key(prefix: str, spec: ArraySpec, part: str, unit: int, row: int | None = None) -> str:
    """The widget of one weight: its array's link name, its part, its unit, and its row (input or source unit)."""
    key = f"{prefix}{spec.url}_{part}_{unit}"
    return key if row is None else f"{key}_{row}"


def weight_slots(kind: CellKind, units: int, input_dim: int, unit: int):
    """(array spec, part, row, flat index) of every weight of ``unit`` that has a slider, in the kind's order."""
    for part in _parts_with_weights(kind):
        for spec in kind.arrays:
            if part not in spec.blocks:
                continue
            column = spec.blocks.index(part) * units + unit
            width = len(spec.blocks) * units
            if spec.rows == "input":
                for row in range(min(input_dim, MAX_INPUT_SLIDERS)):
                    yield spec, part, row, row * width + column
            elif spec.rows == "units":
                for row in range(units):
                    yield spec, part, row, row * width + column
            else:
                yield spec, part, None, column


def _parts_with_weights(kind: CellKind) -> list[str]:
    return list(dict.fromkeys(part for spec in kind.arrays for part in spec.blocks))


_NAMES = sorted(
    {spec.url for kind in cells.KINDS.values() for spec in kind.arrays} | {"pin", "pinval", "init"},
    key=len,
    reverse=True,
)
_CELL_WIDGET = re.compile(rf"^(B_)?(?:(?:{'|'.join(_NAMES)})_|(?:kind|act|units|unit)$)")


def is_cell_widget(key: object) -> bool:
    """A widget of a cell (its kind, size, weights, pins, initial states), for either cell of compare mode."""
    return isinstance(key, str) and bool(_CELL_WIDGET.match(key))


def pin_default(part: str, low: float, high: float) -> float:
    return float(np.clip(PIN_DEFAULTS.get(part, 1.0), low, high))


def cell_values(cell: CellConfig, prefix: str, input_dim: int = 1) -> dict[str, object]:
    """The value of every widget of one cell (a trained weight beyond the sliders' range has no widget: it is
    listed by ``beyond_sliders`` and kept as it is)."""
    kind = cell.cell_kind
    values: dict[str, object] = {
        f"{prefix}kind": cell.kind,
        f"{prefix}act": cell.activation,
        f"{prefix}units": cell.units,
        f"{prefix}unit": cell.unit,
    }
    for unit in range(cell.units):
        for spec, part, row, index in weight_slots(kind, cell.units, input_dim, unit):
            value = float(cell.arrays[spec.name][index])
            if abs(value) <= WEIGHT_LIMIT:
                values[weight_key(prefix, spec, part, unit, row)] = value
    for part in kind.pinnable:
        low, high = pin_range(kind, part)
        values[f"{prefix}pin_{part}"] = part in cell.pins
        for unit in range(cell.units):
            pinned = cell.pins.get(part)
            values[f"{prefix}pinval_{part}_{unit}"] = float(pinned[unit]) if pinned else pin_default(part, low, high)
    for state in kind.states:
        initial = cell.initial.get(state, (0.0,) * cell.units)
        for unit in range(cell.units):
            values[f"{prefix}init_{state}_{unit}"] = float(initial[unit])
    return values


def widget_values(config: ExplorerConfig) -> dict[str, object]:
    """The value of every widget key for a configuration."""
    values: dict[str, object] = {
        "seq": config.sequence,
        "custom": config.custom,
        "steps": config.steps,
        "compare": config.compare is not None,
    }
    for prefix, cell in zip(PREFIXES, config.cells):
        values.update(cell_values(cell, prefix, config.input_dim))
    return values


def beyond_sliders(cell: CellConfig, input_dim: int = 1) -> list[tuple[ArraySpec, str, int | None, float]]:
    """(array, part, row, value) of each weight of the shown unit that no slider can hold (|w| > WEIGHT_LIMIT)."""
    return [
        (spec, part, row, float(cell.arrays[spec.name][index]))
        for spec, part, row, index in weight_slots(cell.cell_kind, cell.units, input_dim, cell.unit)
        if abs(cell.arrays[spec.name][index]) > WEIGHT_LIMIT
    ]


def _finite(value) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.0
    return value if math.isfinite(value) else 0.0


def _read_cell(values: Mapping[str, object], cell: CellConfig, prefix: str, input_dim: int) -> CellConfig:
    """The cell the widgets show; a widget that is missing keeps the cell's value."""
    kind = cell.cell_kind
    fallback = cell_values(cell, prefix, input_dim)

    def get(key: str):
        value = values.get(key)
        return fallback.get(key) if value is None else value

    arrays = {name: list(flat) for name, flat in cell.arrays.items()}
    for unit in range(cell.units):
        for spec, part, row, index in weight_slots(kind, cell.units, input_dim, unit):
            key = weight_key(prefix, spec, part, unit, row)
            if key in values and values[key] is not None:  # else: no slider (not drawn, or beyond its range)
                value = float(np.clip(_finite(values[key]), -WEIGHT_LIMIT, WEIGHT_LIMIT))
                arrays[spec.name][index] = value
    pins = {}
    for part in kind.pinnable:
        if get(f"{prefix}pin_{part}"):
            low, high = pin_range(kind, part)
            pins[part] = tuple(
                float(np.clip(_finite(get(f"{prefix}pinval_{part}_{unit}")), low, high)) for unit in range(cell.units)
            )
    initial = {}
    for state in kind.states:
        limit = STATE_LIMITS[state]
        values_ = tuple(
            float(np.clip(_finite(get(f"{prefix}init_{state}_{unit}")), -limit, limit)) for unit in range(cell.units)
        )
        if any(values_):
            initial[state] = values_
    unit = int(np.clip(int(_finite(get(f"{prefix}unit"))), 0, cell.units - 1))
    return replace(
        cell, arrays={name: tuple(flat) for name, flat in arrays.items()}, pins=pins, initial=initial, unit=unit
    )


def config_from_widgets(
    values: Mapping[str, object], previous: ExplorerConfig
) -> tuple[ExplorerConfig, list[TextError]]:
    """The configuration the widgets show; a key that is missing keeps ``previous``'s value.

    A custom sequence that does not parse is not taken: the previous one stays, and the message is returned.
    """
    errors: list[TextError] = []
    sequence = values.get("seq") if values.get("seq") in SEQUENCE_PRESETS else previous.sequence
    if previous.sequence == "given" and values.get("seq") in (None, "given"):
        sequence = "given"
    custom = previous.custom
    if sequence == "custom":
        text = str(values.get("custom", previous.custom) or "")
        try:
            custom = format_sequence(parse_sequence(text)) if text != previous.custom else previous.custom
        except SequenceError as error:
            errors.append(TextError("explorer.keeps_last_valid", error=error, previous=previous.custom))
    steps = values.get("steps", previous.steps)
    steps = int(np.clip(int(_finite(steps)), MIN_STEPS, MAX_STEPS)) if steps is not None else previous.steps
    config = replace(previous, sequence=sequence, custom=custom, steps=steps)
    for index, (prefix, cell) in enumerate(zip(PREFIXES, previous.cells)):
        config = config.with_cell(index, _read_cell(values, cell, prefix, previous.input_dim))
    return config, errors
