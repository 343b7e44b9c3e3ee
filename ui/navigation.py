"""The app's pages and its per-process settings: what app.py runs, and what a page runs if Streamlit started it on
its own (``leave_legacy_navigation``); and what a link carries besides a page's own state (language, lecture mode).
"""

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

from lstm_viz.i18n import language
from ui import lecture, server
from ui.session import lecture as lecture_mode
from ui.session import texts

TRUE_WORDS = ("1", "true", "yes", "on")
ICON = str(Path(__file__).with_name("icon.png"))  # the browser tab's icon, served by this server

# Each page file is named by its URL, so that Streamlit's legacy discovery of pages/ finds the same page.
PAGES = (  # (file, catalogue key of the title, icon, URL; the first is the home page)
    ("pages/explorer.py", "app.page.explorer", ":material/memory:", None),
    ("pages/layers.py", "app.page.layers", ":material/stacks:", "layers"),
    ("pages/alphabet.py", "app.page.alphabet", ":material/abc:", "alphabet"),
    ("pages/faces.py", "app.page.faces", ":material/face:", "faces"),
    ("pages/faces-lab.py", "app.page.faces_lab", ":material/science:", "faces-lab"),
    ("pages/forecasting.py", "app.page.forecasting", ":material/show_chart:", "forecasting"),
    ("pages/neurons.py", "app.page.neurons", ":material/neurology:", "neurons"),
    ("pages/why-lstm.py", "app.page.why_lstm", ":material/trending_down:", "why-lstm"),
    ("pages/challenges.py", "app.page.challenges", ":material/emoji_events:", "challenges"),
    ("pages/your-model.py", "app.page.your_model", ":material/upload_file:", "your-model"),
    ("pages/lectures.py", "app.page.lectures", ":material/slideshow:", "lectures"),
)


def navigate():
    """Settings, language and lecture mode for this run, then ``st.navigation``: the page to run."""
    server.configure()  # per-process settings for many sessions and background training (see ui/server.py)
    start_run()  # language and lecture mode: from the link on a session's first run, then from the sidebar
    tr = texts()
    pages = [
        st.Page(path, title=tr(title), icon=icon, default=url is None, **({"url_path": url} if url else {}))
        for path, title, icon, url in PAGES
    ]
    # The tab icon is a file: a page's :material/…: icon as favicon would be fetched from fonts.gstatic.com.
    # A class's link opens on its join card, in the page: the sidebar would cover it on a phone. (For the whole
    # session: the browser applies a changed initial state again, and would unfold it once the link's ?join= is gone.)
    if "join" in st.query_params:
        st.session_state.came_by_class_link = True
    folded = lecture_mode() or st.session_state.get("came_by_class_link", False)
    st.set_page_config(page_icon=ICON, layout="wide", initial_sidebar_state="collapsed" if folded else "expanded")
    page = st.navigation(pages)
    lecture.route(page)  # a lecture presented: its scene's page
    return page


def start_run() -> None:
    """A session's first run takes the language and lecture mode from the link (?lang=ru&lecture=1), or a lecture
    to present (?lecture=lstm-cell.en&scene=3, or ?lecture=lstm-cell in the link's language: lecture mode)."""
    if "language" not in st.session_state:
        st.session_state.language = language(st.query_params.get("lang"))
    if "lecture_mode" not in st.session_state:
        value = str(st.query_params.get("lecture", "")).strip()
        st.session_state.lecture_mode = value.lower() in TRUE_WORDS
        if value and not st.session_state.lecture_mode:
            st.session_state.lecture_mode = True
            lecture.from_link(value, st.query_params.get("scene"))


def app_params() -> dict[str, str]:
    """What every page keeps in its link besides its own state."""
    params = {}
    if texts().lang != "en":
        params["lang"] = texts().lang
    if lecture_mode():
        params["lecture"] = "1"
    params.update(lecture.params())  # a lecture presented: its name and scene
    return params


def leave_legacy_navigation() -> None:
    """Register the app's navigation if Streamlit ran this page as a legacy ``pages/`` page.

    Streamlit decides once per process whether an app uses the legacy ``pages/`` folder: it assumes so if the folder
    exists, until the first ``st.navigation`` call (AppTest assumes it again on every run). So the very first run
    after ``streamlit run app.py`` goes through the legacy discovery (``script_runner._mpa_v1``): a link to
    ``/why-lstm`` found no file of that name and showed "Page not found" (streamlit#9624), and a link to
    ``/alphabet`` ran pages/alphabet.py on its own, with the legacy sidebar listing every file, for the whole session.
    Every page file is now named by its URL, so the legacy run finds the page; this gives it app.py's navigation and
    settings, which resolve to this same page (a page's identity is its URL), and the page goes on. (``st.navigation``
    makes the entry point the active script; a page run by ``Page.run`` has its own as the active script, and widget
    ids include it: the page's is set back, or the session's first click would be lost.)
    """
    if PagesManager.uses_pages_directory:
        page = navigate()
        ThreadState.update(active_script_hash=page._script_hash)
