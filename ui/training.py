"""The training pages' one scaffold: Train, the live progress with Stop, what became of the run, and its results.

``training_section(run, plan, draw_results, slot=…, button_key=…)`` draws, in order: the message of this session's
run that has just ended (failed, or stopped after epoch n), the Train button (disabled while the session's run goes
on; "already trained" if a finished run has this key), a note while it runs, the live progress (a fragment: the bar,
the curves, their latest numbers, Stop, and the page's ``live(job)``), then ``draw_results(result)`` for the key's
result, or the page's "nothing trained yet". The run's job is ``st.session_state[slot]`` (a
``lstm_viz.training.TrainingJob``) until it has ended and been reported; its result goes into the family's stores
(``ui.runs``), where every page finds it by its key. Training itself never touches Streamlit (``lstm_viz.runs``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from lstm_viz.plots.training import training_curves
from lstm_viz.runs import Plan, RunKey
from lstm_viz.training import TrainingJob
from ui.charts import chart
from ui.runs import runner, session_runs
from ui.session import texts

CURVES = ("loss", "val_loss", "accuracy", "val_accuracy", "learning_rate")
POLL_SECONDS = 1.0  # a redraw per second: smooth enough, and light on a shared 2-core server


@dataclass(frozen=True)
class Section:
    """What a training section found: whether the session's run goes on, and the results of its key(s)."""

    busy: bool
    results: dict[RunKey, Any]

    @property
    def result(self) -> Any | None:
        """The result of the section's one run (None if it has none yet)."""
        return next(iter(self.results.values()), None)


def training_section(
    run: RunKey | Mapping[str, RunKey] | None,
    plan: Callable[[RunKey], Plan] | None,
    draw_results: Callable[[Any], None] | None = None,
    *,
    slot: str = "",
    button_key: str,
    button: str | None = None,
    trained_button: str | None = None,
    busy_note: str | None = None,
    nothing_note: str | None = None,
    live: Callable[[TrainingJob], None] | None = None,
    before_results: Callable[[], None] | None = None,
    empty: Callable[[], None] | None = None,
) -> Section:
    """A training page's Train → progress → results, for ``run`` (a typed key; the job kept in ``st.session_state
    [slot]``), or several runs trained by one button (``{slot: run}``), or None (nothing to train: no button).

    ``plan(run)`` says what training a run means (called on Train only). ``draw_results`` gets the run's result (with
    several runs: ``{run: result}`` of those found). ``button`` labels Train; with ``trained_button`` the button shows
    that label, disabled, once every run is stored (otherwise pressing it says "already trained"). ``busy_note`` is
    shown while the session's run goes on, ``nothing_note`` when there is no result and none is on its way.
    ``before_results()`` draws what comes between the progress and the results; ``empty()`` what stands in for
    missing results.
    """
    jobs = {slot: run} if isinstance(run, RunKey) or run is None else dict(run)
    tr = texts()
    for name in jobs:
        report_finished(name)
    busy = any(running(name) for name in jobs)
    wanted = {name: key for name, key in jobs.items() if key is not None}
    if wanted:
        family = next(iter(wanted.values())).family
        runs = session_runs(family)
        missing = {name: key for name, key in wanted.items() if not runs.finished(key)}
        label = trained_button if trained_button and not missing else button or tr("shared.train")
        disabled = busy or bool(trained_button and not missing)
        if st.button(label, type="primary", icon=":material/model_training:", disabled=disabled, key=button_key):
            if not missing:
                st.toast(tr("shared.already_trained"))
            else:
                for name, key in missing.items():
                    st.session_state[name] = runner().start(key, plan(key), runs)
                busy = True
    if busy and busy_note:
        st.caption(busy_note)
    for name in jobs:
        progress_panel(name, live)
    if before_results is not None:
        before_results()
    found = {key: runs.find(key) for key in wanted.values()} if wanted else {}
    found = {key: result for key, result in found.items() if result is not None}
    if found and draw_results is not None:
        draw_results(next(iter(found.values())) if isinstance(run, RunKey) else found)
    elif not found:
        if empty is not None:
            empty()
        if not busy and nothing_note:
            st.info(nothing_note, icon=":material/info:")
    return Section(busy, found)


def running(slot: str) -> bool:
    """Whether this session's run in ``slot`` goes on."""
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
    tr = texts()
    job = collect(slot)
    if job is None:
        return
    if job.status == "failed":
        st.error(tr("shared.failed", error=job.error), icon=":material/error:")
    elif job.status == "stopped":
        st.info(
            tr("shared.stopped", epochs_done=job.progress.epochs_done),
            icon=":material/stop_circle:",
        )


def progress_panel(slot: str, extra: Callable[[TrainingJob], None] | None = None) -> None:
    """A fragment that redraws the job's progress bar and live curves every second while it runs; ``extra(job)``
    draws what else a page shows of a running job (below Stop, in the same fragment)."""
    if slot not in st.session_state:
        return

    @st.fragment(run_every=POLL_SECONDS if running(slot) else None)
    def panel() -> None:
        tr = texts()
        job = st.session_state.get(slot)
        if job is None:
            return
        progress = job.progress
        done, total = progress.epochs_done, max(progress.total_epochs, 1)
        if progress.phase == "starting":
            text = tr("shared.progress_starting", label=job.label)
        else:
            text = tr("shared.progress_epoch", label=job.label, done=done, total=total, seconds=job.elapsed)
        st.progress(min(done / total, 1.0), text=text)
        chart(training_curves(progress.history, total, tr), key=f"{slot}_curves")
        if progress.history:  # the curves' latest numbers as text
            latest = progress.history[-1]
            numbers = ", ".join(f"{tr(f'plot.curve.{name}')} {latest[name]:.4g}" for name in CURVES if name in latest)
            st.caption(tr("shared.latest_epoch", epoch=len(progress.history), numbers=numbers))
        if job.running:
            if st.button(
                tr("shared.stop"),
                icon=":material/stop:",
                key=f"{slot}_stop",
                help=tr("shared.stop_help"),
            ):
                job.stop()
                st.toast(tr("shared.stopping"))
            if extra is not None:
                extra(job)
        else:
            st.rerun()  # the whole page: collect the result and show it

    panel()


def model_panel(model, file_name: str) -> None:
    """The trained model's Keras summary (with the formulas) and a download of it as a .keras file."""
    tr = texts()
    from lstm_viz.models.core import model_bytes, summarize  # a model exists: TensorFlow is loaded already

    rows = summarize(model)
    table = pd.DataFrame(
        {
            tr("shared.col.layer"): [row.name for row in rows],
            tr("shared.col.kind"): [row.kind for row in rows],
            tr("shared.col.shape"): [row.output_shape for row in rows],
            tr("shared.col.parameters"): [tr.number(row.params, "") for row in rows],
            tr("shared.col.formula"): [row.formula_in(lambda value: tr.number(value, "")) for row in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(tr("shared.parameters_note"))
    st.download_button(
        tr("shared.download_model"),
        model_bytes(model),
        file_name=file_name,
        icon=":material/download:",
    )
