"""Faces (LFW): course document 001's LSTM face identifier, trained live and judged honestly.

scikit-learn loads the data; TensorFlow is imported only in the training thread and once a model is shown.
"""

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz import counting, face_runs, face_timing, faces
from lstm_viz.faces import DOCUMENT_ACCURACY, FACE_RECIPES, FaceRun, MissingData, TooFewPeople
from lstm_viz.plots import faces as plots
from ui import faces_settings as settings
from ui import lecture as lecture_ui
from ui.browser import image_alts
from ui.charts import chart as show_chart
from ui.faces_data import load, remember_face, split_for
from ui.faces_results import comparison_ui, percent, results_ui
from ui.page import page_setup, tabs
from ui.training import training_section

SLOT = "faces_job"
tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)
image_alts(tr("faces.image_alt"))  # st.image writes no alt text


def data_ui(home: str | None) -> tuple[faces.Faces, int] | None:
    settings.restore("min_faces", faces.DEFAULT_MIN_FACES)  # the owner's choice outlives a visit to another page
    minimum = settings.keep("min_faces", int(st.sidebar.number_input(tr("faces.minimum"), 2, 500, key="min_faces",
                                                                      help=tr("faces.minimum_help"))))  # fmt: skip
    try:
        with st.spinner(tr("faces.reading")):
            data = load(home, int(minimum))
        remember_face(data)  # (the stack view's document-001 preset reads one of its faces)
        return data, int(minimum)
    except TooFewPeople as error:
        st.warning(error.text(tr), icon=":material/group_off:")
        return None
    except MissingData as error:
        st.warning(error.text(tr), icon=":material/folder_off:")
        if st.button(tr("faces.download"), icon=":material/download:"):
            with st.status(tr("faces.downloading"), expanded=True) as status:
                try:
                    faces.load_faces(home, int(minimum), download=True)
                except MissingData as failure:
                    status.update(label=tr("faces.download_failed"), state="error")
                    st.error(failure.text(tr), icon=":material/cloud_off:")
                else:
                    status.update(label=tr("faces.downloaded"), state="complete")
                    load.clear()
                    st.rerun()
        return None


def look_ui(data: faces.Faces, split: faces.Split) -> None:
    counts = data.counts
    total = sum(counts.values())
    show_chart(plots.class_counts(counts, tr), key="faces_counts")
    biggest = max(counts, key=counts.get)
    st.markdown(
        tr(
            "faces.data.summary",
            total=total,
            people=len(counts),
            height=data.images.shape[1],
            width=data.images.shape[2],
            biggest=biggest,
            majority=counts[biggest] / total,
            chance=1 / len(counts),
        )
    )
    st.markdown(tr("faces.data.samples"))
    for k, name in enumerate(data.names):
        picks = np.flatnonzero(data.target == k)[:6]
        cols = st.columns([1.4] + [1] * 6, vertical_alignment="center")
        cols[0].markdown(tr("faces.data.person", name=name, images=counts[name]))
        for col, index in zip(cols[1:], picks):
            col.image(data.images[index], clamp=True, width="stretch")
    st.markdown(tr("faces.data.rows_title"))
    left, right = st.columns([1, 2])
    index = left.number_input(tr("faces.image"), 0, len(data.target) - 1, 0, key="faces_image")
    row = left.slider(tr("faces.data.row"), 0, data.images.shape[1] - 1, 20, key="faces_row")
    image = data.images[index]
    with left:
        show_chart(plots.image_rows(image, row, data.names[data.target[index]], tr), key="faces_rows")
    with right:
        improved = faces.PixelScaling.standardize(split.train_x, per_image=True)  # as the improved recipe sees it
        show_chart(plots.row_scalings(image, row, improved(image[None])[0], tr), key="faces_row_values")
        st.caption(tr("faces.data.row_text", row=row))
        label = faces.one_hot(np.array([data.target[index]]), len(data.names))[0]
        st.markdown(tr("faces.one_hot", label=label.astype(int).tolist(), name=data.names[data.target[index]]))
    table = pd.DataFrame(
        {
            tr("faces.col.person"): data.names,
            tr("faces.col.train"): [int((split.train_y == k).sum()) for k in range(len(data.names))],
            tr("faces.col.test"): [int((split.test_y == k).sum()) for k in range(len(data.names))],
        }
    )
    st.markdown(tr("faces.data.split", train=len(split.train_y), test=len(split.test_y)))
    st.dataframe(table, hide_index=True)


