"""Kept for pages/explorer.py, pages/challenges.py and pages/why-lstm.py until they import from the modules that now
hold these names (being rewritten by others at the time of the split): nothing else imports this module.

ui.page (page_setup, tabs), ui.navigation (app_params), ui.session (texts, lecture), ui.charts (chart), ui.handoff
(open_in_explorer, take_handoff); the training pages' scaffold is ui.training, their stores ui.runs.
"""

from ui.charts import chart
from ui.handoff import open_in_explorer, take_handoff
from ui.navigation import app_params
from ui.page import page_setup, tabs
from ui.session import lecture, texts

__all__ = ["app_params", "chart", "lecture", "open_in_explorer", "page_setup", "tabs", "take_handoff", "texts"]
