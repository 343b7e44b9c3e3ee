"""The explorer's link: a configuration and a step as short query parameters, and back.

``to_query(config, t)`` writes only what differs from the defaults; ``from_query`` reads any query string (hostile
ones too) into a valid configuration, a step, and a plain-language note for everything it had to ignore or clamp.
The second cell of compare mode uses the same keys prefixed with "B" (``Bkind=gru&BW=…``).

A view a link cannot hold (a trained layer handed over: more units than the sliders', an input of more features,
weights exact to the last digit; or any view whose link would be longer than MAX_LINK_CHARS) is stored on the server
(lstm_viz.explorer.views) and its link is ``view=<id>`` with the step.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from lstm_viz import cells
from lstm_viz.explorer import fields, views
from lstm_viz.explorer.config import CellConfig, ExplorerConfig
from lstm_viz.explorer.fields import COMPARE_PREFIX, INPUT, PAGE_FIELDS, applies, cell_fields, large, pin_range
from lstm_viz.i18n import TextError
from lstm_viz.sequences import SequenceError

__all__ = ["COMPARE_PREFIX", "from_query", "parse_query", "pin_range", "query_string", "to_query"]


def _cell_query(cell: CellConfig, prefix: str, always_kind: bool, input_dim: int) -> dict[str, str]:
    """The cell's fields that differ from their defaults (weights: from a fresh cell of its kind and size)."""
    fresh = CellConfig.fresh(cell.kind, cell.units, input_dim, cell.activation)
    query = {}
    for field in cell_fields(cell.kind, cell.units, input_dim):
        value = fields.value(cell, field)
        if field.name == "kind":
            changed = always_kind or value != field.default
        elif field.group == "arrays":
            changed = field.format(value) != field.format(fields.value(fresh, field))
        elif field.group == "initial":
            changed = any(value)
        elif field.group == "pins":
            changed = value is not None
        else:
            changed = value != field.default
        if changed:
            query[prefix + field.link] = field.format(value)
    return query


MAX_LINK_CHARS = 4000  # longer than this, a view is stored and its link carries the id (browsers and chat apps cut
# long addresses; Streamlit drops a query string over 512 KiB)


def stored(config: ExplorerConfig) -> bool:
    """A view whose link would not hold it: a handed-over input, or a cell beyond the sliders' sizes."""
    return config.sequence == "given" or any(large(cell.units, config.input_dim) for cell in config.cells)


def to_query(config: ExplorerConfig, t: int = 0) -> dict[str, str]:
    """The configuration and the step as short query parameters (only what differs from the defaults); a view the
    link cannot hold, as its stored view's id."""
    query = {} if stored(config) else _fields_query(config)
    if not query or len(query_string(query)) > MAX_LINK_CHARS:
        view = views.save(config)  # (None: the server cannot store it now; the address then holds only the step)
        query = {views.KEY: view} if view else {}
    if t:
        query["t"] = str(int(t))
    return query


def _fields_query(config: ExplorerConfig) -> dict[str, str]:
    query = {}
    for field in PAGE_FIELDS:
        value = getattr(config, field.name)
        if applies(field, config.sequence, config.gradient) and (field.always or value != field.default):
            query[field.link] = field.format(value)
    query.update(_cell_query(config.cell, "", False, config.input_dim))
    if config.compare is not None:
        query.update(_cell_query(config.compare, COMPARE_PREFIX, True, config.input_dim))
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


# --- reading a link ---------------------------------------------------------------------------------------------


class _Reader:
    """Reads parameters one at a time through their field's validator; each bad one becomes a note and is left out."""

    def __init__(self, query: Mapping[str, str]) -> None:
        self.query, self.notes = query, []

    def get(self, key: str, field: fields.Field):
        if key not in self.query:
            return None
        try:
            return field.check(self.query[key])
        except (ValueError, TypeError, OverflowError) as error:
            shown = str(self.query[key])
            shown = shown if len(shown) <= 40 else shown[:40] + "…"
            self.notes.append(TextError("link.ignored", key=key, shown=shown, reason=error))
            return None


def _read_cell(read: _Reader, prefix: str, input_dim: int) -> CellConfig:
    """The kind, size and activation first (the other fields' shapes follow from them), then every other field."""
    first = {field.name: field for field in cell_fields(cells.DEFAULT)}
    kind = read.get(prefix + "kind", first["kind"]) or cells.DEFAULT
    kind_fields = {field.name: field for field in cell_fields(kind)}
    activation = read.get(prefix + "act", kind_fields["activation"]) or "tanh"
    units = read.get(prefix + "units", kind_fields["units"]) or 1
    cell = CellConfig.fresh(kind, units, input_dim, activation)
    values = {}
    for field in cell_fields(kind, units, input_dim):
        if field.name not in ("kind", "activation", "units"):
            value = read.get(prefix + field.link, field)
            if value is not None:
                values[field.name] = value
    return fields.with_values(cell, values)


def from_query(query: Mapping[str, str], default: ExplorerConfig | None = None) -> tuple[ExplorerConfig, int, list]:
    """(a valid configuration, the step, notes on every parameter ignored or clamped) from query parameters.

    With no cell in the link at all, ``default`` (the first screen) is used.
    """
    read = _Reader(query)
    if views.KEY in query:  # a stored view: its id, and the step
        config = views.load(query[views.KEY])
        if config is None:
            shown = str(query[views.KEY])[:40]
            read.notes.append(TextError("link.view_unknown", shown=shown))
            config = default or ExplorerConfig()
        return config, _step(query, config, read), read.notes
    cell_keys = fields.link_keys()
    own_cell = default is None or bool(cell_keys & set(query))
    config = default if not own_cell else ExplorerConfig()
    for field in PAGE_FIELDS:  # the sequence first, the gradient before its target: whether the others apply follows
        if field.name in INPUT and not own_cell:
            continue
        if applies(field, config.sequence, config.gradient):
            value = read.get(field.link, field)
            if value is not None:
                config = replace(config, **{field.name: value})
    if own_cell and config.sequence == "custom" and INPUT["custom"].link not in query:
        config = replace(config, custom="0")
    if own_cell:  # the cells after the input: their kernels' shapes follow its count of features
        compare = _read_cell(read, COMPARE_PREFIX, config.input_dim) if COMPARE_PREFIX + "kind" in query else None
        config = replace(config, cell=_read_cell(read, "", config.input_dim), compare=compare)
    return config, _step(query, config, read), read.notes


def _step(query: Mapping[str, str], config: ExplorerConfig, read: _Reader) -> int:
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
    return t
