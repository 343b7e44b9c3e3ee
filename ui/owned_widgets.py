"""Widgets whose values something else owns (the explorer's configuration, a challenge's attempt).

Streamlit keeps a widget's value in ``st.session_state[key]`` only while the widget is drawn: a widget left out of
a run loses its state at the end of that run (its key is cleaned up), and drawn again later it starts from its
default or a stale value (streamlit#6074, "Persist widget state if key is set, even if the widget is not rendered",
and #5813 for pages; both open). The explorer draws one part's sliders at a time, and a student leaves
for another page and comes back, so neither page can let its widgets own the state.

So the owner keeps the values, and this module does the rest once: ``restore`` gives every widget that was not drawn
last run the owner's value before it is drawn again; ``slider``/``toggle`` draw a widget and note that it was drawn;
``drawn`` returns what the widgets drawn this run say (only they speak for the owner).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st

from ui import number_slider

_NOW = "_owned_drawn_now"  # per session: {owner: keys drawn in this run}
_BEFORE = "_owned_drawn_before"  # per session: {owner: keys drawn in the previous run}


def restore(owner: str, values: Mapping[str, object], owned: Iterable[str] = ()) -> None:
    """Start a run: each widget key missing from the session, or among ``owned`` keys but not drawn last run, takes
    the owner's value."""
    before = st.session_state.setdefault(_BEFORE, {}).get(owner, set())
    st.session_state.setdefault(_NOW, {})[owner] = set()
    owned = set(owned)
    for key, value in values.items():
        if key not in st.session_state or (key in owned and key not in before):
            st.session_state[key] = value


def put(values: Mapping[str, object], forget: Iterable[str] = ()) -> None:
    """The owner changed: its widgets show the new values (``forget``: keys of widgets that no longer exist)."""
    for key in list(forget):
        st.session_state.pop(key, None)
    st.session_state.update(values)


def _mark(owner: str, key: str) -> None:
    st.session_state.setdefault(_NOW, {}).setdefault(owner, set()).add(key)


def mark(owner: str, key: str) -> str:
    """A widget drawn by the caller speaks for the owner this run; returns its key."""
    _mark(owner, key)
    return key


def slider(owner: str, label: str, low: float, high: float, key: str, place=st, tr=None, **options):
    """A slider whose value lives in st.session_state[key] (put there by the owner). With ``tr`` (and a ``step``), a
    slider of decimals that writes them in the page's language (ui.number_slider)."""
    _mark(owner, key)
    if tr is not None:
        return number_slider.slider(label, low, high, options.pop("step"), key, tr, place, **options)
    value = st.session_state.get(key, low)
    if not (isinstance(value, int | float) and low <= value <= high):
        value = low  # NaN or out of range from a hostile client: the owner's validator clamps it; a slider needs one
    return place.slider(label, low, high, value=value, key=key, **options)


def toggle(owner: str, label: str, key: str, place=st, **options) -> bool:
    _mark(owner, key)
    return place.toggle(label, key=key, **options)


def drawn(owner: str, always: Iterable[str] = ()) -> dict[str, object]:
    """What the widgets drawn this run (and the ``always`` keys) say; remembered as this run's drawn set."""
    now = st.session_state.setdefault(_NOW, {}).get(owner, set())
    st.session_state.setdefault(_BEFORE, {})[owner] = set(now)
    keys = now | set(always)
    return {key: st.session_state[key] for key in keys if key in st.session_state}
