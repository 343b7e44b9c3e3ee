"""One declaration of every piece of the explorer's state, and the one validator of its values.

Each ``Field`` carries its name (where it lives in the configuration), its range and default, its widget key, its
link key and the catalogue key of its label. A cell's fields are derived from its kind: its weight arrays
(``ArraySpec``), its carried states and its pinnable parts, plus the kind, size, activation and unit shown; the input's
fields are ``INPUT_FIELDS``. The widgets (``explorer.widgets``), the link (``explorer.link``, which lectures store),
the challenges and the class session all read and write through these fields, so a new knob is one row here and a new
cell kind brings its fields for free.

``Field.check`` is the validator: strict for a link (a bad value is a ``TextError``, the parameter is left out and
the user told why), clamping for a widget (a slider or a hostile client's value is brought into range).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from lstm_viz import cells
from lstm_viz.cells.base import ACTIVATIONS, CellKind
from lstm_viz.i18n import TextError
from lstm_viz.sequences import LINK, MAX_FEATURES, MAX_STEPS, MIN_STEPS, SEQUENCE_PRESETS, format_inputs, parse_inputs

MIN_UNITS, MAX_UNITS = 1, 4
CHALLENGE_KEYS = ("pin_forget", "write", "keep_pulse", "half_life", "hold_reveal", "count_ones", "reset",
                  "coupled_memory", "gru_memory", "rnn_latch", "min_gru_memory", "min_lstm_ratio",
                  "no_forget_bounded", "delay", "rising_edge", "slstm_revise")  # fmt: skip
WEIGHT_LIMIT = 10.0  # range of every weight and bias: σ(±10·…) already saturates
STATE_LIMITS = {"h": 1.0, "c": 5.0}  # the initial states'
# A layer beyond the sliders' sizes (more than MAX_UNITS units, or an input wider than MAX_FEATURES: a trained one
# handed over) is "large": only the unit shown has widgets, and the sidebar finds one of its weights by a search
# instead of drawing a slider per row (a 128-unit layer has 233 rows per gate).
COMPARE_PREFIX = "B"  # the second cell of compare mode: its link keys start with "B", its widget keys with "B_"


@dataclass(frozen=True)
class Field:
    """One piece of state. ``name`` is "<group>.<key>" for a cell's arrays, pins and initial states ("arrays.kernel",
    "pins.f", "initial.c") and the attribute's name otherwise ("kind", "units", "steps")."""

    name: str
    link: str  # its key in a link
    widget: str  # its widget key; a vector's widgets add "_<unit>" (a weight: "_<part>_<unit>[_<row>]")
    text: str  # the catalogue key of its label
    type: str  # "choice", "integer", "numbers" or "sequence"
    default: object = None
    low: float = -math.inf
    high: float = math.inf
    size: int = 1  # a vector's length
    options: tuple[str, ...] = ()
    switch: str = ""  # an optional vector's on/off widget (a pin): unset is "not pinned"
    when: str = ""  # an input field that applies only to a "custom" sequence or to a "preset" one
    always: bool = False  # written to a link even at its default
    step: float | None = None  # a slider's step

    @property
    def group(self) -> str:
        return self.name.partition(".")[0] if "." in self.name else ""

    @property
    def key(self) -> str:
        return self.name.partition(".")[2] if "." in self.name else self.name

    def check(self, raw: object, clamp: bool = False, language: str = LINK):
        """The value ``raw`` (a link's text, or a widget's value) means, valid for this field; else a TextError.

        With ``clamp`` (widgets), numbers out of range are brought into it and a non-finite one counts as 0. A
        sequence typed into a text box is read in ``language``'s format (a decimal comma in Russian); a link's is
        always read in the link's one format (lstm_viz.sequences), and the value is kept in that format.
        """
        if self.type == "choice":
            if str(raw) not in self.options:
                raise TextError("link.one_of", names=", ".join(self.options))
            return str(raw)
        if self.type == "sequence":
            return format_inputs(parse_inputs(str(raw), language))  # SequenceError is a TextError
        if self.type == "number":
            value = _number(raw, clamp)
            if clamp:
                return self.clamped(value)
            if not math.isfinite(value) or not self.low <= value <= self.high:
                raise TextError("link.range", low=self.low, high=self.high)
            return value
        if self.type == "integer":
            value = _number(raw, clamp)
            if clamp:
                return int(np.clip(int(value), self.low, self.high))
            if value != int(value) or not self.low <= value <= self.high:
                raise TextError("link.between", low=int(self.low), high=int(self.high))
            return int(value)
        values = [_number(v, clamp) for v in (str(raw).split(",") if isinstance(raw, str) else raw)]
        if len(values) != self.size:
            raise TextError("link.count", size=self.size, got=len(values))
        if clamp:
            return tuple(self.clamped(v) for v in values)
        if not all(math.isfinite(v) for v in values):
            raise TextError("link.finite", limit=max(abs(self.low), abs(self.high)))
        if not all(self.low <= v <= self.high for v in values):
            raise TextError("link.range", low=self.low, high=self.high)
        return tuple(values)

    def clamped(self, raw: object) -> float:
        """One number of this field as a widget takes it: in range, and 0 for anything not a finite number."""
        return float(np.clip(_number(raw, clamp=True), self.low, self.high))

    def format(self, value) -> str:
        """The value as a link writes it."""
        if self.type == "numbers":
            return ",".join(f"{float(v):.4g}" for v in value)
        if self.type == "number":
            return f"{float(value):.4g}"
        if self.type == "sequence":
            try:
                return self.check(value)
            except TextError:
                return str(value)  # kept as typed: the link reopens the same message
        return str(value)


