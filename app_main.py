"""LSTM Viz's pages: the navigation and every page (`streamlit run app.py` serves this with its routes).

A class's students run their pages through the crowd's gate (``lstm_viz.admission``): a room joining at once takes
a few shares of the server at a time, and nobody else waits behind it.
"""

from ui import warmup

warmup.wait()  # (the server's warm-up imports the modules below: a first run waits for it rather than race it)

from ui.classroom import crowd_gate  # noqa: E402
from ui.navigation import navigate  # noqa: E402

with crowd_gate():
    navigate().run()
