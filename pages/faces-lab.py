"""The faces lab: how the faces model trains, read from a run the user made, and whether the lab's conclusion holds
(course document 001's second half; lstm_viz/lab)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from lstm_viz import face_runs, face_timing, faces
from lstm_viz.faces import FaceRun
from lstm_viz.lab import TABS, crossentropy, dropout
from lstm_viz.plots import lab as plots
from ui import faces_settings
from ui import lecture as lecture_ui
from ui.browser import image_alts
from ui.charts import chart
from ui.faces_data import load, split_for
from ui.faces_lab_adam import adam_ui
from ui.faces_lab_conclusion import conclusion_ui
from ui.faces_lab_epochs import epochs_ui
from ui.page import page_setup, tabs
from ui.runs import session_runs
from ui.training import duration_text, expected_seconds

tr = page_setup()
image_alts(tr("faces.image_alt"))  # st.image writes no alt text
DOCUMENT_NAMES = ("0", "1", "2", "3", "4", "5", "6")  # the document's example counts classes 0–6


# --- the run to read ---------------------------------------------------------------------------------------------


def recipe_of(result) -> faces.FaceRecipe:
    return faces.FACE_RECIPES[result.recipe]


def run_label(result) -> str:
    return tr(
        "lab.run",
        recipe=tr(f"face_recipe.{result.recipe}"),
        seed=result.seed,
        accuracy=tr.number(result.evaluation.accuracy),
        epochs=result.epochs_done,
    )


def pick_run(runs: dict, home, minimum: int, train_images: int):
    """The run to read: (its key, its result), or (None, None) with a word on how to get one."""
    if not runs:
        keys = {r: FaceRun(home, minimum, r, faces.DEFAULT_SEED, face_timing.default_epochs(r, train_images))
                for r in ("demo", "cnn")}  # fmt: skip
        # the one estimate every page says before Train (ui.training), for these data
        guess = {recipe: duration_text(expected_seconds([key])[0], tr) for recipe, key in keys.items()}
        st.info(tr("lab.no_run", **guess), icon=":material/model_training:")
        st.page_link("pages/faces.py", label=tr("lab.to_faces"), icon=":material/face:")
        return None, None
    keys = list(runs)
    chosen = st.selectbox(
        tr("lab.pick_run"),
        range(len(keys)),
        index=len(keys) - 1,  # the latest run: most likely the one just trained
        format_func=lambda k: run_label(runs[keys[k]]),
        key="lab_run",
    )
    key = keys[min(chosen, len(keys) - 1)]
    return key, runs[key]


# --- cross-entropy -------------------------------------------------------------------------------------------------


def crossentropy_ui(result, data, split) -> None:
    st.markdown(tr("lab.ce.intro"))
    st.latex(r"L = -\sum_{i} y_i \log \hat y_i = -\log \hat y_{\text{true}}")
    example = st.radio(
        tr("lab.ce.example"),
        list(crossentropy.DOCUMENT),
        horizontal=True,
        key="lab_ce_example",
        format_func=lambda k: tr(f"lab.ce.example.{k}"),
    )
    shares, document_loss = crossentropy.DOCUMENT[example]
    true_class = crossentropy.TRUE_CLASS
    options = [round(k / 100, 2) for k in range(1, 100)]  # a select slider: its values in the page's number format
    p = st.select_slider(tr("lab.ce.drag"), options, value=round(float(shares[true_class]), 2),
                         format_func=tr.number, key=f"lab_ce_p_{example}")  # fmt: skip
    probabilities = crossentropy.with_true_share(shares, true_class, p)
    left, right = st.columns([3, 1])
    with left:
        chart(plots.softmax_bars(probabilities, list(DOCUMENT_NAMES), true_class, tr), key="lab_ce_bars")
    right.metric(
        tr("lab.ce.loss"),
        tr.number(crossentropy.loss(probabilities, true_class)),
        help=tr("lab.ce.document_loss", loss=tr.number(document_loss)),
    )
    right.caption(tr("lab.ce.document_loss", loss=tr.number(document_loss)))
    if result is None:
        return
    st.markdown(tr("lab.ce.real"))
    all_probabilities = result.probabilities
    losses = crossentropy.losses(all_probabilities, split.test_y)
    index = st.number_input(tr("faces.test_image"), 0, len(split.test_y) - 1, 0, key="lab_ce_face")
    truth = int(split.test_y[index])
    image_column, bars_column = st.columns([1, 3])
    image_column.image(
        split.test_x[index], clamp=True, width="stretch", caption=tr("faces.true_name", name=data.names[truth])
    )
    with bars_column:
        chart(plots.softmax_bars(all_probabilities[index], data.names, truth, tr), key="lab_ce_real")
        st.caption(tr("lab.ce.real_loss", loss=tr.number(losses[index]), p=tr.number(all_probabilities[index][truth])))
    st.markdown(tr("lab.ce.worst", mean=tr.number(losses.mean())))
    columns = st.columns(6)
    for n, k in enumerate(np.argsort(losses)[::-1][:12]):
        guess = int(np.argmax(all_probabilities[k]))
        caption = f"{data.names[split.test_y[k]]} → {data.names[guess]} · L = {tr.number(losses[k])}"
        columns[n % 6].image(split.test_x[k], clamp=True, width="stretch", caption=caption)


# --- dropout -------------------------------------------------------------------------------------------------------


def dropout_ui(result, split) -> None:
    st.markdown(tr("lab.dropout.intro"))
    values, dropped = np.array(dropout.DOCUMENT_VECTOR), dropout.DOCUMENT_DROPPED
    outputs = [
        (tr("lab.dropout.document"), dropout.document_version(values, dropped)),
        (tr("lab.dropout.keras"), dropout.apply(values, dropped)),
    ]
    chart(plots.dropout_bars(values, outputs, tr), key="lab_dropout_document")
    st.caption(tr("lab.dropout.document_numbers", document=tr.numbers(outputs[0][1]), keras=tr.numbers(outputs[1][1])))
    if result is None:
        return
    from lstm_viz.models.faces import dropout_input

    index = st.number_input(tr("faces.test_image"), 0, len(split.test_y) - 1, 0, key="lab_dropout_face")
    vector = dropout_input(result, split.test_x[index])[:12]
    rate = recipe_of(result).dropout  # the run's own rate (the improved recipe drops 40 %)
    masks = dropout.masks(len(vector), 3, rate=rate, seed=int(index))
    outputs = [
        (tr("lab.dropout.mask", number=k + 1), dropout.apply(vector, mask, rate=rate)) for k, mask in enumerate(masks)
    ]
    st.markdown(tr("lab.dropout.real", size=len(vector), percent=round(100 * rate), keep=tr.number(1 - rate, ".1f")))
    chart(plots.dropout_bars(vector, outputs, tr), key="lab_dropout_real")
    st.caption(tr("lab.dropout.test_time"))


# --- the page ------------------------------------------------------------------------------------------------------


def main() -> None:
    st.title(tr("lab.title"))
    st.caption(tr("lab.caption"))
    requested = lecture_ui.request("faces-lab")  # a lecture's scene: its tab
    if requested:
        st.session_state.pop("lab_tab", None)
        st.session_state.lab_tab_id = requested.get("tab", TABS[0])
    home = faces.data_home()
    minimum = faces_settings.minimum()  # as chosen on the Faces page (or the link)
    faces_settings.write_link(("min_faces",))
    try:
        with st.spinner(tr("faces.reading")):
            data, split = load(home, minimum), split_for(home, minimum)
    except (faces.MissingData, faces.TooFewPeople) as error:
        st.warning(error.text(tr), icon=":material/folder_off:")
        lecture_ui.offer("faces-lab", {"tab": st.session_state.get("lab_tab_id", TABS[0])})
        return
    runs = face_runs.on_data(session_runs(FaceRun.family).all(), home, minimum)
    run, result = pick_run(runs, home, minimum, len(split.train_y))
    sections = tabs(TABS, [tr(f"lab.tab.{name}") for name in TABS], "lab_tab")
    lecture_ui.offer("faces-lab", {"tab": st.session_state.lab_tab_id})
    with sections[0]:
        crossentropy_ui(result, data, split)
    with sections[1]:
        dropout_ui(result, split)
    with sections[2]:
        adam_ui(result)
    with sections[3]:
        epochs_ui(tr, run, result, split, recipe_of(result) if result is not None else None)
    with sections[4]:
        conclusion_ui(result, runs, home, minimum, split)


main()
