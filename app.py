"""LSTM Viz: an interactive, visual explainer of LSTM networks. Run with `streamlit run app.py`."""

import streamlit as st

from pages import _server

_server.configure()  # per-process settings for many sessions and background training (see pages/_server.py)

PAGES = [
    st.Page("pages/explorer.py", title="Cell explorer", icon=":material/memory:", default=True),
    st.Page("pages/alphabet.py", title="Alphabet", icon=":material/abc:", url_path="alphabet"),
    st.Page("pages/faces.py", title="Faces (LFW)", icon=":material/face:", url_path="faces"),
    st.Page("pages/forecasting.py", title="Forecasting", icon=":material/show_chart:", url_path="forecasting"),
    st.Page("pages/why_lstm.py", title="Why LSTM", icon=":material/trending_down:", url_path="why-lstm"),
]

st.set_page_config(layout="wide", initial_sidebar_state="expanded")
st.navigation(PAGES).run()
