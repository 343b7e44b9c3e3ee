"""The forecasting page's settings: its widgets, and the page's URL that keeps them.

A run belongs to what it trains: a reloaded tab (or a link) must come back to the same settings to find its run under
way or its results. So every setting that differs from document 000's setup and the recipe's own values is written
into the URL after each run of the page, and read back when a session opens the page afresh. A value from the URL is
checked as the widget would check it (a hostile link is ignored, setting by setting).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from lstm_viz import forecast
from lstm_viz.forecast import FORECAST_RECIPES, PRESETS, SERIES, ForecastRun, SeriesSpec
from ui import lecture as lecture_ui

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
FRACTIONS = [round(k / 100, 2) for k in range(10, 96)]  # the training part's choices (a preset may add its own)


def _integer(low: int, high: int) -> Callable[[str], int | None]:
    def parse(text: str) -> int | None:
        value = int(text)
        return value if low <= value <= high else None

    return parse


def _real(low: float, high: float) -> Callable[[str], float | None]:
    def parse(text: str) -> float | None:
        value = float(text)
        return value if math.isfinite(value) and low <= value <= high else None

    return parse


def _choice(options) -> Callable[[str], str | None]:
    return lambda text: text if text in options else None


# URL parameter → (widget key, how its text is read); the recipe's units and activation are the chosen recipe's keys
URL = {
    "series": ("fc_series", _choice(SERIES)),
    "from": ("fc_start", _real(-1e9, 1e9)),
    "to": ("fc_stop", _real(-1e9, 1e9)),
    "points": ("fc_points", _integer(0, forecast.MAX_POINTS)),
    "window": ("fc_window", _integer(1, 1000)),
    "train": ("fc_fraction", _real(0.1, 0.95)),
    "noise": ("fc_noise_seed", _integer(0, 10_000)),
    "recipe": ("fc_recipe", _choice(FORECAST_RECIPES)),
    "seed": ("fc_seed", _integer(0, 1_000_000)),
    "epochs": ("fc_epochs", _integer(1, 5000)),
    "units": ("fc_units_{recipe}", _integer(1, 512)),
    "activation": ("fc_activation_{recipe}", _choice(ACTIVATIONS)),
}


def load_preset(name: str) -> None:
    spec = PRESETS[name]
    st.session_state.update({key: getattr(spec, field) for field, key in SPEC_KEYS.items()})
    st.session_state.fc_recipe = RECIPE_FOR_PRESET[name]


def from_url(query: dict[str, str]) -> None:
    """The settings a link (or the reloaded tab's URL) names, each one that reads as a valid value."""
    recipe = query.get("recipe")
    recipe = recipe if recipe in FORECAST_RECIPES else st.session_state.get("fc_recipe", "document_000")
    for name, (key, parse) in URL.items():
        if name not in query:
            continue
        try:
            value = parse(str(query[name]))
        except (TypeError, ValueError):
            continue
        if value is not None:
            st.session_state[key.format(recipe=recipe)] = value


def to_url(run: ForecastRun) -> None:
    """The settings that differ from document 000's setup and the recipe's own, into the page's URL."""
    base, default = PRESETS["document_000"], FORECAST_RECIPES[run.recipe.key]
    values = {
        "series": run.spec.name,
        "from": repr(run.spec.start),
        "to": repr(run.spec.stop),
        "points": str(run.spec.points),
        "window": str(run.spec.window),
        "train": repr(run.spec.train_fraction),
        "noise": str(run.spec.seed),
        "recipe": run.recipe.key,
        "seed": str(run.seed),
        "epochs": str(run.epochs) if run.epochs else None,
        "units": str(run.recipe.units),
        "activation": run.recipe.activation,
    }
    usual = {
        "series": base.name,
        "from": repr(base.start),
        "to": repr(base.stop),
        "points": str(base.points),
        "window": str(base.window),
        "train": repr(base.train_fraction),
        "noise": str(base.seed),
        "recipe": "document_000",
        "seed": "0",
        "epochs": None,
        "units": str(default.units),
        "activation": default.activation,
    }
    for name, value in values.items():
        if value != usual[name]:
            if st.query_params.get(name) != value:
                st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]


def fraction_text(tr) -> Callable[[float], str]:
    """0,80 for a choice of the slider's grid; a preset's 44/60 with the digits that tell it apart (0,7333)."""
    return lambda value: tr.number(value, ".2f" if value in FRACTIONS else ".4g")


def settings_ui(tr) -> ForecastRun:
    """The setup buttons, the series, the recipe: the run they describe (and the URL that keeps them)."""
    if "fc_series" not in st.session_state:  # the page opened afresh: document 000's setup, then the URL's settings
        load_preset("document_000")
        from_url(st.query_params.to_dict())
    requested = lecture_ui.request("forecasting")  # a lecture's scene: a document's setup, a recipe
    if requested and "setup" in requested:
        load_preset(requested["setup"])
    if requested and "recipe" in requested:
        st.session_state.fc_recipe = requested["recipe"]
    left, right, _ = st.columns([1, 1, 1])
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
    # a select slider: Streamlit's slider writes its value with a decimal point whatever the page's language
    fraction = float(st.session_state.get("fc_fraction", PRESETS["document_000"].train_fraction))
    options = sorted({*FRACTIONS, fraction})
    fraction = cols[5].select_slider(
        tr("forecasting.training_part"), options, key="fc_fraction", format_func=fraction_text(tr)
    )
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
    # defaults through the session (a value passed as well as one from the URL would draw Streamlit's warning)
    st.session_state.setdefault("fc_seed", 0)
    st.session_state.setdefault(f"fc_units_{recipe}", base.units)
    st.session_state.setdefault(f"fc_activation_{recipe}", base.activation)
    seed = middle.number_input(tr("forecasting.seed"), 0, 1_000_000, key="fc_seed")
    epochs = right.number_input(tr("forecasting.epochs"), 1, 5000, value=None, key="fc_epochs")
    units = middle.number_input(tr("forecasting.units"), 1, 512, key=f"fc_units_{recipe}")
    activation = right.selectbox(
        tr("forecasting.activation"),
        list(ACTIVATIONS),
        key=f"fc_activation_{recipe}",
        format_func=lambda k: tr(f"activation.{k}"),
    )
    chosen = replace(base, units=int(units), activation=activation)
    if chosen != base:
        left.caption(tr("forecasting.changed_recipe", units=chosen.units, activation=tr(f"activation.{activation}")))
    run = ForecastRun(spec, chosen, int(seed), int(epochs) if epochs else None)
    to_url(run)
    return run
