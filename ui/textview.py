"""The text view (lstm_viz/textview) mounted in a page: a components-v2 component registered once per process, its
JavaScript and CSS the files in lstm_viz/textview."""

from __future__ import annotations

import streamlit as st

from lstm_viz import textview
from ui.session import lecture

_TEXTVIEW = st.components.v2.component("lstm_viz_textview", css=textview.stylesheet(), js=textview.renderer())


def show(values, text: str, unit: int, key: str, tr, quantity: str = "c") -> None:
    """The passage ``text`` coloured by ``unit``'s values (quantity → (T, units) arrays of its trace)."""
    _TEXTVIEW(data=textview.payload(values, text, unit, tr, quantity, lecture()), key=key)