def _number(raw: object, clamp: bool) -> float:
    try:
        value = float(str(raw).strip()) if isinstance(raw, str) else float(raw)
    except (TypeError, ValueError):
        if clamp:
            return 0.0
        raise ValueError(f"could not convert {str(raw)[:20]!r} to a number") from None
    return value if math.isfinite(value) or not clamp else 0.0


# --- the input ---------------------------------------------------------------------------------------------------

# The sequence comes first: whether the others apply depends on it. A new knob of the input is one row here (and
# what it does, in ExplorerConfig.inputs); its widget, its link key and its validation follow from the row.
# fmt: off
INPUT_FIELDS = (
    Field("sequence", "seq", "seq", "explorer.sequence", "choice", "pulse", options=tuple(SEQUENCE_PRESETS),
          always=True),
    Field("custom", "x", "custom", "explorer.your_numbers", "sequence", "0, 0.5, 1, 0.5, 0, -0.5, -1",
          when="custom", always=True),
    Field("steps", "n", "steps", "explorer.steps", "integer", 30, MIN_STEPS, MAX_STEPS, when="preset", always=True,
          step=1),
    Field("amplitude", "amp", "amplitude", "explorer.amplitude", "number", 1.0, 0.1, 5.0, when="preset", step=0.1),
)
# fmt: on
INPUT = {field.name: field for field in INPUT_FIELDS}

# Backward mode (issue 29): which gradient the scene shows. "squared": of (h_t − y)² at the last step or averaged over
# every step; "flow": of h_T alone (the unit shown), the pure gradient flow; "challenge": of a challenge's own targets
# (a cell opened from the challenges page). The target applies to "squared" only, the challenge to "challenge".
# fmt: off
GRADIENT_FIELDS = (
    Field("gradient", "grad", "grad", "explorer.gradient", "choice", "off",
          options=("off", "squared", "flow", "challenge")),
    Field("target", "y", "target", "explorer.target", "number", 0.5, -5.0, 5.0, when="squared", step=0.05),
    Field("loss_at", "at", "loss_at", "explorer.loss_at", "choice", "last", options=("last", "all"), when="squared"),
    Field("challenge", "gch", "gch", "explorer.challenge", "choice", "", options=("", *CHALLENGE_KEYS)),
)
# fmt: on
PAGE_FIELDS = INPUT_FIELDS + GRADIENT_FIELDS  # every field that is not a cell's, in the order a link writes them
PAGE = {field.name: field for field in PAGE_FIELDS}


