"""Your model: open any trained Keras recurrent layer in the explorer, safely (lstm_viz/own_model)."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz.alphabet import AlphabetRun
from lstm_viz.explorer.handoff import trained_layer
from lstm_viz.faces import FaceRun
from lstm_viz.forecast import ForecastRun
from lstm_viz.own_model import SOURCES, OwnModelError
from lstm_viz.own_model import inputs as own_inputs
from lstm_viz.own_model.archive import MAX_FILE_MB
from lstm_viz.own_model.sample import SampleRun
from lstm_viz.own_model.summary import unit_rows
from ui import layers_handoff
from ui import lecture as lecture_ui
from ui.handoff import open_in_explorer
from ui.page import page_setup
from ui.runs import session_runs
from ui.training import training_section

tr = page_setup()
PARITY = 1e-5
TYPED_LANGUAGE = "own_typed_language"  # the language the numbers in the box were typed in (as the explorer's box)
EXPLORER_STEPS = 200  # the explorer draws at most this many steps of a long input
SAMPLE_FAMILIES = (AlphabetRun.family, ForecastRun.family, FaceRun.family, SampleRun.family)  # runs with a model


# --- the model: an upload or a sample, loaded once per session -------------------------------------------------


def sample_label(run) -> str:
    """A trained run in words: the alphabet's variant, layer and recipe; the series and recipe; the faces' recipe."""
    if isinstance(run, AlphabetRun):  # (a SampleRun too: an alphabet run)
        recipe = tr(f"alphabet_recipe.{run.recipe}.short")
        words = f"{run.variant}. {tr(f'variant.{run.variant}.title')}, {run.layer}, {recipe}"
        return tr("own.sample", page=tr("app.page.alphabet"), run=words)
    if isinstance(run, ForecastRun):
        name = run.recipe.key
        recipe = tr(f"forecast_recipe.{name}") if tr.has(f"forecast_recipe.{name}") else name
        words = f"{tr(f'series.{run.spec.name}')}, {recipe}"
        return tr("own.sample", page=tr("app.page.forecasting"), run=words)
    return tr("own.sample", page=tr("app.page.faces"), run=f"{tr(f'face_recipe.{run.recipe}')}, {run.min_faces}")


def samples() -> dict[str, object]:
    """The trained runs of the app's own pages that this session can see: label → result (its ``model`` is loaded
    from the run store only for the one picked)."""
    found = {}
    for family in SAMPLE_FAMILIES:
        for run, result in session_runs(family).all().items():
            found[sample_label(run)] = result
    return found


def model_bytes_of(model) -> bytes:
    from lstm_viz.models.core import model_bytes

    return model_bytes(model)


def load(data: bytes):
    """The loaded model for these bytes: kept in this session only, loaded again only for other bytes."""
    from lstm_viz.own_model.model import load as load_model

    digest = hashlib.sha256(data).hexdigest()
    held = st.session_state.get("own_model")
    if held is not None and held[0] == digest:
        return held[1]
    st.session_state.own_model = None  # the previous upload is dropped before the next one loads
    with st.spinner(tr("own.loading")):
        loaded = load_model(data)
    st.session_state.own_model = (digest, loaded)
    return loaded


def ran(loaded, choice, x: np.ndarray):
    """(weights, trace, |NumPy − Keras|): Keras's check runs once per model, layer and input, not on every rerun."""
    from lstm_viz.own_model.model import run

    model, seen = st.session_state.get("own_model") or (None,), hashlib.sha256(x.tobytes()).digest()
    key = (model[0], id(loaded), choice.key, x.shape, seen)
    if st.session_state.get("own_ran", (None,))[0] != key:
        with st.spinner(tr("own.running")):
            st.session_state.own_ran = (key, run(loaded, choice, x))
    return st.session_state.own_ran[1]


