"""Faces (LFW): course document 001's LSTM face identifier, trained live and judged honestly.

scikit-learn loads the data; TensorFlow is imported only in the training thread and once a model is shown.
"""

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz import counting, faces, plots
from lstm_viz.faces import DOCUMENT_ACCURACY, FACE_RECIPES, MissingData, TooFewPeople
from lstm_viz.lstm import LSTMParams, forward
from ui.shared import (
    all_results,
    find_result,
    model_panel,
    page_setup,
    progress_panel,
    report_finished,
    running,
    start_job,
    train_button,
)
from ui.shared import chart as show_chart

SLOT = "faces_job"
tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)


@st.cache_resource(show_spinner=tr("faces.reading"))
def load(home: str | None, min_faces: int) -> faces.Faces:
    """The images, shared by every session (an exception is not cached: a later try reads again)."""
    return faces.load_faces(home, min_faces)


@st.cache_resource
def split_for(home: str | None, min_faces: int) -> faces.Split:
    return faces.split(load(home, min_faces))


@st.cache_resource(show_spinner=tr("faces.fitting_baseline"))
def baseline_for(home: str | None, min_faces: int):
    import time

    data = split_for(home, min_faces)
    began = time.perf_counter()
    model = faces.train_baseline(data)
    seconds = time.perf_counter() - began
    evaluation = faces.evaluate(faces.baseline_scores(model, data.test_x), data.test_y, load(home, min_faces).names)
    return evaluation, seconds, faces.baseline_components(model)


def data_ui(home: str | None) -> tuple[faces.Faces, int] | None:
    minimum = st.sidebar.number_input(
        tr("faces.minimum_images_per_person"), 2, 500, 70, key="min_faces", help=tr("faces.gives_the_lab_s_people")
    )
    try:
        return load(home, int(minimum)), int(minimum)
    except TooFewPeople as error:
        st.warning(error.text(tr), icon=":material/group_off:")
        return None
    except MissingData as error:
        st.warning(error.text(tr), icon=":material/folder_off:")
        if st.button(tr("faces.download_lfw_with_scikit_learn"), icon=":material/download:"):
            with st.status(tr("faces.downloading_lfw"), expanded=True) as status:
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
            "faces.total_images_of_v_people",
            total=total,
            v2=len(counts),
            v3=data.images.shape[1],
            v4=data.images.shape[2],
            biggest=biggest,
            v6=counts[biggest] / total,
            v7=1 / len(counts),
        )
    )
    st.markdown(tr("faces.some_faces_of_each_person"))
    for k, name in enumerate(data.names):
        picks = np.flatnonzero(data.target == k)[:6]
        cols = st.columns([1.4] + [1] * 6, vertical_alignment="center")
        cols[0].markdown(tr("faces.name_v_images", name=name, v2=counts[name]))
        for col, index in zip(cols[1:], picks):
            col.image(data.images[index], clamp=True, width="stretch")
    st.markdown(tr("faces.how_the_lstm_reads_an"))
    left, right = st.columns([1, 2])
    index = left.number_input(tr("faces.image"), 0, len(data.target) - 1, 0, key="faces_image")
    row = left.slider(tr("faces.row_being_read_time_step"), 0, data.images.shape[1] - 1, 20, key="faces_row")
    image = data.images[index]
    with left:
        show_chart(plots.image_rows(image, row, data.names[data.target[index]], tr), key="faces_rows")
    with right:
        improved = faces.PixelScaling.standardize(split.train_x, per_image=True)  # as the improved recipe sees it
        doc_scaled, standardized = image[row] / 255.0, improved(image[None])[0][row]
        show_chart(
            plots.figure(
                [
                    dict(type="scatter", y=image[row].tolist(), name=tr("faces.scaling.sklearn"), mode="lines"),
                    dict(type="scatter", y=doc_scaled.tolist(), name=tr("faces.scaling.document"), mode="lines"),
                    dict(type="scatter", y=standardized.tolist(), name=tr("faces.scaling.standardised"), mode="lines"),
                ],
                dict(
                    height=300,
                    margin=dict(l=10, r=10, t=10, b=10),
                    xaxis=dict(title=dict(text=tr("faces.column_feature"))),
                    legend=dict(orientation="h", y=1.1),
                ),
            ),
            key="faces_row_values",
        )
        st.caption(tr("faces.time_step_row_the_lstm", row=row))
        label = faces.one_hot(np.array([data.target[index]]), len(data.names))[0]
        st.markdown(tr("faces.one_hot", label=label.astype(int).tolist(), name=data.names[data.target[index]]))
    table = pd.DataFrame(
        {
            tr("faces.col.person"): data.names,
            tr("faces.col.train"): [int((split.train_y == k).sum()) for k in range(len(data.names))],
            tr("faces.col.test"): [int((split.test_y == k).sum()) for k in range(len(data.names))],
        }
    )
    st.markdown(tr("faces.stratified_split_v_to_train", v1=len(split.train_y), v2=len(split.test_y)))
    st.dataframe(table, hide_index=True)


