"""The alphabet: train course document 003's next-letter LSTMs live, then look inside the trained cell.

TensorFlow is imported only when a model is trained or shown (lstm_viz.models), never on page load.
"""

import pandas as pd
import streamlit as st

from lstm_viz import alphabet, explain, plots
from lstm_viz.explorer import WEIGHT_LIMIT, ExplorerConfig
from lstm_viz.i18n import TextError
from lstm_viz.lstm import forward
from ui.shared import (
    all_results,
    find_result,
    model_panel,
    page_setup,
    progress_panel,
    report_finished,
    start_job,
    train_button,
)
from ui.shared import chart as show_chart

SLOT = "alphabet_job"
RECIPES = ("course", "fast")
tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)


def default_epochs(variant: int, recipe: str) -> int:
    return alphabet.ALPHABET_RECIPES[recipe].for_variant(variant).epochs


def train(variant: int, recipe: str, seed: int, epochs: int) -> None:
    def work(progress):
        from lstm_viz import models  # TensorFlow loads here, in the training thread

        return models.train_alphabet(variant, recipe, progress, seed=seed, epochs=epochs)

    label = tr("alphabet.job_label", variant=variant, recipe=tr(f"alphabet_recipe.{recipe}.short"))
    start_job(SLOT, work, epochs, label, "alphabet", (variant, recipe, seed, epochs))


def settings_ui() -> tuple[int, str, int, int]:
    variant = st.radio(
        tr("alphabet.variant"),
        list(alphabet.VARIANTS),
        key="variant",
        horizontal=True,
        format_func=lambda v: f"{v}. {tr(f'variant.{v}.title')}",
    )
    spec = alphabet.VARIANTS[variant]
    steps, features = spec.input_shape
    st.markdown(
        tr("alphabet.input_shape", explanation=tr(f"variant.{variant}.explanation"), steps=steps, features=features)
    )
    left, middle, right = st.columns([2, 1, 1])
    recipe = left.radio(
        tr("alphabet.recipe"), RECIPES, format_func=lambda k: tr(f"alphabet_recipe.{k}"), key="recipe", horizontal=True
    )
    left.caption(tr(f"alphabet_recipe.{recipe}.description"))
    seed = middle.number_input(tr("alphabet.seed"), 0, 1_000_000, 7, key="seed")
    chosen = st.session_state.setdefault("alphabet_epochs", {})  # kept while the input is off the page
    epochs = right.number_input(
        tr("alphabet.epochs"),
        1,
        2000,
        chosen.get((variant, recipe), default_epochs(variant, recipe)),
        key=f"epochs_{variant}_{recipe}",
    )
    chosen[variant, recipe] = int(epochs)
    return variant, recipe, int(seed), int(epochs)


def comparison_ui(variant: int) -> None:
    """Every run of this variant so far, recipes side by side, with the document's number beside them."""
    runs = all_results("alphabet")
    rows = [
        {
            tr("alphabet.col.recipe"): tr(f"alphabet_recipe.{r.recipe}"),
            tr("alphabet.col.seed"): r.seed,
            tr("alphabet.col.epochs"): tr("alphabet.epochs_of", done=r.epochs_done, total=key[3]),
            tr("alphabet.col.accuracy"): round(r.accuracy, 2),
            tr("alphabet.col.seconds"): round(r.seconds, 1),
            tr("alphabet.col.stopped"): tr("alphabet.yes") if r.stopped else "",
        }
        for key, r in runs.items()
        if key[0] == variant
    ]
    if rows:
        st.markdown(tr("alphabet.runs_of_this_variant_this"))
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def results_ui(result) -> None:
    from lstm_viz import models  # a model exists: TensorFlow is loaded already

    spec = alphabet.VARIANTS[result.variant]
    cols = st.columns(4)
    cols[0].metric(tr("alphabet.accuracy"), f"{result.accuracy:.2f}%")
    if spec.document_accuracy is not None:
        cols[1].metric(
            tr("alphabet.document_course_recipe"),
            f"{spec.document_accuracy:.2f}%",
            help=tr("alphabet.as_printed_in_course_document"),
        )
    cols[2].metric(tr("alphabet.training_time"), f"{result.seconds:.1f} s")
    cols[3].metric(tr("alphabet.epochs"), f"{result.epochs_done}")
    judged = tr("alphabet.judged_learned") if result.variant != 5 else tr("alphabet.judged_every")
    st.caption(tr("alphabet.accuracy_on_v_patterns_judged", v1=len(result.inputs), judged=judged))

    tab_table, tab_heatmap, tab_try, tab_inside, tab_model = st.tabs(
        [
            tr("alphabet.every_pattern"),
            tr("alphabet.probabilities"),
            tr("alphabet.try_it"),
            tr("alphabet.look_inside_the_cell"),
            tr("alphabet.model"),
        ]
    )
    with tab_table:
        top = result.probabilities.max(axis=1)
        table = pd.DataFrame(
            {
                tr("alphabet.col.input"): [" ".join(s) for s in result.inputs],
                tr("alphabet.col.predicted"): list(result.predicted),
                tr("alphabet.col.probability"): top.round(3),
                tr("alphabet.col.true_next"): list(result.targets),
                tr("alphabet.col.right"): ["✓" if p == t else "✗" for p, t in zip(result.predicted, result.targets)],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(table), 600))
        if result.variant == 4:
            st.caption(tr("alphabet.variant_reads_a_b_c"))
    with tab_heatmap:
        rows = [f"{s} ({t})" for s, t in zip(result.inputs, result.targets)]
        show_chart(
            plots.probability_heatmap(result.probabilities, rows, list(alphabet.ALPHABET), tr=tr),
            key="alphabet_heatmap",
        )
        right = sum(p == t for p, t in zip(result.predicted, result.targets))
        st.caption(tr("alphabet.heatmap_text", right=right, total=len(result.targets), mean=top.mean()))
    with tab_try:
        try_ui(result, models)
    with tab_inside:
        inside_ui(result, models)
    with tab_model:
        model_panel(result.model, f"alphabet_variant{result.variant}_{result.recipe}.keras")


