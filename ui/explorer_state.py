"""The explorer's one piece of server state, owned here: the configuration (lstm_viz.explorer.config), the widgets
that show it (through lstm_viz.explorer.widgets, over the fields of lstm_viz.explorer.fields), and where the browser
should start its step.

The browser owns the step (lstm_viz/scene). The server only sends it somewhere (``load(config, start)``: a preset, a
link, a lecture's scene) and learns where it is when the user stops moving it (``step``), for the link.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from lstm_viz.explorer import link, presets, widgets
from lstm_viz.explorer.config import MAX_UNITS, CellConfig, ExplorerConfig
from lstm_viz.explorer.fields import large
from lstm_viz.i18n import TextError
from ui import owned_widgets
from ui.scene_step import SceneStep

OWNER = "explorer"
_CONFIG = "config"
_STEPS = SceneStep("explorer")  # the scene's start and the step the browser reported


def config() -> ExplorerConfig:
    return st.session_state[_CONFIG]


def loaded() -> bool:
    return _CONFIG in st.session_state


def load(new: ExplorerConfig, start: int | None = None) -> None:
    """Put a configuration into every widget; ``start``: send the browser to this step."""
    stale = [key for key in st.session_state if widgets.is_cell_widget(key)]  # another kind's or size's widgets
    owned_widgets.put(widgets.widget_values(new, picked(new)), forget=stale)
    st.session_state[_CONFIG] = new
    if start is not None:
        _STEPS.send(start)


def start_from_link(query: dict) -> None:
    """A new session: the link's configuration and step, or the first screen."""
    default, default_start = presets.default_config()
    linked, t, notes = link.from_query(query, default)
    st.session_state.setdefault("seed", 7)
    if "t" not in query and linked.gradient != "off":  # backward mode starts where the gradient starts
        t = last_step(linked)
    load(linked, t if "t" in query or linked is not default else default_start)
    st.session_state.preset = presets.DEFAULT_PRESET[1] if linked is default else presets.names(linked.cell.kind)[0]
    st.session_state.link_notes = notes


def last_step(updated: ExplorerConfig) -> int:
    try:
        return max(len(updated.inputs()) - 1, 0)
    except ValueError:  # a custom sequence that does not parse: the page says so
        return 0


def open_link(text: str) -> None:
    """A lecture's scene: the explorer's own link."""
    linked, t, _ = link.from_query(link.parse_query(text), presets.default_config()[0])
    load(linked, t)


scene_start, step, reported = _STEPS.start, _STEPS.step, _STEPS.reported


# --- a run: restore the widgets, draw them, read them ------------------------------------------------------------


_FOUND = "explorer_found"  # a large layer's weight search: each box's last row, (array, row), while it is not drawn


def picked(shown: ExplorerConfig) -> dict[str, object]:
    """What a large layer's weight search boxes show (lstm_viz.explorer.widgets.found_rows): a box drawn says it;
    one not drawn (another gate's, or before the unit changed) keeps the row it showed last."""
    remembered = st.session_state.setdefault(_FOUND, {})
    result = {}
    for prefix, cell in zip(widgets.PREFIXES, shown.cells):
        if not large(cell.units, shown.input_dim):
            continue
        for box, rows in widgets.row_choices(cell, prefix, shown.input_dim).items():
            showing = st.session_state.get(box)
            for key, (spec, _, row, _) in rows:
                if key == showing:
                    remembered[box] = (spec.url, row)
                if remembered.get(box) == (spec.url, row):
                    result[box] = key
    return result


def restore() -> None:
    values = widgets.widget_values(config(), picked(config()))
    owned_widgets.restore(OWNER, values, owned=[key for key in values if widgets.is_cell_widget(key)])


def slider(label: str, low: float, high: float, key: str, place=st, **options):
    return owned_widgets.slider(OWNER, label, low, high, key, place, **options)


def toggle(label: str, key: str, place=st, **options) -> bool:
    return owned_widgets.toggle(OWNER, label, key, place, **options)


def read() -> list[TextError]:
    """Take what the widgets drawn this run say into the configuration; the messages for what was not taken."""
    # (with the box's text, the language it was typed in: ui.explorer_sidebar records it as it changes)
    values = owned_widgets.drawn(OWNER, always=("seq", "custom", "steps", "grad", "loss_at", widgets.LANGUAGE))
    updated, errors = widgets.config_from_widgets(values, config())
    changed_features = updated.input_dim != config().input_dim
    st.session_state[_CONFIG] = updated
    if changed_features:  # another count of features: the sidebar draws its weight rows again (restore() fills them)
        st.rerun()
    return errors


# --- structural changes (callbacks): a whole new configuration --------------------------------------------------


def on_kind(index: int, prefix: str) -> None:
    """A new kind gets its own default weights, the same size, the same input (and the browser keeps its step)."""
    cell = config().cells[index]
    kind = st.session_state[f"{prefix}kind"]
    fresh = CellConfig.fresh(kind, min(cell.units, MAX_UNITS), config().input_dim, cell.activation)
    load(config().with_cell(index, fresh))
    st.session_state.preset = presets.names(kind)[0]  # the box showed the previous kind's label for a shared name


def on_activation(index: int, prefix: str) -> None:
    cell = config().cells[index]
    load(config().with_cell(index, replace(cell, activation=st.session_state[f"{prefix}act"])))


def on_units(index: int, prefix: str) -> None:
    cell = config().cells[index]
    load(config().with_cell(index, cell.resized(st.session_state[f"{prefix}units"], config().input_dim)))


def on_unit(index: int, prefix: str) -> None:
    """The unit drawn and edited: its sliders replace the previous unit's."""
    cell = config().cells[index]
    load(config().with_cell(index, replace(cell, unit=int(st.session_state[f"{prefix}unit"]))))


def on_compare() -> None:
    if st.session_state.compare:
        other = "gru" if config().cell.kind != "gru" else "lstm"
        load(replace(config(), compare=CellConfig.fresh(other, config().cell.units, config().input_dim)))
    else:
        load(replace(config(), compare=None))
        st.session_state.edit = 0


def on_preset() -> None:
    index = int(st.session_state.get("edit", 0))
    updated, start = presets.apply(st.session_state.preset, config(), index, seed=int(st.session_state.seed))
    load(updated, start)


def on_compare_preset() -> None:
    load(*presets.compare(st.session_state.compare_preset))