def source_ui() -> bytes | None:
    requested = lecture_ui.request("your-model")  # a lecture's scene: where the model comes from
    if requested:
        st.session_state.own_source = requested.get("source", SOURCES[0])
    choice = st.radio(tr("own.source"), SOURCES, format_func=lambda k: tr(f"own.source.{k}"),
                      horizontal=True, key="own_source")  # fmt: skip
    lecture_ui.offer("your-model", {"source": choice})
    if choice == "upload":
        upload = st.file_uploader(tr("own.upload"), type=["keras", "h5", "zip"], help=tr("own.upload_help"),
                                  key="own_upload", max_upload_size=MAX_FILE_MB)  # fmt: skip
        return upload.getvalue() if upload is not None else None
    found = samples()
    if not found:
        st.info(tr("own.no_samples"), icon=":material/info:")
        training_section(SampleRun(), slot="own_sample_job", button_key="own_make_sample",
                         button=tr("own.make_sample"))  # fmt: skip
        return None
    label = st.selectbox(tr("own.sample_pick"), list(found), key="own_sample")
    return model_bytes_of(found[label].model)


def layers_ui(loaded) -> None:
    rows = loaded.rows
    columns = {"shared.col.layer": [row.name for row in rows], "shared.col.kind": [row.kind for row in rows],
               "shared.col.shape": [row.output_shape for row in rows],
               "shared.col.parameters": [tr.number(row.parameters, "") for row in rows],
               "own.col.recurrent": ["✓" if row.recurrent else "" for row in rows]}  # fmt: skip
    st.dataframe(pd.DataFrame({tr(key): values for key, values in columns.items()}), hide_index=True, width="stretch")
    total = sum(row.parameters for row in loaded.rows)
    st.caption(tr("own.total", total=tr.number(total, ""), shape=str(loaded.input_shape).replace("None", "T")))


def choice_label(choice) -> str:
    direction = f" · {tr(f'own.direction.{choice.direction}')}" if choice.direction else ""
    return f"«{choice.name}» · {choice.kind}({choice.units}){direction}"


# --- the input -------------------------------------------------------------------------------------------------


def _typed_in(language: str) -> None:
    """The numbers were typed on a page in ``language``: read in its format (0,5; 1 in Russian), also after a switch
    of language (the box keeps the text as typed; the starting text is in the link's format, the same in both)."""
    st.session_state[TYPED_LANGUAGE] = language


def input_ui(loaded, choice) -> np.ndarray | None:
    """(T, d) as the layer sees it: typed, uploaded for the layer, or computed by the model's earlier layers."""
    from lstm_viz.own_model.model import layer_input

    mode = st.radio(tr("own.input"), ("typed", "layer_file", "model_file"), format_func=lambda k: tr(f"own.input.{k}"),
                    horizontal=True, key="own_input_mode")  # fmt: skip
    st.session_state.own_model_input = None
    features = choice.input_dim
    if mode == "typed":
        key = f"own_typed_{features}"
        st.session_state.setdefault(key, own_inputs.default_text(features))
        text = st.text_area(tr("own.input.typed_label", features=features), key=key, height=140,
                            help=tr("own.input.typed_help"), on_change=_typed_in, args=(tr.lang,))  # fmt: skip
        return own_inputs.typed(text, features, st.session_state.get(TYPED_LANGUAGE, tr.lang))
    shape = (None, features) if mode == "layer_file" else tuple(loaded.input_shape)
    upload = st.file_uploader(tr("own.input.file_label", shape=str(shape).replace("None", "T")), type=["npy", "csv"],
                              key=f"own_input_{mode}", max_upload_size=own_inputs.MAX_INPUT_MB)  # fmt: skip
    if upload is None:
        return None
    array = own_inputs.uploaded(upload.getvalue(), upload.name, shape)
    if mode == "layer_file":
        return array
    st.session_state.own_model_input = array  # (the whole model, in Layers, reads it)
    with st.spinner(tr("own.upstream")):
        return own_inputs.checked(layer_input(loaded, choice, array), (None, features))


# --- the layer on that input -----------------------------------------------------------------------------------


