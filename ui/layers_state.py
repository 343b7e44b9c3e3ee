"""The stack view's one piece of server state: its configuration (lstm_viz.layers.config.StackConfig), the sidebar
widgets that show it, and where the browser should start its step. Every widget's key, range and label come from the
fields (``config.FIELDS``, ``config.layer_fields``); this module puts a configuration into them (``load``) and takes
them back into one (``read``), through each field's validator.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from lstm_viz.explorer.fields import applies
from lstm_viz.i18n import TextError
from lstm_viz.layers import link, presets
from lstm_viz.layers.config import (
    FIELDS,
    MAX_LAYERS,
    OFF,
    ON,
    SIDES,
    STACK_FIELDS,
    StackConfig,
    config_value,
    count_field,
    layer_fields,
    layer_value,
    side_layers,
    with_compare,
    with_count,
    with_layer_value,
    with_side_layers,
)
from ui import owned_widgets
from ui.scene_step import SceneStep

OWNER = "layers"
_CONFIG, _WRITTEN = "layers_config", "layers_written"
_STEPS = SceneStep("layers")  # the scene's start and the step the browser reported
COMPARE = "stack_compare"  # the compare switch (compare mode: a second stack on the same input)
PREFIX = "stack_"  # the input's widgets here: "stack_seq", … (the cell explorer's are "seq", …)


def widget(item) -> str:
    return item.widget if item.widget.startswith(PREFIX) else PREFIX + item.widget


def config() -> StackConfig:
    return st.session_state[_CONFIG]


def loaded() -> bool:
    return _CONFIG in st.session_state


def _widget_value(item, value):
    return value == ON if item.options == (OFF, ON) or item.options == (ON, OFF) else value


def widget_values(new: StackConfig, layers_up_to: int = 0) -> dict[str, object]:
    """Every widget's value for this configuration (``layers_up_to``: also those of layers a count would add; compare
    mode off: the second stack's widgets as turning it on would make them)."""
    values = {widget(item): _widget_value(item, config_value(new, item)) for item in FIELDS}
    values[COMPARE] = new.compare is not None
    filled = new if new.compare is not None else with_compare(new, True)
    for side in SIDES:
        values[count_field(side).widget] = len(side_layers(filled, side))
        shown = with_count(filled, layers_up_to, side) if layers_up_to else filled
        for number, layer in enumerate(side_layers(shown, side), 1):
            for item in layer_fields(number, side):
                values[item.widget] = _widget_value(item, layer_value(layer, item))
    return values


def load(new: StackConfig, start: int | None = None) -> None:
    """Put a configuration into every widget; ``start``: send the browser to this step."""
    owned_widgets.put(widget_values(new))
    st.session_state[_CONFIG] = new
    if start is not None:
        _STEPS.send(start)


def start_from_link(query: dict) -> None:
    """A new session: the link's stack and step (a note for each parameter left out), or the course's model."""
    default = preset(presets.DEFAULT)
    own = STACK_FIELDS[0].link in query  # (always written: the input's keys alone are the cell explorer's link)
    linked, t, notes = link.from_query(query, StackConfig()) if own else (default, 0, [])
    load(linked, t)
    st.session_state.layers_preset = presets.DEFAULT
    st.session_state.layers_notes = notes


def _own(query: dict) -> dict:
    return {key: value for key, value in query.items() if key not in ("t", "lang", "lecture", "scene")}


def written(query: dict) -> None:
    """The address the page set at the end of this run (its stack's link)."""
    st.session_state[_WRITTEN] = _own(query)


def linked_elsewhere(query: dict) -> bool:
    """A link to another stack than the one the page last wrote in the address (the parameter calculator's, an
    address typed): a widget's change since then is not one."""
    own = _own(query)
    return STACK_FIELDS[0].link in own and own != st.session_state.get(_WRITTEN)


def open_link(text: str | dict) -> None:
    """A lecture's (or a class's) scene: its link."""
    query = text if isinstance(text, dict) else link.parse_query(text)
    linked, t, notes = link.from_query(query, StackConfig())
    load(linked, t)
    st.session_state.layers_notes = notes


def on_count(side: str = "") -> None:
    """Another count of layers: a whole new stack (a layer added takes over the top one's return_sequences)."""
    load(with_count(config(), int(st.session_state[count_field(side).widget]), side))


def on_compare() -> None:
    """Compare mode on (a second stack: the same layers as GRUs) or off."""
    load(with_compare(config(), bool(st.session_state[COMPARE])))


FACE = "layers_face"  # (a face's rows as a typed input, the person's name): the faces page leaves it once it has read


def preset(name: str) -> StackConfig:
    """A preset; document 001's model on a real face once the faces page has read the images."""
    face = st.session_state.get(FACE)
    return presets.on_face(face[0]) if name == "course" and face else presets.PRESETS[name]


TRAINED_PRESETS = ("alphabet",)  # presets that open a model trained on another page (document 003's variant 3)


def load_preset() -> None:
    name = st.session_state.layers_preset
    if name == "alphabet":
        from lstm_viz.layers.config import of_trained
        from ui.layers_handoff import alphabet_stack

        trained = alphabet_stack()
        if trained is None:
            st.session_state.layers_notes = [TextError("layers.preset.alphabet.none")]
            return
        load(of_trained(trained), 0)
        return
    load(preset(name), 0)


def restore() -> None:
    """Before the widgets are drawn: each one not drawn last run takes the configuration's value (a layer the count
    slider adds: an LSTM of the size of the one below, as ``with_count`` makes it)."""
    values = {**widget_values(config(), MAX_LAYERS), **widget_values(config())}
    owned_widgets.restore(OWNER, values, owned=values)


scene_start, step, reported = _STEPS.start, _STEPS.step, _STEPS.reported


def _checked(item, raw, old, language: str, errors: list):
    """A widget's value through its field's validator (clamped); a message and the old value if it is refused."""
    if isinstance(raw, bool):
        raw = ON if raw else OFF
    try:
        return item.check(raw, clamp=True, language=language)
    except (TextError, ValueError) as error:
        if isinstance(error, TextError):
            errors.append(error)
        return old


def read(language: str) -> list[TextError]:
    """Take what the widgets drawn this run say into the configuration; the messages for what was not taken."""
    values = owned_widgets.drawn(OWNER)
    old, errors = config(), []
    new = old
    for item in FIELDS:
        key = widget(item)
        if key in values and applies(item, new.sequence):
            value = _checked(item, values[key], config_value(old, item), language, errors)
            new = with_count(new, value) if item.name == "count" else replace(new, **{item.name: value})
    for side in SIDES if new.compare is not None else ("",):
        layers = []
        for number, layer in enumerate(side_layers(new, side), 1):
            for item in layer_fields(number, side):
                if item.widget in values:
                    value = _checked(item, values[item.widget], layer_value(layer, item), language, errors)
                    layer = with_layer_value(layer, item, value)
            layers.append(layer)
        new = with_side_layers(new, side, layers)
    st.session_state[_CONFIG] = new
    return errors
