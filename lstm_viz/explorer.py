"""The cell explorer's state: one frozen configuration, its presets, and its round trip through a URL.

Widgets take their defaults from ``ExplorerConfig()``, presets are configurations, and a shared link is
``to_query(config)``; ``from_query`` reads any query string (hostile ones too) back into a valid
configuration plus a list of plain-language notes on what it had to ignore.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from lstm_viz.i18n import TextError
from lstm_viz.lstm import GATE_RANGES, GATES, LSTMParams, Trace, forward
from lstm_viz.sequences import (
    MAX_STEPS,
    MIN_STEPS,
    SEQUENCE_PRESETS,
    SequenceError,
    format_sequence,
    parse_sequence,
    preset_sequence,
)

MIN_UNITS, MAX_UNITS = 1, 4
WEIGHT_LIMIT = 10.0  # slider range of every weight and bias: σ(±10·…) already saturates
STATE_LIMIT = 1.0  # initial h0 and c0 sliders
GATE_SYMBOLS = {"i": "i", "f": "f", "c_tilde": "c̃", "o": "o"}
GATE_NAMES = {"i": "input gate", "f": "forget gate", "c_tilde": "candidate", "o": "output gate"}


def _vector(values, size: int) -> tuple[float, ...]:
    return tuple(float(v) for v in np.broadcast_to(np.asarray(values, dtype=np.float64).ravel(), (size,)))


@dataclass(frozen=True)
class ExplorerConfig:
    """Everything the explorer shows is a function of this (and nothing else)."""

    sequence: str = "sine"  # a key of SEQUENCE_PRESETS
    custom: str = "0, 0.5, 1, 0.5, 0, -0.5, -1"  # the user's own numbers, used when sequence == "custom"
    steps: int = 20  # length of a preset sequence
    units: int = 1
    kernel: tuple[float, ...] = (1.0, 0.5, 2.0, 1.0)  # (4u,): input weight of i, f, c̃, o per unit
    recurrent: tuple[float, ...] = (0.5, 0.5, 0.5, 0.5)  # (u·4u,) row-major recurrent_kernel
    bias: tuple[float, ...] = (0.0, 1.0, 0.0, 0.0)  # (4u,); b_f = 1 as Keras's unit_forget_bias
    pins: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # gate → (u,) pinned values
    h0: tuple[float, ...] = (0.0,)
    c0: tuple[float, ...] = (0.0,)
    t: int = 0  # the step shown
    unit: int = 0  # the unit drawn in the diagram and written in the equations

    @property
    def params(self) -> LSTMParams:
        u = self.units
        return LSTMParams(
            np.array(self.kernel).reshape(1, 4 * u), np.array(self.recurrent).reshape(u, 4 * u), np.array(self.bias)
        )

    def inputs(self) -> np.ndarray:
        """The input sequence (T,); raises SequenceError for a bad custom sequence."""
        if self.sequence == "custom":
            return parse_sequence(self.custom)
        return preset_sequence(self.sequence, self.steps)

    def with_units(self, units: int) -> ExplorerConfig:
        """The same cell grown or shrunk to ``units``: existing weights kept, new ones zero (b_f = 1)."""
        units = int(np.clip(units, MIN_UNITS, MAX_UNITS))
        old, params = self.units, self.params
        kernel = np.zeros((1, 4 * units))
        recurrent = np.zeros((units, 4 * units))
        bias = np.zeros(4 * units)
        bias[units : 2 * units] = 1.0
        keep = min(old, units)
        for g in range(4):
            new_cols, old_cols = slice(g * units, g * units + keep), slice(g * old, g * old + keep)
            kernel[:, new_cols] = params.kernel[:, old_cols]
            recurrent[:keep, new_cols] = params.recurrent_kernel[:keep, old_cols]
            bias[new_cols] = params.bias[old_cols]
        pins = {g: _vector(list(v[:keep]) + [v[-1]] * (units - keep), units) for g, v in self.pins.items()}
        return replace(
            self,
            units=units,
            kernel=_vector(kernel, 4 * units),
            recurrent=_vector(recurrent, 4 * units * units),
            bias=_vector(bias, 4 * units),
            pins=pins,
            h0=_vector(list(self.h0[:keep]) + [0.0] * (units - keep), units),
            c0=_vector(list(self.c0[:keep]) + [0.0] * (units - keep), units),
            unit=min(self.unit, units - 1),
        )

    def with_params(self, params: LSTMParams) -> ExplorerConfig:
        u = params.units
        return replace(
            self,
            units=u,
            kernel=_vector(params.kernel, 4 * u),
            recurrent=_vector(params.recurrent_kernel, 4 * u * u),
            bias=_vector(params.bias, 4 * u),
        )


def run(config: ExplorerConfig) -> Trace:
    """The trace of the configured cell over its input sequence."""
    x = config.inputs()
    return forward(config.params, x[:, None], np.array(config.h0), np.array(config.c0), dict(config.pins))


# --- presets ------------------------------------------------------------------------------------------

WORKED_EXAMPLE = {  # course document 001, one step of a 3-unit cell
    "c_prev": (1.0, -0.5, 0.8),
    "f": (0.9, 0.1, 0.7),
    "i": (0.8, 0.2, 0.9),
    "c_tilde": (0.5, -0.3, 0.7),
    "o": (0.9, 0.5, 0.8),
    "c": (1.3, -0.11, 1.19),
    "h_document": (0.77, -0.06, 0.66),  # the document rounds tanh(c) to 2 decimals before multiplying by o
}

CELL_PRESETS: dict[str, str] = {
    "worked": "Course worked example (document 001)",
    "long_memory": "Long memory: write once, then f ≈ 1, i ≈ 0",
    "forget": "Forget everything: f ≈ 0",
    "spikes": "Write on spikes",
    "random": "Seeded random",
    "default": "Back to the default cell",
}


def _single_unit(kernel, recurrent, bias, **changes) -> ExplorerConfig:
    return replace(ExplorerConfig(), kernel=tuple(kernel), recurrent=tuple(recurrent), bias=tuple(bias), **changes)


def preset(name: str, current: ExplorerConfig | None = None, seed: int = 7) -> ExplorerConfig:
    """The configuration of a cell preset; "random" keeps the current size and sequence."""
    current = current or ExplorerConfig()
    if name == "worked":
        w = WORKED_EXAMPLE
        return replace(
            ExplorerConfig().with_units(3),
            sequence="custom",
            custom="0",
            kernel=(0.0,) * 12,
            recurrent=(0.0,) * 36,
            bias=(0.0,) * 12,
            pins={g: w[g] for g in GATES},
            c0=w["c_prev"],
            h0=(0.0,) * 3,
        )
    if name == "long_memory":
        # i opens only for the pulse (σ(10·1 − 5) ≈ 0.99, σ(−5) ≈ 0.007); b_f = 6 keeps f ≈ 0.998.
        return _single_unit((10.0, 0.0, 3.0, 0.0), (0.0,) * 4, (-5.0, 6.0, 0.0, 3.0), sequence="pulse", steps=30)
    if name == "forget":
        # f ≈ σ(−6) ≈ 0.002: every step starts from scratch, so c just follows the candidate.
        return _single_unit((0.0, 0.0, 2.0, 0.0), (0.0,) * 4, (6.0, -6.0, 0.0, 3.0), sequence="sine", steps=30)
    if name == "spikes":
        # i = σ(8x − 10) opens only when x > ~1.25; f ≈ 0.95 lets the written value fade slowly.
        return _single_unit((8.0, 0.0, 2.0, 0.0), (0.0,) * 4, (-10.0, 3.0, 0.0, 3.0), sequence="noise", steps=40)
    if name == "random":
        rng = np.random.default_rng(seed)
        params = LSTMParams.random(current.units, 1, rng)
        return replace(current.with_params(params), pins={}, t=0)
    if name == "default":
        return ExplorerConfig()
    raise KeyError(f"unknown cell preset {name!r}")


def is_worked_example(config: ExplorerConfig) -> bool:
    w = WORKED_EXAMPLE
    return (
        config.units == 3
        and all(g in config.pins and np.allclose(config.pins[g], w[g]) for g in GATES)
        and np.allclose(config.c0, w["c_prev"])
    )


# --- the URL ------------------------------------------------------------------------------------------

_PIN_KEYS = {"i": "pi", "f": "pf", "c_tilde": "pc", "o": "po"}


def _fmt(values) -> str:
    return ",".join(f"{float(v):.4g}" for v in values)


def to_query(config: ExplorerConfig) -> dict[str, str]:
    """The configuration as short query parameters (only what differs from the defaults)."""
    default = ExplorerConfig().with_units(config.units)
    query = {"seq": config.sequence}
    if config.sequence == "custom":
        query["x"] = format_sequence(config.inputs()) if _valid_custom(config.custom) else config.custom
    else:
        query["n"] = str(config.steps)
    if config.units != 1:
        query["units"] = str(config.units)
    for key, value, base in (
        ("W", config.kernel, ExplorerConfig().kernel if config.units == 1 else default.kernel),
        ("U", config.recurrent, ExplorerConfig().recurrent if config.units == 1 else default.recurrent),
        ("b", config.bias, ExplorerConfig().bias if config.units == 1 else default.bias),
        ("h0", config.h0, default.h0),
        ("c0", config.c0, default.c0),
    ):
        if _fmt(value) != _fmt(base):
            query[key] = _fmt(value)
    for gate, key in _PIN_KEYS.items():
        if gate in config.pins:
            query[key] = _fmt(config.pins[gate])
    if config.t:
        query["t"] = str(config.t)
    if config.unit:
        query["k"] = str(config.unit)
    return query


def _valid_custom(text: str) -> bool:
    try:
        parse_sequence(text)
    except SequenceError:
        return False
    return True


def _numbers(text: str, size: int, limit: float) -> tuple[float, ...]:
    """Exactly ``size`` finite numbers within ±limit, or ValueError."""
    values = [float(v) for v in str(text).split(",")]
    if len(values) != size:
        raise TextError("link.count", size=size, got=len(values))
    if not all(math.isfinite(v) and abs(v) <= limit for v in values):
        raise TextError("link.finite", limit=limit)
    return tuple(values)


def _integer(text: str, low: int, high: int) -> int:
    value = int(str(text))
    if not low <= value <= high:
        raise TextError("link.between", low=low, high=high)
    return value


def from_query(query: Mapping[str, str]) -> tuple[ExplorerConfig, list[TextError]]:
    """A valid configuration from query parameters; every ignored parameter is named in the notes."""
    config, notes = ExplorerConfig(), []

    def attempt(key: str, parse):
        if key not in query:
            return None
        try:
            return parse(query[key])
        except (ValueError, TypeError, OverflowError) as error:
            shown = str(query[key])
            shown = shown if len(shown) <= 40 else shown[:40] + "…"
            notes.append(TextError("link.ignored", key=key, shown=shown, reason=error))
            return None

    units = attempt("units", lambda v: _integer(v, MIN_UNITS, MAX_UNITS))
    if units:
        config = config.with_units(units)
    u = config.units
    sequence = attempt("seq", _sequence_name)
    if sequence:
        config = replace(config, sequence=sequence)
    steps = attempt("n", lambda v: _integer(v, MIN_STEPS, MAX_STEPS))
    if steps:
        config = replace(config, steps=steps)
    if config.sequence == "custom":
        custom = attempt("x", lambda v: format_sequence(parse_sequence(v)))
        if custom is not None:
            config = replace(config, custom=custom)
    for key, attr, size, limit in (
        ("W", "kernel", 4 * u, WEIGHT_LIMIT),
        ("U", "recurrent", 4 * u * u, WEIGHT_LIMIT),
        ("b", "bias", 4 * u, WEIGHT_LIMIT),
        ("h0", "h0", u, STATE_LIMIT),
        ("c0", "c0", u, WEIGHT_LIMIT),
    ):
        value = attempt(key, lambda v, size=size, limit=limit: _numbers(v, size, limit))
        if value is not None:
            config = replace(config, **{attr: value})
    pins = {}
    for gate, key in _PIN_KEYS.items():
        low, high = GATE_RANGES[gate]
        value = attempt(key, lambda v, low=low, high=high: _pin(v, u, low, high))
        if value is not None:
            pins[gate] = value
    config = replace(config, pins=pins)
    try:
        steps_available = len(config.inputs())
    except SequenceError:
        steps_available = 1
    t = attempt("t", lambda v: _integer(v, 0, steps_available - 1))
    unit = attempt("k", lambda v: _integer(v, 0, u - 1))
    return replace(config, t=t or 0, unit=unit or 0), notes


def _sequence_name(text: str) -> str:
    if text not in SEQUENCE_PRESETS:
        raise TextError("link.one_of", names=", ".join(SEQUENCE_PRESETS))
    return text


def _pin(text: str, units: int, low: float, high: float) -> tuple[float, ...]:
    values = _numbers(text, units, 1e9)
    if not all(low <= v <= high for v in values):
        raise TextError("link.pinned_range", low=low, high=high)
    return values


# --- widgets ------------------------------------------------------------------------------------------
# The page binds one widget to each key below; these two functions are the whole mapping, so the page
# stays a list of widgets and the mapping is tested without Streamlit.

C0_LIMIT = 5.0
PIN_DEFAULTS = {"i": 0.0, "f": 1.0, "c_tilde": 1.0, "o": 1.0}  # "what if the forget gate were 1?"


def weight_key(kind: str, gate: str, unit: int, source: int = 0) -> str:
    """Widget key of one weight: kind "W" (input), "U" (recurrent, from unit ``source``) or "b"."""
    return f"U_{gate}_{source}_{unit}" if kind == "U" else f"{kind}_{gate}_{unit}"


def widget_values(config: ExplorerConfig) -> dict[str, object]:
    """The value of every widget key for a configuration."""
    u, params = config.units, config.params
    values: dict[str, object] = {
        "seq": config.sequence,
        "custom": config.custom,
        "steps": config.steps,
        "units": config.units,
        "unit": config.unit,
        "t": config.t,
    }
    for gate in GATES:
        kernel, recurrent, bias = params.gate(gate)
        values[f"pin_{gate}"] = gate in config.pins
        for k in range(u):
            values[weight_key("W", gate, k)] = float(kernel[0, k])
            values[weight_key("b", gate, k)] = float(bias[k])
            for j in range(u):
                values[weight_key("U", gate, k, j)] = float(recurrent[j, k])
            values[f"pinval_{gate}_{k}"] = float(config.pins[gate][k]) if gate in config.pins else PIN_DEFAULTS[gate]
    for k in range(u):
        values[f"h0_{k}"] = float(config.h0[k])
        values[f"c0_{k}"] = float(config.c0[k])
    return values


def config_from_widgets(values: Mapping[str, object], previous: ExplorerConfig) -> tuple[ExplorerConfig, list[str]]:
    """The configuration the widgets show; a key that is missing keeps ``previous``'s value.

    A custom sequence that does not parse is not taken: the previous one stays and the message is returned.
    """
    errors: list[str] = []
    fallback = widget_values(previous)

    def get(key: str):
        return values[key] if key in values and values[key] is not None else fallback.get(key)

    units = int(np.clip(int(get("units")), MIN_UNITS, MAX_UNITS))
    if units != previous.units:  # a resize keeps what it can of the previous cell
        return replace(previous.with_units(units), t=0), errors
    sequence = str(get("seq")) if get("seq") in SEQUENCE_PRESETS else previous.sequence
    custom = previous.custom
    if sequence == "custom":
        text = str(values.get("custom", previous.custom) or "")
        try:
            custom = format_sequence(parse_sequence(text)) if text != previous.custom else previous.custom
        except SequenceError as error:
            errors.append(TextError("explorer.keeps_last_valid", error=error, previous=previous.custom))
    steps = int(np.clip(int(get("steps")), MIN_STEPS, MAX_STEPS))
    kernel, recurrent, bias = np.zeros((1, 4 * units)), np.zeros((units, 4 * units)), np.zeros(4 * units)
    pins = {}
    for g, gate in enumerate(GATES):
        for k in range(units):
            col = g * units + k
            kernel[0, col] = _clip(get(weight_key("W", gate, k)), WEIGHT_LIMIT)
            bias[col] = _clip(get(weight_key("b", gate, k)), WEIGHT_LIMIT)
            for j in range(units):
                recurrent[j, col] = _clip(get(weight_key("U", gate, k, j)), WEIGHT_LIMIT)
        if get(f"pin_{gate}"):
            low, high = GATE_RANGES[gate]
            pins[gate] = tuple(float(np.clip(_finite(get(f"pinval_{gate}_{k}")), low, high)) for k in range(units))
    config = replace(
        previous,
        sequence=sequence,
        custom=custom,
        steps=steps,
        pins=pins,
        h0=tuple(_clip(get(f"h0_{k}"), STATE_LIMIT) for k in range(units)),
        c0=tuple(_clip(get(f"c0_{k}"), C0_LIMIT) for k in range(units)),
        unit=int(np.clip(int(get("unit")), 0, units - 1)),
    ).with_params(LSTMParams(kernel, recurrent, bias))
    return replace(config, t=int(np.clip(int(get("t")), 0, len(config.inputs()) - 1))), errors


def _finite(value) -> float:
    value = float(value)
    return value if math.isfinite(value) else 0.0


def _clip(value, limit: float) -> float:
    return float(np.clip(_finite(value), -limit, limit))


def trace_csv(trace: Trace) -> str:
    """Every value at every step as CSV: t, x, then z and each quantity per unit."""
    columns = {"t": np.arange(trace.steps), "x": trace.x[:, 0]}
    u = trace.units
    for name in ("i", "f", "c_tilde", "o", "c", "tanh_c", "h"):
        for k in range(u):
            columns[f"{name}_{k + 1}"] = getattr(trace, name)[:, k]
    for g, gate in enumerate(GATES):
        for k in range(u):
            columns[f"z_{gate}_{k + 1}"] = trace.z[:, g * u + k]
    header = ",".join(columns)
    rows = np.column_stack(list(columns.values()))
    lines = [header] + [",".join([f"{int(row[0])}"] + [f"{v:.10g}" for v in row[1:]]) for row in rows]
    return "\n".join(lines) + "\n"


# --- the time step shown, against the browser's late copies -----------------------------------------------------

STALE_SECONDS = 1.5  # longer than a run's round trip: what the browser can still send from before it


@dataclass
class StepHistory:
    """The steps the page has shown recently, to tell a student's move of the time slider from a late copy.

    Every request carries the browser's copy of the slider. During playback the server moves the step and the
    browser learns it one run later, so a timer run the browser sent just before a click's run reached it carries
    the step from before the click. Such a copy is a step the page showed in the last moments, but not the latest;
    a student's move is anything else.
    """

    shown: int | None = None
    recent: list[tuple[int, float]] = field(default_factory=list)  # (step, when shown)

    def show(self, step: int, now: float) -> None:
        self.shown = step
        self.recent = [(s, when) for s, when in self.recent if now - when < STALE_SECONDS and s != step]
        self.recent.append((step, now))

    def settle(self, requested: int, now: float, last: int) -> tuple[int, bool]:
        """(the step to show, whether the student moved it) for a run whose slider says ``requested``."""
        requested = min(max(int(requested), 0), last)
        if self.shown is None or requested == self.shown:
            return requested, False
        late_copy = any(s == requested and now - when < STALE_SECONDS for s, when in self.recent)
        if late_copy:
            return min(max(self.shown, 0), last), False
        return requested, True


DUPLICATE_SECONDS = 0.05  # Streamlit's second delivery came 3–30 ms after the first; no hand clicks twice so fast


@dataclass
class ClickFilter:
    """Drops a step button's click that arrives a second time.

    During playback Streamlit can deliver one click to its callback twice, a few milliseconds apart, when it meets a
    playback tick; Next would then move two steps. A second click of the same button within ``DUPLICATE_SECONDS``
    is that echo, not a student.
    """

    last: dict[str, float] = field(default_factory=dict)

    def fresh(self, key: str, now: float) -> bool:
        echo = now - self.last.get(key, -math.inf) < DUPLICATE_SECONDS
        self.last[key] = now
        return not echo
