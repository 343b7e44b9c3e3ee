"""This browser session's language and lecture mode, as the pages and the ui modules read them (the switches that set
them are in ``ui.page``; a link sets them on a session's first run, ``ui.navigation.start_run``)."""

from __future__ import annotations

import streamlit as st

from lstm_viz.i18n import Texts


def texts() -> Texts:
    """This session's texts (``tr(key, **values)``)."""
    return Texts(st.session_state.get("language") or "en")


def lecture() -> bool:
    """Whether the session is in lecture mode (larger text and charts, for a projector)."""
    return bool(st.session_state.get("lecture_mode"))
