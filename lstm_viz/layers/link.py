"""The stack view's link: its configuration and step as short query parameters, and back.

The same rules as the cell explorer's (lstm_viz.explorer.link): only what differs from the defaults is written; any
query string, hostile ones too, is read into a valid stack, a step, and a note for each parameter left out. A stack
Keras would refuse (a middle layer with ``return_sequences`` off) is read as written: the page says why and runs it
as Keras would build it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from lstm_viz.explorer.fields import INPUT, applies
from lstm_viz.explorer.link import parse_query, query_string
from lstm_viz.i18n import TextError
from lstm_viz.layers.config import (
    FIELDS,
    SIDES,
    LayerConfig,
    StackConfig,
    config_value,
    count_field,
    layer_fields,
    layer_value,
    side_layers,
    with_count,
    with_layer_value,
)
from lstm_viz.sequences import SequenceError

__all__ = ["from_query", "parse_query", "query_string", "to_query"]


def to_query(config: StackConfig, t: int = 0) -> dict[str, str]:
    """The stack and the step as query parameters ({} for a trained model's stack: its weights are not a link's)."""
    if config.trained is not None:
        return {}
    query = {}
    for item in FIELDS:
        value = config_value(config, item)
        if applies(item, config.sequence) and (item.always or value != item.default):
            query[item.link] = item.format(value)
    if config.compare is not None:
        query[count_field("B").link] = str(len(config.compare))
    for side in SIDES:
        for number, layer in enumerate(side_layers(config, side), 1):
            for item in layer_fields(number, side):
                value = layer_value(layer, item)
                if value != item.default and (item.name != "merge_mode" or layer.bidirectional):
                    query[item.link] = item.format(value)
    if t:
        query["t"] = str(int(t))
    return query


def _checked(query: Mapping[str, str], key: str, item, notes: list):
    if key not in query:
        return None
    try:
        return item.check(query[key])
    except (ValueError, TypeError, OverflowError) as error:
        shown = str(query[key])
        notes.append(TextError("link.ignored", key=key, shown=shown if len(shown) <= 40 else shown[:40] + "…",
                               reason=error))  # fmt: skip
        return None


def from_query(query: Mapping[str, str], default: StackConfig | None = None) -> tuple[StackConfig, int, list]:
    """(a valid stack, the step, a note for every parameter left out) from query parameters."""
    notes: list = []
    config = default or StackConfig()
    for item in FIELDS:  # the sequence first: whether the others apply follows from it
        if item.name == "count" or not applies(item, config.sequence):
            continue
        value = _checked(query, item.link, item, notes)
        if value is not None:
            config = replace(config, **{item.name: value})
    if config.sequence == "given":
        config = replace(config, sequence=INPUT["sequence"].default)
    compare = count_field("B").link in query
    if not compare:
        config = replace(config, compare=None)
    for side in SIDES if compare else ("",):
        count = _checked(query, count_field(side).link, count_field(side), notes)
        if side and count is None:
            count = len(config.layers)
        config = with_count(config, count if count is not None else len(side_layers(config, side)), side)
        layers = []
        for number, layer in enumerate(side_layers(config, side), 1):
            layer = layer if count is None else LayerConfig()
            for item in layer_fields(number, side):
                value = _checked(query, item.link, item, notes)
                if value is not None:
                    layer = with_layer_value(layer, item, value)
            layers.append(layer)
        config = replace(config, **{"compare" if side else "layers": tuple(layers)})
    return config, _step(query, config, notes), notes


def _step(query: Mapping[str, str], config: StackConfig, notes: list) -> int:
    try:
        last = len(config.inputs()) - 1
    except SequenceError:
        last = 0
    text = str(query.get("t", "0"))[:20]
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    t = int(min(max(value, 0), last)) if value == value and abs(value) != float("inf") else 0
    if "t" in query and value != t:
        notes.append(TextError("link.step_clamped", shown=text, t=t, last=last))
    return t
