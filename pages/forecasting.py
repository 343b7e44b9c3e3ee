"""Forecasting: an LSTM learns a function and continues it on its own (course documents 000 and 002).

TensorFlow is imported only in the training thread and once a trained model is shown.
"""

from dataclasses import asdict, replace

import pandas as pd
import streamlit as st

from lstm_viz import forecast, scene
from lstm_viz.cells.base import forward
from lstm_viz.forecast import FORECAST_RECIPES, PRESETS, SERIES, ForecastError, ForecastRun, SeriesSpec
from lstm_viz.plots.forecast import forecast_chart
from ui import lecture as lecture_ui
from ui.charts import chart as show_chart
from ui.page import page_setup
from ui.scene import show_cells
from ui.session import lecture
from ui.training import training_section

SLOT = "forecast_job"
ACTIVATIONS = ["tanh", "relu", "leaky_relu"]
SPEC_KEYS = {
    "name": "fc_series",
    "start": "fc_start",
    "stop": "fc_stop",
    "points": "fc_points",
    "window": "fc_window",
    "train_fraction": "fc_fraction",
    "seed": "fc_noise_seed",
}
RECIPE_FOR_PRESET = {"document_000": "document_000", "document_002": "document_002"}
tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)


def load_preset(name: str) -> None:
    spec = PRESETS[name]
    st.session_state.update({key: getattr(spec, field) for field, key in SPEC_KEYS.items()})
    st.session_state.fc_recipe = RECIPE_FOR_PRESET[name]


def settings_ui() -> ForecastRun:
    if "fc_series" not in st.session_state:
        load_preset("document_000")
    requested = lecture_ui.request("forecasting")  # a lecture's scene: a document's setup, a recipe
    if requested and "setup" in requested:
        load_preset(requested["setup"])
    if requested and "recipe" in requested:
        st.session_state.fc_recipe = requested["recipe"]
    left, right, _ = st.columns([1, 1, 2])
    left.button(tr("forecasting.setup.document_000"), on_click=load_preset, args=("document_000",), width="stretch")
    right.button(tr("forecasting.setup.document_002"), on_click=load_preset, args=("document_002",), width="stretch")
    cols = st.columns(6)
    name = cols[0].selectbox(
        tr("forecasting.series"), list(SERIES), format_func=lambda k: tr(f"series.{k}"), key="fc_series"
    )
    start = cols[1].number_input(tr("forecasting.x_from"), key="fc_start", format="%g")
    stop = cols[2].number_input(tr("forecasting.x_to"), key="fc_stop", format="%g")
    points = cols[3].number_input(tr("forecasting.points"), 0, forecast.MAX_POINTS, key="fc_points")
    window = cols[4].number_input(tr("forecasting.window"), 1, 1000, key="fc_window")
    fraction = cols[5].slider(tr("forecasting.training_part"), 0.1, 0.95, key="fc_fraction", step=0.01)
    noise_seed = st.session_state.get("fc_noise_seed", 0)
    if name == "noisy_sine":
        noise_seed = cols[0].number_input(tr("forecasting.noise_seed"), 0, 10_000, key="fc_noise_seed")
    spec = SeriesSpec(name, float(start), float(stop), int(points), int(window), float(fraction), int(noise_seed))
    left, middle, right = st.columns([3, 1, 1])
    recipe = left.radio(
        tr("forecasting.recipe"),
        list(FORECAST_RECIPES),
        key="fc_recipe",
        horizontal=True,
        format_func=lambda k: tr(f"forecast_recipe.{k}"),
    )
    left.caption(tr(f"forecast_recipe.{recipe}.description"))
    setup = next((name for name, preset in PRESETS.items() if preset == spec), None)
    lecture_ui.offer("forecasting", {**({"setup": setup} if setup else {}), "recipe": recipe})
    base = FORECAST_RECIPES[recipe]
    seed = middle.number_input(tr("forecasting.seed"), 0, 1_000_000, 0, key="fc_seed")
    epochs = right.number_input(tr("forecasting.epochs"), 1, 5000, value=None, key="fc_epochs")
    units = middle.number_input(tr("forecasting.units"), 1, 512, base.units, key=f"fc_units_{recipe}")
    activation = right.selectbox(
        tr("forecasting.activation"),
        list(ACTIVATIONS),
        ACTIVATIONS.index(base.activation),
        key=f"fc_activation_{recipe}",
        format_func=lambda k: tr(f"activation.{k}"),
    )
    chosen = replace(base, units=int(units), activation=activation)
    if chosen != base:
        left.caption(tr("forecasting.changed_recipe", units=chosen.units, activation=tr(f"activation.{activation}")))
    return ForecastRun(spec, chosen, int(seed), int(epochs) if epochs else None)


