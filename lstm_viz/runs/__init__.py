"""Training runs, without Streamlit: what a run is (``RunKey``), what training it means (``Plan``), where finished
runs are kept (``RunStore``, ``SessionRuns``) and what starts them (``Runner``).

The pages' one training scaffold (``ui.training.training_section``) sits on these. A disk store (finished runs found
after a restart, by ``RunKey.name``) replaces ``MemoryStore`` in ``ui.runs.shared_store``; a fair queue with at most
K fits at a time replaces ``Runner``: each a change in one place.
"""

from lstm_viz.runs.key import RunKey
from lstm_viz.runs.runner import Plan, Runner
from lstm_viz.runs.store import MemoryStore, RunStore, SessionRuns

__all__ = ["MemoryStore", "Plan", "RunKey", "RunStore", "Runner", "SessionRuns"]