def try_ui(result, models) -> None:
    text = st.text_input(
        tr("alphabet.type_letters_hint", hint=tr(f"alphabet.hint.{result.variant}")),
        key=f"try_{result.variant}",
        placeholder=tr("alphabet.example", example={1: "K", 2: "KLM", 3: "KLM", 4: "ABCD", 5: "KLM"}[result.variant]),
    )
    if not text:
        return
    try:
        letters = alphabet.parse_letters(text, result.variant)
    except TextError as error:
        st.warning(error.text(tr), icon=":material/keyboard:")
        return
    probabilities = models.alphabet_probabilities(result.model, result.variant, [letters])[0]
    best = probabilities.argsort()[::-1][:3]
    st.markdown(f"**{letters} → {alphabet.ALPHABET[best[0]]}** ({probabilities[best[0]]:.1%})")
    st.markdown(tr("alphabet.top3", top=", ".join(f"{alphabet.ALPHABET[k]} {probabilities[k]:.1%}" for k in best)))


def inside_ui(result, models) -> None:
    params = result.lstm_params
    pattern = st.selectbox(
        tr("alphabet.input_pattern"),
        range(len(result.inputs)),
        key=f"inside_{result.variant}",
        format_func=lambda k: f"{result.inputs[k]} → {result.targets[k]}",
    )
    x = alphabet.inputs_array(result.variant, [alphabet.encode(result.inputs[pattern])])[0]
    trace = forward(params, x)
    difference = models.memo(
        result.model, ("numpy vs keras", pattern), lambda: models.numpy_keras_difference(params, x)
    )
    st.markdown(
        tr(
            "alphabet.inside" if difference <= 1e-5 else "alphabet.inside_over",
            units=params.units,
            steps=trace.steps,
            difference=difference,
        )
    )
    show_chart(plots.time_charts(trace, trace.steps - 1, tr), key="alphabet_inside")
    st.caption(explain.summary(trace, trace.steps - 1))
    if params.input_dim != 1:
        st.caption(tr("alphabet.this_variant_reads_features_per"))
        return
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    unit = left.number_input(tr("alphabet.unit"), 1, params.units, 1, key="explore_unit") - 1
    if right.button(tr("alphabet.open_this_unit_in_the"), icon=":material/open_in_new:"):
        single = params.unit(int(unit))
        clipped = max(abs(single.kernel).max(), abs(single.recurrent_kernel).max(), abs(single.bias).max())
        config = ExplorerConfig(sequence="custom", custom=", ".join(f"{v:.4f}" for v in x[:, 0])).with_params(
            single.__class__(
                single.kernel.clip(-WEIGHT_LIMIT, WEIGHT_LIMIT),
                single.recurrent_kernel.clip(-WEIGHT_LIMIT, WEIGHT_LIMIT),
                single.bias.clip(-WEIGHT_LIMIT, WEIGHT_LIMIT),
            )
        )
        note = [
            ("explorer.handoff_alphabet", dict(unit=unit + 1, variant=result.variant, pattern=result.inputs[pattern]))
        ]
        if clipped > WEIGHT_LIMIT:
            note.append(("explorer.handoff_clipped", dict(limit=WEIGHT_LIMIT)))
        st.session_state.explorer_handoff = (config, note)
        st.switch_page("pages/explorer.py")


def main() -> None:
    st.title(tr("alphabet.alphabet_predict_the_next_letter"))
    st.caption(tr("alphabet.course_document_an_lstm_learns"))
    report_finished(SLOT)
    variant, recipe, seed, epochs = settings_ui()
    key = (variant, recipe, seed, epochs)
    busy = train_button(SLOT, "alphabet", key, lambda: train(variant, recipe, seed, epochs), "train")
    if busy:
        st.caption(tr("alphabet.training_runs_in_the_background"))
    progress_panel(SLOT)
    comparison_ui(variant)
    result = find_result("alphabet", key)
    if result is not None:
        results_ui(result)
    elif not busy:
        st.info(tr("alphabet.nothing_trained_yet_with_these"), icon=":material/info:")


main()