def model_ui(classes: int) -> None:
    rows = counting.count_parameters(47, [128, 128], False, classes)
    st.markdown(tr("faces.document_s_model_lstm_return", classes=classes))
    st.dataframe(
        pd.DataFrame(
            {
                tr("faces.col.layer"): [r.name for r in rows],
                tr("faces.col.parameters"): [f"{r.params:,}" for r in rows],
                tr("faces.col.formula"): [r.formula for r in rows],
            }
        ),
        hide_index=True,
    )
    st.markdown(tr("faces.total_v_the_document_prints", v1=counting.total(rows)))


def train_ui(home, minimum, data: faces.Faces, split: faces.Split) -> tuple:
    left, middle, right = st.columns([3, 1, 1])
    recipe = left.radio(
        tr("faces.recipe"),
        list(FACE_RECIPES),
        key="faces_recipe",
        horizontal=True,
        format_func=lambda k: tr(f"face_recipe.{k}"),
    )
    left.caption(tr(f"face_recipe.{recipe}.description"))
    seed = int(middle.number_input(tr("faces.seed"), 0, 1_000_000, 0, key="faces_seed"))
    epochs = int(
        right.number_input(
            tr("faces.epochs_at_most"), 1, 500, FACE_RECIPES[recipe].epochs, key=f"faces_epochs_{recipe}"
        )
    )
    key = (home, minimum, recipe, seed, epochs)
    names = data.names

    def work(progress):
        from lstm_viz import models  # TensorFlow loads here, in the training thread

        return models.train_faces(split, names, recipe, progress, seed=seed, epochs=epochs)

    start = lambda: start_job(SLOT, work, epochs, tr(f"face_recipe.{recipe}"), "faces", key)  # noqa: E731
    busy = train_button(SLOT, "faces", key, start, "faces_train")
    if busy:
        st.caption(tr("faces.training_runs_in_the_background"))
    progress_panel(SLOT)
    return key


def results_ui(result, data: faces.Faces, split: faces.Split) -> None:
    evaluation = result.evaluation
    majority = float(np.bincount(split.test_y).max() / len(split.test_y))
    cols = st.columns(5)
    cols[0].metric(tr("faces.test_accuracy"), f"{evaluation.accuracy:.2f}%")
    cols[1].metric(
        tr("faces.document_s_accuracy"), f"{DOCUMENT_ACCURACY:.2f}%", help=tr("faces.as_printed_in_the_document")
    )
    cols[2].metric(tr("faces.always_the_largest_class"), f"{100 * majority:.2f}%")
    cols[3].metric(tr("faces.chance"), f"{100 / len(data.names):.1f}%")
    cols[4].metric(
        tr("faces.training_time"),
        f"{result.seconds:.0f} s",
        help=tr("faces.epochs_done_epochs_best_weights", epochs_done=result.epochs_done, best_epoch=result.best_epoch),
    )
    if abs(evaluation.accuracy - 100 * majority) < 0.5:
        st.warning(tr("faces.this_model_does_no_better"), icon=":material/warning:")
    tabs = st.tabs(
        [
            tr("faces.confusion_matrix"),
            tr("faces.per_person"),
            tr("faces.roc_curves"),
            tr("faces.mistakes"),
            tr("faces.how_it_reads_a_face"),
            tr("faces.model"),
        ]
    )
    with tabs[0]:
        normalized = st.toggle(tr("faces.row_normalised_share_of_each"), key="faces_normalized")
        show_chart(plots.confusion_heatmap(evaluation.confusion, data.names, normalized, tr), key="faces_confusion")
        st.caption(
            tr(
                "faces.confusion_text",
                right=int(np.trace(evaluation.confusion)),
                total=int(evaluation.confusion.sum()),
                best=data.names[int(np.argmax(np.diag(evaluation.confusion) / evaluation.confusion.sum(axis=1)))],
            )
        )
    with tabs[1]:
        report = pd.DataFrame(evaluation.report).T.drop(index="accuracy", errors="ignore")
        report["support"] = report["support"].astype(int)
        st.dataframe(report.round(3), width="stretch")
        st.caption(tr("faces.scikit_learn_s_classification_report"))
    with tabs[2]:
        show_chart(plots.roc_curves(evaluation.roc, evaluation.macro_auc, tr), key="faces_roc")
        st.caption(
            tr("faces.roc_text", aucs=", ".join(f"{name} {auc:.3f}" for name, (_, _, auc) in evaluation.roc.items()))
        )
    with tabs[3]:
        wrong = np.flatnonzero(evaluation.predicted != split.test_y)
        st.markdown(tr("faces.v_of_v_test_faces", v1=len(wrong), v2=len(split.test_y)))
        cols = st.columns(6)
        for n, k in enumerate(wrong[:24]):
            cols[n % 6].image(
                split.test_x[k],
                clamp=True,
                width="stretch",
                caption=f"{data.names[split.test_y[k]]} → {data.names[evaluation.predicted[k]]} "
                f"({evaluation.confidence[k]:.0%})",
            )
    with tabs[4]:
        reading_ui(result, data, split)
    with tabs[5]:
        model_panel(result.model, f"faces_{result.recipe}_seed{result.seed}.keras")


