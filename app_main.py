"""LSTM Viz's pages: the navigation and every page (`streamlit run app.py` serves this with its routes)."""

from ui.class_follow import member_looks
from ui.navigation import navigate

navigate().run()
member_looks()  # a student in a class: the browser's look at the class, once the page has said what it shows
