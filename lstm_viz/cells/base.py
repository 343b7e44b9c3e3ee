"""What every recurrent cell kind is made of: its weights, its declaration, and the trace of a run.

A cell kind (one module in this package) holds its equations as a ``step`` that reads like the textbook, and
*declares* everything a view needs to draw it: its parts (names, symbols, ranges, colours), its weight arrays in
Keras's layout, the cell diagram's geometry, the charts over time, the equations with placeholders for the live
numbers (these two from its drawing module, lstm_viz.cells.drawing), and which parts have plain-language notes.
Views read that declaration and a ``Trace``; they never name a gate and never compute a value of the cell
themselves.

``forward`` runs any kind's ``step`` over a sequence and stacks every intermediate (Karpathy's "cache", d2l's
one-line-per-equation style), so every chart reads from one trace.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from types import MappingProxyType
from typing import Any

import numpy as np
from scipy.special import expit

from lstm_viz.cells.display import Diagram, Equation, Panel, Preset

NO_PINS: Mapping[str, np.ndarray] = MappingProxyType({})


# The logistic function σ(z): SciPy's ``expit`` itself (a call in every step of every kind, so no wrapper). It never
# overflows, and it is exact in both tails: σ(−40) is 4.2e−18, not 0 as (1 + tanh(z/2)) / 2 gives, so minLSTM's
# f / (f + i) stays defined where both gates are tiny.
sigmoid = expit


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def leaky_relu(z: np.ndarray) -> np.ndarray:
    """Keras's ``leaky_relu`` (negative slope 0.2)."""
    return np.where(z >= 0, z, 0.2 * z)


ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"tanh": np.tanh, "relu": relu, "leaky_relu": leaky_relu}


def g(z: np.ndarray) -> np.ndarray:
    """minGRU's and minLSTM's candidate function (Feng et al. 2024): z + ½ for z ≥ 0, σ(z) below. Positive and
    continuous (both give ½ at 0), so the candidate has a logarithm and the parallel scan can run in log space."""
    return np.where(z >= 0, np.maximum(z, 0.0) + 0.5, sigmoid(np.minimum(z, 0.0)))


# The fixed functions a part may be made with, besides "act" (the layer's activation, one of ACTIVATIONS).
FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"sigmoid": sigmoid, "g": g, "exp": np.exp}


def derivative(activation: str, pre: np.ndarray, out: np.ndarray) -> np.ndarray:
    """act′ at ``pre`` (``out`` = act(pre)), elementwise, for the layer's activation or "sigmoid"."""
    if activation == "sigmoid":
        return out * (1.0 - out)
    if activation == "g":
        return np.where(pre >= 0, 1.0, out * (1.0 - out))
    if activation == "exp":
        return out
    if activation == "tanh":
        return 1.0 - out**2
    if activation == "relu":
        return (pre > 0).astype(np.float64)
    return np.where(pre >= 0, 1.0, 0.2)


def into_pre(d, v, part: str, function: str, pinned) -> None:
    """∂L/∂pre_<part> += ∂L/∂part · function′, unless the part is pinned: then it is a constant, and nothing flows
    back into its pre-activation (nor, through it, into the weights or the earlier states)."""
    if part not in pinned:
        d[f"pre_{part}"] += d[part] * derivative(function, v[f"pre_{part}"], v[part])


ACTIVATION_SYMBOLS = {"tanh": "tanh", "relu": "relu", "leaky_relu": "leaky relu", "sigmoid": "σ", "g": "g",
                      "exp": "exp"}  # fmt: skip


def split(z: np.ndarray, parts: int) -> list[np.ndarray]:
    """The ``parts`` equal column blocks of z (…, parts·u), in Keras's order."""
    u = z.shape[-1] // parts
    return [z[..., k * u : (k + 1) * u] for k in range(parts)]


# --- the declaration ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One quantity of the cell that a view can show: a gate, a candidate, a state, or a product on a wire."""

    name: str  # the field of the trace ("i", "c_tilde", "kept")
    symbol: str  # as printed ("i", "c̃", "f⊙c")
    color: str
    low: float | None = None  # the range it can take (None: unbounded; views take the range from the data)
    high: float | None = None
    role: str = "derived"  # "gate", "candidate", "state" or "derived"
    activation: str | None = None  # "act" (the layer's activation), one of FUNCTIONS or None: makes it from pre_<name>
    pinnable: bool = False  # a student may replace it by a value at every step ("what if f were 1?")
    bar: bool = False  # drawn in the bars of the step (gates and candidates)


