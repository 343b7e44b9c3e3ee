"""LSTM Viz: an interactive, visual explainer of LSTM networks. Run with `streamlit run app.py`."""

from ui.navigation import navigate

navigate().run()
