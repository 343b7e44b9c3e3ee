"""A challenge: a cell to make do one thing, on the explorer's own cells, graded in NumPy.

A challenge fixes a kind, an input and a starting cell, and lets the student move only some weights (its knobs) and,
where pinning is the point, pin some parts. Its conditions (lstm_viz.challenges.criteria) are checked on the trace
of every attempt. Its texts (task, hints, solution, why it works) live in the catalogues under
"challenge.<key>.…".

A weight is named as the explorer's sliders name it: ``b_f`` (the bias of f, unit 1), ``W_i`` (the input weight of
i), ``U_o_1_0`` (the recurrent weight of o into unit 2 from unit 1), ``b_f_1`` (the bias of f, unit 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from lstm_viz import cells
from lstm_viz.cells.base import ArraySpec, CellKind, Trace, Weights, forward
from lstm_viz.challenges.criteria import Band, Check, Condition
from lstm_viz.explorer.fields import WEIGHT_LIMIT, Field, cell_fields, pin_field

LIMIT = WEIGHT_LIMIT  # every knob moves in [−10, 10], as the explorer's sliders do (its field's range)
STEP = 0.1


@dataclass(frozen=True)
class Address:
    """One weight: its array, part, unit and row (input feature, or source unit of a recurrent weight)."""

    spec: ArraySpec
    part: str
    unit: int
    row: int | None

    @property
    def key(self) -> str:
        key = f"{self.spec.url}_{self.part}_{self.unit}"
        return key if self.row is None else f"{key}_{self.row}"

    def index(self, units: int) -> tuple[int, ...]:
        column = self.spec.columns(self.part, units).start + (0 if self.part in self.spec.scalars else self.unit)
        return (column,) if self.row is None else (self.row, column)


def address(kind: CellKind, name: str) -> Address:
    """``b_f`` → the bias of f, unit 0; ``U_o_1_0`` → the recurrent weight of o, into unit 1 from unit 0."""
    url, _, rest = name.partition("_")
    spec = next((s for s in kind.arrays if s.url == url), None)
    if spec is None:
        raise KeyError(f"{kind.key} has no array {url!r}")
    part = max((b for b in spec.blocks if rest == b or rest.startswith(b + "_")), key=len, default=None)
    if part is None:
        raise KeyError(f"{kind.key}'s {spec.name} has no part in {name!r}")
    numbers = [int(n) for n in rest[len(part) :].split("_") if n]
    unit = numbers[0] if numbers else 0
    if spec.rows == "":
        return Address(spec, part, unit, None)
    default_row = unit if spec.rows == "units" else 0
    return Address(spec, part, unit, numbers[1] if len(numbers) > 1 else default_row)


@dataclass(frozen=True)
class Challenge:
    key: str
    level: int  # 1 easy, 2 medium, 3 hard
    kind: str
    inputs: tuple[float, ...]
    conditions: tuple[Condition, ...]
    knobs: tuple[str, ...]  # the weights the student may move
    start: Mapping[str, float] = field(default_factory=dict)  # the starting cell: these weights, the rest 0
    solution: Mapping[str, float] = field(default_factory=dict)  # a reference attempt (knobs not named: as start)
    units: int = 1
    pins: tuple[str, ...] = ()  # parts the student may pin (only where pinning is the point)
    solution_pins: Mapping[str, float] = field(default_factory=dict)
    hints: int = 3
    chart: tuple[tuple[str, int], ...] = ()  # further (quantity, unit) to chart beside the conditions'

    @property
    def cell_kind(self) -> CellKind:
        return cells.kind(self.kind)

    @cached_property
    def addresses(self) -> dict[str, Address]:
        return {name: address(self.cell_kind, name) for name in (*self.knobs, *self.start, *self.solution)}

    def knob_field(self, name: str) -> Field:
        """The explorer's field of the array a knob is in (its range and validator)."""
        array = self.addresses[name].spec.name
        return next(f for f in cell_fields(self.kind, self.units) if f.name == f"arrays.{array}")

    def pin_field(self, part: str) -> Field:
        """The explorer's field of a pinned part: its widget keys, range and validator."""
        return pin_field(self.cell_kind, part, self.units)

    def start_values(self) -> tuple[float, ...]:
        return tuple(float(self.start.get(name, 0.0)) for name in self.knobs)

    def solution_values(self) -> tuple[float, ...]:
        return tuple(float(self.solution.get(name, self.start.get(name, 0.0))) for name in self.knobs)

    def weights(self, values: tuple[float, ...]) -> Weights:
        """The starting cell with the knobs at ``values``."""
        kind, units = self.cell_kind, self.units
        arrays = {spec.name: np.zeros(spec.shape(1, units)) for spec in kind.arrays}
        for name, value in (*self.start.items(), *zip(self.knobs, values)):
            where = self.addresses[name]
            arrays[where.spec.name][where.index(units)] = value
        return Weights(kind, arrays)

    def x(self) -> np.ndarray:
        return np.asarray(self.inputs, dtype=np.float64)[:, None]

    def run(self, values: tuple[float, ...], pins: Mapping[str, float] | None = None) -> Trace:
        allowed = {part: value for part, value in (pins or {}).items() if part in self.pins and value is not None}
        return forward(self.weights(values), self.x(), pins=allowed)

    def grade(self, values: tuple[float, ...], pins: Mapping[str, float] | None = None) -> Grade:
        trace = self.run(values, pins)
        return Grade(trace, tuple(condition.check(trace) for condition in self.conditions))

    def bands(self, trace: Trace) -> list[tuple[Condition, list[Band]]]:
        return [(condition, condition.bands(trace)) for condition in self.conditions]

    def panels(self, trace: Trace) -> dict[tuple[str, int], list[list]]:
        """(quantity, unit) → its target bands as [t, low, high], the conditions' first, then what else it charts."""
        panels: dict[tuple[str, int], list] = {}
        for condition, bands in self.bands(trace):
            panels.setdefault((condition.quantity, condition.unit), []).extend([b.t, b.low, b.high] for b in bands)
        for quantity, unit in self.chart:
            panels.setdefault((quantity, unit), [])
        return panels

    def formulas(self) -> list[str]:
        return [condition.tex(len(self.inputs)) for condition in self.conditions]


@dataclass(frozen=True)
class Grade:
    trace: Trace
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def margin(self) -> float:
        return min(check.margin for check in self.checks)
