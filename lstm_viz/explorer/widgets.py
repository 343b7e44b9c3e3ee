"""The explorer's widgets as data: the value of every widget key for a configuration, and the configuration the
widgets show, both read off the fields (``explorer.fields``). Tested without Streamlit (tests/test_explorer_state.py).

Structural choices (the kind, its size, its activation, compare mode) are applied by the page's callbacks, which
load a whole new configuration; everything else (weights, pins, initial states, the input) is read here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from lstm_viz.cells.base import ArraySpec
from lstm_viz.explorer import fields
from lstm_viz.explorer.config import CellConfig, ExplorerConfig
from lstm_viz.explorer.fields import (
    INPUT,
    PAGE,
    PAGE_FIELDS,
    WEIGHT_LIMIT,
    applies,
    cell_fields,
    elements,
    is_cell_widget,
    weight_key,
)
from lstm_viz.i18n import TextError
from lstm_viz.sequences import LINK

__all__ = [
    "LANGUAGE",
    "PREFIXES",
    "beyond_sliders",
    "config_from_widgets",
    "is_cell_widget",
    "weight_key",
    "widget_values",
]

PREFIXES = ("", fields.COMPARE_PREFIX + "_")  # the first cell's widgets, and the second's in compare mode
LANGUAGE = "typed_language"  # not a widget: the language the custom numbers were typed in (the sidebar's box)
PIN_DEFAULTS = {"f": 1.0, "i": 0.0, "z": 1.0, "r": 0.0}  # "what if the forget gate were 1?"; others start at 1

weight_slots = fields.weight_slots


def pin_default(part: str, low: float, high: float) -> float:
    return float(np.clip(PIN_DEFAULTS.get(part, 1.0), low, high))


def row_choices(cell: CellConfig, prefix: str, input_dim: int) -> dict[str, list[tuple]]:
    """A large layer's weight rows per part, as its sidebar search lists them: find-box key → [(widget key, slot)]."""
    choices: dict[str, list[tuple]] = {}
    for slot in weight_slots(cell.cell_kind, cell.units, input_dim, cell.unit):
        spec, part, row, _ = slot
        if row is not None:
            key = weight_key(prefix, spec, part, cell.unit, row)
            choices.setdefault(f"{prefix}find_{part}", []).append((key, slot))
    return choices


def found_rows(config: ExplorerConfig, picked: Mapping[str, object]) -> dict[str, str]:
    """Each large layer's find box → the row's widget key it shows (``picked``: what the boxes say; else the first
    row). Only these rows of a large layer have widgets: a trained layer's 900 would slow every widget drawn."""
    found = {}
    for prefix, cell in zip(PREFIXES, config.cells):
        if fields.large(cell.units, config.input_dim):
            for box, rows in row_choices(cell, prefix, config.input_dim).items():
                keys = [key for key, _ in rows]
                found[box] = picked.get(box) if picked.get(box) in keys else keys[0]
    return found


def cell_values(cell: CellConfig, prefix: str, input_dim: int = 1, rows: set[str] | None = None) -> dict[str, object]:
    """The value of every widget of one cell (a trained weight beyond the sliders' range has no widget: it is
    listed by ``beyond_sliders`` and kept as it is). A large layer's weight rows: only those in ``rows``."""
    kind = cell.cell_kind
    hidden = set()
    if rows is not None and fields.large(cell.units, input_dim):
        hidden = {key for box in row_choices(cell, prefix, input_dim).values() for key, _ in box} - rows
    values: dict[str, object] = {}
    for field in cell_fields(cell.kind, cell.units, input_dim):
        value = fields.value(cell, field)
        if field.type != "numbers":
            values[prefix + field.widget] = value
            continue
        if field.switch:
            values[prefix + field.switch] = value is not None
            value = value or (pin_default(field.key, field.low, field.high),) * cell.units
        for key, index in elements(field, kind, cell.units, input_dim, cell.unit):
            if abs(value[index]) <= WEIGHT_LIMIT and prefix + key not in hidden:
                values[prefix + key] = float(value[index])
    return values


