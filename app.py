"""LSTM Viz: an interactive, visual explainer of LSTM networks. Run with `streamlit run app.py`.

Streamlit serves the pages (``app_main.py``: the navigation and every page) and, beside them, the small routes that
need no script run (``lstm_viz.routes``: a class's followers look at the lecturer's step there, once a second, without
costing the server a rerun each). Before the server accepts a connection, every connection is told to send small
messages at once (``lstm_viz.nodelay``: otherwise each run reached the browser ~40 ms late).
"""

from pathlib import Path

import streamlit as st

from lstm_viz import nodelay
from lstm_viz.routes import routes

nodelay.apply()

app = st.App(Path(__file__).resolve().parent / "app_main.py", routes=routes())