@dataclass(frozen=True)
class ArraySpec:
    """One weight array in Keras's layout: ``rows`` input rows (d), unit rows (u) or none; ``blocks`` of u columns,
    or of one column for a block in ``scalars`` (a gate that is one number for the whole head: mLSTM's i and f)."""

    name: str  # the attribute of Weights ("kernel")
    url: str  # its short name in a link ("W")
    symbol: str  # in slider labels and equations ("W", "U", "b", "b′", "p")
    rows: str  # "input", "units" or "" (a vector)
    blocks: tuple[str, ...]  # the part each block of u columns belongs to
    scalars: tuple[str, ...] = ()  # blocks one column wide

    def width(self, part: str, units: int) -> int:
        return 1 if part in self.scalars else units

    def columns(self, part: str, units: int) -> slice:
        """Where ``part``'s block is among the array's columns."""
        start = sum(self.width(block, units) for block in self.blocks[: self.blocks.index(part)])
        return slice(start, start + self.width(part, units))

    def units_of(self, columns: int) -> int:
        """The units of a layer whose array has this many columns."""
        return (columns - len(self.scalars)) // (len(self.blocks) - len(self.scalars))

    def shape(self, input_dim: int, units: int) -> tuple[int, ...]:
        columns = sum(self.width(block, units) for block in self.blocks)
        if self.rows == "input":
            return (input_dim, columns)
        if self.rows == "units":
            return (units, columns)
        return (columns,)


