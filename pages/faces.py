"""Faces (LFW): course document 001's LSTM face identifier, trained live and judged honestly.

scikit-learn loads the data; TensorFlow is imported only in the training thread and once a model is shown.
"""

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz import counting, face_timing, faces, scene
from lstm_viz.cells.base import forward
from lstm_viz.faces import DOCUMENT_ACCURACY, FACE_RECIPES, FaceRun, MissingData, TooFewPeople
from lstm_viz.plots import faces as plots
from lstm_viz.plots.style import figure
from ui import lecture as lecture_ui
from ui.browser import image_alts
from ui.faces_data import baseline_for, load, split_for
from ui.scene import show_cells
from ui.shared import (
    all_results,
    find_result,
    model_panel,
    page_setup,
    progress_panel,
    report_finished,
    running,
    start_job,
    tabs,
    train_button,
)
from ui.shared import chart as show_chart

PERCENT = ".2f"

SLOT = "faces_job"
tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)
image_alts(tr("faces.image_alt"))  # st.image writes no alt text


def data_ui(home: str | None) -> tuple[faces.Faces, int] | None:
    minimum = st.sidebar.number_input(tr("faces.minimum"), 2, 500, 70, key="min_faces", help=tr("faces.minimum_help"))
    st.session_state.faces_minimum = int(minimum)  # for the faces lab (a widget's own state ends with its page)
    try:
        with st.spinner(tr("faces.reading")):
            return load(home, int(minimum)), int(minimum)
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
        doc_scaled, standardized = image[row] / 255.0, improved(image[None])[0][row]
        show_chart(
            figure(
                [
                    dict(type="scatter", y=image[row].tolist(), name=tr("faces.scaling.sklearn"), mode="lines"),
                    dict(type="scatter", y=doc_scaled.tolist(), name=tr("faces.scaling.document"), mode="lines"),
                    dict(type="scatter", y=standardized.tolist(), name=tr("faces.scaling.standardised"), mode="lines"),
                ],
                dict(
                    height=300,
                    separators=tr.separators,
                    margin=dict(l=10, r=10, t=10, b=10),
                    xaxis=dict(title=dict(text=tr("faces.column_feature"))),
                    legend=dict(orientation="h", y=1.1),
                ),
            ),
            key="faces_row_values",
        )
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
    rows = counting.count_parameters(47, [128, 128], False, classes)
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


def percent(value: float) -> str:
    """A percentage (value in percent) as the page's language writes it: 41.09% or 41,09 %."""
    return tr.number(value / 100, ".2%")


def estimate_ui(recipe: str, train_images: int, epochs: int) -> None:
    """How long the chosen recipe will probably take on the chosen data, before Train."""
    finished = [(r.recipe, r.fit_images, r.epochs_done, r.seconds) for r in all_results("faces").values() if r.seconds]
    guess = face_timing.estimate(recipe, train_images, epochs, face_timing.server_speed(finished))
    seconds = lambda value: tr("faces.seconds", seconds=value)  # noqa: E731
    span = "faces.estimate.range" if round(guess.likely) < round(guess.at_most) else "faces.estimate.all"
    time = tr(span, likely=seconds(guess.likely), at_most=seconds(guess.at_most), epochs=epochs)
    key = "faces.estimate_here" if guess.measured_here else "faces.estimate"
    st.caption(tr(key, time=time, per_epoch=seconds(guess.per_epoch), images=train_images))


def train_ui(home, minimum, data: faces.Faces, split: faces.Split) -> FaceRun:
    counts = np.bincount(split.test_y)
    biggest, right, total = data.names[int(counts.argmax())], int(counts.max()), len(split.test_y)
    same = round(100 * right / total, 2) == DOCUMENT_ACCURACY  # the lab's own 7 people and split
    key = "faces.train.document_is_majority" if same else "faces.train.document_elsewhere"
    message = tr(
        key,
        accuracy=percent(DOCUMENT_ACCURACY),
        biggest=biggest,
        right=right,
        total=total,
        majority=percent(100 * right / total),
    )
    st.info(message, icon=":material/rule:")
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
    default = face_timing.default_epochs(recipe, len(split.train_y))  # (the demo's scales with the image count)
    key = f"faces_epochs_{recipe}" if default == FACE_RECIPES[recipe].epochs else f"faces_epochs_{recipe}_{default}"
    epochs = int(right.number_input(tr("faces.epochs_at_most"), 1, 500, default, key=key))
    estimate_ui(recipe, len(split.train_y), epochs)
    run = FaceRun(home, minimum, recipe, seed, epochs)
    names = data.names

    def work(progress):
        from lstm_viz.models.faces import train_faces  # TensorFlow loads here, in the training thread

        return train_faces(split, names, recipe, progress, seed=seed, epochs=epochs)

    start = lambda: start_job(SLOT, work, epochs, tr(f"face_recipe.{recipe}"), "faces", run)  # noqa: E731
    busy = train_button(SLOT, "faces", run, start, "faces_train")
    if busy:
        st.caption(tr("faces.training_in_background"))
    progress_panel(SLOT)
    return run


