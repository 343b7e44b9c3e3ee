"""The scene (lstm_viz/scene: the browser-side renderer of one or two cells over time) mounted in a page.

Registered once per process as a components-v2 component; its JavaScript and CSS are the files in lstm_viz/scene,
passed as text (asset paths work only for an installed package). The browser owns the step: ``show`` returns the
step it last reported (when the user stopped moving it), for the link.
"""

from __future__ import annotations

import streamlit as st

from lstm_viz import scene
from ui.session import lecture

_SCENE = st.components.v2.component("lstm_viz_scene", css=scene.stylesheet(), js=scene.renderer())


def _reported() -> None:
    """The browser reported a step: the rerun that follows puts it in the link."""


def show(data: dict, key: str) -> int | None:
    """Mount the scene; the step the browser last reported (None before it reports one)."""
    return show_reporting(data, key)[0]


def show_reporting(data: dict, key: str) -> tuple[int | None, dict | None, dict | None]:
    """Mount the scene; the step the browser last reported, (a lecturer's scene in a class, ``data["broadcast"]``)
    what it last told the class: ``{"t", "playing", "speed"}``, and where the user stopped a training replay:
    ``{"token", "frame"}``."""
    data = {**data, "state_key": key}  # the browser keeps the step by it (its own id changes when the scene moves)
    result = _SCENE(data=data, key=key, on_t_change=_reported, on_follow_change=_reported,
                    on_training_stop_change=_reported)  # fmt: skip
    value = getattr(result, "t", None)
    t = int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    follow = getattr(result, "follow", None)
    stop = getattr(result, "training_stop", None)
    return t, follow if isinstance(follow, dict) else None, stop if isinstance(stop, dict) else None


def show_cells(cells, key: str, tr, start: int = 0, **options) -> int | None:
    """Build the scene of these lstm_viz.scene.Cell and mount it; a clear message instead if it cannot be drawn."""
    try:
        data = scene.payload(cells, tr, start, lecture=lecture(), **options)
    except scene.SceneError as error:
        st.error(tr(str(error)), icon=":material/error:")
        return None
    return show(data, key)
