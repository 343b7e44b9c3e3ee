"""The faces lab: how the faces model trains, read from a run the user made, and whether the lab's conclusion holds
(course document 001's second half; lstm_viz/lab)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz import face_timing, faces
from lstm_viz.lab import adam, crossentropy, dropout, kernels, shifts, stopping, surface
from lstm_viz.plots import conclusion as conclusion_plots
from lstm_viz.plots import lab as plots
from lstm_viz.plots import stopping as stopping_plots
from ui.browser import image_alts
from ui.faces_data import baseline_for, load, split_for
from ui.shared import all_results, chart, page_setup, tabs

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


def pick_run(runs: dict, train_images: int):
    if not runs:
        guess = {
            recipe: tr("faces.seconds", seconds=face_timing.estimate(recipe, train_images, epochs).at_most)
            for recipe, epochs in ((r, face_timing.default_epochs(r, train_images)) for r in ("demo", "cnn"))
        }
        st.info(tr("lab.no_run", **guess), icon=":material/model_training:")
        st.page_link("pages/faces.py", label=tr("lab.to_faces"), icon=":material/face:")
        return None
    keys = list(runs)
    chosen = st.selectbox(
        tr("lab.pick_run"),
        range(len(keys)),
        index=len(keys) - 1,  # the latest run: most likely the one just trained
        format_func=lambda k: run_label(runs[keys[k]]),
        key="lab_run",
    )
    return runs[keys[min(chosen, len(keys) - 1)]]


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
    p = st.slider(tr("lab.ce.drag"), 0.01, 0.99, float(shares[true_class]), 0.01, key=f"lab_ce_p_{example}")
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


# --- Adam ----------------------------------------------------------------------------------------------------------


def adam_ui(result) -> None:
    st.markdown(tr("lab.adam.intro"))
    record = result.adam if result is not None else None
    if record is not None and record.m:
        replay = adam.replay(adam.gradients_from_momentum(record.m), record.learning_rate)
        k = st.slider(tr("lab.adam.pick"), 1, len(record.m), 1, key="lab_adam_update") - 1
        number = lambda value: tr.number(value, ".3e")  # noqa: E731
        st.caption(tr("lab.adam.weight", layer=record.layer, index=str(record.index), updates=len(record.m)))
        g, m, v, lr = replay.g[k], replay.m[k], replay.v[k], record.learning_rate[k]
        m_before, v_before = (replay.m[k - 1], replay.v[k - 1]) if k else (0.0, 0.0)
        t = k + 1
        lines = [
            rf"g_{{{t}}} = {number(g)}",
            rf"m_{{{t}}} = 0.9 \cdot {number(m_before)} + 0.1 \cdot {number(g)} = {number(m)}",
            rf"v_{{{t}}} = 0.999 \cdot {number(v_before)} + 0.001 \cdot ({number(g)})^2 = {number(v)}",
            rf"\hat m_{{{t}}} = m_{{{t}}} / (1 - 0.9^{{{t}}}) = {number(replay.m_hat[k])}",
            rf"\hat v_{{{t}}} = v_{{{t}}} / (1 - 0.999^{{{t}}}) = {number(replay.v_hat[k])}",
            rf"\Delta\theta = {number(lr)} \cdot \hat m / (\sqrt{{\hat v}} + 10^{{-7}}) = {number(replay.step[k])}",
        ]
        for line in lines:
            st.latex(tr.tex(line))
        check = adam.check(record.m, record.v, record.before, record.after, record.learning_rate)
        st.caption(
            tr(
                "lab.adam.keras",
                before=number(record.before[k]),
                after=number(record.after[k]),
                change=number(record.before[k] - record.after[k]),
                v=tr.number(check["v"], ".1e"),
                step=tr.number(check["step"], ".1e"),
            )
        )
        chart(plots.adam_lines({"g": replay.g, "m": replay.m, "v_hat": replay.v_hat}, k + 1, tr), key="lab_adam_lines")
    elif result is not None:
        st.info(tr("lab.adam.no_record"), icon=":material/info:")
    st.markdown(tr("lab.surface.intro"))
    paths = {name: surface.path(name) for name in surface.SETTINGS}
    labels = {name: tr(f"lab.surface.{name}") for name in paths}
    chart(plots.surface_paths(surface.grid(), paths, labels, tr), key="lab_surface")
    ends = {labels[name]: tr.number(float(surface.loss(*path[-1])), ".3f") for name, path in paths.items()}
    st.caption(tr("lab.surface.ends", steps=surface.STEPS, ends="; ".join(f"{k}: {v}" for k, v in ends.items())))


# --- epochs, batches, early stopping --------------------------------------------------------------------------


def epochs_ui(result, split) -> None:
    if result is None:
        st.info(tr("lab.no_run_short"), icon=":material/info:")
    else:
        recipe = recipe_of(result)
        per_epoch = stopping.steps_per_epoch(result.fit_images, recipe.batch_size)
        st.markdown(
            tr(
                "lab.epochs.counts",
                train=len(split.train_y),
                validation=result.validation_images,
                fit=result.fit_images,
                batch=recipe.batch_size,
                steps=per_epoch,
                document=stopping.steps_per_epoch(1030, 32),
                mirrored=tr("lab.epochs.mirrored") if recipe.flip else "",
            )
        )
        marks = stopping.marks(result.history, recipe.patience, recipe.epochs, recipe.learning_rate)
        chart(stopping_plots.curves_with_marks(result.history, marks, tr), key="lab_curves")
        cuts = ", ".join(
            tr("lab.stopping.cut", epoch=e, before=tr.number(b, ".1e"), after=tr.number(a, ".1e"))
            for e, b, a in marks.learning_rate_cuts
        ) or tr("lab.stopping.no_cut")
        key = "lab.stopping.summary_stopped" if marks.stopped_early else "lab.stopping.summary_ran"
        st.markdown(
            tr(
                key,
                best=marks.best_epoch,
                loss=tr.number(marks.best_val_loss, ".3f"),
                run=marks.epochs_run,
                patience=recipe.patience,
                planned=recipe.epochs,
                cuts=cuts,
            )
        )
    st.markdown(tr("lab.stopping.document"))
    chart(
        stopping_plots.document_schedule(stopping.DOCUMENT_VAL_LOSS, stopping.DOCUMENT_LEARNING_RATE, tr),
        key="lab_document_schedule",
    )


# --- does the conclusion hold? ----------------------------------------------------------------------------------


def filters_ui(result) -> None:
    from lstm_viz.models.faces import first_kernel

    kernel = first_kernel(result) if result is not None else None
    if kernel is None:
        st.caption(tr("lab.filters.need_lstm"))
        return
    units = list(range(min(6, kernel.shape[1] // 4)))
    names = {gate: tr(f"part.lstm.{gate}") for gate in kernels.GATES}
    chart(conclusion_plots.row_filters(kernels.row_filters(kernel, units), units, names, tr), key="lab_filters")


def shift_ui(runs: dict, home, minimum: int, split) -> None:
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
    best = {}
    for result in runs.values():
        if result.recipe not in best or result.evaluation.accuracy > best[result.recipe].evaluation.accuracy:
            best[result.recipe] = result
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
    st.markdown(tr("lab.conclusion.intro"))
    st.markdown(f"**{tr('lab.conclusion.reason1')}**")
    st.markdown(tr("lab.conclusion.reason1_text"))
    filters_ui(result)
    shift_ui(runs, home, minimum, split)
    st.markdown(f"**{tr('lab.conclusion.reason2')}**")
    st.markdown(tr("lab.conclusion.reason2_text"))
    st.markdown(f"**{tr('lab.conclusion.reason3')}**")
    st.markdown(tr("lab.conclusion.reason3_text"))
    results_table(runs, home, minimum)
    st.markdown(f"**{tr('lab.conclusion.scaling')}**")
    st.markdown(tr("lab.conclusion.scaling_text", document=tr.number(faces.DOCUMENT_ACCURACY)))


# --- the page ------------------------------------------------------------------------------------------------------


def main() -> None:
    st.title(tr("lab.title"))
    st.caption(tr("lab.caption"))
    home = faces.data_home()
    minimum = int(st.session_state.get("faces_minimum", 70))  # as chosen on the Faces page
    try:
        with st.spinner(tr("faces.reading")):
            data, split = load(home, minimum), split_for(home, minimum)
    except (faces.MissingData, faces.TooFewPeople) as error:
        st.warning(error.text(tr), icon=":material/folder_off:")
        return
    runs = {run: result for run, result in all_results("faces").items() if (run.home, run.min_faces) == (home, minimum)}
    result = pick_run(runs, len(split.train_y))
    ids = ("crossentropy", "dropout", "adam", "epochs", "conclusion")
    sections = tabs(ids, [tr(f"lab.tab.{name}") for name in ids], "lab_tab")
    with sections[0]:
        crossentropy_ui(result, data, split)
    with sections[1]:
        dropout_ui(result, split)
    with sections[2]:
        adam_ui(result)
    with sections[3]:
        epochs_ui(result, split)
    with sections[4]:
        conclusion_ui(result, runs, home, minimum, split)


main()
