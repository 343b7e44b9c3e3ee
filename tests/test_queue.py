"""The embedded fair queue (lstm_viz.runs.queue): order and fair share, the K bound, joining an identical run, Stop
while queued, a failing run, the limits, position and ETA; every key's plan from the key alone; and the alphabet page
seen from a second session while a run is queued or under way.

The ordering tests train fake work (a key whose plan waits on a gate) in threads of this process: the queue's rules,
not Keras, are tested. The real alphabet runs train as the app's do, in worker processes (lstm_viz.runs.local): the
epochs streamed to the parent and the result recorded, Stop mid-fit, a worker killed mid-run."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import pytest

from lstm_viz.i18n import Texts
from lstm_viz.runs import MemoryStore, Plan, RunKey, SessionRuns
from lstm_viz.runs.queue import Durations, FairQueue, QueueFull, SessionLimit, slots_setting
from lstm_viz.runs.runner import label_text

GATES: dict[str, threading.Event] = {}
LOG: list[tuple[str, str]] = []  # ("start" | "end", name)
LOG_LOCK = threading.Lock()
NOW = {"running": 0, "most": 0}
OPEN = threading.Event()  # set when a test ends: every gate opens, so no run of that test outlives it


@dataclass(frozen=True)
class FakeRun(RunKey):
    family = "fake"

    name_: str
    seconds: float = 10.0  # its own estimate
    fail: bool = False

    def plan(self) -> Plan:
        def work(progress):
            with LOG_LOCK:
                LOG.append(("start", self.name_))
                NOW["running"] += 1
                NOW["most"] = max(NOW["most"], NOW["running"])
            try:
                gate = GATES.setdefault(self.name_, threading.Event())
                while not gate.wait(0.01) and not OPEN.is_set():
                    if progress.stop_event.is_set():
                        break
                if self.fail:
                    raise RuntimeError("the data is gone")
                progress.record({"loss": 1.0})
                return f"result of {self.name_}"
            finally:
                with LOG_LOCK:
                    NOW["running"] -= 1
                    LOG.append(("end", self.name_))

        return Plan(work, 1, ("fake.label", {"name": self.name_}))

    def estimate_seconds(self) -> float:
        return self.seconds


@pytest.fixture(autouse=True)
def _fresh_log():
    OPEN.clear()
    GATES.clear()
    LOG.clear()
    NOW.update(running=0, most=0)
    yield
    OPEN.set()  # the test's runs (and those still queued behind them) end before the next test
    seen = -1
    while seen != len(LOG) or NOW["running"]:
        seen = len(LOG)
        time.sleep(0.2)


def fake_queue(**settings) -> FairQueue:
    """A queue that trains in threads of this process: the fake runs' work waits on this process's gates (the real
    runs below train in worker processes, the default)."""
    return FairQueue(processes=False, **settings)


def runs() -> SessionRuns:
    return SessionRuns(MemoryStore(), MemoryStore())


def release(name: str) -> None:
    GATES.setdefault(name, threading.Event()).set()


def started() -> list[str]:
    with LOG_LOCK:
        return [name for what, name in LOG if what == "start"]


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_fair_share_round_robin_across_sessions():
    """K = 1: a session with three runs waiting does not go before the others' first; positions say the order."""
    queue = fake_queue(slots=1, per_session=10)
    gate = queue.submit(FakeRun("gate"), "x", runs())
    wait_until(lambda: started() == ["gate"])
    jobs = {name: queue.submit(FakeRun(name), session, runs()) for name, session in
            [("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", "c")]}  # fmt: skip
    assert {name: job.status for name, job in jobs.items()} == dict.fromkeys(jobs, "queued")
    assert {name: job.position() for name, job in jobs.items()} == {"a1": 1, "b1": 2, "c1": 3, "a2": 4, "a3": 5}
    assert gate.position() is None and queue.counts() == {"running": 1, "queued": 5}
    for name in ["gate", "a1", "b1", "c1", "a2", "a3"]:
        release(name)
    for job in jobs.values():
        assert job.wait(10).status == "done"
    assert started() == ["gate", "a1", "b1", "c1", "a2", "a3"]