@dataclass(frozen=True)
class CellKind:
    """Everything about one cell kind that code outside its module may use."""

    key: str  # "lstm", "gru", …
    keras_layer: str | None  # the Keras class with the same equations, if any
    states: tuple[str, ...]  # carried from step to step: ("h",) or ("h", "c")
    parts: tuple[Part, ...]  # every quantity a view may show, in display order
    arrays: tuple[ArraySpec, ...]
    step: Callable[..., Any]  # step(weights, x, *previous states, pins) -> a NamedTuple of every intermediate
    step_fields: tuple[str, ...]  # the fields of that NamedTuple, in order
    diagram: Diagram
    panels: tuple[Panel, ...]  # the charts over time for one unit
    heatmaps: tuple[str, ...]  # the parts drawn as units × time heatmaps when there are several units
    equations: tuple[Equation, ...]
    notes: tuple[str, ...]  # parts with a plain-language note (catalogue "cell.<key>.note.<part>")
    summary: tuple[str, ...]  # parts in the one-line text summary of a step
    default: Callable[[int, int], dict[str, np.ndarray]]  # (input_dim, units) -> arrays of a fresh cell
    activations: tuple[str, ...] = ("tanh",)
    from_keras: Callable[[list[np.ndarray]], dict[str, np.ndarray]] | None = None  # layer.get_weights() -> arrays
    to_keras: Callable[[Weights], list[np.ndarray]] | None = None  # arrays -> what layer.set_weights() takes
    reference: str = ""  # the paper or library the equations follow
    presets: Mapping[str, Preset] = field(default_factory=dict)  # its own (catalogue "preset.<kind>.<name>")
    order: int = 0  # its place in lists of kinds
    # The step's lines in reverse (exact BPTT, lstm_viz.backward): back(weights, values at t, d, pinned) adds the
    # chain rule of each line into d (∂L/∂name at t, for every field and the states entering the step) and returns
    # the gradients of the step's two matrix products' outputs: (∂L/∂(x·W + b), ∂L/∂(h_{t−1}·U + b′)), each (k·u,).
    back: Callable[..., tuple[np.ndarray, np.ndarray]] | None = None
    back_arrays: Callable[..., dict[str, np.ndarray]] | None = None  # gradients of arrays other than W, U, b, b′
    back_equations: tuple[Equation, ...] = ()  # the backward step written out ({d_<name>}: ∂L/∂name at the step)
    bounded_h: bool = True  # h stays in the activation's range (h = o ⊙ act(c), act(…) or a mix of such)
    back_notes: tuple[str, ...] = ()  # parts with a plain-language note in backward mode ("cell.<key>.back_note.<p>")
    # Other ways to compute the same h, shown beside the loop's: name -> function(weights, x (T, d), initial states,
    # pins (T, u) each) -> h (T, u). "parallel" is the whole sequence at once, without the loop (a scan, an attention
    # matrix), and equals the loop's h; others may differ, and the scene says where ("alternative.<kind>.<name>").
    alternatives: Mapping[str, Callable[..., np.ndarray]] = field(default_factory=dict)
    # Compare-mode presets this kind brings: name (catalogue "compare_preset.<name>") -> (its own preset's name, the
    # other kind's key, the other cell's Preset or the name of one of that kind's presets); the first gives the input.
    compare: Mapping[str, tuple[str, str, Any]] = field(default_factory=dict)
    # Fields that are a u × u matrix at each step (mLSTM's C), kept flattened row by row: (T, u·u) in a trace.
    matrices: tuple[str, ...] = ()
    # States that are one number for the whole head (mLSTM's m): a trace repeats it in every unit's column, and an
    # initial value is one number.
    shared: tuple[str, ...] = ()
    # The family tree's line (lstm_viz.family): the state that is carried as A ⊙ state_{t−1} + B, and what A and B
    # are, as text ("c", "f", "i ⊙ c̃"); None for a cell that is not of that form (the plain RNN: h goes through U).
    recurrence: tuple[str, str, str] | None = None
    # Its parameter count as a formula of u (units) and d (input features), for the calculator ("4·{u}·({d} + 1)");
    # it must equal the sizes of ``arrays`` added up (a test checks). Empty: the calculator does not offer the kind.
    parameters: str = ""
    # The state that carries its long memory, for the Why LSTM chart's switch "the 2024 cells" (lstm_viz.gradients:
    # ‖∂M_T/∂M_t‖ read off the backward pass). Empty: not on that switch (the chart's own curves: RNN, GRU, LSTM).
    memory: str = ""
    state_limits: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # an initial state's range, when
    # not the explorer's usual one for h and c (a normalizer that must stay ≥ 0, a stabilizer's logarithm)
    # The step's loop fused, where the per-step calls are most of a run (the LSTM's): sweep(weights, x·W (T, k·u),
    # *initial states) -> every field of ``step`` (T, width), equal to running ``step`` bit for bit (a test checks).
    # ``forward`` uses it when nothing is pinned; ``step`` stays the definition every view and test reads.
    sweep: Callable[..., dict[str, np.ndarray]] | None = None

    @property
    def parallel(self) -> Callable[..., np.ndarray] | None:
        """The kind's parallel form, if it has one."""
        return self.alternatives.get("parallel")

    def width(self, name: str, units: int) -> int:
        """The columns of a field in a trace: u·u for a matrix, else u."""
        return units * units if name in self.matrices else units

    def part(self, name: str) -> Part:
        return self._parts[name]

    def __reduce__(self):
        """Pickled by its key (a worker process looks its own declaration up): its functions are module-level."""
        return _kind_by_key, (self.key,)

    @functools.cached_property
    def _parts(self) -> dict[str, Part]:
        return {part.name: part for part in self.parts}

    @property
    def pinnable(self) -> tuple[str, ...]:
        return tuple(part.name for part in self.parts if part.pinnable)

    @property
    def bars(self) -> tuple[Part, ...]:
        return tuple(part for part in self.parts if part.bar)

    def array(self, name: str) -> ArraySpec:
        return next(spec for spec in self.arrays if spec.name == name)

    def source(self) -> str:
        """The code of this kind's ``step``, as the explorer shows it."""
        return inspect.getsource(self.step)


def _kind_by_key(key: str) -> CellKind:
    from lstm_viz.cells import kind

    return kind(key)


# --- weights --------------------------------------------------------------------------------------------------


class WeightsError(ValueError):
    """Weights that do not fit a cell kind's layout."""