def reading_ui(result, data: faces.Faces, split: faces.Split) -> None:
    index = st.number_input(tr("faces.test_image"), 0, len(split.test_y) - 1, 0, key="faces_read")
    image = split.test_x[index]
    scaled = result.scaling(image[None])[0]
    layer = result.model.get_layer("bi_lstm_1" if "bi_lstm_1" in [x.name for x in result.model.layers] else "lstm_1")
    params = LSTMParams.from_keras(getattr(layer, "forward_layer", layer))
    trace = forward(params, scaled)
    # rows not read yet are replaced by 0 — in standardised units, the average face
    masked = np.stack([np.where(np.arange(62)[:, None] < k, scaled, 0.0) for k in range(1, 63)]).astype("float32")
    from lstm_viz import models  # a model exists: TensorFlow is loaded already

    evolution = models.memo(
        result.model,
        ("rows read", int(index)),
        lambda: np.asarray(result.model.predict(masked, verbose=0, batch_size=62)),
    )
    left, right = st.columns([1, 3])
    with left:
        show_chart(
            plots.image_rows(image, None, tr("faces.true_name", name=data.names[split.test_y[index]]), tr),
            key="faces_read_img",
        )
    with right:
        show_chart(plots.time_charts(trace, trace.steps - 1, tr), key="faces_read_trace")
    half = tr("faces.half") if layer.name.startswith("bi_") else ""
    st.caption(tr("faces.the_trained_first_layer_half", half=half, units=params.units))
    st.markdown(tr("faces.what_the_model_believes_after"))
    show_chart(plots.probability_lines(evolution, data.names, tr("faces.rows_read"), tr), key="faces_evolution")
    final = evolution[-1]
    st.caption(tr("faces.evolution_text", name=data.names[int(final.argmax())], p=float(final.max())))


def comparison_ui(home, minimum, data) -> None:
    st.subheader(tr("faces.the_lab_s_conclusion_tested"))
    st.markdown(tr("faces.the_document_concludes_that_an"))
    baseline = st.session_state.get("faces_baseline_ready") or st.button(
        tr("faces.fit_the_pca_svm_baseline"), icon=":material/functions:"
    )
    rows = []
    if baseline:
        st.session_state.faces_baseline_ready = True
        evaluation, seconds, components = baseline_for(home, minimum)
        rows.append(
            {
                tr("faces.col.model"): tr("faces.baseline_name", components=components),
                tr("faces.col.accuracy"): round(evaluation.accuracy, 2),
                "macro F1": round(evaluation.macro_f1, 3),
                "macro AUC": round(evaluation.macro_auc, 3),
                tr("faces.col.seconds"): round(seconds, 1),
            }
        )
    for key, result in all_results("faces").items():
        if key[:2] == (home, minimum):
            rows.append(
                {
                    tr("faces.col.model"): tr(
                        "faces.lstm_name", recipe=tr(f"face_recipe.{result.recipe}"), seed=result.seed
                    )
                    + (tr("faces.stopped_early") if result.stopped else ""),
                    tr("faces.col.accuracy"): round(result.evaluation.accuracy, 2),
                    "macro F1": round(result.evaluation.macro_f1, 3),
                    "macro AUC": round(result.evaluation.macro_auc, 3),
                    tr("faces.col.seconds"): round(result.seconds, 1),
                }
            )
    rows.append(
        {
            tr("faces.col.model"): tr("faces.document_lstm"),
            tr("faces.col.accuracy"): DOCUMENT_ACCURACY,
            "macro F1": 0.39,
            "macro AUC": None,
            tr("faces.col.seconds"): None,
        }
    )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def main() -> None:
    st.title(tr("faces.faces_who_is_this_an"))
    st.caption(tr("faces.course_document_lab_identify_people"))
    home = faces.data_home()
    loaded = data_ui(home)
    if loaded is None:
        return
    data, minimum = loaded
    split = split_for(home, minimum)
    report_finished(SLOT)
    tab_data, tab_model, tab_train = st.tabs([tr("faces.the_data"), tr("faces.the_model"), tr("faces.train_and_judge")])
    with tab_data:
        look_ui(data, split)
    with tab_model:
        model_ui(len(data.names))
    with tab_train:
        key = train_ui(home, minimum, data, split)
        result = find_result("faces", key)
        if result is not None:
            results_ui(result, data, split)
        elif not running(SLOT):
            st.info(
                tr("faces.nothing_trained_yet_with_these"),
                icon=":material/info:",
            )
        comparison_ui(home, minimum, data)


main()