def test_at_most_k_fits_at_once():
    queue = fake_queue(slots=2, per_session=2)
    jobs = [queue.submit(FakeRun(f"r{k}"), f"s{k}", runs()) for k in range(6)]
    wait_until(lambda: len(started()) == 2)
    time.sleep(0.1)
    assert len(started()) == 2 and [job.status for job in jobs].count("queued") == 4
    for k in range(6):
        release(f"r{k}")
    assert all(job.wait(10).status == "done" for job in jobs)
    assert NOW["most"] == 2 and len(started()) == 6


def test_an_identical_request_joins_the_run_and_both_sessions_get_the_result():
    queue = fake_queue(slots=1)
    mine, theirs = runs(), SessionRuns(MemoryStore(), MemoryStore())
    first = queue.submit(FakeRun("same"), "a", mine)
    second = queue.submit(FakeRun("same"), "b", theirs)
    assert second is first and queue.running(FakeRun("same")) is first
    release("same")
    assert first.wait(10).status == "done"
    assert started() == ["same"]  # trained once
    assert mine.find(FakeRun("same")) == theirs.find(FakeRun("same")) == "result of same"
    assert queue.running(FakeRun("same")) is None


def test_a_session_that_follows_a_run_gets_it_even_when_stopped():
    queue, mine, follower = fake_queue(slots=1), runs(), runs()
    job = queue.submit(FakeRun("followed"), "a", mine)
    assert queue.follow(FakeRun("followed"), follower) is job and queue.follow(FakeRun("other"), follower) is None
    wait_until(lambda: started() == ["followed"])
    job.stop()
    assert job.wait(10).status == "stopped"
    assert follower.find(FakeRun("followed")) == "result of followed" and not follower.finished(FakeRun("followed"))


def test_stop_while_queued_leaves_the_line_and_trains_nothing():
    queue = fake_queue(slots=1)
    gate = queue.submit(FakeRun("gate"), "x", runs())
    waiting = queue.submit(FakeRun("waiting"), "a", runs())
    after = queue.submit(FakeRun("after"), "b", runs())
    assert waiting.position() == 1 and after.position() == 2
    waiting.stop()
    assert waiting.status == "stopped" and waiting.cancelled and not waiting.running
    assert waiting.position() is None and after.position() == 1 and queue.running(FakeRun("waiting")) is None
    assert waiting.wait(1).result is None
    release("gate"), release("after")
    assert gate.wait(10).status == "done" and after.wait(10).status == "done"
    assert "waiting" not in started()


def test_stop_while_running_ends_the_run_and_the_next_one_starts():
    queue = fake_queue(slots=1)
    first, second = queue.submit(FakeRun("first"), "a", runs()), queue.submit(FakeRun("second"), "b", runs())
    wait_until(lambda: started() == ["first"])
    first.stop()
    assert first.wait(10).status == "stopped" and not first.cancelled
    release("second")
    assert second.wait(10).status == "done"


def test_a_failing_run_is_marked_failed_and_does_not_block_the_queue():
    queue = fake_queue(slots=1)
    failing = queue.submit(FakeRun("bad", fail=True), "a", runs())
    next_one = queue.submit(FakeRun("good"), "b", runs())
    release("bad"), release("good")
    assert failing.wait(10).status == "failed" and "the data is gone" in failing.error
    assert next_one.wait(10).status == "done"
    assert queue.counts() == {"running": 0, "queued": 0}


