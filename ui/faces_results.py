"""The faces page's results (pages/faces.py): a run's numbers, its confusion matrix, per-person report, ROC curves,
mistakes, how it reads a face row by row, and its model; then every run beside the eigenfaces baseline and the
document."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz import face_runs, faces, scene
from lstm_viz.cells.base import forward
from lstm_viz.faces import DOCUMENT_ACCURACY, FaceRun
from lstm_viz.plots import faces as plots
from ui import layers_handoff
from ui.charts import chart as show_chart
from ui.faces_data import baseline_for
from ui.runs import session_runs
from ui.scene import show_cells
from ui.session import lecture, texts
from ui.training import model_panel


def percent(value: float) -> str:
    """A percentage (value in percent) as the page's language writes it: 41.09% or 41,09 %."""
    return texts().number(value / 100, ".2%")


def results_ui(result, data: faces.Faces, split: faces.Split) -> None:
    tr, evaluation = texts(), result.evaluation
    majority = face_runs.majority(split.test_y).percent
    metrics = [
        (tr("faces.test_accuracy"), percent(evaluation.accuracy), None),
        (tr("faces.document_accuracy"), percent(DOCUMENT_ACCURACY), tr("faces.document_number"))
        if data.counts == faces.DOCUMENT_COUNTS  # (the document's figure is for its 7 people: said beside other data)
        else (tr("faces.document_accuracy_7"), percent(DOCUMENT_ACCURACY), tr("faces.document_number_7")),
        (tr("faces.always_the_largest_class"), percent(majority), None),
        (tr("faces.chance"), percent(100 / len(data.names)), None),
        (
            tr("faces.training_time"),
            tr("faces.seconds", seconds=result.seconds),
            tr(
                "faces.epochs_and_best" if result.validation_images else "faces.epochs_fixed",
                epochs=result.epochs_done,
                best=result.best_epoch,
            ),
        ),
    ]
    per_row = 3 if lecture() else 5  # on a projector the values are large: three a row keep every label whole
    for first in range(0, len(metrics), per_row):
        for column, (label, value, note) in zip(st.columns(per_row), metrics[first : first + per_row]):
            column.metric(label, value, help=note)
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
        shares = [name for name in report.columns if name != "support"]  # written in the page's language (0,786)
        report[shares] = report[shares].map(lambda value: tr.number(value, ".3f"))
        report.columns = [tr(f"faces.report.{name}") for name in report.columns]
        st.dataframe(report, width="stretch")
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
    from lstm_viz.models.faces import belief_by_row, first_layer_input

    tr = texts()
    index = st.number_input(tr("faces.test_image"), 0, len(split.test_y) - 1, 0, key="faces_read")
    image = split.test_x[index]
    scaled = result.scaling(image[None])[0]
    layer = result.first_layer
    weights = layer_weights(layer) if layer is not None else None  # the CNN reads the whole image at once
    read, trace = None, None
    if weights is not None:  # the rows the first layer reads (a pooling recipe's smaller image, as Keras made it)
        read = memo(result.model, ("first input", int(index)), lambda: first_layer_input(result, scaled))
        trace = forward(weights, read)
    evolution = memo(result.model, ("rows read", int(index)), lambda: belief_by_row(result, scaled))
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
        rows, width = read.shape
        pooled = tr("faces.first_layer_pooled") if read.shape != scaled.shape else ""
        st.caption(tr("faces.first_layer", half=half, units=weights.units, shown=min(weights.units, 16), rows=rows,
                      width=width, pooled=pooled))  # fmt: skip
        show_cells(
            [scene.Cell(weights, trace, tr("kind.lstm"))], "faces_scene", tr, start=trace.steps - 1, unit_picker=True
        )
        source = ("layers.source.faces", {"image": index, "name": data.names[split.test_y[index]]})
        layers_handoff.button(result.model, scaled, data.names, source, "faces_to_layers")
    _belief(evolution, data)


def _belief(evolution, data) -> None:
    tr = texts()
    st.markdown(tr("faces.belief_by_row"))
    show_chart(plots.probability_lines(evolution, data.names, tr("faces.rows_read"), tr), key="faces_evolution")
    final = evolution[-1]
    st.caption(tr("faces.evolution_text", name=data.names[int(final.argmax())], p=float(final.max())))


def comparison_ui(home, minimum: int, split: faces.Split) -> None:
    """Every run on this data (this session's and the finished ones of all), the baseline, the document."""
    tr = texts()
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
    for result in face_runs.on_data(session_runs(FaceRun.family).all(), home, minimum).values():
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
    note = None
    if minimum == faces.DEFAULT_MIN_FACES:  # the document's figures belong to its 7 people only
        table.append(
            {
                columns[0]: tr("faces.document_lstm"),
                columns[1]: tr.number(DOCUMENT_ACCURACY),
                columns[2]: tr.number(faces.DOCUMENT_MACRO_F1) + " *",
                columns[3]: "—",
                columns[4]: "—",
            }
        )
        right, total = faces.DOCUMENT_TABLE_RIGHT, len(split.test_y)
        note = tr("faces.document_f1", right=right, total=total, share=right / total)
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    if note:  # under the table, not in a cell: a long cell pushed the seconds out of sight
        st.caption(note)
