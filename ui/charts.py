"""A plotly chart on a page: in lecture mode with larger text and a taller frame for the projector."""

from __future__ import annotations

import streamlit as st

from ui.session import lecture

LECTURE_FONT = 20  # chart text in lecture mode (px); the page's own text grows with ui.page.LECTURE_CSS


def chart(figure, key: str, **options) -> None:
    """A plotly chart; in lecture mode with larger text and a taller frame for the projector."""
    if lecture():
        height = figure.layout.height or 450
        figure.update_layout(font_size=LECTURE_FONT, height=int(height * 1.3))
        for annotation in figure.layout.annotations or ():  # labels drawn at a fixed size (the cell's wires)
            if annotation.font.size:
                annotation.font.size = annotation.font.size * LECTURE_FONT / 14
        if figure.layout.title.font.size:
            figure.layout.title.font.size = figure.layout.title.font.size * LECTURE_FONT / 14
    st.plotly_chart(figure, key=key, **options)