def widget_values(config: ExplorerConfig, picked: Mapping[str, object] | None = None) -> dict[str, object]:
    """The value of every widget key for a configuration (``picked``: the find boxes' values, and a large layer's
    weight rows have widgets only for the rows they show; None: every row's)."""
    values: dict[str, object] = {field.widget: getattr(config, field.name) for field in PAGE.values()}
    values["compare"] = config.compare is not None
    rows = None if picked is None else set(found_rows(config, picked).values())
    for prefix, cell in zip(PREFIXES, config.cells):
        values.update(cell_values(cell, prefix, config.input_dim, rows))
    return values


def beyond_sliders(cell: CellConfig, input_dim: int = 1) -> list[tuple[ArraySpec, str, int | None, float]]:
    """(array, part, row, value) of each weight of the shown unit that no slider can hold (|w| > WEIGHT_LIMIT)."""
    return [
        (spec, part, row, float(cell.arrays[spec.name][index]))
        for spec, part, row, index in weight_slots(cell.cell_kind, cell.units, input_dim, cell.unit)
        if abs(cell.arrays[spec.name][index]) > WEIGHT_LIMIT
    ]


def _read_cell(values: Mapping[str, object], cell: CellConfig, prefix: str, input_dim: int) -> CellConfig:
    """The cell the widgets show; a widget that is missing keeps the cell's value. Weights, pins, initial states and
    the unit shown are read here (the kind, size and activation by the page's callbacks)."""
    kind = cell.cell_kind
    changed = {}
    for field in cell_fields(cell.kind, cell.units, input_dim):
        if field.name in ("kind", "activation", "units"):
            continue
        current = fields.value(cell, field)
        if field.type == "integer":
            raw = values.get(prefix + field.widget)
            changed[field.name] = current if raw is None else field.check(raw, clamp=True)
            continue
        if field.switch:
            switch = values.get(prefix + field.switch)
            if not (current is not None if switch is None else switch):
                changed[field.name] = None
                continue
            current = current or (pin_default(field.key, field.low, field.high),) * cell.units
        moved = {}
        for key, index in elements(field, kind, cell.units, input_dim, cell.unit):
            if values.get(prefix + key) is not None:  # else: no slider (not drawn, or beyond its range)
                value = field.clamped(values[prefix + key])  # one by one: a trained 12 elsewhere stays
                if value != current[index]:
                    moved[index] = value
        if moved:  # (else the same tuple: a trained layer's arrays are not copied, nor made into arrays again)
            new = list(current)
            for index, value in moved.items():
                new[index] = value
            current = tuple(new)
        changed[field.name] = current
    return fields.with_values(cell, changed)


def config_from_widgets(
    values: Mapping[str, object], previous: ExplorerConfig, language: str | None = None
) -> tuple[ExplorerConfig, list[TextError]]:
    """The configuration the widgets show; a key that is missing keeps ``previous``'s value.

    A custom sequence that does not parse is not taken: the previous one stays, and the message is returned. It is
    read in ``language``'s format, else in the language it was typed in (``values[LANGUAGE]``, which the sidebar
    reports with its text box), else in the link's format; the configuration keeps it in the link's format.
    """
    language = language or str(values.get(LANGUAGE) or LINK)
    errors: list[TextError] = []
    sequence = values["seq"] if values.get("seq") in INPUT["sequence"].options else previous.sequence
    changed: dict[str, object] = {"sequence": sequence}
    gradient = values.get("grad") if values.get("grad") in PAGE["gradient"].options else previous.gradient
    for field in PAGE_FIELDS[1:]:
        raw = values.get(field.widget)
        if raw is None or not applies(field, sequence, gradient) or raw == getattr(previous, field.name):
            continue
        if field.type == "choice" and raw not in field.options:
            continue  # (a hostile client's): the previous value stays
        if field.type == "sequence":  # typed text: a bad one is not taken, the previous stays and the user is told
            try:
                changed[field.name] = field.check(raw, language=language)
            except TextError as error:
                errors.append(TextError("explorer.keeps_last_valid", error=error, previous=previous.custom))
        else:
            changed[field.name] = field.check(raw, clamp=True)
    config = replace(previous, **changed)
    for index, (prefix, cell) in enumerate(zip(PREFIXES, previous.cells)):
        config = config.with_cell(index, _read_cell(values, cell, prefix, previous.input_dim))
    if config.input_dim != previous.input_dim:  # the input now has another count of features: the kernels follow
        config = config.fitted()
    return config, errors