def test_the_limits_are_clear_messages():
    queue = fake_queue(slots=1, per_session=2, limit=3)
    queue.submit(FakeRun("one"), "a", runs())
    queue.submit(FakeRun("two"), "a", runs())
    with pytest.raises(SessionLimit) as refused:
        queue.submit(FakeRun("three"), "a", runs())
    assert refused.value.text(Texts("en")) == (
        "You already have 2 runs in line or training: wait for one to finish, or stop one."
    )
    assert "2 запуска" in refused.value.text(Texts("ru"))
    assert queue.submit(FakeRun("one"), "a", runs()) is queue.running(FakeRun("one"))  # joining is not one more
    for name in ("b", "c"):
        queue.submit(FakeRun(name), name, runs())  # "two", "b" and "c" wait behind "one": the limit
    with pytest.raises(QueueFull) as busy:
        queue.submit(FakeRun("d"), "d", runs())
    assert "the server is busy" in str(busy.value).lower() and "try again in a few minutes" in str(busy.value).lower()


def test_position_and_eta_from_the_runs_ahead_and_the_slots():
    queue = fake_queue(slots=1)
    queue.submit(FakeRun("gate", seconds=30), "x", runs())
    wait_until(lambda: started() == ["gate"])
    a = queue.submit(FakeRun("a", seconds=10), "a", runs())
    b = queue.submit(FakeRun("b", seconds=10), "b", runs())
    assert (a.position(), b.position()) == (1, 2)
    wait_a, wait_b = a.eta_seconds(), b.eta_seconds()
    assert 20 <= wait_a <= 30 and wait_b == pytest.approx(wait_a + 10, abs=1)  # the gate's time left, then a's
    two = fake_queue(slots=2)
    two.submit(FakeRun("g1", seconds=30), "x", runs()), two.submit(FakeRun("g2", seconds=50), "y", runs())
    c, d = two.submit(FakeRun("c", seconds=10), "c", runs()), two.submit(FakeRun("d", seconds=10), "d", runs())
    wait_c, wait_d = c.eta_seconds(), d.eta_seconds()
    assert 20 <= wait_c <= 30 and wait_d == pytest.approx(wait_c + 10, abs=1)  # the first slot frees twice first


def test_measured_durations_replace_the_estimate_per_family_and_recipe():
    durations = Durations(weight=0.5)
    run = FakeRun("x", seconds=10)
    assert durations.predict(run, 10) == 10  # nothing measured: the key's own estimate
    durations.record(run, 10, 20)
    assert durations.predict(run, 10) == 20 and durations.predict(run, 5) == 10
    durations.record(run, 10, 10)
    assert durations.predict(run, 10) == 15  # an exponential average


def test_slots_and_threads_settings(monkeypatch):
    import os

    from lstm_viz.training import threads_per_fit

    monkeypatch.setenv("LSTM_VIZ_SLOTS", "3")
    assert slots_setting() == 3
    monkeypatch.setenv("LSTM_VIZ_SLOTS", "many")
    assert slots_setting() == (os.cpu_count() or 1)
    assert threads_per_fit() == 1  # K = the cores: one thread each
    monkeypatch.setenv("LSTM_VIZ_SLOTS", "1")
    assert threads_per_fit() == (os.cpu_count() or 1)  # one fit at a time: all the cores
    monkeypatch.setenv("LSTM_VIZ_TF_THREADS", "0")
    assert threads_per_fit() == 0  # TensorFlow's own choice


def test_the_place_in_line_in_both_languages():
    from ui.training import ordinal, waiting_text

    en, ru = Texts("en"), Texts("ru")
    assert [ordinal(n, en) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"
    ]  # fmt: skip
    assert ordinal(3, ru) == "3-й"
    queue = fake_queue(slots=1)
    queue.submit(FakeRun("gate", seconds=40), "x", runs())
    queue.submit(FakeRun("a", seconds=5), "a", runs())
    job = queue.submit(FakeRun("b", seconds=5), "b", runs())
    assert waiting_text(job, en) == "label: 2nd in line, starts in about 45 s."  # (fake.label: its last part)
    assert waiting_text(job, ru) == "label: 2-й в очереди, начнётся примерно через 45 с."


