"""The crowd's gate (lstm_viz/admission.py): at most ``size`` runs inside at once, re-entrant per thread, never
holding a run past its patience, and no gate at size 0."""

from __future__ import annotations

import threading
import time

from lstm_viz.admission import Gate, size_setting


def crowd_of(gate: Gate, runs: int, seconds: float = 0.05) -> int:
    """How many of ``runs`` threads were inside the gate at once, at most."""
    inside, most, lock = [0], [0], threading.Lock()

    def run():
        with gate.passing():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(seconds)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return most[0]


def test_at_most_size_runs_are_inside_at_once():
    gate = Gate(2)
    assert crowd_of(gate, 12) == 2
    assert gate.waited >= 10 and gate.overdue == 0


def test_a_run_inside_can_pass_again_without_a_second_slot():
    gate = Gate(1, patience=30)
    done = threading.Event()

    def run():
        with gate.passing():
            with gate.passing():  # a page's run, then its fragment
                done.set()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=10)
    assert done.is_set() and gate.overdue == 0 and gate.passed == 1
    assert crowd_of(gate, 3) == 1  # (its slot was given back)


def test_a_run_waits_no_longer_than_its_patience():
    gate = Gate(1, patience=0.2)
    holder_in, release = threading.Event(), threading.Event()

    def holder():
        with gate.passing():
            holder_in.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    holder_in.wait(10)
    began = time.perf_counter()
    with gate.passing():
        waited = time.perf_counter() - began
    release.set()
    thread.join(timeout=10)
    assert 0.15 < waited < 5 and gate.overdue == 1


def test_size_zero_is_no_gate_and_a_bad_setting_is_the_default(monkeypatch):
    assert crowd_of(Gate(0), 6, seconds=0.5) == 6
    monkeypatch.setenv("LSTM_VIZ_CROWD_RUNS", "many")
    assert size_setting() == 2
    monkeypatch.setenv("LSTM_VIZ_CROWD_RUNS", "-3")
    assert size_setting() == 0
    monkeypatch.setenv("LSTM_VIZ_CROWD_RUNS", "4")
    assert size_setting() == 4


def _gated_page() -> None:
    import streamlit as st

    from lstm_viz.admission import GATED_RUN, crowd
    from ui.classroom import crowd_gate

    st.button("Train", key="train", on_click=lambda: st.session_state.update({GATED_RUN: True}))
    with crowd_gate():
        st.session_state.passed = crowd().passed


def test_the_run_after_a_trains_callback_passes_the_crowds_gate_and_the_next_does_not():
    """A lab presses Train at once, again and again (ui/explorer_train.on_train sets the flag): the run with the
    result takes a slot of the gate, so that the others' runs never wait behind a whole lab's; the next run of that
    session (a weight moved) is not gated."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_gated_page, default_timeout=30).run()
    before = at.session_state.passed
    at.button(key="train").click().run()
    assert at.session_state.passed == before + 1
    at.run()
    assert at.session_state.passed == before + 1
