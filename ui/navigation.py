"""The app's pages and its per-process settings: what app.py runs, and what a page runs if Streamlit started it on
its own (see ``ui.shared.leave_legacy_navigation``)."""

import streamlit as st

from ui import lecture, server, shared

# Each page file is named by its URL, so that Streamlit's legacy discovery of pages/ finds the same page.
PAGES = (  # (file, catalogue key of the title, icon, URL; the first is the home page)
    ("pages/explorer.py", "app.page.explorer", ":material/memory:", None),
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
    shared.start_run()  # language and lecture mode: from the link on a session's first run, then from the sidebar
    tr = shared.texts()
    pages = [
        st.Page(path, title=tr(title), icon=icon, default=url is None, **({"url_path": url} if url else {}))
        for path, title, icon, url in PAGES
    ]
    # The tab icon is a file: a page's :material/…: icon as favicon would be fetched from fonts.gstatic.com.
    st.set_page_config(
        page_icon=shared.ICON, layout="wide", initial_sidebar_state="collapsed" if shared.lecture() else "expanded"
    )
    page = st.navigation(pages)
    lecture.route(page)  # a lecture presented: its scene's page
    return page
