"""The alphabet: train course document 003's next-letter LSTMs live, then look inside the trained cell.

TensorFlow is imported only when a model is trained or shown (lstm_viz.models), never on page load.
"""

import pandas as pd
import streamlit as st

from lstm_viz import alphabet, plots
from lstm_viz.explorer import WEIGHT_LIMIT, ExplorerConfig
from lstm_viz.lstm import forward
from pages._shared import (
    all_results,
    find_result,
    model_panel,
    progress_panel,
    report_finished,
    start_job,
    train_button,
)

SLOT = "alphabet_job"
RECIPES = {"course": "Course recipe (document 003)", "fast": "Fast recipe"}


def default_epochs(variant: int, recipe: str) -> int:
    return alphabet.ALPHABET_RECIPES[recipe].for_variant(variant).epochs


def train(variant: int, recipe: str, seed: int, epochs: int) -> None:
    def work(progress):
        from lstm_viz import models  # TensorFlow loads here, in the training thread

        return models.train_alphabet(variant, recipe, progress, seed=seed, epochs=epochs)

    label = f"Variant {variant}, {RECIPES[recipe].split(' (')[0].lower()}"
    start_job(SLOT, work, epochs, label, "alphabet", (variant, recipe, seed, epochs))


def settings_ui() -> tuple[int, str, int, int]:
    variant = st.radio(
        "Variant",
        list(alphabet.VARIANTS),
        key="variant",
        horizontal=True,
        format_func=lambda v: f"{v}. {alphabet.VARIANTS[v].title}",
    )
    spec = alphabet.VARIANTS[variant]
    steps, features = spec.input_shape
    st.markdown(
        f"{spec.explanation}  \nInput shape per pattern: **({steps}, {features})** — {steps} time "
        f"step{'s' if steps > 1 else ''} of {features} feature{'s' if features > 1 else ''}."
    )
    left, middle, right = st.columns([2, 1, 1])
    recipe = left.radio("Recipe", list(RECIPES), format_func=RECIPES.get, key="recipe", horizontal=True)
    seed = middle.number_input("Seed", 0, 1_000_000, 7, key="seed")
    chosen = st.session_state.setdefault("alphabet_epochs", {})  # kept while the input is off the page
    epochs = right.number_input(
        "Epochs",
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
            "recipe": RECIPES[r.recipe],
            "seed": r.seed,
            "epochs": f"{r.epochs_done} of {key[3]}",
            "accuracy (%)": round(r.accuracy, 2),
            "training seconds": round(r.seconds, 1),
            "stopped early": "yes" if r.stopped else "",
        }
        for key, r in runs.items()
        if key[0] == variant
    ]
    if rows:
        st.markdown("**Runs of this variant** (this server)")
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def results_ui(result) -> None:
    from lstm_viz import models  # a model exists: TensorFlow is loaded already

    spec = alphabet.VARIANTS[result.variant]
    cols = st.columns(4)
    cols[0].metric("Accuracy", f"{result.accuracy:.2f}%")
    if spec.document_accuracy is not None:
        cols[1].metric(
            "Document 003 (course recipe)",
            f"{spec.document_accuracy:.2f}%",
            help="As printed in course document 003 (the document's number), course recipe.",
        )
    cols[2].metric("Training time", f"{result.seconds:.1f} s")
    cols[3].metric("Epochs", f"{result.epochs_done}")
    judged = (
        "the patterns it learned from, as the document does"
        if result.variant != 5
        else "every distinct pattern of 1–5 letters (it learned from 1,000 random ones)"
    )
    st.caption(f"Accuracy on {len(result.inputs)} patterns: {judged}.")

    tab_table, tab_heatmap, tab_try, tab_inside, tab_model = st.tabs(
        ["Every pattern", "Probabilities", "Try it", "Look inside the cell", "Model"]
    )
    with tab_table:
        top = result.probabilities.max(axis=1)
        table = pd.DataFrame(
            {
                "input": [" ".join(s) for s in result.inputs],
                "→ predicted": list(result.predicted),
                "probability": top.round(3),
                "true next": list(result.targets),
                "right?": ["✓" if p == t else "✗" for p, t in zip(result.predicted, result.targets)],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(table), 600))
        if result.variant == 4:
            st.caption("Variant 4 reads A, B, C… one letter per call without resetting its state.")
    with tab_heatmap:
        rows = [f"{s} ({t})" for s, t in zip(result.inputs, result.targets)]
        st.plotly_chart(
            plots.probability_heatmap(result.probabilities, rows, list(alphabet.ALPHABET)), key="alphabet_heatmap"
        )
    with tab_try:
        try_ui(result, models)
    with tab_inside:
        inside_ui(result, models)
    with tab_model:
        model_panel(result.model, f"alphabet_variant{result.variant}_{result.recipe}.keras")


