"""Train this cell (issue 29): gradient descent on one cell, its tasks, and its replay's payload."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from lstm_viz import cells, scene
from lstm_viz.backward import Loss
from lstm_viz.cell_tasks import TASKS, tasks
from lstm_viz.cell_training import DEFAULT_RATE, MAX_RATE, Settings, Trainer, checked, record
from lstm_viz.i18n import Texts
from lstm_viz.scene.backward import training_frames


def _trainer(key: str, settings: Settings | None = None) -> Trainer:
    task = tasks()[key]
    cell = task.config.cell
    return Trainer(cell.weights(), task.config.inputs(), task.loss, settings or task.settings, cell.initial_state())


def test_the_lstm_learns_to_remember_the_pulse_and_its_forget_bias_rises():
    trainer = _trainer("pulse")
    before = float(trainer.weights.block("bias", "f")[0])
    result = record(trainer, tasks()["pulse"].updates, tasks()["pulse"].passed)
    after = float(trainer.weights.block("bias", "f")[0])
    assert result.passed and not result.diverged
    assert before == 1.0 and after > before + 0.3  # Keras's b_f = 1, pushed up by the gradient
    assert result.frames[-1].loss <= 1e-3 < result.frames[0].loss


def test_the_plain_rnn_with_the_same_settings_does_not():
    result = record(_trainer("rnn_pulse"), 300, tasks()["rnn_pulse"].passed)
    assert not result.passed and result.frames[-1].loss > 0.01


def test_the_exploding_rnn_diverges_without_clipping_keeps_the_weights_and_passes_with_it():
    trainer = _trainer("exploding")
    start = trainer.weights
    result = record(trainer, 200, tasks()["exploding"].passed)
    assert result.diverged and not result.passed
    assert all(np.all(np.isfinite(a)) for a in trainer.weights.arrays.values())
    assert trainer.weights.equal(result.frames[-1].weights)
    assert not trainer.weights.equal(start) or result.updates == 0
    clipped = record(_trainer("exploding", Settings("sgd", 0.05, True)), 200, tasks()["exploding"].passed)
    assert clipped.passed and not clipped.diverged


def test_training_reproduces_update_by_update():
    first, second = _trainer("forget"), _trainer("forget")
    first.run(40)
    second.run(40)
    assert [u.loss for u in first.history] == [u.loss for u in second.history]
    assert first.weights.equal(second.weights)


@pytest.mark.parametrize(
    "rate, used, note",
    [(0.0, DEFAULT_RATE["adam"], "train.rate_not_positive"), (-1.0, DEFAULT_RATE["adam"], "train.rate_not_positive"),
     (math.nan, DEFAULT_RATE["adam"], "train.rate_not_positive"),
     ("abc", DEFAULT_RATE["adam"], "train.rate_not_positive"), (1e9, MAX_RATE, "train.rate_too_large"),
     (0.01, 0.01, None)],
)  # fmt: skip
def test_a_bad_learning_rate_is_clamped_with_a_note(rate, used, note):
    settings, notes = checked(Settings("adam", rate, True))
    assert settings.learning_rate == used
    assert notes == ([note] if note else [])


def test_clipping_limits_the_step_to_norm_one():
    trainer = _trainer("exploding", Settings("sgd", 1.0, True))
    update = trainer.step()
    assert update.clipped and update.norm > 1.0


def test_adam_matches_keras():
    keras = pytest.importorskip("keras")
    weights = cells.random(cells.kind("lstm"), 2, 1, np.random.default_rng(3), 0.5)
    x = np.sin(np.arange(12.0))[:, None]
    loss = Loss("squared", "h", 0.3)
    trainer = Trainer(weights, x, loss, Settings("adam", 0.05, False))
    trainer.run(5)
    optimizer = keras.optimizers.Adam(0.05)
    variables = {name: keras.Variable(array, dtype="float64") for name, array in weights.arrays.items()}
    from lstm_viz.backward import gradients
    from lstm_viz.cells.base import Weights, forward

    for _ in range(5):
        current = Weights(weights.kind, {n: np.asarray(v) for n, v in variables.items()})
        grads = gradients(current, forward(current, x), loss).arrays
        optimizer.apply([grads[n] for n in variables], list(variables.values()))
    for name, variable in variables.items():  # (Keras keeps β₂ = 0.999 as a float32: 1 − β₂ is 1.3e-5 off)
        assert np.allclose(trainer.weights.arrays[name], np.asarray(variable), rtol=1e-4, atol=1e-6)


def test_the_replay_payload_carries_every_frame_and_ends_where_the_run_ended():
    trainer = _trainer("pulse")
    result = record(trainer, 300, tasks()["pulse"].passed)
    replay = training_frames(result, 4, unit=0)
    assert replay["token"] == 4 and replay["passed"] is True and replay["updates"] == result.updates
    assert len(replay["frames"]) == len(result.frames) <= 60
    assert replay["frames"][-1]["iteration"] == result.updates
    final_bias = float(trainer.weights.block("bias", "f")[0])
    assert replay["frames"][-1]["weights"]["b.f"][0] == pytest.approx(final_bias, rel=1e-5)
    task = tasks()["pulse"]
    cell = task.config.cell
    data = scene.payload([scene.Cell(cell.weights(), result.frames[0].trace, "t")], Texts("en"), training=replay)
    assert scene.dumps(data)  # plain JSON (a NumPy bool would not be)


def test_every_task_names_a_catalogue_entry_in_both_languages():
    for lang in ("en", "ru"):
        tr = Texts(lang)
        for key in ("own", *TASKS):
            assert tr.has(f"explorer.train_task.{key}")


def test_gradient_descent_passes_a_challenge_moving_only_its_knobs():
    from lstm_viz.challenges import challenge
    from lstm_viz.challenges.descent import knob_values, let_descent_try

    current = challenge("write")
    attempted = let_descent_try(current, budget=30.0)
    assert attempted.passed and current.grade(attempted.values).passed
    start = current.weights(current.start_values())
    final = attempted.recording.frames[-1].weights
    moved = {name for name in start.arrays if not np.array_equal(start.arrays[name], final.arrays[name])}
    knob_arrays = {current.addresses[k].spec.name for k in current.knobs}
    assert moved <= knob_arrays  # nothing but the knobs' arrays changed …
    for name in knob_arrays:  # … and in them, only the knobs' entries
        changed = np.argwhere(start.arrays[name] != final.arrays[name])
        places = [current.addresses[k] for k in current.knobs]
        allowed = {where.index(current.units) for where in places if where.spec.name == name}
        assert {tuple(int(i) for i in index) for index in changed} <= allowed
    assert knob_values(current, final) == attempted.values


def test_gradient_descent_can_stall_where_a_gate_is_saturated():
    from lstm_viz.challenges import challenge
    from lstm_viz.challenges.descent import let_descent_try

    attempted = let_descent_try(challenge("keep_pulse"), budget=30.0)
    assert not attempted.passed and attempted.recording.frames[-1].loss > 0.1


def test_the_delay_task_trains_every_weight_of_challenge_12s_rnn_to_its_own_targets():
    task = tasks()["delay"]
    result = record(_trainer("delay"), task.updates, task.passed)
    assert result.passed and result.frames[-1].loss <= 1e-3 < result.frames[0].loss
    ((part, unit, bands),) = task.targets(result.frames[-1].trace)
    assert part == "h" and unit == 1 and len(bands) == 29  # h of unit 2 at every step but the first


def test_a_worker_hands_back_the_frames_as_json_text_and_the_weights_without_their_runs():
    import json
    import pickle

    from lstm_viz.cell_training import train_job

    task = tasks()["pulse"]
    cell = task.config.cell
    recording, replay = train_job(cell.weights(), task.config.inputs(), task.loss, task.settings,
                                  cell.initial_state(), {}, task.updates, 1e-3, 30.0, 0, 7)  # fmt: skip
    frames = json.loads(replay["frames_json"])
    assert replay["token"] == 7 and replay["frames"] == [] and len(frames) == len(recording.frames)
    assert frames[-1]["iteration"] == recording.updates and recording.passed
    assert all(frame.trace is None for frame in recording.frames)
    assert len(pickle.dumps(recording)) < 20_000  # what crosses back to the server's process is small


def test_a_diverging_update_is_undone_the_weights_before_it_stay():
    trainer = _trainer("exploding")
    start = trainer.weights
    result = record(trainer, 200, tasks()["exploding"].passed)
    assert result.diverged and result.updates == 0 and trainer.weights.equal(start)
    assert all(math.isfinite(frame.loss) for frame in result.frames)


def _dies() -> None:
    import os

    os._exit(3)


def test_a_dead_worker_is_replaced_and_the_next_job_runs():
    from lstm_viz import work_pool

    with pytest.raises(work_pool.Busy):
        work_pool.run(_dies, patience=60.0)
    assert work_pool.run(math.sqrt, 16.0, patience=60.0) == 4.0


def test_backward_mode_on_targets_the_cell_cannot_have_shows_nothing_instead_of_failing():
    from lstm_viz.explorer import link
    from lstm_viz.explorer.config import run, run_backward

    config, _, _ = link.from_query({"kind": "gru", "grad": "challenge", "gch": "half_life"})  # a target on c
    assert run_backward(config, run(config)) == [None]


def test_the_workers_leave_when_the_server_that_started_them_is_killed(tmp_path):
    """A server killed with SIGKILL (a crash, a hard restart) cannot shut its pool down: its workers go by
    themselves, instead of each keeping NumPy's memory for good."""
    import os
    import signal
    import subprocess
    import sys
    import time

    started = tmp_path / "worker.pid"
    script = (
        "import os, sys, time\n"
        "from lstm_viz import work_pool\n"
        f"open({str(started)!r}, 'w').write(str(work_pool.run(os.getpid, patience=60.0)))\n"
        "time.sleep(600)\n"
    )
    root = Path(__file__).resolve().parents[1]
    server = subprocess.Popen([sys.executable, "-c", script], cwd=root,
                              env={**os.environ, "LSTM_VIZ_TRAINING_RUNS": "1", "PYTHONPATH": str(root)})  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (started.exists() and started.read_text()) and time.monotonic() < deadline:
            assert server.poll() is None, "the server process ended before its worker answered"
            time.sleep(0.2)
        worker = int(started.read_text())
        assert worker != server.pid  # a worker process of its own
        os.kill(worker, 0)  # the worker is there while its server is
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        try:
            if Path(f"/proc/{worker}/stat").read_text().split()[2] == "Z":  # gone, waiting only for its reaper
                return
        except OSError:  # reaped meanwhile
            return
        time.sleep(0.2)
    os.kill(worker, signal.SIGKILL)  # (not left behind by the test that found it)
    pytest.fail(f"worker {worker} outlived its server")