def model_ui(classes: int) -> None:
    rows = face_runs.document_parameters(classes)
    number = lambda value: tr.number(value, "")  # noqa: E731 (grouped as the language groups: 222 599)
    st.markdown(tr("faces.model.architecture", classes=classes))
    st.dataframe(
        pd.DataFrame(
            {
                tr("faces.col.layer"): [
                    tr("faces.model.layer_name", index=row.index) if row.index else tr("faces.model.dense_name")
                    for row in rows
                ],
                tr("faces.col.parameters"): [number(row.params) for row in rows],
                tr("faces.col.formula"): [row.formula_in(number) for row in rows],
            }
        ),
        hide_index=True,
    )
    st.markdown(tr("faces.model.miscount", second=number(rows[1].params), total=number(counting.total(rows))))


def train_ui(home, minimum, data: faces.Faces, split: faces.Split) -> None:
    majority = face_runs.majority(split.test_y)
    same = round(majority.percent, 2) == DOCUMENT_ACCURACY  # the lab's own 7 people and split
    key = "faces.train.document_is_majority" if same else "faces.train.document_elsewhere"
    biggest, right, total = data.names[majority.index], majority.right, majority.total
    message = tr(key, accuracy=percent(DOCUMENT_ACCURACY), biggest=biggest, right=right, total=total,
                 majority=percent(majority.percent))  # fmt: skip
    st.info(message, icon=":material/rule:")
    left, middle, right = st.columns([3, 1, 1])
    settings.restore("faces_recipe", next(iter(FACE_RECIPES)))
    recipe = left.radio(
        tr("faces.recipe"),
        list(FACE_RECIPES),
        key="faces_recipe",
        horizontal=True,
        format_func=lambda k: tr(f"face_recipe.{k}"),
    )
    settings.keep("faces_recipe", recipe)
    left.caption(tr(f"face_recipe.{recipe}.description"))
    settings.restore("faces_seed", faces.DEFAULT_SEED)
    seed = settings.keep("faces_seed", int(middle.number_input(tr("faces.seed"), 0, 1_000_000, key="faces_seed")))
    default = face_timing.default_epochs(recipe, len(split.train_y))  # (the demo's scales with the image count)
    key = f"faces_epochs_{recipe}" if default == FACE_RECIPES[recipe].epochs else f"faces_epochs_{recipe}_{default}"
    settings.restore(key, default, epochs=True)
    epochs = settings.keep(key, int(right.number_input(tr("faces.epochs_at_most"), 1, 500, key=key)))
    settings.settings()["shown_epochs"] = epochs
    training_section(  # the run is trained from its key alone: FaceRun names the data's folder and minimum
        FaceRun(home, minimum, recipe, seed, epochs),
        lambda result: results_ui(result, data, split),
        slot=SLOT,
        button_key="faces_train",
        busy_note=tr("faces.training_in_background"),
        nothing_note=tr("faces.nothing_trained"),
    )


def main() -> None:
    st.title(tr("faces.title"))
    st.caption(tr("faces.caption"))
    home = faces.data_home()
    settings.settings()  # (from the link, on the session's first faces page: its tab too)
    loaded = data_ui(home)
    if loaded is None:
        return settings.write_link(("min_faces",))
    data, minimum = loaded
    split = split_for(home, minimum)
    requested = lecture_ui.request("faces")  # a lecture's scene: its tab and recipe
    if requested:
        st.session_state.pop("faces_tab", None)
        st.session_state.faces_tab_id = requested.get("tab", "data")
        if "recipe" in requested:
            st.session_state.faces_recipe = requested["recipe"]
    labels = [tr("faces.the_data"), tr("faces.the_model"), tr("faces.train_and_judge")]
    tab_data, tab_model, tab_train = tabs(("data", "model", "train"), labels, "faces_tab")
    lecture_ui.offer("faces", {"tab": st.session_state.faces_tab_id, "recipe": st.session_state.get("faces_recipe")})
    with tab_data:
        look_ui(data, split)
    with tab_model:
        model_ui(len(data.names))
    with tab_train:
        train_ui(home, minimum, data, split)
        comparison_ui(home, minimum, split)
    settings.write_link()


main()
