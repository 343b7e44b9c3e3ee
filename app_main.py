"""LSTM Viz's pages: the navigation and every page (`streamlit run app.py` serves this with its routes).

A class's students run their pages through the crowd's gate (``lstm_viz.admission``): a room joining at once takes
a few shares of the server at a time, and nobody else waits behind it.
"""

from ui.classroom import crowd_gate
from ui.navigation import navigate

with crowd_gate():
    navigate().run()
