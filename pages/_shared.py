"""Streamlit pieces shared by the pages that train: a background job's live progress, and its collection.

(This file is not a page: app.py lists the pages; st.navigation ignores the rest of this folder.)
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from lstm_viz import plots
from lstm_viz.training import Progress, TrainingJob


@st.cache_resource
def _shared_store(page: str) -> dict:
    return {}


def result_stores(page: str) -> tuple[dict, dict]:
    """(every session's finished runs, this session's runs) of a page.

    The shared store holds only runs that finished their recipe; this session's also keeps runs stopped half-way.
    """
    return _shared_store(page), st.session_state.setdefault(f"{page}_results", {})


def find_result(page: str, key: tuple):
    shared, own = result_stores(page)
    return own.get(key) or shared.get(key)


def all_results(page: str) -> dict:
    """Every run this session can see: the shared ones, and its own (which win on the same key)."""
    shared, own = result_stores(page)
    return {**shared, **own}


def model_panel(model, file_name: str) -> None:
    """The trained model's Keras summary (with the formulas) and a download of it as a .keras file."""
    from lstm_viz import models  # a model exists: TensorFlow is loaded already

    st.dataframe(pd.DataFrame([vars(row) for row in models.summarize(model)]), hide_index=True, width="stretch")
    st.caption("Parameters from Keras (count_params), with 4·u·(u + d + 1) for each LSTM layer beside them.")
    st.download_button(
        "Download the trained model (.keras)",
        models.model_bytes(model),
        file_name=file_name,
        icon=":material/download:",
    )


POLL_SECONDS = 1.0  # a redraw per second: smooth enough, and light on a shared 2-core server


def start_job(
    slot: str, work: Callable[[Progress], object], total_epochs: int, label: str, page: str, key: tuple
) -> None:
    """Start ``work`` in a background thread, owned by this browser session.

    Its result goes into the page's stores (``result_stores``): this session's, and unless stopped early, every
    session's. The stores are plain dicts fetched here, in the script thread; the training thread only writes to
    them, so a run that ends after its tab was closed still lands in the shared cache.
    """
    shared, own = result_stores(page)

    def work_and_store(progress: Progress) -> object:
        result = work(progress)
        own[key] = result
        if not progress.stopped:
            shared[key] = result
        return result

    st.session_state[slot] = TrainingJob(work_and_store, total_epochs, label).start()


def train_button(slot: str, page: str, key: tuple, start: Callable[[], None], button_key: str) -> bool:
    """The Train button: runs ``start()`` unless this exact run is cached already. True while a run is under way."""
    busy = running(slot)
    if st.button("Train", type="primary", icon=":material/model_training:", disabled=busy, key=button_key):
        if key in result_stores(page)[0]:
            st.toast("Already trained on this server with these settings: showing that model.")
        else:
            start()
            busy = True
    return busy


def running(slot: str) -> bool:
    job = st.session_state.get(slot)
    return job is not None and job.running


def collect(slot: str) -> TrainingJob | None:
    """The session's job once it has ended (done, stopped or failed), handed over once; None otherwise."""
    job = st.session_state.get(slot)
    if job is None or job.running:
        return None
    del st.session_state[slot]
    return job


def report_finished(slot: str) -> None:
    """Once the session's run has ended: say so if it failed or was stopped (its result is stored already)."""
    job = collect(slot)
    if job is None:
        return
    if job.status == "failed":
        st.error(f"Training failed: {job.error}", icon=":material/error:")
    elif job.status == "stopped":
        st.info(
            f"Stopped after {job.progress.epochs_done} epochs: the results below are the model as trained so far.",
            icon=":material/stop_circle:",
        )


def progress_panel(slot: str) -> None:
    """A fragment that redraws the job's progress bar and live curves every second while it runs."""
    if slot not in st.session_state:
        return

    @st.fragment(run_every=POLL_SECONDS if running(slot) else None)
    def panel() -> None:
        job = st.session_state.get(slot)
        if job is None:
            return
        progress = job.progress
        done, total = progress.epochs_done, max(progress.total_epochs, 1)
        if progress.phase == "starting":
            text = f"{job.label}: loading TensorFlow and building the model…"
        else:
            text = f"{job.label}: epoch {done} of {total} · {job.elapsed:.0f} s"
        st.progress(min(done / total, 1.0), text=text)
        st.plotly_chart(plots.training_curves(progress.history, total), key=f"{slot}_curves")
        if job.running:
            if st.button("Stop", icon=":material/stop:", key=f"{slot}_stop", help="Keeps the model as trained so far"):
                job.stop()
                st.toast("Stopping after the current batch…")
        else:
            st.rerun()  # the whole page: collect the result and show it

    panel()
