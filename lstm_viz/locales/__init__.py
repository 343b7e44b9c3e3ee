"""The catalogues: one package per language (en, ru), each with the same modules, one per part of the app."""

from __future__ import annotations

import importlib

PARTS = ("common", "charts", "cells", "scene", "explorer", "alphabet", "faces", "forecasting", "why_lstm",
         "challenges", "lectures", "own_model", "lab", "neurons", "queue", "classroom", "class_page", "layers")  # fmt: skip


def collect(language: str) -> dict[str, str]:
    """Every part's TEXTS of one language in one table; a key defined in two parts is an error."""
    texts: dict[str, str] = {}
    for part in PARTS:
        table = importlib.import_module(f"lstm_viz.locales.{language}.{part}").TEXTS
        clash = texts.keys() & table.keys()
        assert not clash, f"keys defined twice: {sorted(clash)}"
        texts.update(table)
    return texts