@dataclass(frozen=True, eq=False)
class Weights:
    """A layer's weight arrays (Keras's layout, as the kind declares them) and its activation.

    ``w.kernel`` is ``w.arrays["kernel"]``; every array is float64, and its shape is checked against the kind.
    """

    kind: CellKind
    arrays: Mapping[str, np.ndarray]
    activation: str = "tanh"

    def __post_init__(self) -> None:
        if self.activation not in self.kind.activations:
            raise WeightsError(f"activation must be one of {self.kind.activations}, got {self.activation!r}")
        arrays = {}
        kernel = np.asarray(self.arrays.get("kernel"), dtype=np.float64)
        if kernel.ndim != 2:
            raise WeightsError("kernel must be a matrix")
        units, input_dim = self.kind.array("kernel").units_of(kernel.shape[1]), kernel.shape[0]
        for spec in self.kind.arrays:
            value = np.asarray(self.arrays.get(spec.name, np.zeros(spec.shape(input_dim, units))), dtype=np.float64)
            expected = spec.shape(input_dim, units)
            if value.shape != expected:
                raise WeightsError(f"{spec.name} must have shape {expected}, got {value.shape}")
            value = value.copy()
            value.flags.writeable = False
            arrays[spec.name] = value
            object.__setattr__(self, spec.name, value)  # w.kernel: a plain attribute, read in every step
        object.__setattr__(self, "arrays", MappingProxyType(arrays))

    @property
    def units(self) -> int:
        return self.kind.array("kernel").units_of(self.arrays["kernel"].shape[1])

    @property
    def input_dim(self) -> int:
        return self.arrays["kernel"].shape[0]

    def block(self, array: str, part: str) -> np.ndarray:
        """The columns of ``part`` in an array: (rows, u), or (u,) for a vector (one column for a scalar block)."""
        spec = self.kind.array(array)
        return self.arrays[array][..., spec.columns(part, self.units)]

    def __reduce__(self):
        return Weights, (self.kind, dict(self.arrays), self.activation)

    def replace(self, **arrays: np.ndarray) -> Weights:
        return Weights(self.kind, {**self.arrays, **arrays}, self.activation)

    def equal(self, other: Weights) -> bool:
        return (
            self.kind.key == other.kind.key
            and self.activation == other.activation
            and all(np.array_equal(self.arrays[k], other.arrays[k]) for k in self.arrays)
        )


def fresh(kind: CellKind, units: int, input_dim: int = 1, activation: str = "tanh") -> Weights:
    """The kind's default cell of this size (what the explorer starts a new kind with)."""
    return Weights(kind, kind.default(input_dim, units), activation)


def random(kind: CellKind, units: int, input_dim: int, rng: np.random.Generator, scale: float = 1.0) -> Weights:
    """Normal(0, scale²) weights for every array, drawn from an explicit generator."""
    arrays = {spec.name: rng.normal(0.0, scale, spec.shape(input_dim, units)) for spec in kind.arrays}
    return Weights(kind, arrays)


# --- the trace ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Trace:
    """Every intermediate of a whole sequence, stacked over time.

    ``values`` maps every field of the kind's step (its parts and pre-activations ``pre_<part>``) and the states
    entering each step (``h_prev``, ``c_prev``) to an array (T, u). ``trace.h`` is ``trace.values["h"]``.
    """

    kind: CellKind
    activation: str
    x: np.ndarray  # (T, input_dim)
    values: Mapping[str, np.ndarray]
    pinned: tuple[str, ...] = ()

    def __reduce__(self):
        return Trace, (self.kind, self.activation, self.x, dict(self.values), self.pinned)

    def __getattr__(self, name: str) -> np.ndarray:
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)

    @property
    def steps(self) -> int:
        return self.x.shape[0]

    @property
    def units(self) -> int:
        return self.values["h"].shape[1]

    @property
    def input_dim(self) -> int:
        return self.x.shape[1]

    def final(self) -> dict[str, np.ndarray]:
        """The states after the last step."""
        return {state: self.values[state][-1] for state in self.kind.states}

    def unpinned(self, part: str) -> np.ndarray:
        """What the weights would have given for a pinned part (T, u): its activation of its pre-activation."""
        activation = self.kind.part(part).activation
        function = FUNCTIONS.get(activation) or ACTIVATIONS[self.activation]
        return function(self.values[f"pre_{part}"])

    def finite(self) -> bool:
        return all(np.all(np.isfinite(v)) for v in self.values.values()) and bool(np.all(np.isfinite(self.x)))


class PinError(ValueError):
    """A pin that names no pinnable part of the kind."""


def _pins_over_time(kind: CellKind, pins: Mapping[str, Any] | None, steps: int, units: int) -> dict[str, np.ndarray]:
    result = {}
    for name, value in (pins or {}).items():
        if value is None:
            continue
        if name not in kind.pinnable:
            raise PinError(f"{kind.key} has no pinnable part {name!r}; expected one of {kind.pinnable}")
        result[name] = np.broadcast_to(np.asarray(value, dtype=np.float64), (steps, units))
    return result


