"""The explorer's link: a configuration and a step as short query parameters, and back.

``to_query(config, t)`` writes only what differs from the defaults; ``from_query`` reads any query string (hostile
ones too) into a valid configuration, a step, and a plain-language note for everything it had to ignore or clamp.
The second cell of compare mode uses the same keys prefixed with "B" (``Bkind=gru&BW=…``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from lstm_viz import cells
from lstm_viz.cells.base import ACTIVATIONS, CellKind
from lstm_viz.explorer.config import MAX_UNITS, MIN_UNITS, STATE_LIMITS, WEIGHT_LIMIT, CellConfig, ExplorerConfig
from lstm_viz.i18n import TextError
from lstm_viz.sequences import (
    MAX_STEPS,
    MIN_STEPS,
    SEQUENCE_PRESETS,
    SequenceError,
    format_sequence,
    parse_sequence,
)

COMPARE_PREFIX = "B"


def pin_key(part: str) -> str:
    """A pinned part's key: "p" and its first letter (pi, pf, pc, po for the LSTM; pz, pr, ph for the GRU)."""
    return "p" + part[0]


def state_key(state: str) -> str:
    return f"{state}0"


def _fmt(values) -> str:
    return ",".join(f"{float(v):.4g}" for v in values)


def _cell_query(cell: CellConfig, prefix: str, always_kind: bool) -> dict[str, str]:
    kind = cell.cell_kind
    query = {}
    if always_kind or cell.kind != cells.DEFAULT:
        query["kind"] = cell.kind
    if cell.activation != "tanh":
        query["act"] = cell.activation
    if cell.units != 1:
        query["units"] = str(cell.units)
    default = CellConfig.fresh(cell.kind, cell.units, activation=cell.activation)
    for spec in kind.arrays:
        if _fmt(cell.arrays.get(spec.name, ())) != _fmt(default.arrays[spec.name]):
            query[spec.url] = _fmt(cell.arrays[spec.name])
    for state in kind.states:
        values = cell.initial.get(state)
        if values is not None and any(values):
            query[state_key(state)] = _fmt(values)
    for part, values in cell.pins.items():
        query[pin_key(part)] = _fmt(values)
    if cell.unit:
        query["k"] = str(cell.unit)
    return {prefix + key: value for key, value in query.items()}


def to_query(config: ExplorerConfig, t: int = 0) -> dict[str, str]:
    """The configuration and the step as short query parameters (only what differs from the defaults)."""
    query = {"seq": config.sequence}
    if config.sequence == "custom":
        query["x"] = format_sequence(config.inputs()[:, 0]) if _valid_custom(config.custom) else config.custom
    elif config.sequence != "given":
        query["n"] = str(config.steps)
    query.update(_cell_query(config.cell, "", always_kind=False))
    if config.compare is not None:
        query.update(_cell_query(config.compare, COMPARE_PREFIX, always_kind=True))
    if t:
        query["t"] = str(int(t))
    return query


def query_string(query: Mapping[str, str]) -> str:
    """The query as the address bar shows it (its values hold no & or =)."""
    return "&".join(f"{key}={value}" for key, value in query.items())


def parse_query(text: str) -> dict[str, str]:
    """A query string back into its parameters (the first of a repeated key wins)."""
    query: dict[str, str] = {}
    for pair in str(text).lstrip("?").split("&"):
        key, _, value = pair.partition("=")
        if key:
            query.setdefault(key, value)
    return query


def _valid_custom(text: str) -> bool:
    try:
        parse_sequence(text)
    except SequenceError:
        return False
    return True


# --- reading a link ---------------------------------------------------------------------------------------------


def _numbers(text: str, size: int, low: float, high: float) -> tuple[float, ...]:
    """Exactly ``size`` finite numbers within [low, high], or a TextError saying why not."""
    values = [float(v) for v in str(text).split(",")]
    if len(values) != size:
        raise TextError("link.count", size=size, got=len(values))
    if not all(math.isfinite(v) for v in values):
        raise TextError("link.finite", limit=max(abs(low), abs(high)))
    if not all(low <= v <= high for v in values):
        raise TextError("link.range", low=low, high=high)
    return tuple(values)


def _integer(text: str, low: int, high: int) -> int:
    value = int(str(text))
    if not low <= value <= high:
        raise TextError("link.between", low=low, high=high)
    return value


def _one_of(text: str, options) -> str:
    if text not in options:
        raise TextError("link.one_of", names=", ".join(options))
    return text