def applies(field: Field, sequence: str, gradient: str = "squared") -> bool:
    """Does this field mean anything for this sequence ("custom", "given" or a preset's name) and gradient mode?"""
    if field.when == "custom":
        return sequence == "custom"
    if field.when == "preset":
        return sequence not in ("custom", "given")
    if field.when == "squared":
        return gradient == "squared"
    return True


# --- a cell ------------------------------------------------------------------------------------------------------


def pin_range(kind: CellKind, part: str) -> tuple[float, float]:
    declared = kind.part(part)
    low = declared.low if declared.low is not None else -WEIGHT_LIMIT
    high = declared.high if declared.high is not None else WEIGHT_LIMIT
    return low, high


def pin_field(kind: CellKind, part: str, units: int = 1) -> Field:
    """A pinned part: "p" and its first letter in a link (pi, pf, pc, po; pz, pr, ph), its switch and values."""
    low, high = pin_range(kind, part)
    return Field(f"pins.{part}", "p" + part[0], f"pinval_{part}", "explorer.pinned_to", "numbers", None, low, high,
                 units, switch=f"pin_{part}")  # fmt: skip


@functools.cache
def cell_fields(kind_key: str, units: int = 1, input_dim: int = 1) -> tuple[Field, ...]:
    """Every field of one cell of this kind and size, in the order a link writes them."""
    kind = cells.kind(kind_key)
    activations = tuple(a for a in kind.activations if a in ACTIVATIONS)
    fields = [
        Field("kind", "kind", "kind", "explorer.kind", "choice", cells.DEFAULT, options=tuple(cells.KINDS)),
        Field("activation", "act", "act", "explorer.activation", "choice", "tanh", options=activations),
        Field("units", "units", "units", "explorer.units", "integer", 1, MIN_UNITS, MAX_UNITS),
    ]
    for spec in kind.arrays:
        size = int(np.prod(spec.shape(input_dim, units)))
        fields.append(Field(f"arrays.{spec.name}", spec.url, spec.url, f"explorer.weight.{spec.rows or spec.name}",
                            "numbers", None, -WEIGHT_LIMIT, WEIGHT_LIMIT, size))  # fmt: skip
    for state in kind.states:
        low, high = kind.state_limits.get(state) or (-STATE_LIMITS[state], STATE_LIMITS[state])
        size = 1 if state in kind.shared else kind.width(state, units)  # (a matrix state: u·u, row by row)
        fields.append(Field(f"initial.{state}", f"{state}0", f"init_{state}", "explorer.initial_state", "numbers",
                            (0.0,) * size, low, high, size))  # fmt: skip
    fields.extend(pin_field(kind, part, units) for part in kind.pinnable)
    fields.append(Field("unit", "k", "unit", "explorer.unit", "integer", 0, 0, units - 1))
    return tuple(fields)


def large(units: int, input_dim: int) -> bool:
    """A layer beyond the sliders' sizes: its weights are found by a search, one unit's at a time."""
    return units > MAX_UNITS or input_dim > MAX_FEATURES


def slider_units(units: int, unit: int, input_dim: int = 1) -> range | tuple[int]:
    """The units whose weights, pins and initial states have widgets: all of a small layer's, only the one shown of a
    large layer's."""
    return (min(max(int(unit), 0), units - 1),) if large(units, input_dim) else range(units)


def weight_slots(kind: CellKind, units: int, input_dim: int, unit: int) -> Iterator[tuple]:
    """(array spec, part, row, flat index) of every weight of ``unit``, in the kind's order."""
    for part in dict.fromkeys(part for spec in kind.arrays for part in spec.blocks):
        for spec in kind.arrays:
            if part not in spec.blocks:
                continue
            column = spec.columns(part, units).start + (0 if part in spec.scalars else unit)
            width = spec.shape(input_dim, units)[-1]
            if spec.rows:
                for row in range(input_dim if spec.rows == "input" else units):
                    yield spec, part, row, row * width + column
            else:
                yield spec, part, None, column