# --- every key's plan, from the key alone ----------------------------------------------------------------------


def test_every_key_plans_itself_with_a_translatable_label():
    from lstm_viz.alphabet import AlphabetRun
    from lstm_viz.forecast import FORECAST_RECIPES, PRESETS, ForecastRun
    from lstm_viz.neurons.recipes import CharRecipe, CharRun, CountingRecipe, CountingRun
    from lstm_viz.own_model.sample import SampleRun

    en, ru = Texts("en"), Texts("ru")
    plan = AlphabetRun(3, "fast", 0, 4).plan()
    assert plan.epochs == 4 and plan.label[0] == "alphabet.job_label"
    assert label_text(plan.label, en) == "Variant 3, LSTM, " + en("alphabet_recipe.fast.short")
    assert label_text(plan.label, en) != label_text(plan.label, ru)
    assert label_text(SampleRun().plan().label, en) == en("own.making_sample")
    forecast = ForecastRun(PRESETS["document_002"], FORECAST_RECIPES["document_002"], 0)
    from lstm_viz.runs.plans import forecast_windows

    assert forecast.plan().epochs == forecast.total_epochs(forecast_windows(forecast))
    counting = CountingRun("lstm", 10, 0, CountingRecipe())
    assert "LSTM" in label_text(counting.plan().label, en)
    chars = CharRun("0" * 16, "yours", CharRecipe())
    assert chars.plan().epochs == CharRecipe().epochs
    for key in (AlphabetRun(3, "fast", 0, 4), forecast, counting, chars):
        assert key.estimate_seconds() > 0


def test_a_users_text_travels_by_digest(tmp_path, monkeypatch):
    from lstm_viz.i18n import TextError
    from lstm_viz.neurons.recipes import digest
    from lstm_viz.runs.plans import chars_text
    from lstm_viz.runs.texts import keep_text, text_of

    monkeypatch.setenv("LSTM_VIZ_RUNS", str(tmp_path))
    text = "привет, мир\r\n" * 20
    kept = keep_text(text)
    assert kept == digest(text) and text_of(kept) == text and keep_text(text) == kept
    assert list((tmp_path / "texts").iterdir()) == [tmp_path / "texts" / f"{kept}.txt"]  # no temporary left
    from lstm_viz.neurons.recipes import CharRecipe, CharRun

    assert chars_text(CharRun(kept, "yours", CharRecipe())) == text
    (tmp_path / "texts" / f"{kept}.txt").write_text("changed", encoding="utf-8")
    with pytest.raises(TextError):
        text_of(kept)  # a file that does not match its digest is not used
    with pytest.raises(TextError):
        text_of("../../etc/passwd")


def test_every_run_key_and_note_travels_to_a_worker_process():
    """A worker gets the key pickled by multiprocessing (a frozen dataclass at module level, nested recipes too), and
    sends notes back (the character model's (epoch, text) samples)."""
    import copy
    import pickle

    from lstm_viz.alphabet import AlphabetRun
    from lstm_viz.faces import FaceRun
    from lstm_viz.forecast import FORECAST_RECIPES, PRESETS, ForecastRun
    from lstm_viz.neurons.recipes import CharRecipe, CharRun, CountingRecipe, CountingRun
    from lstm_viz.own_model.sample import SampleRun

    keys = [
        AlphabetRun(3, "fast", 0, 4),
        SampleRun(),
        FaceRun("/data/faces", 70, "fast", 0, 5),
        ForecastRun(PRESETS["document_002"], FORECAST_RECIPES["document_002"], 0),
        CharRun("0" * 16, "yours", CharRecipe()),
        CountingRun("lstm", 10, 0, CountingRecipe()),
    ]
    for key in keys:
        assert pickle.dumps(key) and copy.deepcopy(key) == key and copy.deepcopy(key).name == key.name
    assert pickle.dumps((3, "def f(x):\n    return x")) and pickle.dumps({"loss": 1.0})


