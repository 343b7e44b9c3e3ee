"""Forecasting: an LSTM learns a function and continues it on its own (course documents 000 and 002).

TensorFlow is imported only in the training thread and once a trained model is shown.
"""

from dataclasses import asdict, replace

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz import explain, forecast, plots
from lstm_viz.forecast import FORECAST_RECIPES, PRESETS, SERIES, ForecastError, ForecastRecipe, SeriesSpec
from lstm_viz.lstm import forward
from pages._shared import (
    find_result,
    progress_panel,
    report_finished,
    running,
    start_job,
    train_button,
)

SLOT = "forecast_job"
ACTIVATIONS = ["tanh", "relu", "leaky_relu"]
ACTIVATION_NAMES = {"tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU"}
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


def load_preset(name: str) -> None:
    spec = PRESETS[name]
    st.session_state.update({key: getattr(spec, field) for field, key in SPEC_KEYS.items()})
    st.session_state.fc_recipe = RECIPE_FOR_PRESET[name]


def settings_ui() -> tuple[SeriesSpec, ForecastRecipe, int, int | None]:
    if "fc_series" not in st.session_state:
        load_preset("document_000")
    left, right, _ = st.columns([1, 1, 2])
    left.button("Document 000's setup", on_click=load_preset, args=("document_000",), width="stretch")
    right.button("Document 002's setup", on_click=load_preset, args=("document_002",), width="stretch")
    cols = st.columns(6)
    name = cols[0].selectbox("Series", list(SERIES), format_func=SERIES.get, key="fc_series")
    start = cols[1].number_input("x from", key="fc_start", format="%g")
    stop = cols[2].number_input("x to", key="fc_stop", format="%g")
    points = cols[3].number_input("Points", 0, forecast.MAX_POINTS, key="fc_points")
    window = cols[4].number_input("Window (values in)", 1, 1000, key="fc_window")
    fraction = cols[5].slider("Training part", 0.1, 0.95, key="fc_fraction", step=0.01)
    noise_seed = st.session_state.get("fc_noise_seed", 0)
    if name == "noisy_sine":
        noise_seed = cols[0].number_input("Noise seed", 0, 10_000, key="fc_noise_seed")
    spec = SeriesSpec(name, float(start), float(stop), int(points), int(window), float(fraction), int(noise_seed))
    left, middle, right = st.columns([3, 1, 1])
    recipe = left.radio(
        "Recipe",
        list(FORECAST_RECIPES),
        key="fc_recipe",
        horizontal=True,
        format_func=lambda k: FORECAST_RECIPES[k].title,
    )
    left.caption(FORECAST_RECIPES[recipe].description)
    base = FORECAST_RECIPES[recipe]
    seed = middle.number_input("Seed", 0, 1_000_000, 0, key="fc_seed")
    epochs = right.number_input("Epochs (empty: the recipe's)", 1, 5000, value=None, key="fc_epochs")
    units = middle.number_input("LSTM units", 1, 512, base.units, key=f"fc_units_{recipe}")
    activation = right.selectbox(
        "Activation",
        list(ACTIVATIONS),
        ACTIVATIONS.index(base.activation),
        key=f"fc_activation_{recipe}",
        format_func=ACTIVATION_NAMES.get,
    )
    chosen = replace(base, units=int(units), activation=activation)
    if chosen != base:
        left.caption(f"Changed from the recipe: LSTM({chosen.units}, {ACTIVATION_NAMES[activation]}).")
    return spec, chosen, int(seed), int(epochs) if epochs else None


def check(spec: SeriesSpec):
    """The series and its windows, or a clear message and None."""
    try:
        x, y = forecast.make_series(spec)
        windows = forecast.windows(y, spec.window, spec.train_points)
    except ForecastError as error:
        st.error(f"{error}", icon=":material/error:")
        return None
    return x, y, windows


def train(spec: SeriesSpec, recipe: ForecastRecipe, seed: int, epochs: int | None, total: int) -> None:
    def work(progress):
        from lstm_viz import models  # TensorFlow loads here, in the training thread

        return models.train_forecaster(spec, recipe, progress, seed=seed, epochs=epochs)

    label = f"{SERIES[spec.name]}, {recipe.title.lower()}"
    start_job(SLOT, work, total, label, "forecast", (spec, recipe, seed, epochs))


