"""The counting half of "What neurons learn" (pages/neurons.py): an LSTM and a GRU learn aⁿbⁿ with the same budget,
side by side; accuracy against n, and the LSTM's counter unit, which opens in the explorer."""

import streamlit as st

from lstm_viz.explorer.handoff import trained_layer
from lstm_viz.neurons import counting
from lstm_viz.neurons.counter import find as find_counter
from lstm_viz.neurons.recipes import COUNTING_UNITS, CountingRecipe, CountingRun
from lstm_viz.plots import neurons as plots
from ui import projector
from ui.charts import chart
from ui.handoff import open_in_explorer
from ui.training import training_section

COUNT_SLOTS = {"lstm": "neurons_count_lstm", "gru": "neurons_count_gru"}


def tab(tr) -> None:
    """The counting tab: settings, Train (both kinds at once), their progress and results."""
    projector.markdown(tr, "neurons.count.intro")
    cols = st.columns(3)
    train_max_n = cols[0].number_input(tr("neurons.count.train_max_n"), 2, 30, counting.TRAIN_MAX_N, key="count_n")
    units = cols[1].selectbox(tr("neurons.units"), COUNTING_UNITS, key="count_units")
    seed = cols[2].number_input(tr("neurons.seed"), 0, 1_000_000, 0, key="count_seed")
    recipe = CountingRecipe(units=int(units))
    budget = {"units": recipe.units, "epochs": recipe.epochs, "per_n": recipe.per_n, "test": counting.TEST_MAX_N}
    st.caption(tr("neurons.count.budget", **budget))
    runs = {slot: CountingRun(kind, int(train_max_n), int(seed), recipe) for kind, slot in COUNT_SLOTS.items()}
    training_section(  # both kinds, trained by one button
        runs,
        lambda done: counting_results({run.kind: result for run, result in done.items()}, int(train_max_n), tr),
        button_key="count_train",
        button=tr("neurons.count.train"),
        trained_button=tr("neurons.count.trained"),
        nothing_note=tr("neurons.count.nothing_trained"),
    )


def counting_results(done: dict, train_max_n: int, tr) -> None:
    chart(plots.accuracy_by_n({k: r.accuracy_by_n for k, r in done.items()}, train_max_n, tr), key="count_accuracy")
    lines = [
        tr(
            "neurons.count.reached" if r.generalises_to else "neurons.count.not_even",
            kind=tr(f"kind.{kind}"),
            n=r.generalises_to,
            times=tr.number(r.generalises_to / train_max_n, ".1f"),
            seconds=tr.number(r.seconds, ".0f"),
            epochs=r.epochs_done,
        )
        for kind, r in done.items()
    ]
    st.markdown("\n".join(f"- {line}" for line in lines))
    if len(done) == 2:
        lstm, gru = done["lstm"].generalises_to, done["gru"].generalises_to
        st.markdown(tr("neurons.count.verdict.lstm" if lstm > gru else "neurons.count.verdict.not_lstm"))
    st.caption(tr("neurons.count.paper"))
    if "lstm" in done:
        counter_ui(done["lstm"], train_max_n, tr)


def counter_ui(result, train_max_n: int, tr) -> None:
    st.subheader(tr("neurons.count.counter_title"))
    n = st.slider(tr("neurons.count.counter_n"), 1, 60, min(3 * train_max_n, 60), key="count_counter_n")
    text = counting.string(n, n)
    found = find_counter(result.weights, text)
    chart(
        plots.counter(text, found.trace.values[found.quantity][:, found.unit], counting.count_of(text), found.unit, tr),
        key="count_counter",
    )
    st.markdown(
        tr(f"neurons.count.counter_text.{found.direction}", unit=found.unit + 1, r=tr.number(found.r, "+.3f"), n=n)
    )
    if st.button(tr("neurons.open_in_explorer"), icon=":material/open_in_new:", key="count_to_explorer"):
        source = ("handoff.counting", {"n": n, "unit": found.unit + 1})
        open_in_explorer(trained_layer(result.weights, found.trace.x, source, found.unit))
