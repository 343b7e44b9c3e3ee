"""What every page draws first (``page_setup``): the language and lecture-mode switches, the link that keeps them,
the page's style sheets and the lecture bar; and tabs whose open tab a lecture scene can choose.

(Not a page: app.py lists the pages. Streamlit's own helpers live in ``ui/``, apart from ``pages/``, which holds only
the pages, each named by its URL: see ``ui.navigation.leave_legacy_navigation``.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

from lstm_viz.i18n import LANGUAGES, Texts
from lstm_viz.lectures import PAGES as SCENE_PAGES
from ui import class_follow, classroom
from ui import lecture as lecture_ui
from ui.navigation import app_params, leave_legacy_navigation, start_run
from ui.session import lecture, texts

LECTURE_CSS = """<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stCaptionContainer"], [data-testid="stMetricLabel"] p { font-size: 1.25rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] div,
[data-testid="stMetricValue"] p { font-size: 2.4rem !important; line-height: 1.15 !important; }
h1 { font-size: 2.2rem !important; padding: 0 0 0.4rem !important; } h2 { font-size: 1.9rem !important; }
h3 { font-size: 1.6rem !important; }
.katex { font-size: 1.45em !important; }
</style>"""
# Every page: captions dark enough to read (Streamlit's #797b7e on white is 4.24:1; this is 5.9:1), and a visible
# focus ring on every control (a lecturer with a clicker, a keyboard user: where the keys go must show).
BASE_CSS = """<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] *,
[data-testid="stFileUploaderDropzoneInstructions"] small { color: #5b6470 !important; opacity: 1 !important; }
:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px; }
.katex-display { overflow: visible !important; }  /* a scrollable region with nothing focusable (axe) */
/* a metric's label and a button's words wrap instead of ending in "…": which number is which must always show */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; height: auto !important; }
[data-testid^="stBaseButton"] [data-testid="stMarkdownContainer"] p { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
[data-testid^="stBaseButton"] { height: auto !important; }
[data-testid="stSlider"] [role="slider"]:focus-visible { box-shadow: 0 0 0 4px #0072B2 !important; }
@media (prefers-reduced-motion: reduce) { *, *::before, *::after { transition: none !important;
  animation-duration: 0.01ms !important; scroll-behavior: auto !important; } }
</style>"""
# Streamlit's file uploader writes its own words in English (it has no language setting): the Russian page
# draws them in Russian over the same elements (streamlit#7127 asks for translations).
UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span { font-size: 0 !important; }
[data-testid="stFileUploaderDropzoneInstructions"] > div > span::after { content: "{drop}"; font-size: 1rem; }
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] { font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]::after { content: "{browse}";
  font-size: 1rem; }
</style>"""


def _remember(widget: str, setting: str) -> None:
    st.session_state[setting] = st.session_state[widget]


def _language_changed() -> None:
    """Keep every choice, and have the browser draw it again in the new language.

    A select box or radio holds its chosen option as the label the browser shows; once the labels are in another
    language that label matches no option. Setting each value again makes Streamlit send it with the new labels.
    """
    _remember("lang", "language")
    for key in list(st.session_state):
        value = st.session_state[key]
        if key != "lang" and isinstance(value, str | int | float) and not isinstance(value, bool):
            st.session_state[key] = value


def page_setup(page: str | None = None) -> Texts:
    """Every page calls this first: the language and lecture-mode switches (sidebar) and the link that keeps them;
    returns the page's texts. (A page, not app.py, draws them: AppTest reruns a page without its entry point.)

    The settings live in keys of their own ("language", "lecture_mode"); the switches ("lang", "lecture") are set
    from them on every run, because Streamlit drops a widget's state when the page changes.
    """
    leave_legacy_navigation()
    start_run()
    st.session_state.lang = st.session_state.language
    st.session_state.lecture = st.session_state.lecture_mode
    tr = texts()
    with st.sidebar:
        st.radio(
            tr("app.language"),
            list(LANGUAGES),
            format_func=LANGUAGES.get,
            key="lang",
            horizontal=True,
            on_change=_language_changed,
        )
        st.toggle(
            tr("app.lecture_mode"),
            key="lecture",
            help=tr("app.lecture_help"),
            on_change=_remember,
            args=("lecture", "lecture_mode"),
        )
    params = app_params()
    for name in ("lang", "lecture", "scene"):
        if name in params:
            st.query_params[name] = params[name]
        elif name in st.query_params:
            del st.query_params[name]
    st.html(BASE_CSS)
    if tr.lang != "en":
        st.html(UPLOADER_CSS.replace("{drop}", tr("app.uploader_drop")).replace("{browse}", tr("app.uploader_browse")))
    if lecture():
        st.html(LECTURE_CSS)
    # the sidebar's "build a lecture", drawn there when the page describes its view (lecture_ui.offer)
    st.session_state[lecture_ui.SLOT] = None if lecture_ui.presenting() else st.sidebar.container()
    classroom.panel(tr)  # a class: start or join, follow or explore (sidebar)
    lecture_ui.bar(tr)
    page = page or Path(sys._getframe(1).f_globals.get("__file__", "explorer")).stem  # pages are named by URL
    if page not in SCENE_PAGES:  # a page no lecture scene describes (its offer would): the page alone
        class_follow.shown_state(page, {})
        class_follow.publish(page, {})
    class_follow.member_poll(page)  # a student: the class's question, the lecturer's page and state, and its step
    return tr


def tabs(ids: tuple[str, ...], labels: list[str], key: str):
    """st.tabs whose open tab is known by id (``st.session_state[key + "_id"]``): a lecture scene can open one, and
    it stays open when the language (the labels) changes."""
    wanted = st.session_state.get(f"{key}_id", ids[0])
    if st.session_state.get(key) not in labels:
        st.session_state[key] = labels[ids.index(wanted) if wanted in ids else 0]
    containers = st.tabs(labels, key=key, on_change="rerun")
    st.session_state[f"{key}_id"] = ids[labels.index(st.session_state[key])]
    return containers
