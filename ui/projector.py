"""Long texts on a projector: in lecture mode a short form (catalogue ``<key>.short``, at most 40 words) with the whole
text behind "More"; outside lecture mode the whole text.

A paragraph of 100–200 words fills a 1280×720 projector before the chart it explains; the short form says what the
class must know to read the chart, and the lecturer opens the rest when a question asks for it.
"""

from __future__ import annotations

import streamlit as st

from ui.session import lecture

SHORT = ".short"  # the catalogue's suffix of a text's short form
MAX_WORDS = 40


def markdown(tr, key: str, place=st, **values) -> None:
    """The text of ``key``: its short form and "More" in lecture mode (when it has one), the whole otherwise."""
    if lecture() and tr.has(key + SHORT):
        place.markdown(tr(key + SHORT, **values))
        with place.expander(tr("app.more")):
            st.markdown(tr(key, **values))
    else:
        place.markdown(tr(key, **values))