def results_ui(result, data: faces.Faces, split: faces.Split) -> None:
    evaluation = result.evaluation
    majority = 100 * float(np.bincount(split.test_y).max() / len(split.test_y))
    cols = st.columns(5)
    cols[0].metric(tr("faces.test_accuracy"), percent(evaluation.accuracy))
    cols[1].metric(tr("faces.document_accuracy"), percent(DOCUMENT_ACCURACY), help=tr("faces.document_number"))
    cols[2].metric(tr("faces.always_the_largest_class"), percent(majority))
    cols[3].metric(tr("faces.chance"), percent(100 / len(data.names)))
    cols[4].metric(
        tr("faces.training_time"),
        tr("faces.seconds", seconds=result.seconds),
        help=tr("faces.epochs_and_best", epochs=result.epochs_done, best=result.best_epoch),
    )
    if evaluation.accuracy <= majority:
        st.warning(
            tr("faces.no_better_than_majority", accuracy=percent(evaluation.accuracy), majority=percent(majority)),
            icon=":material/warning:",
        )
    tabs = st.tabs(
        [
            tr("faces.confusion_matrix"),
            tr("faces.per_person"),
            tr("faces.roc_curves"),
            tr("faces.mistakes"),
            tr("faces.how_it_reads"),
            tr("faces.model"),
        ]
    )
    with tabs[0]:
        normalized = st.toggle(tr("faces.row_normalised"), key="faces_normalized")
        show_chart(plots.confusion_heatmap(evaluation.confusion, data.names, normalized, tr), key="faces_confusion")
        best = int(np.argmax(np.diag(evaluation.confusion) / evaluation.confusion.sum(axis=1)))
        st.caption(
            tr(
                "faces.confusion_text",
                right=int(np.trace(evaluation.confusion)),
                total=int(evaluation.confusion.sum()),
                best=data.names[best],
            )
        )
    with tabs[1]:
        report = pd.DataFrame(evaluation.report).T.drop(index="accuracy", errors="ignore")
        report["support"] = report["support"].astype(int)
        report.index = [tr(f"faces.report.{name}") if tr.has(f"faces.report.{name}") else name for name in report.index]
        report.columns = [tr(f"faces.report.{name}") for name in report.columns]
        st.dataframe(report.round(3), width="stretch")
        st.caption(tr("faces.report_caption"))
    with tabs[2]:
        show_chart(plots.roc_curves(evaluation.roc, evaluation.macro_auc, tr), key="faces_roc")
        aucs = "; ".join(f"{name} {tr.number(auc, '.3f')}" for name, (_, _, auc) in evaluation.roc.items())
        st.caption(tr("faces.roc_text", aucs=aucs))
    with tabs[3]:
        wrong = np.flatnonzero(evaluation.predicted != split.test_y)
        st.markdown(tr("faces.mistakes_count", wrong=len(wrong), total=len(split.test_y)))
        cols = st.columns(6)
        for n, k in enumerate(wrong[:24]):
            caption = (
                f"{data.names[split.test_y[k]]} → {data.names[evaluation.predicted[k]]} "
                f"({tr.number(evaluation.confidence[k], '.0%')})"
            )
            cols[n % 6].image(split.test_x[k], clamp=True, width="stretch", caption=caption)
    with tabs[4]:
        reading_ui(result, data, split)
    with tabs[5]:
        model_panel(result.model, f"faces_{result.recipe}_seed{result.seed}.keras")


