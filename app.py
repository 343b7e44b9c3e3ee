"""LSTM Viz: an interactive, visual explainer of LSTM networks. Run with `streamlit run app.py`."""

import streamlit as st

PAGES = [
    st.Page("pages/explorer.py", title="Cell explorer", icon="🔬", default=True),
]

st.set_page_config(layout="wide", initial_sidebar_state="expanded")
st.navigation(PAGES).run()
