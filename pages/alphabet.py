"""The alphabet: train course document 003's next-letter models live (an LSTM, a GRU or a plain RNN layer), compare
them, and step the trained layer through a pattern.

TensorFlow is imported only when a model is trained or shown (lstm_viz.models), never on page load.
"""

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz import alphabet, scene
from lstm_viz.alphabet import LAYERS, MASKED, AlphabetRun
from lstm_viz.cells.base import forward
from lstm_viz.explorer.handoff import trained_layer
from lstm_viz.i18n import TextError
from lstm_viz.plots.alphabet import probability_heatmap
from ui import alphabet_settings, layers_handoff
from ui import lecture as lecture_ui
from ui.charts import chart
from ui.handoff import open_in_explorer
from ui.page import page_setup
from ui.runs import session_runs
from ui.scene import show_cells
from ui.training import model_panel, training_section

SLOT = "alphabet_job"
RECIPES = ("course", "fast")
tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)


def settings_ui() -> AlphabetRun:
    alphabet_settings.read_alphabet()  # a reload or a shared link: the same settings, so the same run
    requested = lecture_ui.request("alphabet")  # a lecture's scene: its variant, layer and recipe
    for field, key in (("variant", "variant"), ("layer", "alphabet_layer"), ("recipe", "recipe")):
        if requested and field in requested:
            st.session_state[key] = requested[field]
    variant = st.radio(
        tr("alphabet.variant"),
        list(alphabet.VARIANTS),
        key="variant",
        horizontal=True,
        format_func=lambda v: f"{v}. {tr(f'variant.{v}.title')}",
    )
    steps, features = alphabet.VARIANTS[variant].input_shape
    st.markdown(
        tr("alphabet.input_shape", explanation=tr(f"variant.{variant}.explanation"), steps=steps, features=features)
    )
    padding = alphabet.DOCUMENT_PADDING
    if variant == 5:
        padding_ui()
        padding = MASKED if st.session_state.get("alphabet_masked") else alphabet.DOCUMENT_PADDING
    left, middle, right = st.columns([2, 1, 1])
    layer = left.radio(
        tr("alphabet.layer"),
        LAYERS,
        key="alphabet_layer",
        horizontal=True,
        format_func=lambda k: tr(f"layer.{k}"),
        help=tr("alphabet.layer_help"),
    )
    recipe = left.radio(
        tr("alphabet.recipe"), RECIPES, key="recipe", horizontal=True, format_func=lambda k: tr(f"alphabet_recipe.{k}")
    )
    left.caption(tr(f"alphabet_recipe.{recipe}.description"))
    seed = middle.number_input(tr("alphabet.seed"), 0, 1_000_000, alphabet.DEFAULT_SEED, key="seed")
    chosen = st.session_state.setdefault("alphabet_epochs", {})  # kept while the input is off the page
    epochs = right.number_input(
        tr("alphabet.epochs"),
        1,
        2000,
        chosen.get((variant, recipe), alphabet.default_epochs(variant, recipe)),
        key=f"epochs_{variant}_{recipe}",
    )
    chosen[variant, recipe] = int(epochs)
    run = AlphabetRun(variant, recipe, int(seed), int(epochs), layer, padding)
    lecture_ui.offer("alphabet", {"variant": variant, "layer": layer, "recipe": recipe})
    alphabet_settings.write_alphabet(run)
    return run  # (its time is said once, under Train: ui.training's estimate from the key and this server's runs)


def padding_ui() -> None:
    """Variant 5's padding: the tutorial's zeros (the code of "A") or padding told apart from every letter."""
    collisions = alphabet.collisions()
    if collisions:
        shown = ", ".join(f"“{a}” = “{b}”" for a, b in collisions)
        st.warning(tr("alphabet.padding_collision", pairs=shown), icon=":material/join:")
    st.toggle(tr("alphabet.padding_masked"), key="alphabet_masked", help=tr("alphabet.padding_masked_help"))


def comparison_ui(variant: int) -> None:
    """Every run of this variant so far: layers and recipes side by side, the document's number beside them."""
    rows = [
        {
            tr("alphabet.col.layer"): tr(f"layer.{run.layer}"),
            tr("alphabet.col.recipe"): tr(f"alphabet_recipe.{run.recipe}"),
            tr("alphabet.col.padding"): tr(f"alphabet.padding.{run.padding}") if variant == 5 else "",
            tr("alphabet.col.seed"): run.seed,
            tr("alphabet.col.epochs"): tr(
                "alphabet.epochs_stopped" if result.stopped else "alphabet.epochs_of",
                done=result.epochs_done,
                total=run.epochs,
            ),  # "stopped" said here: a column of its own was cut on a projector (issue 35)
            tr("alphabet.col.parameters"): tr.number(result.parameters, ""),
            tr("alphabet.col.accuracy"): tr.number(result.accuracy),
            tr("alphabet.col.seconds"): tr.number(result.seconds, ".1f"),
        }
        for run, result in session_runs(AlphabetRun.family).all().items()
        if run.variant == variant
    ]
    if rows:
        st.markdown(tr("alphabet.runs_of_this_variant"))
        frame = pd.DataFrame(rows)
        if variant != 5:
            frame = frame.drop(columns=tr("alphabet.col.padding"))
        st.dataframe(frame, hide_index=True, width="stretch")


