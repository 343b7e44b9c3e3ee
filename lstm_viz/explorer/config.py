"""The explorer's one piece of server state: which cell(s), with which weights, on which input.

Everything the explorer shows is a function of an ``ExplorerConfig``. The time step is not part of it: the browser
owns the step (lstm_viz/scene), and the link carries it beside the configuration (lstm_viz.explorer.link).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from lstm_viz import cells
from lstm_viz.backward import BackwardError, Gradients, Loss, available, gradients
from lstm_viz.cells.base import CellKind, Trace, Weights, forward
from lstm_viz.explorer.fields import MAX_UNITS, MIN_UNITS, STATE_LIMITS, WEIGHT_LIMIT
from lstm_viz.recent import Recent
from lstm_viz.sequences import SequenceError, parse_inputs, preset_sequence

__all__ = [
    "MAX_UNITS",
    "MIN_UNITS",
    "STATE_LIMITS",
    "WEIGHT_LIMIT",
    "CellConfig",
    "ExplorerConfig",
    "run",
    "run_backward",
]


_ARRAYS = Recent(8_000_000)  # a long weights tuple → its array (a 1,024-unit recurrent kernel is 4 million numbers)


def _array(values: tuple[float, ...]) -> np.ndarray:
    """A weights tuple as an array, converted once while the same tuple lives on (a trained layer's 65,000 weights
    cost milliseconds to convert, and a rerun that moved one bias keeps the other arrays' tuples)."""
    kept = _ARRAYS.of(values)
    if kept is not None:
        return kept
    array = np.asarray(values, dtype=np.float64)
    if array.size >= 1024:
        array.flags.writeable = False
        _ARRAYS.put(id(values), values, array)
    return array


def _flat(values) -> tuple[float, ...]:
    return tuple(float(v) for v in np.asarray(values, dtype=np.float64).ravel())


def _resized_state(kind, state: str, values, old: int, new: int) -> tuple[float, ...]:
    """An initial state for ``new`` units: a vector's first units kept (new ones 0), a matrix's top-left block, a
    shared state's one number as it was."""
    if state in kind.shared:
        return tuple(values[:1])
    if state in kind.matrices:
        matrix = np.zeros((new, new))
        keep = min(old, new)
        matrix[:keep, :keep] = np.asarray(values, dtype=np.float64).reshape(old, old)[:keep, :keep]
        return tuple(float(v) for v in matrix.ravel())
    keep = min(old, new)
    return tuple(values[:keep]) + (0.0,) * (new - keep)


@dataclass(frozen=True)
class CellConfig:
    """One cell: its kind, size and activation, its weights (flattened Keras arrays), pins and initial states."""

    kind: str = cells.DEFAULT
    units: int = 1
    activation: str = "tanh"
    arrays: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # array name → values; missing: default
    pins: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # pinned part → (u,) values
    initial: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # state → (u,) values; missing: zeros
    unit: int = 0  # the unit drawn, written out and edited
    spare: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # input rows set aside by ``reading``

    @property
    def cell_kind(self) -> CellKind:
        return cells.kind(self.kind)

    def weights(self, input_dim: int = 1) -> Weights:
        kind = self.cell_kind
        default = kind.default(input_dim, self.units)
        arrays = {
            spec.name: (
                np.reshape(_array(self.arrays[spec.name]), spec.shape(input_dim, self.units))
                if spec.name in self.arrays
                else default[spec.name]
            )
            for spec in kind.arrays
        }
        return Weights(kind, arrays, self.activation)

    def initial_state(self) -> dict[str, np.ndarray]:
        kind = self.cell_kind
        zeros = {state: (0.0,) * kind.width(state, self.units) for state in kind.states}
        return {state: np.array(self.initial.get(state, zeros[state])) for state in kind.states}

    def with_weights(self, weights: Weights) -> CellConfig:
        arrays = {name: _flat(value) for name, value in weights.arrays.items()}
        return replace(self, kind=weights.kind.key, units=weights.units, activation=weights.activation, arrays=arrays,
                       spare={})  # fmt: skip

    def resized(self, units: int, input_dim: int = 1) -> CellConfig:
        """The same cell grown or shrunk: existing units keep their weights, new ones get the kind's defaults."""
        units = int(np.clip(units, MIN_UNITS, MAX_UNITS))
        kind, old = self.cell_kind, self.weights(input_dim)
        keep = min(units, self.units)
        arrays = kind.default(input_dim, units)
        for spec in kind.arrays:
            array = arrays[spec.name]
            for part in spec.blocks:  # (a scalar block, one column for the head, is kept whole)
                width = min(spec.width(part, units), spec.width(part, self.units), keep)
                new_start, old_start = spec.columns(part, units).start, spec.columns(part, self.units).start
                new_columns, old_columns = slice(new_start, new_start + width), slice(old_start, old_start + width)
                if spec.rows == "units":
                    array[:keep, new_columns] = old.arrays[spec.name][:keep, old_columns]
                else:
                    array[..., new_columns] = old.arrays[spec.name][..., old_columns]
        pins = {p: tuple(v[:keep]) + (v[-1],) * (units - keep) for p, v in self.pins.items()}
        initial = {s: _resized_state(kind, s, v, self.units, units) for s, v in self.initial.items()}
        resized = replace(self, units=units, pins=pins, initial=initial, unit=min(self.unit, units - 1))
        return resized.with_weights(Weights(kind, arrays, self.activation))

    def reading(self, input_dim: int) -> CellConfig:
        """The same cell reading ``input_dim`` features: each input kernel's first rows kept, a new feature's weights
        0. Rows no longer read are set aside (``spare``) and come back when the input has them again: an input of 4
        features, then a preset of 1, then the 4 again gives the cell its weights back. (The size it reads now is
        the stored kernel's, so this is idempotent.)"""
        arrays, spare = dict(self.arrays), dict(self.spare)
        for spec in self.cell_kind.arrays:
            if spec.rows != "input" or spec.name not in arrays:
                continue
            width = spec.shape(1, self.units)[-1]
            rows = np.reshape(arrays[spec.name], (-1, width))
            if len(rows) == input_dim:
                continue
            rows = np.vstack([rows, np.reshape(spare.pop(spec.name, ()), (-1, width))])
            after = np.zeros((input_dim, width))
            after[: min(len(rows), input_dim)] = rows[:input_dim]
            arrays[spec.name] = _flat(after)
            if len(rows) > input_dim:
                spare[spec.name] = _flat(rows[input_dim:])
        return replace(self, arrays=arrays, spare=spare)

    @classmethod
    def fresh(cls, kind: str, units: int = 1, input_dim: int = 1, activation: str = "tanh") -> CellConfig:
        """The kind's default cell (what switching kind gives: never the old cell's weights reshaped)."""
        return cls(kind=kind, units=units, activation=activation).with_weights(
            cells.fresh(cells.kind(kind), units, input_dim, activation)
        )


@dataclass(frozen=True)
class ExplorerConfig:
    """The input sequence and one cell, or two cells side by side (compare mode) on the same input."""

    sequence: str = "pulse"  # a key of SEQUENCE_PRESETS, "custom" (the user's numbers) or "given" (a handoff)
    custom: str = "0, 0.5, 1, 0.5, 0, -0.5, -1"
    steps: int = 30
    amplitude: float = 1.0  # a preset's values are multiplied by it: a large input saturates the gates
    cell: CellConfig = field(default_factory=CellConfig)
    compare: CellConfig | None = None
    given: tuple[tuple[float, ...], ...] = ()  # an input handed over by another page: (T, d), any d
    gradient: str = "off"  # backward mode: "off", "squared" (the error of h against ``target``) or "flow" (h_T)
    target: float = 0.5
    loss_at: str = "last"  # the squared error at the last step, or averaged over "all" steps
    challenge: str = ""  # the challenge the cell came from (its targets: a loss of their own)

    def loss(self, unit: int = 0):
        """What backward mode takes the gradient of (None: forward mode, or a challenge's targets with no challenge)."""
        if self.gradient == "flow":
            return Loss("flow", "h", unit=unit)
        if self.gradient == "challenge":
            if not self.challenge:
                return None
            from lstm_viz.challenges import challenge
            from lstm_viz.challenges.descent import Targets

            return Targets(challenge(self.challenge))
        if self.gradient == "squared":
            return Loss("squared", "h", self.target, steps=(-1,) if self.loss_at == "last" else ())
        return None

    def inputs(self) -> np.ndarray:
        """The input sequence (T, d); raises SequenceError for a bad custom sequence."""
        if self.sequence == "given" and self.given:
            return np.array(self.given, dtype=np.float64)
        if self.sequence == "custom":
            return parse_inputs(self.custom)
        preset = preset_sequence(self.sequence if self.sequence != "given" else "pulse", self.steps)
        return self.amplitude * preset[:, None]

    @property
    def input_dim(self) -> int:
        if self.sequence == "given" and self.given:
            return len(self.given[0])
        return _features(self.custom) if self.sequence == "custom" else 1

    def fitted(self) -> ExplorerConfig:
        """Every cell reading this input's features (after the input changed its count, say from 4 to 1)."""
        dim = self.input_dim
        fitted = [cell.reading(dim) for cell in self.cells]
        return replace(self, cell=fitted[0], compare=fitted[1] if len(fitted) > 1 else None)

    @property
    def cells(self) -> tuple[CellConfig, ...]:
        return (self.cell,) if self.compare is None else (self.cell, self.compare)

    def with_cell(self, index: int, cell: CellConfig) -> ExplorerConfig:
        return replace(self, cell=cell) if index == 0 else replace(self, compare=cell)


@functools.lru_cache(maxsize=256)
def _features(custom: str) -> int:
    """How many numbers each step of a typed input has (1 for one that does not parse: its message comes later)."""
    try:
        return parse_inputs(custom).shape[1]
    except SequenceError:
        return 1


def run(config: ExplorerConfig) -> list[Trace]:
    """The trace of each configured cell over the input."""
    x = config.inputs()
    return [forward(cell.weights(config.input_dim), x, cell.initial_state(), dict(cell.pins)) for cell in config.cells]


def run_backward(config: ExplorerConfig, traces: list[Trace]) -> list[Gradients | None]:
    """Backward mode: each cell's gradients of the configured loss, once per configuration (None: forward mode, or a
    kind with no backward pass)."""
    result = []
    for cell, trace in zip(config.cells, traces):
        loss = config.loss(cell.unit)
        weights = cell.weights(config.input_dim)
        try:
            result.append(gradients(weights, trace, loss) if loss is not None and available(weights.kind) else None)
        except (BackwardError, IndexError):  # a challenge's targets on a cell that has not their parts or units
            result.append(None)
    return result
