"""Training runs, without Streamlit: what a run is (``RunKey``), what training it means (``Plan``), where finished
runs are kept (``RunStore``, ``SessionRuns``) and what starts them (``Runner``).

The pages' one training scaffold (``ui.training.training_section``) sits on these. Finished runs every session
sees are kept on disk by ``lstm_viz.runs.disk.DiskStore`` (found after a restart, by ``RunKey.name``; see
``ui.runs.shared_store``); a fair queue with at most K fits at a time starts them (``lstm_viz.runs.queue``).
"""

from lstm_viz.runs.key import RunKey
from lstm_viz.runs.runner import Plan, Runner
from lstm_viz.runs.store import MemoryStore, RunStore, SessionRuns

__all__ = ["MemoryStore", "Plan", "RunKey", "RunStore", "Runner", "SessionRuns"]