def test_the_fit_processes_setting(monkeypatch):
    from lstm_viz.runs.local import fit_processes_setting

    monkeypatch.delenv("LSTM_VIZ_FIT_PROCESSES", raising=False)
    assert fit_processes_setting() and FairQueue(slots=1).workers is not None  # processes by default (measured)
    monkeypatch.setenv("LSTM_VIZ_FIT_PROCESSES", "1")
    assert fit_processes_setting() and FairQueue(slots=1).workers is not None
    monkeypatch.setenv("LSTM_VIZ_FIT_PROCESSES", "0")
    assert not fit_processes_setting() and FairQueue(slots=1).workers is None
    assert FairQueue(slots=1, processes=True).workers is not None
    monkeypatch.setenv("LSTM_VIZ_FIT_PROCESSES", "threads")
    assert not fit_processes_setting()
    monkeypatch.delenv("LSTM_VIZ_FIT_PROCESSES")
    # one pool of workers per process for the same settings: a queue made again borrows the workers already started
    from lstm_viz.runs.local import shared_pool

    assert FairQueue(slots=1).workers is FairQueue(slots=1).workers and shared_pool(1) is not shared_pool(2)
    monkeypatch.setenv("LSTM_VIZ_RUNS", "/elsewhere")  # sent with each run: the same pool
    pool = FairQueue(slots=1).workers
    monkeypatch.setenv("LSTM_VIZ_DATA_HOME", "/another/lfw")  # read by a worker when it starts: a pool of its own
    assert FairQueue(slots=1).workers is not pool


@pytest.fixture(scope="module")
def process_queue():
    """One slot, trained in worker processes (its worker reused from one test to the next: Keras loads once)."""
    queue = FairQueue(slots=1, processes=True)
    yield queue
    queue.workers.shutdown()


@pytest.mark.slow
def test_a_real_alphabet_run_in_a_worker_process(process_queue):
    """The fit trains in a child process; its epochs reach the job as they end; the result is recorded."""
    import os

    from lstm_viz.alphabet import AlphabetRun

    mine = runs()
    run = AlphabetRun(1, "fast", 0, 3)
    job = process_queue.submit(run, "a", mine)
    seen = set()
    while job.running:
        seen.add(job.progress.epochs_done)
        time.sleep(0.02)
    assert job.status == "done", (job.error, job.details)
    assert job.progress.pid not in (None, os.getpid()) and job.progress.pid in process_queue.workers.pids()
    assert {1, 2} & seen, seen  # epochs seen while it ran, not only at the end
    assert job.progress.epochs_done == 3 and set(job.progress.history[-1]) >= {"loss", "accuracy"}
    assert mine.find(run) is job.result and mine.finished(run) and job.result.run == run
    # the worker kept it in the run store itself: the server holds a stand-in, which reads the model when used
    from lstm_viz.runs.disk import StoredResult, runs_folder, shared_store

    assert isinstance(job.result, StoredResult) and run in shared_store(str(runs_folder()), run.family)
    assert job.result.model.predict_on_batch is not None  # a Keras model, read from the store


@pytest.mark.slow
def test_stop_mid_fit_in_a_worker_keeps_the_weights_so_far_for_the_session(process_queue):
    from lstm_viz.alphabet import AlphabetRun

    mine = runs()
    run = AlphabetRun(1, "fast", 1, 400)
    job = process_queue.submit(run, "a", mine)
    wait_until(lambda: job.progress.epochs_done >= 1, timeout=120)
    job.stop()
    stopped_at = time.monotonic()
    assert job.wait(30).status == "stopped", (job.error, job.details)
    assert time.monotonic() - stopped_at < 10 and job.progress.epochs_done < 400
    assert mine.find(run) is job.result and job.result is not None and not mine.finished(run)  # the session's only