def results_ui(result) -> None:
    truth = result.held_out
    one_step = forecast.errors(result.one_step, truth)
    autoregressive = forecast.errors(result.numpy_rollout, truth)
    cols = st.columns(5)
    cols[0].metric("One step ahead: RMSE", f"{one_step['rmse']:.4g}")
    cols[1].metric("One step ahead: MAE", f"{one_step['mae']:.4g}")
    cols[2].metric("On its own: RMSE", f"{autoregressive['rmse']:.4g}")
    cols[3].metric("On its own: MAE", f"{autoregressive['mae']:.4g}")
    cols[4].metric("Training time", f"{result.seconds:.1f} s", help=f"{result.epochs_done} epochs")
    step = st.session_state.get("fc_watch", 0)
    st.plotly_chart(
        plots.forecast_chart(
            result.x,
            result.y,
            result.train_end,
            (result.one_step_targets, result.one_step),
            result.numpy_rollout,
            marker=min(step, len(truth) - 1),
        ),
        key="forecast_chart",
    )
    difference = result.rollout_difference
    st.caption(
        f"Held out: {len(truth)} points. One step ahead, each prediction reads the true previous values; on its "
        f"own, each prediction is fed back as the next input. The autoregressive forecast runs on lstm_viz's "
        f"NumPy LSTM with the trained weights; Keras (float32) gives the same curve within {difference:.1e}"
        + (
            " — the forecast runs away, and a runaway forecast amplifies float32 rounding too."
            if difference > 1e-4
            else "."
        )
    )
    if result.table is not None:
        document_table(result.table)
    watch_ui(result)


def document_table(table: dict) -> None:
    st.markdown("**Document 002's table**, with the correct true values")
    rows = pd.DataFrame(
        {
            "input": [", ".join(f"{v:.2f}" for v in row) for row in table["inputs"]],
            "prediction": np.round(table["prediction"], 2),
            "true value": table["truth"],
            "error": np.round(table["prediction"] - table["truth"], 3),
        }
    )
    st.dataframe(rows, hide_index=True, width="stretch")
    mae = forecast.errors(table["prediction"], table["truth"])["mae"]
    st.caption(
        f"MAE over these 10 windows: {mae:.3f}. The document's printed table pairs each input with the value "
        "two rows further down (its first row shows 2.63 as the value after 2.15; the next value is "
        "f(1.4) = 2.38). These windows lie inside the training range, as in the document."
    )


def watch_ui(result) -> None:
    st.subheader("Watch it forecast")
    steps = len(result.numpy_rollout)
    if steps < 1:
        return
    k = st.slider("Forecast step", 0, steps - 1, key="fc_watch") if steps > 1 else 0
    params = result.lstm_params
    series = np.concatenate([result.y[: result.train_end], result.numpy_rollout])
    window = result.scaler(series[result.train_end + k - result.spec.window : result.train_end + k])
    trace = forward(params, window[:, None])
    prediction = result.numpy_rollout[k]
    st.markdown(
        f"Step {k}: the trained cell reads the last {result.spec.window} values (earlier forecasts "
        f"included) and predicts **{prediction:.4g}** (true: {result.held_out[k]:.4g}). "
        f"{params.units} units, activation {params.activation}."
    )
    st.caption(
        explain.summary(trace, trace.steps - 1)
        if params.units <= 4
        else f"At the last step of the window: mean f = {trace.f[-1].mean():.2f}, mean i = {trace.i[-1].mean():.2f}, "
        f"mean o = {trace.o[-1].mean():.2f}, |c| ≤ {np.abs(trace.c[-1]).max():.2f}."
    )
    left, right = st.columns([2, 3])
    unit = left.number_input("Unit in the diagram", 1, params.units, 1, key="fc_unit") - 1
    left.plotly_chart(
        plots.trace_cell_diagram(trace, trace.steps - 1, int(unit), title=f"unit {unit + 1}, last step"),
        key="fc_diagram",
        config={"displayModeBar": False},
    )
    right.plotly_chart(plots.time_charts(trace, trace.steps - 1), key="fc_inside")


def main() -> None:
    st.title("Forecasting: an LSTM continues a function")
    st.caption(
        "Course documents 000 and 002. The LSTM learns from windows of the series, then forecasts the "
        "held-out part: one step ahead from the true values, and on its own from its own predictions."
    )
    report_finished(SLOT)
    spec, recipe, seed, epochs = settings_ui()
    checked = check(spec)
    busy = running(SLOT)
    if checked is not None:
        x, y, windows = checked
        scheduled, _ = recipe.schedule(len(windows.train_x))
        st.caption(
            f"{len(windows.train_x)} training windows, {len(windows.test_x)} held-out targets; "
            f"{epochs or scheduled} epochs."
        )
        key = (spec, recipe, seed, epochs)
        busy = train_button(
            SLOT, "forecast", key, lambda: train(spec, recipe, seed, epochs, epochs or scheduled), "fc_train"
        )
        progress_panel(SLOT)
        result = find_result("forecast", key)
        if result is not None:
            results_ui(result)
        else:
            st.plotly_chart(plots.forecast_chart(x, y, spec.train_points), key="forecast_preview")
            if not busy:
                st.info("Nothing trained yet with these settings: press Train.", icon=":material/info:")
    else:
        progress_panel(SLOT)
    with st.expander("The settings as a record"):
        st.json({**asdict(spec), "recipe": asdict(recipe)})


main()