def summary_ui(trace) -> None:
    rows = unit_rows(trace)
    gates = [part for part in trace.kind.parts if part.role == "gate"]
    columns = {tr("own.col.unit"): [row["unit"] for row in rows]}
    for part in gates:
        columns[tr("own.col.mean", symbol=part.symbol)] = [tr.number(row[f"{part.name}_mean"]) for row in rows]
        columns[tr("own.col.spread", symbol=part.symbol)] = [tr.number(row[f"{part.name}_std"]) for row in rows]
        columns[tr("own.col.saturated", symbol=part.symbol)] = [
            tr.number(100 * row[f"{part.name}_saturated"], ".0f") + " %" for row in rows
        ]
    if rows and "keep_product" in rows[0]:
        columns[tr("own.col.keep")] = [tr.number(row["keep_product"], ".3g") for row in rows]
        columns[tr("own.col.half_life")] = [
            "∞" if row["half_life"] == float("inf") else tr.number(row["half_life"], ".1f") for row in rows
        ]
    columns[tr("own.col.h_mean")] = [tr.number(row["h_mean"]) for row in rows]
    st.dataframe(pd.DataFrame(columns), hide_index=True, width="stretch")
    st.caption(tr("own.summary_help"))


def open_ui(weights, trace, diff: float, choice, steps: int) -> None:
    from lstm_viz.own_model.model import one_layer_file

    left, right = st.columns(2)
    unit = left.number_input(tr("own.unit"), 1, weights.units, 1, key="own_unit")
    shown = trace.x[:EXPLORER_STEPS]
    if left.button(tr("own.open"), type="primary", icon=":material/memory:", key="own_open"):
        source = ("own.handoff", {"name": choice_label(choice)})
        handoff = trained_layer(weights, shown, source, int(unit) - 1)
        extra = [("own.handoff_parity", {"diff": tr.number(diff, ".2g")})]
        if choice.direction == "backward":
            extra.append(("own.handoff_backward", {}))
        if steps > EXPLORER_STEPS:
            extra.append(("own.handoff_steps", {"shown": EXPLORER_STEPS, "steps": steps}))
        open_in_explorer(type(handoff)(handoff.config, handoff.start, (*handoff.note, *extra)))
    right.download_button(tr("own.download_layer"), lambda: one_layer_file(weights), file_name="layer.keras",
                          mime="application/octet-stream", icon=":material/download:", key="own_download",
                          help=tr("own.download_layer_help"))  # fmt: skip


def main() -> None:
    st.title(tr("own.title"))
    st.caption(tr("own.caption"))
    data = source_ui()
    if data is None:
        return
    try:
        loaded = load(data)
    except OwnModelError as error:
        st.error(error.text(tr), icon=":material/gpp_bad:")
        return
    layers_ui(loaded)
    choices = {choice.key: choice for choice in loaded.choices}
    picked = st.selectbox(tr("own.layer"), list(choices), format_func=lambda k: choice_label(choices[k]),
                          key="own_layer")  # fmt: skip
    choice = choices.get(picked, loaded.choices[0])
    try:
        x = input_ui(loaded, choice)
        if x is None:
            return
        weights, trace, diff = ran(loaded, choice, x)
    except OwnModelError as error:
        st.error(error.text(tr), icon=":material/error:")
        return
    good = diff <= PARITY
    message = tr("own.parity", diff=tr.number(diff, ".2g"), steps=trace.steps, units=weights.units)
    (st.success if good else st.warning)(message, icon=":material/check_circle:" if good else ":material/warning:")
    if choice.direction == "backward":
        st.caption(tr("own.backward_note"))
    st.subheader(tr("own.summary"))
    summary_ui(trace)
    open_ui(weights, trace, diff, choice, trace.steps)
    whole = layers_handoff.own_model_input(loaded, choice, x)
    if whole is not None:
        layers_handoff.button(loaded.model, whole, (), ("layers.source.own", {"name": choice.name}), "own_to_layers")


main()
