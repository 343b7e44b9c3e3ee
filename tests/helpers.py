"""Small helpers shared by the tests."""

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def open_page(page: str, timeout: float = 60, query: dict | None = None) -> AppTest:
    """The app through its entry point, switched to ``pages/<page>.py``, run once without exception."""
    app = AppTest.from_file(str(ROOT / "app_main.py"), default_timeout=timeout)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, app.exception
    return app


def open_link(page: str, query: dict, timeout: float = 60) -> AppTest:
    """A new session opened by a link to ``/<page>?<query>``, run once without exception."""
    app = AppTest.from_file(str(ROOT / "app_main.py"), default_timeout=timeout)
    app.query_params.update(query)
    app.switch_page(f"pages/{page}.py")
    app.run()
    assert not app.exception, app.exception
    return app


def decode(value):
    """Numbers of a plotly JSON array: plain lists, or plotly 7's {"dtype", "bdata", "shape"} form."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if shape:
            array = array.reshape([int(n) for n in str(shape).split(",")])
        return array
    return np.asarray(value)


def chart_specs(at):
    """The figure JSON of every plotly chart an AppTest rendered."""
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def scenes(at) -> dict[str, dict]:
    """The data of every scene (lstm_viz.scene) on the page, by the component's key."""
    found = {e.proto.id.rsplit("-", 1)[-1]: json.loads(e.proto.json) for e in at.get("bidi_component")}
    return {key: data for key, data in found.items() if isinstance(data, dict) and "cells" in data}


def scene(at, key: str) -> dict:
    return next(data for element_id, data in scenes(at).items() if element_id.endswith(key))


def at_step(data: dict, name: str, t: int, cell: int = 0, unit: int | None = None):
    """A value of a scene's cell at step t (the unit drawn, unless told)."""
    cell_data = data["cells"][cell]
    return cell_data["values"][name][t][cell_data["unit"] if unit is None else unit]