class _Projected:
    """Step t of an input whose product with the kernel was computed for the whole sequence at once (one matrix
    product instead of T small ones): a kind's step still reads ``x @ w.kernel``, as the textbook writes it, and gets
    row t of that product. Any other product is computed as it is written."""

    __slots__ = ("kernel", "products", "t", "x")

    def __init__(self, x: np.ndarray, t: int, kernel: np.ndarray, products: np.ndarray) -> None:
        self.x, self.t, self.kernel, self.products = x, t, kernel, products

    def __matmul__(self, matrix: np.ndarray) -> np.ndarray:
        return self.products[self.t] if matrix is self.kernel else self.x[self.t] @ matrix

    @classmethod
    def rows(cls, x: np.ndarray, kernel: np.ndarray) -> list[_Projected]:
        products = x @ kernel
        return [cls(x, t, kernel, products) for t in range(len(x))]


def _stacked(results: list, fields: tuple[str, ...], steps: int) -> dict[str, np.ndarray]:
    """Each field of the steps' results as one array (T, its width): vectors joined in one concatenation, then
    sliced per field (a field that is not a vector, mLSTM's matrix C, has its own stack)."""
    if results and all(np.ndim(value) == 1 for value in results[0]):
        flat = np.concatenate(list(chain.from_iterable(results))).reshape(steps, -1)
        ends = np.cumsum([np.size(value) for value in results[0]])
        return {name: flat[:, end - np.size(value) : end] for name, value, end in zip(fields, results[0], ends)}
    return {
        name: np.array([result[k] for result in results], dtype=np.float64).reshape(steps, -1)
        for k, name in enumerate(fields)
    }


def forward(
    weights: Weights,
    x: np.ndarray,
    initial: Mapping[str, Any] | None = None,
    pins: Mapping[str, Any] | None = None,
) -> Trace:
    """Run the kind's ``step`` over x (T, input_dim) from ``initial`` states (zeros by default), stack everything
    (through the kind's fused loop, ``sweep``, when it has one and nothing is pinned: the same numbers).

    ``pins`` maps pinnable parts to values broadcastable to (T, u) that replace the computed part at every step.
    """
    kind = weights.kind
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[1] != weights.input_dim:
        raise ValueError(f"x must be (T, {weights.input_dim}), got {x.shape}")
    steps, units = x.shape[0], weights.units
    state = {name: np.zeros(kind.width(name, units)) for name in kind.states}
    for name, value in (initial or {}).items():
        if name in state and value is not None:  # (a shared state's one number goes to every unit's column)
            state[name] = np.broadcast_to(np.asarray(value, dtype=np.float64).reshape(-1), state[name].shape).copy()
    pinned = _pins_over_time(kind, pins, steps, units)
    # The loop hands each step its states and keeps what it returns, nothing more: the states entering each step
    # are the series of the states it returned, shifted by one (``*_prev``), and every series is stacked once.
    step, fields = kind.step, kind.step_fields
    keep = itemgetter(*[fields.index(name) for name in kind.states])  # each state's place in a step's result
    one_state = len(kind.states) == 1
    pins_at = [{p: v[t] for p, v in pinned.items()} for t in range(steps)] if pinned else None
    current = tuple(state[name] for name in kind.states)
    results = []
    with np.errstate(over="ignore", invalid="ignore"):  # a cell that overflows gives ±∞/NaN: Trace.finite() tells
        if kind.sweep is not None and not pinned:
            series = kind.sweep(weights, x @ weights.kernel, *current)
        else:
            rows = _Projected.rows(x, weights.kernel)
            for t in range(steps):
                result = step(weights, rows[t], *current, pins_at[t] if pins_at else NO_PINS)
                results.append(result)
                current = (keep(result),) if one_state else keep(result)
            series = _stacked(results, fields, steps)
    values = {  # the states before each step
        f"{name}_prev": np.concatenate([state[name][None, :], series[name][:-1]])[:steps] for name in kind.states
    }
    values.update(series)
    return Trace(kind, weights.activation, x, MappingProxyType(values), tuple(p for p in kind.pinnable if p in pinned))