def results_ui(result) -> None:
    from lstm_viz.models.core import memo  # a model exists: TensorFlow is loaded already

    run, spec = result.run, alphabet.VARIANTS[result.run.variant]
    cols = st.columns(4)
    cols[0].metric(tr("alphabet.accuracy"), tr.number(result.accuracy / 100, ".2%"))  # one way: 100,00 % in Russian
    if spec.document_accuracy is not None:
        cols[1].metric(
            tr("alphabet.document_accuracy"),
            tr.number(spec.document_accuracy / 100, ".2%"),
            help=tr("alphabet.document_accuracy_help"),
        )
    cols[2].metric(tr("alphabet.training_time"), tr("alphabet.seconds", seconds=result.seconds))
    cols[3].metric(tr("alphabet.epochs"), f"{result.epochs_done}")
    judged = tr("alphabet.judged_learned") if run.variant != 5 else tr("alphabet.judged_every")
    st.caption(tr("alphabet.accuracy_on", patterns=len(result.inputs), judged=judged))
    names = ("every_pattern", "probabilities", "try_it", "look_inside", "model")
    tab_table, tab_heatmap, tab_try, tab_inside, tab_model = st.tabs([tr(f"alphabet.{name}") for name in names])
    with tab_table:
        top = result.probabilities.max(axis=1)
        table = pd.DataFrame(
            {
                tr("alphabet.col.input"): [" ".join(s) for s in result.inputs],
                tr("alphabet.col.predicted"): list(result.predicted),
                tr("alphabet.col.probability"): [tr.number(p, ".3f") for p in top],
                tr("alphabet.col.true_next"): list(result.targets),
                tr("alphabet.col.right"): ["✓" if p == t else "✗" for p, t in zip(result.predicted, result.targets)],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(table), 600))
        if run.variant == 4:
            st.caption(tr("alphabet.variant_4_reads"))
    with tab_heatmap:
        rows = [f"{s} ({t})" for s, t in zip(result.inputs, result.targets)]
        chart(probability_heatmap(result.probabilities, rows, list(alphabet.ALPHABET), tr=tr), key="alphabet_heatmap")
        right = sum(p == t for p, t in zip(result.predicted, result.targets))
        st.caption(tr("alphabet.heatmap_text", right=right, total=len(result.targets), mean=float(top.mean())))
    with tab_try:
        try_ui(result)
    with tab_inside:
        inside_ui(result, memo)
    with tab_model:
        model_panel(result.model, f"alphabet_variant{run.variant}_{run.layer}_{run.recipe}.keras")


def try_ui(result) -> None:
    from lstm_viz.models.alphabet import probabilities

    run = result.run
    text = st.text_input(
        tr("alphabet.type_letters", hint=tr(f"alphabet.hint.{run.variant}")),
        key=f"try_{run.variant}",
        placeholder=tr("alphabet.example", example=alphabet.EXAMPLES[run.variant]),
    )
    if not text:
        return
    try:
        letters = alphabet.parse_letters(text, run.variant)
    except TextError as error:
        st.warning(error.text(tr), icon=":material/keyboard:")
        return
    predicted = probabilities(result.model, run, [letters])[0]
    best = predicted.argsort()[::-1][:3]
    st.markdown(f"**{letters} → {alphabet.ALPHABET[best[0]]}** ({tr.number(predicted[best[0]], '.1%')})")
    st.markdown(
        tr("alphabet.top3", top=", ".join(f"{alphabet.ALPHABET[k]} {tr.number(predicted[k], '.1%')}" for k in best))
    )


def inside_ui(result, memo) -> None:
    from lstm_viz.models.core import numpy_keras_difference

    run, weights = result.run, result.weights
    pattern = st.selectbox(
        tr("alphabet.input_pattern"),
        range(len(result.inputs)),
        key=f"inside_{run.variant}",
        format_func=lambda k: f"{result.inputs[k]} → {result.targets[k]}",
    )
    x = alphabet.pattern_input(run, result.inputs[pattern])
    trace = forward(weights, x)
    difference = memo(result.model, ("numpy vs keras", pattern), lambda: numpy_keras_difference(weights, x))
    within = "alphabet.inside" if difference <= 1e-5 else "alphabet.inside_over"
    st.markdown(
        tr(within, layer=tr(f"layer.{run.layer}"), units=weights.units, steps=trace.steps, difference=float(difference))
    )
    show_cells(
        [scene.Cell(weights, trace, tr(f"kind.{weights.kind.key}"))],
        "alphabet_scene",
        tr,
        start=trace.steps - 1,
        unit_picker=True,
    )
    if st.button(tr("alphabet.open_in_explorer"), icon=":material/open_in_new:", key="alphabet_to_explorer"):
        source = (
            "handoff.alphabet",
            {"variant": run.variant, "layer": tr(f"layer.{run.layer}"), "pattern": result.inputs[pattern]},
        )
        open_in_explorer(trained_layer(weights, np.asarray(x), source))
    if not alphabet.VARIANTS[
        run.variant
    ].stateful:  # (a stateful model reads a batch of one, carried over: not one input on its own)
        source = ("layers.source.alphabet", {"variant": run.variant, "pattern": result.inputs[pattern]})
        layers_handoff.button(result.model, np.asarray(x), list(alphabet.ALPHABET), source, "alphabet_to_layers")


def main() -> None:
    st.title(tr("alphabet.title"))
    st.caption(tr("alphabet.caption"))
    run = settings_ui()
    training_section(
        run,
        results_ui,
        slot=SLOT,
        button_key="train",
        busy_note=tr("alphabet.training_in_background"),
        nothing_note=tr("alphabet.nothing_trained"),
        before_results=lambda: comparison_ui(run.variant),  # every run of this variant, above this one's results
    )


main()