def pin_range(kind: CellKind, part: str) -> tuple[float, float]:
    declared = kind.part(part)
    low = declared.low if declared.low is not None else -WEIGHT_LIMIT
    high = declared.high if declared.high is not None else WEIGHT_LIMIT
    return low, high


class _Reader:
    """Reads parameters one at a time; each bad one becomes a note and is left out."""

    def __init__(self, query: Mapping[str, str]) -> None:
        self.query, self.notes = query, []

    def get(self, key: str, parse):
        if key not in self.query:
            return None
        try:
            return parse(self.query[key])
        except (ValueError, TypeError, OverflowError) as error:
            shown = str(self.query[key])
            shown = shown if len(shown) <= 40 else shown[:40] + "…"
            self.notes.append(TextError("link.ignored", key=key, shown=shown, reason=error))
            return None


def _read_cell(read: _Reader, prefix: str, input_dim: int) -> CellConfig:
    kind_key = read.get(prefix + "kind", lambda v: _one_of(v, list(cells.KINDS))) or cells.DEFAULT
    kind = cells.kind(kind_key)
    activation = read.get(prefix + "act", lambda v: _one_of(v, [a for a in kind.activations if a in ACTIVATIONS]))
    units = read.get(prefix + "units", lambda v: _integer(v, MIN_UNITS, MAX_UNITS)) or 1
    cell = CellConfig.fresh(kind_key, units, input_dim, activation or "tanh")
    arrays = dict(cell.arrays)
    for spec in kind.arrays:
        size = len(arrays[spec.name])
        value = read.get(prefix + spec.url, lambda v, size=size: _numbers(v, size, -WEIGHT_LIMIT, WEIGHT_LIMIT))
        if value is not None:
            arrays[spec.name] = value
    initial = {}
    for state in kind.states:
        limit = STATE_LIMITS[state]
        value = read.get(prefix + state_key(state), lambda v, limit=limit: _numbers(v, units, -limit, limit))
        if value is not None:
            initial[state] = value
    pins = {}
    for part in kind.pinnable:
        low, high = pin_range(kind, part)
        value = read.get(prefix + pin_key(part), lambda v, low=low, high=high: _numbers(v, units, low, high))
        if value is not None:
            pins[part] = value
    unit = read.get(prefix + "k", lambda v: _integer(v, 0, units - 1)) or 0
    return replace(cell, arrays=arrays, initial=initial, pins=pins, unit=unit)


def from_query(query: Mapping[str, str], default: ExplorerConfig | None = None) -> tuple[ExplorerConfig, int, list]:
    """(a valid configuration, the step, notes on every parameter ignored or clamped) from query parameters.

    With no cell in the link at all, ``default`` (the first screen) is used.
    """
    read = _Reader(query)
    cell_keys = {
        "kind",
        "act",
        "units",
        "k",
        "W",
        "U",
        "b",
        "b2",
        "P",
        "h0",
        "c0",
        "pi",
        "pf",
        "pc",
        "po",
        "pz",
        "pr",
        "ph",
        "seq",
        "x",
        "n",
    }
    if default is not None and not cell_keys & set(query):
        config = default
    else:
        config = ExplorerConfig(cell=_read_cell(read, "", 1))
        if COMPARE_PREFIX + "kind" in query:
            config = replace(config, compare=_read_cell(read, COMPARE_PREFIX, 1))
        sequence = read.get("seq", lambda v: _one_of(v, [k for k in SEQUENCE_PRESETS]))
        if sequence:
            config = replace(config, sequence=sequence)
        steps = read.get("n", lambda v: _integer(v, MIN_STEPS, MAX_STEPS))
        if steps:
            config = replace(config, steps=steps)
        if config.sequence == "custom":
            custom = read.get("x", lambda v: format_sequence(parse_sequence(v)))
            if custom is not None:
                config = replace(config, custom=custom)
            elif "x" not in query:
                config = replace(config, custom="0")
    try:
        last = len(config.inputs()) - 1
    except SequenceError:
        last = 0
    t = 0
    if "t" in query:
        text = str(query["t"])
        try:
            value = float(text)
            t = int(min(max(value, 0), last)) if math.isfinite(value) else 0
            if value != t:
                read.notes.append(TextError("link.step_clamped", shown=text[:20], t=t, last=last))
        except ValueError:
            read.notes.append(TextError("link.step_clamped", shown=text[:20], t=0, last=last))
    return config, t, read.notes
