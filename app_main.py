"""LSTM Viz's pages: the navigation and every page (`streamlit run app.py` serves this with its routes)."""

from ui.navigation import navigate

navigate().run()