def weight_key(prefix: str, spec, part: str, unit: int, row: int | None = None) -> str:
    """The widget of one weight: its array's link name, its part, its unit, and its row (input or source unit)."""
    key = f"{prefix}{spec.url}_{part}_{unit}"
    return key if row is None else f"{key}_{row}"


def elements(field: Field, kind: CellKind, units: int, input_dim: int, shown: int = 0) -> Iterator[tuple[str, int]]:
    """(widget key without prefix, index into the field's values) of each of a vector field's widgets (a large
    layer's weights: the ``shown`` unit's only)."""
    if field.group == "arrays":
        for unit in slider_units(units, shown, input_dim):
            for spec, part, row, index in weight_slots(kind, units, input_dim, unit):
                if spec.name == field.key:
                    yield weight_key("", spec, part, unit, row), index
    elif field.size == units:  # one per unit (a large layer's: the shown unit's)
        for k in slider_units(units, shown, input_dim):
            yield f"{field.widget}_{k}", k
    else:  # a matrix state's u·u entries, a shared state's one number
        for k in range(field.size):
            yield f"{field.widget}_{k}", k


def value(cell, field: Field):
    """The field's value in a CellConfig (None: an unset optional field, a pin that is off)."""
    if field.group == "arrays":
        if field.key in cell.arrays:
            values = cell.arrays[field.key]
            return values if isinstance(values, tuple) else tuple(values)  # (the same tuple: see config._array)
        spec = next(spec for spec in cell.cell_kind.arrays if spec.name == field.key)  # not set: the kind's default
        input_dim = field.size // spec.shape(1, cell.units)[-1] if spec.rows == "input" else 1
        return tuple(float(v) for v in cell.cell_kind.default(input_dim, cell.units)[field.key].ravel())
    if field.group == "pins":
        return cell.pins.get(field.key)
    if field.group == "initial":
        return tuple(cell.initial.get(field.key, field.default))
    return getattr(cell, field.name)


def with_values(cell, values: dict[str, object]):
    """The CellConfig with these fields (by name) replaced; an initial state of zeros and a None pin are dropped."""
    arrays, pins, initial, plain = dict(cell.arrays), dict(cell.pins), dict(cell.initial), {}
    for name, new in values.items():
        group, _, key = name.partition(".")
        if group == "arrays":
            arrays[key] = tuple(new)
        elif group == "pins":
            pins.pop(key, None) if new is None else pins.__setitem__(key, tuple(new))
        elif group == "initial":
            initial.pop(key, None) if not any(new) else initial.__setitem__(key, tuple(new))
        else:
            plain[name] = new
    return replace(cell, arrays=arrays, pins=pins, initial=initial, **plain)


@functools.cache
def cell_widget_stems() -> frozenset[str]:
    """Every cell widget's key, or the stem its per-element keys start with, over every kind."""
    stems = set()
    for kind in cells.KINDS:
        for field in cell_fields(kind):
            stems.update(key for key in (field.widget, field.switch) if key)
    return frozenset(stems)


def is_cell_widget(key: object) -> bool:
    """A widget of a cell (its kind, size, weights, pins, initial states), for either cell of compare mode."""
    if not isinstance(key, str):
        return False
    key = key.removeprefix(COMPARE_PREFIX + "_")
    stems = cell_widget_stems()
    return key in stems or any(key.startswith(stem + "_") for stem in stems)


@functools.cache
def link_keys() -> frozenset[str]:
    """Every key a link may use for the input or a cell (not the step, the language or the lecture)."""
    keys = {field.link for field in INPUT_FIELDS}
    for kind in cells.KINDS:
        keys.update(field.link for field in cell_fields(kind))
    return frozenset(keys)


def numbers_text(values: Sequence[float]) -> str:
    return ",".join(f"{float(v):.4g}" for v in values)