def check(spec: SeriesSpec):
    """The series and its windows, or a clear message and None."""
    try:
        x, y = forecast.make_series(spec)
        windows = forecast.windows(y, spec.window, spec.train_points)
    except ForecastError as error:
        st.error(error.text(tr), icon=":material/error:")
        return None
    return x, y, windows


def results_ui(result) -> None:
    truth = result.held_out
    one_step = forecast.errors(result.one_step, truth)
    autoregressive = forecast.errors(result.numpy_rollout, truth)
    cols = st.columns(5)
    cols[0].metric(tr("forecasting.metric.one_step_rmse"), tr.number(one_step["rmse"], ".4g"))
    cols[1].metric(tr("forecasting.metric.one_step_mae"), tr.number(one_step["mae"], ".4g"))
    cols[2].metric(tr("forecasting.metric.autoregressive_rmse"), tr.number(autoregressive["rmse"], ".4g"))
    cols[3].metric(tr("forecasting.metric.autoregressive_mae"), tr.number(autoregressive["mae"], ".4g"))
    cols[4].metric(
        tr("forecasting.training_time"),
        tr("forecasting.seconds", seconds=result.seconds),
        help=tr("forecasting.epochs_done", epochs_done=result.epochs_done),
    )
    step = st.session_state.get("fc_watch", 0)
    show_chart(
        forecast_chart(
            result.x,
            result.y,
            result.train_end,
            (result.one_step_targets, result.one_step),
            result.numpy_rollout,
            marker=min(step, len(truth) - 1),
            tr=tr,
        ),
        key="forecast_chart",
    )
    difference = result.rollout_difference
    st.caption(
        tr("forecasting.held_out", points=len(truth), difference=difference)
        + (tr("forecasting.runs_away") if difference > 1e-4 else ".")
    )
    st.caption(
        tr(
            "forecasting.chart_text",
            first=result.held_out[0],
            last=result.held_out[-1],
            own_first=result.numpy_rollout[0],
            own_last=result.numpy_rollout[-1],
        )
    )
    if result.table is not None:
        document_table(result.table)
    watch_ui(result)


def document_table(table: dict) -> None:
    st.markdown(tr("forecasting.table.title"))
    rows = pd.DataFrame(
        {
            tr("forecasting.col.input"): [tr.numbers(row) for row in table["inputs"]],
            tr("forecasting.col.prediction"): [tr.number(v) for v in table["prediction"]],
            tr("forecasting.col.true"): [tr.number(v) for v in table["truth"]],
            tr("forecasting.col.error"): [tr.number(v, ".3f") for v in table["prediction"] - table["truth"]],
        }
    )
    st.dataframe(rows, hide_index=True, width="stretch")
    mae = forecast.errors(table["prediction"], table["truth"])["mae"]
    st.caption(tr("forecasting.table.note", mae=mae))


def watch_ui(result) -> None:
    st.subheader(tr("forecasting.watch.title"))
    steps = len(result.numpy_rollout)
    if steps < 1:
        return
    k = st.slider(tr("forecasting.watch.step"), 0, steps - 1, key="fc_watch") if steps > 1 else 0
    weights = result.weights
    trace = forward(weights, result.rollout_window(k))
    st.markdown(
        tr(
            "forecasting.watch.text",
            k=k,
            window=result.spec.window,
            prediction=result.numpy_rollout[k],
            truth=result.held_out[k],
            units=weights.units,
            activation=tr(f"activation.{weights.activation}"),
        )
    )
    cell = scene.Cell(weights, trace, tr("kind.lstm"))
    show_cells([cell], "forecast_scene", tr, start=trace.steps - 1, unit_picker=True)


def main() -> None:
    st.title(tr("forecasting.title"))
    st.caption(tr("forecasting.caption"))
    run = settings_ui()
    spec = run.spec
    checked = check(spec)
    if checked is None:  # nothing to train: a run under way still shows its progress
        training_section(None, slot=SLOT, button_key="fc_train")
    else:
        x, y, windows = checked
        total = run.total_epochs(len(windows.train_x))
        st.caption(tr("forecasting.windows_count", train=len(windows.train_x), held=len(windows.test_x), epochs=total))
        training_section(
            run,
            results_ui,
            slot=SLOT,
            button_key="fc_train",
            nothing_note=tr("forecasting.nothing_trained"),
            empty=lambda: show_chart(forecast_chart(x, y, spec.train_points, tr=tr), key="forecast_preview"),
        )
    if lecture():
        return
    with st.expander(tr("forecasting.settings_record")):
        st.json({**asdict(spec), "recipe": asdict(run.recipe)})


main()