def reading_ui(result, data: faces.Faces, split: faces.Split) -> None:
    from lstm_viz.models.core import layer_weights, memo  # a model exists: TensorFlow is loaded already

    index = st.number_input(tr("faces.test_image"), 0, len(split.test_y) - 1, 0, key="faces_read")
    image = split.test_x[index]
    scaled = result.scaling(image[None])[0]
    layer = result.first_layer
    weights = layer_weights(layer) if layer is not None else None  # the CNN reads the whole image at once
    trace = forward(weights, scaled) if weights is not None else None
    # rows not read yet are replaced by 0 — in standardised units, the average face
    masked = np.stack([np.where(np.arange(62)[:, None] < k, scaled, 0.0) for k in range(1, 63)]).astype("float32")
    evolution = memo(
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
        if trace is None:
            st.info(tr("faces.cnn_reads_at_once"), icon=":material/grid_on:")
            return _belief(evolution, data)
        half = tr("faces.half") if hasattr(layer, "forward_layer") else ""
        st.caption(tr("faces.first_layer", half=half, units=weights.units, shown=min(weights.units, 16)))
        show_cells(
            [scene.Cell(weights, trace, tr("kind.lstm"))], "faces_scene", tr, start=trace.steps - 1, unit_picker=True
        )
    _belief(evolution, data)


def _belief(evolution, data) -> None:
    st.markdown(tr("faces.belief_by_row"))
    show_chart(plots.probability_lines(evolution, data.names, tr("faces.rows_read"), tr), key="faces_evolution")
    final = evolution[-1]
    st.caption(tr("faces.evolution_text", name=data.names[int(final.argmax())], p=float(final.max())))


def comparison_ui(home, minimum, data, split) -> None:
    st.subheader(tr("faces.conclusion.title"))
    st.markdown(tr("faces.conclusion.intro"))
    baseline = st.session_state.get("faces_baseline_ready") or st.button(
        tr("faces.fit_baseline"), icon=":material/functions:"
    )
    columns = (
        tr("faces.col.model"),
        tr("faces.col.accuracy"),
        tr("faces.col.macro_f1"),
        tr("faces.col.macro_auc"),
        tr("faces.col.seconds"),
    )
    rows = []
    if baseline:
        st.session_state.faces_baseline_ready = True
        with st.spinner(tr("faces.fitting_baseline")):
            evaluation, seconds, components, _ = baseline_for(home, minimum)
        name = tr("faces.baseline_name", components=components)
        rows.append((name, evaluation.accuracy, evaluation.macro_f1, evaluation.macro_auc, seconds))
    for run, result in all_results("faces").items():
        if (run.home, run.min_faces) == (home, minimum):
            kind = "cnn" if faces.FACE_RECIPES[result.recipe].model == "cnn" else "lstm"
            name = tr(f"faces.{kind}_name", recipe=tr(f"face_recipe.{result.recipe}"), seed=result.seed)
            name += tr("faces.stopped_early") if result.stopped else ""
            evaluation = result.evaluation
            rows.append((name, evaluation.accuracy, evaluation.macro_f1, evaluation.macro_auc, result.seconds))
    table = [
        {
            columns[0]: name,
            columns[1]: tr.number(accuracy),
            columns[2]: tr.number(f1, ".3f"),
            columns[3]: tr.number(auc, ".3f"),
            columns[4]: tr.number(seconds, ".1f"),
        }
        for name, accuracy, f1, auc, seconds in rows
    ]
    if minimum == 70:
        table.append(
            {
                columns[0]: tr("faces.document_lstm"),
                columns[1]: tr.number(DOCUMENT_ACCURACY),
                columns[2]: tr(
                    "faces.document_f1",
                    f1=tr.number(faces.DOCUMENT_MACRO_F1),
                    right=faces.DOCUMENT_TABLE_RIGHT,
                    total=len(split.test_y),
                    share=faces.DOCUMENT_TABLE_RIGHT / len(split.test_y),
                ),
                columns[3]: "—",
                columns[4]: "—",
            }
        )
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")


def main() -> None:
    st.title(tr("faces.title"))
    st.caption(tr("faces.caption"))
    home = faces.data_home()
    loaded = data_ui(home)
    if loaded is None:
        return
    data, minimum = loaded
    split = split_for(home, minimum)
    report_finished(SLOT)
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
        run = train_ui(home, minimum, data, split)
        result = find_result("faces", run)
        if result is not None:
            results_ui(result, data, split)
        elif not running(SLOT):
            st.info(tr("faces.nothing_trained"), icon=":material/info:")
        comparison_ui(home, minimum, data, split)


main()
