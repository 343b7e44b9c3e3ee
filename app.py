"""LSTM Viz: an interactive, visual explainer of LSTM networks. Run with `streamlit run app.py`."""

import streamlit as st

from ui import server, shared

server.configure()  # per-process settings for many sessions and background training (see ui/server.py)
shared.start_run()  # language and lecture mode: from the link on a session's first run, then from the sidebar
tr = shared.texts()

# Each page file is named by its URL (see ui.shared.leave_legacy_navigation).
PAGES = [
    st.Page("pages/explorer.py", title=tr("app.page.explorer"), icon=":material/memory:", default=True),
    st.Page("pages/alphabet.py", title=tr("app.page.alphabet"), icon=":material/abc:", url_path="alphabet"),
    st.Page("pages/faces.py", title=tr("app.page.faces"), icon=":material/face:", url_path="faces"),
    st.Page(
        "pages/forecasting.py", title=tr("app.page.forecasting"), icon=":material/show_chart:", url_path="forecasting"
    ),
    st.Page("pages/why-lstm.py", title=tr("app.page.why_lstm"), icon=":material/trending_down:", url_path="why-lstm"),
]

# The tab icon is a file: a page's :material/…: icon as favicon would be fetched from fonts.gstatic.com.
st.set_page_config(
    page_icon=shared.ICON, layout="wide", initial_sidebar_state="collapsed" if shared.lecture() else "expanded"
)
st.navigation(PAGES).run()
