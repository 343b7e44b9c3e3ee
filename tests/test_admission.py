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
