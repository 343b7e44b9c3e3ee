"""The faces pages' settings: the minimum images per person (which people, so which data and runs), the recipe, seed
and epochs, and the open tab.

One owner, ``st.session_state[OWNER]`` ({widget key: value}), outside the widgets: a widget's state ends with its
page (streamlit#6074), and a minimum of 50 set on Faces came back as 70 after a visit to the faces lab, which read
the 7-person runs meanwhile (issue 35, item 4). Each widget takes the owner's value when it is drawn afresh, and the
owner takes the widget's after it is drawn. The owner is also written into the page's link, so a reload (a new
session) or a shared link finds the same data and the same run under way (``from_link`` reads it back).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from lstm_viz.faces import DEFAULT_MIN_FACES, DEFAULT_SEED, FACE_RECIPES

OWNER = "faces_settings"
TABS = ("data", "model", "train")
# widget key (or session key) → its name in the link
LINK = {"min_faces": "min_faces", "faces_recipe": "recipe", "faces_seed": "seed", "faces_tab_id": "tab"}
EPOCHS = "epochs"  # the link's epochs: for the epochs box of the link's recipe (its key depends on the data)
LIMITS = {"min_faces": (2, 500), "faces_seed": (0, 1_000_000), EPOCHS: (1, 500)}


def _whole(text: object, low: int, high: int) -> int | None:
    try:
        value = int(str(text).strip())
    except ValueError:
        return None
    return value if low <= value <= high else None


def from_link(query: Mapping[str, object]) -> dict:
    """The settings a link names (?min_faces=50&recipe=demo&seed=0&epochs=3&tab=train); what is missing or not
    valid is left out (the page's defaults stand)."""
    found: dict = {}
    for key, name in (*LINK.items(), (EPOCHS, EPOCHS)):
        if name not in query:
            continue
        text = query[name]
        if key in LIMITS:
            value = _whole(text, *LIMITS[key])
        elif key == "faces_recipe":
            value = str(text) if str(text) in FACE_RECIPES else None
        else:
            value = str(text) if str(text) in TABS else None
        if value is not None:
            found[key] = value
    return found


def settings() -> dict:
    """The session's settings (read from the link on the first faces page it opens)."""
    if OWNER not in st.session_state:
        st.session_state[OWNER] = from_link(st.query_params.to_dict())
        if "faces_tab_id" in st.session_state[OWNER]:
            st.session_state.setdefault("faces_tab_id", st.session_state[OWNER]["faces_tab_id"])
    return st.session_state[OWNER]


def minimum() -> int:
    """The minimum images per person chosen on the Faces page (both faces pages read their data with it)."""
    return int(settings().get("min_faces", DEFAULT_MIN_FACES))


def restore(key: str, default: object, epochs: bool = False) -> None:
    """Before drawing the widget ``key``: if it is drawn afresh (its state ended with another page, or a new
    session), it shows the owner's value (``epochs``: the epochs box, which takes the link's epochs once)."""
    owner = settings()
    if epochs and EPOCHS in owner:
        owner[key] = owner.pop(EPOCHS)
        st.session_state.pop(key, None)
    if key not in st.session_state:
        st.session_state[key] = owner.get(key, default)


def keep(key: str, value: object) -> object:
    """After drawing the widget ``key``: its value is the owner's now."""
    settings()[key] = value
    return value


def write_link(names: tuple[str, ...] = ("min_faces", "faces_recipe", "faces_seed", "faces_tab_id", EPOCHS)) -> None:
    """The settings into the page's link (only those the page shows; defaults left out: a short link)."""
    owner = settings()
    values = {
        "min_faces": owner.get("min_faces", DEFAULT_MIN_FACES),
        "faces_recipe": owner.get("faces_recipe"),
        "faces_seed": owner.get("faces_seed", DEFAULT_SEED),
        "faces_tab_id": st.session_state.get("faces_tab_id"),
        EPOCHS: owner.get("shown_epochs"),  # the epochs box shown (its key depends on the recipe and the data)
    }
    defaults = {"min_faces": DEFAULT_MIN_FACES, "faces_seed": DEFAULT_SEED, "faces_tab_id": TABS[0]}
    for key in names:
        name = LINK.get(key, key)
        value = values[key]
        if value is None or value == defaults.get(key):
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)
