"""The faces lab's last tab (pages/faces-lab.py): does the lab's conclusion hold? What the first layer's filters look
for, how much a shifted face hurts each model, and every recipe's best run beside the baseline and the document."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lstm_viz import face_runs, faces
from lstm_viz.lab import kernels, shifts
from lstm_viz.plots import conclusion as conclusion_plots
from ui import projector
from ui.charts import chart
from ui.faces_data import baseline_for
from ui.session import texts


def filters_ui(result) -> None:
    tr = texts()
    from lstm_viz.models.faces import first_kernel

    kernel = first_kernel(result) if result is not None else None
    if kernel is None:
        st.caption(tr("lab.filters.need_lstm"))
        return
    units = list(range(min(6, kernel.shape[1] // 4)))
    names = {gate: tr(f"part.lstm.{gate}") for gate in kernels.GATES}
    chart(conclusion_plots.row_filters(kernels.row_filters(kernel, units), units, names, tr), key="lab_filters")


def shift_ui(runs: dict, home, minimum: int, split) -> None:
    tr = texts()
    st.markdown(tr("lab.shift.intro"))
    if not st.button(tr("lab.shift.measure"), icon=":material/open_with:", key="lab_shift"):
        if "lab_shift_result" not in st.session_state:
            return
    else:
        from lstm_viz.models.core import memo
        from lstm_viz.models.faces import probabilities

        results = {}  # kept by recipe, named in the language of each render
        for result in runs.values():
            measure = lambda r=result: shifts.accuracy_by_shift(  # noqa: E731
                lambda x: probabilities(r, x), split.test_x, split.test_y
            )
            results[("recipe", result.recipe)] = memo(result.model, ("shifts", home, minimum), measure)
        with st.spinner(tr("faces.fitting_baseline")):
            _, _, components, baseline = baseline_for(home, minimum)
        results[("baseline", components)] = shifts.accuracy_by_shift(
            lambda x: faces.baseline_scores(baseline, x), split.test_x, split.test_y
        )
        st.session_state.lab_shift_result = results
    named = {
        tr(f"face_recipe.{which}") if kind == "recipe" else tr("faces.baseline_name", components=which): curves
        for (kind, which), curves in st.session_state.lab_shift_result.items()
    }
    chart(conclusion_plots.shift_chart(named, shifts.SHIFTS, tr), key="lab_shift_chart")

    def numbers(direction: str) -> str:
        return "; ".join(
            f"{name}: " + " → ".join(tr.number(curves[direction][k], ".1f") for k in (0, 2, -1))
            for name, curves in named.items()
        )

    st.caption(
        tr(
            "lab.shift.text",
            right=numbers("horizontal"),
            down=numbers("vertical"),
            best_right=shifts.least_hurt(named, "horizontal"),
            best_down=shifts.least_hurt(named, "vertical"),
        )
    )


def results_table(runs: dict, home, minimum: int) -> None:
    tr = texts()
    best = face_runs.best_by_recipe(runs.values())
    rows = []
    for recipe in ("course", "course_scaled", "improved", "demo", "cnn"):
        name = tr(f"face_recipe.{recipe}")
        if recipe in best:
            r = best[recipe]
            rows.append(
                (
                    name,
                    tr.number(r.evaluation.accuracy),
                    tr.number(r.evaluation.macro_f1, ".3f"),
                    tr.number(r.seconds, ".1f"),
                    tr.number(r.parameters, ""),
                )
            )
        else:
            rows.append((name, tr("lab.not_trained"), "—", "—", "—"))
    if st.session_state.get("faces_baseline_ready") or st.session_state.get("lab_shift_result"):
        evaluation, seconds, components, _ = baseline_for(home, minimum)
        rows.append(
            (
                tr("faces.baseline_name", components=components),
                tr.number(evaluation.accuracy),
                tr.number(evaluation.macro_f1, ".3f"),
                tr.number(seconds, ".1f"),
                "—",
            )
        )
    if minimum == faces.DEFAULT_MIN_FACES:  # the document's figure belongs to its 7 people only
        rows.append((tr("faces.document_lstm"), tr.number(faces.DOCUMENT_ACCURACY), "—", "—", "—"))
    columns = [
        tr("faces.col.model"),
        tr("faces.col.accuracy"),
        tr("faces.col.macro_f1"),
        tr("faces.col.seconds"),
        tr("lab.col.parameters"),
    ]
    st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True, width="stretch")


def conclusion_ui(result, runs: dict, home, minimum: int, split) -> None:
    tr = texts()
    st.markdown(tr("lab.conclusion.intro", train=len(split.train_y), test=len(split.test_y)))
    st.markdown(f"**{tr('lab.conclusion.reason1')}**")
    projector.markdown(tr, "lab.conclusion.reason1_text")
    filters_ui(result)
    shift_ui(runs, home, minimum, split)
    st.markdown(f"**{tr('lab.conclusion.reason2')}**")
    st.markdown(tr("lab.conclusion.reason2_text"))
    st.markdown(f"**{tr('lab.conclusion.reason3')}**")
    st.markdown(tr("lab.conclusion.reason3_text"))
    results_table(runs, home, minimum)
    st.markdown(f"**{tr('lab.conclusion.scaling')}**")
    st.markdown(tr("lab.conclusion.scaling_text", document=tr.number(faces.DOCUMENT_ACCURACY)))