@pytest.mark.slow
def test_a_worker_whose_store_cannot_keep_the_run_hands_it_to_the_session(process_queue, monkeypatch, tmp_path):
    """The worker stores a finished run itself; where the store cannot keep it, the run still reaches the session
    (read back from the worker's folder), and the session's store says why it was not kept."""
    from lstm_viz.alphabet import AlphabetRun
    from lstm_viz.runs.disk import DiskStore

    run = AlphabetRun(1, "fast", 4, 2)
    blocked = tmp_path / "runs"
    blocked.mkdir()
    (blocked / run.family).write_text("a file where the family's folder should be")  # not writable, even for root
    monkeypatch.setenv("LSTM_VIZ_RUNS", str(blocked))  # (the worker is told the server's store with each run)
    mine = SessionRuns(DiskStore(blocked, run.family), MemoryStore())
    job = process_queue.submit(run, "a", mine)
    assert job.wait(180).status == "done", (job.error, job.details)
    assert mine.find(run) is job.result and job.result.model.predict_on_batch is not None
    assert mine.not_kept(run) == "File exists"


@pytest.mark.slow
def test_a_killed_worker_fails_its_run_and_the_next_run_trains(process_queue):
    import os
    import signal

    from lstm_viz.alphabet import AlphabetRun

    mine, theirs = runs(), runs()
    doomed = process_queue.submit(AlphabetRun(1, "fast", 2, 400), "a", mine)
    wait_until(lambda: doomed.progress.epochs_done >= 1, timeout=120)
    after = process_queue.submit(AlphabetRun(1, "fast", 3, 2), "b", theirs)
    assert after.status == "queued" and process_queue.workers.busy_pids() == [doomed.progress.pid]  # K = 1: one fit
    os.kill(doomed.progress.pid, signal.SIGKILL)
    assert doomed.wait(30).status == "failed"
    assert "killed by SIGKILL" in doomed.error and mine.find(AlphabetRun(1, "fast", 2, 400)) is None
    assert after.wait(180).status == "done", (after.error, after.details)
    assert after.progress.pid != doomed.progress.pid and theirs.finished(AlphabetRun(1, "fast", 3, 2))
    assert process_queue.counts() == {"running": 0, "queued": 0}


# --- the alphabet page in a second session ----------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_session_finds_the_run_queued_then_under_way(monkeypatch):
    """K = 1: session A trains; session B's run waits ("1st in line", with Stop); session C opens the page with B's
    settings and finds B's run in line (a reload is such a new session); B's run starts when A's is stopped."""
    from tests.helpers import open_page

    monkeypatch.setenv("LSTM_VIZ_SLOTS", "1")

    def train(app, variant, epochs):
        app.radio(key="variant").set_value(variant).run()
        app.radio(key="recipe").set_value("fast").run()
        app.number_input(key=f"epochs_{variant}_fast").set_value(epochs).run()
        app.button(key="train").click().run()
        assert not app.exception, app.exception
        return app.session_state["alphabet_job"]

    a, b = open_page("alphabet", timeout=180), open_page("alphabet", timeout=180)
    first = train(a, 4, 200)
    second = train(b, 2, 20)
    assert second.status == "queued" and second.position() == 1
    shown = [i.value for i in b.info if "in line" in i.value]
    assert shown and "1st in line" in shown[0], [i.value for i in b.info]
    c = open_page("alphabet", timeout=180)
    c.radio(key="variant").set_value(2).run()
    c.radio(key="recipe").set_value("fast").run()
    c.number_input(key="epochs_2_fast").set_value(20).run()
    assert c.session_state["alphabet_job"] is second  # the run belongs to its key, not to the tab
    assert any("1st in line" in i.value for i in c.info) and c.button(key="alphabet_job_stop")
    assert c.button(key="train").disabled
    a.button(key="alphabet_job_stop").click().run()
    assert first.wait(120).status == "stopped"
    assert second.wait(120).status == "done", second.error
    c.run()
    assert not c.exception and any(m.label == "Epochs" and m.value == "20" for m in c.metric)
