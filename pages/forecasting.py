"""Forecasting: an LSTM learns a function and continues it on its own (course documents 000 and 002).

TensorFlow is imported only in the training thread and once a trained model is shown.
"""

import json
from dataclasses import asdict

import pandas as pd
import streamlit as st

from lstm_viz import forecast, scene
from lstm_viz.cells.base import forward
from lstm_viz.forecast import ForecastError, SeriesSpec
from lstm_viz.plots.forecast import forecast_chart
from ui.charts import chart as show_chart
from ui.forecast_settings import settings_ui
from ui.page import page_setup
from ui.scene import show_cells
from ui.session import lecture
from ui.training import training_section

SLOT = "forecast_job"
tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)


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
    errors = {
        "one_step": forecast.errors(result.one_step, truth),
        "autoregressive": forecast.errors(result.numpy_rollout, truth),
    }
    # a column per method, RMSE above MAE: short labels that stay whole and distinct on a 1280-px projector
    *method_columns, time_column = st.columns(3)
    for column, (method, values) in zip(method_columns, errors.items(), strict=True):
        for measure in ("rmse", "mae"):
            column.metric(tr(f"forecasting.metric.{method}_{measure}"), tr.number(values[measure], ".4g"))
    time_column.metric(
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
    st.caption(tr("forecasting.held_out", points=len(truth), difference=result.rollout_difference))
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
        document_table(result)
    watch_ui(result)


def document_table(result) -> None:
    """Document 002's table: its own windows (inside the training range: a fit) or as many after it (a forecast)."""
    st.markdown(tr("forecasting.table.title"))
    place = st.radio(tr("forecasting.table.place"), forecast.TABLE_PLACES, horizontal=True, key="fc_table_place",
                     format_func=lambda k: tr(f"forecasting.table.place.{k}"))  # fmt: skip
    table = result.document_table(place)
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
    seen = forecast.trained_on(table["inputs"][:, :, None], table["truth"])
    if place == "inside":
        st.caption(tr("forecasting.table.note", mae=mae))
        st.caption(tr("forecasting.table.inside", count=int((seen >= 0).sum()), windows=len(seen),
                      first=int(seen.min()) + 1, last=int(seen.max()) + 1,
                      place=tr("forecasting.table.place.after")))  # fmt: skip
    else:
        trained = result.y[: result.train_end]
        st.caption(tr("forecasting.table.after", mae=mae, windows=len(seen), start=result.x[result.train_end],
                      end=result.x[result.train_end - 1], low=table["inputs"].min(), high=table["truth"].max(),
                      trained_low=trained.min(), trained_high=trained.max()))  # fmt: skip


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


def forecasting_note(job) -> None:
    """After the last epoch: the forecast is being computed (not a bar sitting full with nothing said)."""
    if job.progress.phase == "forecasting":
        st.info(tr("forecasting.forecasting_now"), icon=":material/insights:")


def main() -> None:
    st.title(tr("forecasting.title"))
    st.caption(tr("forecasting.caption"))
    # in lecture mode the settings fold into one line (a click opens them): Train, the progress and Stop then fit a
    # 720-px projector (drawn open, they took the whole screen, and Stop came 600 px below the fold)
    with st.expander(tr("forecasting.settings"), icon=":material/tune:") if lecture() else st.container():
        run = settings_ui(tr)
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
            live=forecasting_note,
            empty=lambda: show_chart(forecast_chart(x, y, spec.train_points, tr=tr), key="forecast_preview"),
        )
    if lecture():
        return
    with st.expander(tr("forecasting.settings_record")):
        # JSON as code: a machine's record keeps its decimal points in any language (a Russian page's text does not)
        st.code(json.dumps({**asdict(spec), "recipe": asdict(run.recipe)}, indent=2), language="json")


main()
