"""LSTM Viz: an interactive, visual explainer of LSTM networks. Run with `streamlit run app.py`.

Streamlit serves the pages (``app_main.py``: the navigation and every page) and, beside them, the small routes that
need no script run (``lstm_viz.routes``: a class's followers look at the lecturer's step there, once a second, without
costing the server a rerun each). Before the server accepts a connection, every connection is told to send small
messages at once (``lstm_viz.nodelay``: otherwise each run reached the browser ~40 ms late). As it starts, the pages'
modules are imported in the background (``ui.warmup``), so the first visitor does not wait for them, and
every page document names the widgets' scripts for the browser to fetch at once (``ui.preload``).
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from lstm_viz import nodelay
from lstm_viz.routes import routes
from ui import warmup
from ui.preload import Preload

nodelay.apply()
warmup.start()

app = st.App(Path(__file__).resolve().parent / "app_main.py", routes=routes(), middleware=[Middleware(Preload)])