def try_ui(result, models) -> None:
    hint = {
        1: "one letter",
        2: "three letters",
        3: "three letters",
        4: "1 to 26 letters, read one per call",
        5: "1 to 5 letters",
    }[result.variant]
    text = st.text_input(
        f"Type letters ({hint})",
        key=f"try_{result.variant}",
        placeholder="e.g. " + {1: "K", 2: "KLM", 3: "KLM", 4: "ABCD", 5: "KLM"}[result.variant],
    )
    if not text:
        return
    try:
        letters = alphabet.parse_letters(text, result.variant)
    except ValueError as error:
        st.warning(str(error), icon=":material/keyboard:")
        return
    probabilities = models.alphabet_probabilities(result.model, result.variant, [letters])[0]
    best = probabilities.argsort()[::-1][:3]
    st.markdown(f"**{letters} → {alphabet.ALPHABET[best[0]]}** ({probabilities[best[0]]:.1%})")
    st.markdown("Top 3: " + ", ".join(f"{alphabet.ALPHABET[k]} {probabilities[k]:.1%}" for k in best))


def inside_ui(result, models) -> None:
    params = result.lstm_params
    pattern = st.selectbox(
        "Input pattern",
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
        f"The trained layer's weights (`LSTMParams.from_keras`) run through the NumPy LSTM: "
        f"{params.units} units, {trace.steps} time step{'s' if trace.steps > 1 else ''}. "
        f"Largest |h_NumPy − h_Keras| over every step and unit: **{difference:.1e}** "
        f"({'within' if difference <= 1e-5 else 'over'} the 1e-5 tolerance)."
    )
    st.plotly_chart(plots.time_charts(trace, trace.steps - 1), key="alphabet_inside")
    if params.input_dim != 1:
        st.caption("This variant reads 3 features per step; the cell explorer takes one, so it cannot open this cell.")
        return
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    unit = left.number_input("Unit", 1, params.units, 1, key="explore_unit") - 1
    if right.button("Open this unit in the cell explorer", icon=":material/open_in_new:"):
        single = params.unit(int(unit))
        clipped = max(abs(single.kernel).max(), abs(single.recurrent_kernel).max(), abs(single.bias).max())
        config = ExplorerConfig(sequence="custom", custom=", ".join(f"{v:.4f}" for v in x[:, 0])).with_params(
            single.__class__(
                single.kernel.clip(-WEIGHT_LIMIT, WEIGHT_LIMIT),
                single.recurrent_kernel.clip(-WEIGHT_LIMIT, WEIGHT_LIMIT),
                single.bias.clip(-WEIGHT_LIMIT, WEIGHT_LIMIT),
            )
        )
        st.session_state.explorer_handoff = (
            config,
            f"Unit {unit + 1} of the trained alphabet LSTM (variant "
            f"{result.variant}), its own recurrent weight only, reading "
            f"{result.inputs[pattern]}."
            + (
                f" Weights beyond ±{WEIGHT_LIMIT:g} were clipped to the sliders' range."
                if clipped > WEIGHT_LIMIT
                else ""
            ),
        )
        st.switch_page("pages/explorer.py")


def main() -> None:
    st.title("Alphabet: predict the next letter")
    st.caption(
        "Course document 003: an LSTM learns which letter comes next. Pick a variant and a recipe, press "
        "Train, watch it learn, then look inside the trained cell."
    )
    report_finished(SLOT)
    variant, recipe, seed, epochs = settings_ui()
    key = (variant, recipe, seed, epochs)
    busy = train_button(SLOT, "alphabet", key, lambda: train(variant, recipe, seed, epochs), "train")
    if busy:
        st.caption("Training runs in the background: you can keep using the page, and Stop keeps what it has learned.")
    progress_panel(SLOT)
    comparison_ui(variant)
    result = find_result("alphabet", key)
    if result is not None:
        results_ui(result)
    elif not busy:
        st.info("Nothing trained yet with these settings: press Train.", icon=":material/info:")


main()
