"""The Russian catalogue, one module per part of the app (lstm_viz/i18n.py reads TEXTS)."""

from lstm_viz.locales.ru import (
    alphabet,
    cells,
    challenges,
    charts,
    common,
    explorer,
    faces,
    forecasting,
    lab,
    lectures,
    neurons,
    own_model,
    scene,
    why_lstm,
)

TEXTS: dict[str, str] = {}
for _module in (
    common,
    charts,
    cells,
    scene,
    explorer,
    alphabet,
    faces,
    forecasting,
    why_lstm,
    challenges,
    lectures,
    own_model,
    lab,
    neurons,
):
    _clash = TEXTS.keys() & _module.TEXTS.keys()
    assert not _clash, f"keys defined twice: {sorted(_clash)}"
    TEXTS.update(_module.TEXTS)
