"""Finished runs on disk (lstm_viz.runs.disk, lstm_viz.runs.codec): every family's result written and read back
(tiny real trainings), written atomically, damaged and foreign files skipped with a log line, a bounded LRU of loaded
results, a store that cannot write (the session keeps its run and says why), and a real server restarted that still
finds its run."""

import dataclasses
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from lstm_viz.alphabet import AlphabetRun
from lstm_viz.faces import FaceRun
from lstm_viz.forecast import FORECAST_RECIPES, PRESETS, ForecastRun, SeriesSpec
from lstm_viz.neurons.recipes import CharRecipe, CharRun, CountingRecipe, CountingRun
from lstm_viz.own_model.sample import SampleRun
from lstm_viz.runs import MemoryStore, RunKey, SessionRuns
from lstm_viz.runs.disk import DiskStore, StoredResult, runs_folder
from lstm_viz.runs.key import UnknownKey

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("def read(path):\n    with open(path) as handle:\n        return handle.read()  # «текст»\n" * 40)[:3000]


# --- keys ---------------------------------------------------------------------------------------------------------


KEYS = [
    AlphabetRun(5, "fast", 1, 40, padding="masked"),
    SampleRun(),
    FaceRun("/data/lfw", 70, "improved", 0, 60),
    FaceRun(None, 20, "demo", 3, 6),
    ForecastRun(PRESETS["document_002"], FORECAST_RECIPES["document_002"], 0),
    ForecastRun(SeriesSpec("noisy_sine", 0.0, 50.5, 400, 20, 0.75, 4), FORECAST_RECIPES["default"], 2, 7),
    CharRun("0123456789abcdef", "yours", CharRecipe(units=64, learning_rate=0.005, temperature=0.0)),
    CountingRun("gru", 12, 5, CountingRecipe(units=4, learning_rate=0.025)),
]


@pytest.mark.parametrize("key", KEYS, ids=lambda key: type(key).__name__)
def test_a_key_is_rebuilt_from_its_identity(key):
    identity = json.loads(json.dumps(key.identity()))  # as read from key.json
    rebuilt = RunKey.from_identity(identity)
    assert rebuilt == key and type(rebuilt) is type(key) and rebuilt.name == key.name


def test_a_foreign_or_edited_identity_is_refused():
    good = KEYS[4].identity()
    for bad in (
        {"__class__": "Popen", "args": "rm"},  # not a registered key
        {**good, "__class__": "Path"},
        {**good, "extra": 1},  # a field the key does not have
        {**good, "spec": {**good["spec"], "__class__": "ForecastRecipe"}},  # another class in a field
        {**good, "seed": "0"},  # does not rebuild the same identity
        {**good, "family": "faces"},
        [good],
    ):
        with pytest.raises(UnknownKey):
            RunKey.from_identity(bad)
    with pytest.raises(UnknownKey):
        AlphabetRun.from_identity(KEYS[2].identity())  # a FaceRun is not an AlphabetRun


# --- every family, trained a little ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def trained(synthetic_home):
    """(run, result) of every family, each trained for an epoch or two on a small model."""
    from lstm_viz import faces
    from lstm_viz.models.alphabet import train_alphabet
    from lstm_viz.models.charlm import train_chars
    from lstm_viz.models.counting import train_counting
    from lstm_viz.models.faces import train_faces
    from lstm_viz.models.forecast import train_forecaster
    from lstm_viz.training import Progress

    runs = []
    for run in (AlphabetRun(5, "fast", 1, 1, padding="masked"), AlphabetRun(4, "fast", 0, 1), SampleRun(epochs=1)):
        runs.append((run, train_alphabet(run, Progress(0))))
    data = faces.load_faces(synthetic_home, min_faces_per_person=5)
    split = faces.split(data, test_size=0.3)
    run = FaceRun(synthetic_home, 5, "demo", 0, 1)
    runs.append((run, train_faces(split, data.names, "demo", Progress(0), seed=0, epochs=1)))
    for run in (
        ForecastRun(SeriesSpec("sin", 0.0, 20.0, 120, 10, 0.8), FORECAST_RECIPES["default"], 0, 1),
        ForecastRun(PRESETS["document_002"], FORECAST_RECIPES["document_002"], 0, 1),  # with document 002's table
    ):
        runs.append((run, train_forecaster(run.spec, run.recipe, Progress(0), seed=run.seed, epochs=run.epochs)))
    recipe = CharRecipe(units=8, sequence_length=20, epochs=1, batch_size=16, sample_length=20)
    result = train_chars(TEXT, "yours", recipe, Progress(0))
    runs.append((result.run, result))
    run = CountingRun("lstm", 3, 0, CountingRecipe(units=2, epochs=1, per_n=4))
    runs.append((run, train_counting(run, Progress(0), test_max_n=8)))
    return runs


def same(a, b, where="result"):
    """Two results alike: arrays equal, models with equal weights, the same types all the way down."""
    import keras

    if isinstance(a, keras.Model):
        assert isinstance(b, keras.Model) and a is not b, where
        assert [w.shape for w in a.get_weights()] == [w.shape for w in b.get_weights()], where
        for left, right in zip(a.get_weights(), b.get_weights()):
            np.testing.assert_array_equal(left, right, err_msg=where)
        return
    assert type(a) is type(b), (where, type(a), type(b))
    if dataclasses.is_dataclass(a):
        for field in dataclasses.fields(a):
            same(getattr(a, field.name), getattr(b, field.name), f"{where}.{field.name}")
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype, where
        np.testing.assert_array_equal(a, b, err_msg=where)
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            same(a[key], b[key], f"{where}[{key!r}]")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for k, (left, right) in enumerate(zip(a, b)):
            same(left, right, f"{where}[{k}]")
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b), where
    else:
        assert a == b, where


def test_every_family_round_trips(trained, tmp_path, caplog):
    """Written by one store, read by another (as after a restart): the same result, field by field, the same
    predictions; the listing answers the small fields without loading a model."""
    for run, result in trained:
        DiskStore(tmp_path, run.family).put(run, result)
    for run, result in trained:
        store = DiskStore(tmp_path, run.family)
        listed = dict(store.items())
        assert isinstance(listed[run], StoredResult) and store.loaded == []
        stand_in = listed[run]
        for field in dataclasses.fields(result):
            value = getattr(result, field.name)
            if isinstance(value, int | float | str | bool) and not isinstance(value, np.generic):
                assert getattr(stand_in, field.name) == value or np.isnan(value), field.name
        for field in dataclasses.fields(result):  # arrays and evaluations too, from arrays.npz
            value = getattr(result, field.name)
            if field.name != "model" and field.name != "held_out":
                same(value, getattr(stand_in, field.name), f"stored {field.name}")
        assert stand_in.epochs_done == result.epochs_done and store.loaded == []  # no model loaded for these
        loaded = store.get(run)
        assert store.loaded == [run] and loaded is store.get(run)  # loaded once, then from memory
        same(result, loaded, type(result).__name__)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_what_the_pages_compute_from_a_stored_result(trained, tmp_path):
    """Each page's own computations, on a result read back from disk (the pages' caches are recomputed)."""
    from lstm_viz import forecast
    from lstm_viz.models import alphabet as alphabet_model
    from lstm_viz.models import faces as faces_model
    from lstm_viz.models.core import model_bytes, numpy_keras_difference
    from lstm_viz.neurons import reading
    from lstm_viz.neurons.counter import find as find_counter
    from lstm_viz.own_model.model import load as load_own

    for run, result in trained:
        DiskStore(tmp_path, run.family).put(run, result)
    stored = {run: DiskStore(tmp_path, run.family).get(run) for run, _ in trained}
    for run, result in trained:
        back = stored[run]
        if isinstance(run, AlphabetRun):  # the alphabet page (and "Your model"'s sample)
            letters = "KLM" if run.variant != 4 else "ABC"
            np.testing.assert_allclose(
                alphabet_model.probabilities(back.model, run, [letters]),
                alphabet_model.probabilities(result.model, run, [letters]),
                atol=1e-6,
            )
            assert back.predicted == result.predicted
            if run.variant == 3:
                x = np.eye(1, 3)[0][:, None] * 0.4
                assert numpy_keras_difference(back.weights, x) <= 1e-5
            assert load_own(model_bytes(back.model)).rows  # "Your model" opens it (a Masking layer's model too)
        elif isinstance(run, FaceRun):  # the faces page and the faces lab
            images = np.random.default_rng(0).uniform(0, 1, (2, 62, 47)).astype("float32")
            np.testing.assert_allclose(
                faces_model.probabilities(back, images), faces_model.probabilities(result, images), atol=1e-6
            )
            scaled = back.scaling(images)[0]
            assert faces_model.belief_by_row(back, scaled).shape == (62, 3)
            np.testing.assert_allclose(
                faces_model.dropout_input(back, images[0]), faces_model.dropout_input(result, images[0]), atol=1e-6
            )
            np.testing.assert_array_equal(faces_model.first_kernel(back), faces_model.first_kernel(result))
            assert back.adam.m == result.adam.m and back.adam.index == result.adam.index  # the lab's Adam replay
            assert back.evaluation.roc.keys() == result.evaluation.roc.keys()
        elif isinstance(run, ForecastRun):  # the forecasting page
            assert back.rollout_difference == result.rollout_difference
            np.testing.assert_array_equal(back.rollout_window(1), result.rollout_window(1))
            predict = forecast.numpy_predictor(back.weights, back.head)
            assert predict(back.rollout_window(1)) == pytest.approx(
                forecast.numpy_predictor(result.weights, result.head)(result.rollout_window(1))
            )
            assert (back.table is None) == (run.spec.name != "quadratic")
        elif isinstance(run, CharRun):  # what neurons learn: the traces are computed again from the weights
            passage = back.held_out[:30]
            trace = reading.trace_of(back.weights, back.charset, passage)
            again = reading.trace_of(result.weights, result.charset, passage)
            for name in ("h", "c", "f"):
                np.testing.assert_array_equal(trace.values[name], again.values[name])
            table = reading.unit_table(reading.states_of(back.weights, back.charset, back.held_out), back.held_out)
            assert table.rows
            assert back.heldout_bits == result.heldout_bits and back.samples == result.samples
        elif isinstance(run, CountingRun):
            found, again = find_counter(back.weights, "aaabbb"), find_counter(result.weights, "aaabbb")
            assert (found.unit, found.quantity) == (again.unit, again.quantity)
            assert back.generalises_to == result.generalises_to and back.accuracy_by_n == result.accuracy_by_n


# --- atomic writes, damaged and foreign files ---------------------------------------------------------------------


@pytest.fixture
def one(trained):
    """The alphabet run (variant 5) and its result."""
    return trained[0]


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and "run store" in r.getMessage()]


def test_a_process_killed_before_its_run_is_done_leaves_nothing_that_loads(one, tmp_path):
    """A real process killed at the worst moment (every file written, the done marker not yet): its temporary
    folder is never listed nor loaded, and the run is written again."""
    run, result = one
    script = f"""
import os, sys
sys.path.insert(0, {str(ROOT)!r})
from lstm_viz.alphabet import AlphabetRun
from lstm_viz.models.alphabet import train_alphabet
from lstm_viz.runs import codec, disk
from lstm_viz.training import Progress

def killed(path, data, write=codec._write_file):
    if path.name == "done":
        os.kill(os.getpid(), 9)
    write(path, data)

disk.codec._write_file = killed
run = {run!r}
disk.DiskStore({str(tmp_path)!r}, run.family).put(run, train_alphabet(run, Progress(0)))
"""
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert process.returncode == -9, process.stderr.decode()[-2000:]
    family = tmp_path / run.family
    left = list(family.iterdir())
    assert len(left) == 1 and left[0].name.startswith(".tmp-") and (left[0] / "model.keras").exists()
    store = DiskStore(tmp_path, run.family)
    assert store.items() == [] and store.get(run) is None and run not in store
    store.put(run, result)
    assert DiskStore(tmp_path, run.family).get(run).accuracy == result.accuracy


def test_damaged_runs_are_skipped_with_a_log_line_and_the_store_goes_on(trained, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    alphabet_runs = [(run, result) for run, result in trained if run.family == "alphabet"]
    (run, result), (other, other_result) = alphabet_runs[:2]
    DiskStore(tmp_path, run.family).put(run, result)
    folder = tmp_path / run.family / run.name
    model = folder / "model.keras"
    model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])  # truncated after it was written
    store = DiskStore(tmp_path, run.family)
    assert store.items() == [] and store.get(run) is None and run not in store
    assert any("does not match its checksum" in line for line in warnings_of(caplog))
    DiskStore(tmp_path, run.family).put(run, result)
    listed = DiskStore(tmp_path, run.family)
    assert [key for key, _ in listed.items()] == [run]
    model.write_bytes(b"PK\x03\x04")  # damaged after it was listed: found out when it is loaded
    assert listed.get(run) is None and listed.items() == []
    assert any(
        "cannot be loaded (StoredResultError: model.keras does not match" in line for line in warnings_of(caplog)
    )
    listed.put(other, other_result)  # the store goes on
    assert [key for key, _ in DiskStore(tmp_path, run.family).items()] == [other]
    listed.put(run, result)  # the damaged folder is replaced by a good one
    assert DiskStore(tmp_path, run.family).get(run).accuracy == result.accuracy
    assert [key for key, _ in listed.items()] == [other, run]


def test_a_folder_without_done_and_a_temporary_folder_are_skipped(one, tmp_path, caplog):
    run, result = one
    DiskStore(tmp_path, run.family).put(run, result)
    folder = tmp_path / run.family / run.name
    (folder / "done").unlink()  # as if the marker never came
    shutil.copytree(folder, tmp_path / run.family / f".tmp-{run.name}-1-deadbeef")  # a write interrupted
    store = DiskStore(tmp_path, run.family)
    assert store.items() == [] and store.get(run) is None
    assert [line for line in warnings_of(caplog) if "no done marker" in line]
    stale = tmp_path / run.family / f".tmp-{run.name}-2-0ld"
    stale.mkdir()
    os.utime(stale, (time.time() - 3 * 86400,) * 2)
    store._listed_at = None
    store.items()
    assert not stale.exists() and (tmp_path / run.family / f".tmp-{run.name}-1-deadbeef").exists()


def test_corrupt_and_foreign_files_are_skipped_never_loaded(one, tmp_path, caplog):
    run, result = one
    store = DiskStore(tmp_path, run.family)
    store.put(run, result)
    family = tmp_path / run.family
    (family / "notes.txt").write_text("a lecturer's notes")
    (family / "alphabet-0123456789abcdef0123").mkdir()  # a run's name, garbage inside
    (family / "alphabet-0123456789abcdef0123" / "done").write_text("{not json")
    (family / "alphabet-0123456789abcdef0124").mkdir()  # a foreign key: a class no run has
    (family / "alphabet-0123456789abcdef0124" / "done").write_text(
        json.dumps({"files": {"key.json": "", "result.json": ""}})
    )
    (family / "alphabet-0123456789abcdef0124" / "key.json").write_text(
        json.dumps({"format": 1, "identity": {"__class__": "Popen", "args": ["rm", "-rf", "/"]}, "fingerprint": ""})
    )
    copy = family / "alphabet-ffffffffffffffffffff"  # a good run under another run's name
    shutil.copytree(family / run.name, copy)
    # a result.json asking for a class that is not a stored result's, with checksums that match
    from lstm_viz.runs.disk import _sha256

    forged = DiskStore(tmp_path, "own_sample")
    forged.put(SampleRun(), result)
    sample = tmp_path / "own_sample" / SampleRun().name
    tree = json.loads((sample / "result.json").read_text())
    tree["result"]["__dataclass__"] = "Popen"
    (sample / "result.json").write_text(json.dumps(tree))
    done = json.loads((sample / "done").read_text())
    done["files"]["result.json"] = _sha256(sample / "result.json")
    (sample / "done").write_text(json.dumps(done))

    fresh = DiskStore(tmp_path, run.family)
    assert [key for key, _ in fresh.items()] == [run] and fresh.get(run) is not None
    skipped = "\n".join(warnings_of(caplog))
    for name in ("notes.txt", "abcdef0123", "abcdef0124", "ffffffffff"):
        assert name in skipped
    assert "names no known run" in skipped and "another run's" in skipped
    samples = DiskStore(tmp_path, "own_sample")
    assert samples.get(SampleRun()) is None and "is not a class a stored result may hold" in "\n".join(
        warnings_of(caplog)
    )
    before = len(warnings_of(caplog))
    fresh._listed_at = None
    fresh.items()
    assert len(warnings_of(caplog)) == before  # logged once, not on every listing


# --- memory, several processes, a disk that cannot keep runs --------------------------------------------------------


def test_loaded_results_never_exceed_the_limit(one, tmp_path, monkeypatch):
    run, result = one
    runs = [dataclasses.replace(run, seed=seed) for seed in range(5)]
    writer = DiskStore(tmp_path, run.family, loaded=2)
    for key in runs:
        writer.put(key, result)
        assert len(writer.loaded) <= 2
    monkeypatch.setenv("LSTM_VIZ_LOADED_RUNS", "3")
    store = DiskStore(tmp_path, run.family)
    assert store.limit == 3
    for _ in range(2):
        for key, stand_in in store.items():
            assert stand_in.model is not None and stand_in.probabilities.shape == result.probabilities.shape
            assert len(store.loaded) <= 3 and store.loaded[-1] == key
    assert store.loaded == runs[-3:]


def test_threads_write_and_read_one_store_at_once(one, tmp_path):
    """Six training threads end at once (two of each run: the same run is written once) while they read each
    other's runs: no error, the bound holds, every run is there once and no temporary folder is left."""
    import threading

    run, result = one
    runs = [dataclasses.replace(run, seed=seed) for seed in range(3)]
    store, errors, start = DiskStore(tmp_path, run.family, loaded=2), [], threading.Barrier(6)

    def work(k):
        try:
            start.wait()
            store.put(runs[k % 3], result)
            for _ in range(3):
                for key, stand_in in store.items():
                    assert stand_in.accuracy == result.accuracy and store.get(key) is not None
                    assert len(store.loaded) <= 2
        except Exception as error:  # re-raised below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(os.listdir(tmp_path / run.family)) == sorted(key.name for key in runs)
    assert sorted(key.seed for key, _ in DiskStore(tmp_path, run.family).items()) == [0, 1, 2]


def test_a_run_written_by_another_process_is_found(one, tmp_path):
    run, result = one
    here = DiskStore(tmp_path, run.family)
    assert here.items() == [] and here.get(run) is None  # listed (and missed) before the other process writes
    DiskStore(tmp_path, run.family).put(run, result)  # another process's store on the same folder
    assert run in here and here.get(run) is not None
    other = dataclasses.replace(run, seed=99)
    DiskStore(tmp_path, run.family).put(other, result)
    assert [key for key, _ in here.items()] == [run, other]


def test_a_disk_that_cannot_keep_the_run_leaves_it_in_the_session(one, tmp_path, caplog):
    run, result = one
    blocked = tmp_path / "runs"
    blocked.mkdir()
    (blocked / run.family).write_text("a file where the family's folder should be")  # not writable, even for root
    own = MemoryStore()
    runs = SessionRuns(DiskStore(blocked, run.family), own)
    runs.record(run, result, stopped=False)  # never raises
    assert runs.find(run) is result and own.get(run) is result
    reason = SessionRuns(DiskStore(blocked, run.family), own).not_kept(run)  # a page's next run asks again
    assert reason == "File exists"  # (the log line names the path)
    assert any("was not kept" in r.getMessage() for r in caplog.records)
    if os.geteuid() != 0:  # a read-only folder (root writes anyway)
        readonly = tmp_path / "readonly"
        readonly.mkdir()
        readonly.chmod(0o500)
        try:
            runs = SessionRuns(DiskStore(readonly, run.family), MemoryStore())
            runs.record(run, result, stopped=False)
            assert "denied" in runs.not_kept(run).lower() and runs.find(run) is result
        finally:
            readonly.chmod(0o700)
    good = SessionRuns(DiskStore(tmp_path / "good", run.family), own)
    good.record(run, result, stopped=False)
    assert good.not_kept(run) is None  # kept now: the warning goes


def test_the_tests_never_write_into_the_default_folder():
    assert str(runs_folder()).startswith(os.environ["LSTM_VIZ_RUNS"]) and ".cache" not in str(runs_folder())


# --- a real server restarted ----------------------------------------------------------------------------------------


def test_a_restarted_server_finds_its_run(tmp_path):
    """`streamlit run app.py` trains an alphabet run, is stopped and started again on the same runs folder: a new
    tab with the same settings is shown the run's results at once, and nothing is trained again."""
    from tests.browser.classroom import train_alphabet
    from tests.browser.server import free_port, start_server, wait_healthy
    from tests.browser.ws_client import Client
    from tests.test_classroom import run_async

    folder = tmp_path / "runs"
    env = {"LSTM_VIZ_RUNS": str(folder)}

    def serve(log):
        port = free_port()
        process = start_server(port, tmp_path / log, env)
        try:
            wait_healthy(port)
        except BaseException:
            process.kill()
            raise
        return port, process

    def stop(process):
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    async def train(port):
        async with Client(port, page="alphabet") as tab:
            await tab.open()
            await train_alphabet(tab, 3, 31)
            return tab

    async def reopen(port):
        async with Client(port, page="alphabet") as tab:
            await tab.open()
            assert tab.has_text("Nothing trained yet")
            await tab.choose("variant", 2)
            await tab.choose("recipe", 1)
            began = time.perf_counter()
            await tab.set("seed", double_value=31)
            return tab, time.perf_counter() - began

    port, process = serve("first.log")
    try:
        first = run_async(train(port))
    finally:
        stop(process)
    assert first.has_text("Accuracy on") and not first.errors
    stored = list((folder / "alphabet").iterdir())
    assert len(stored) == 1 and (stored[0] / "done").exists()

    port, process = serve("second.log")
    try:
        tab, seconds = run_async(reopen(port))
    finally:
        stop(process)
    assert tab.has_text("Accuracy on") and not tab.errors, tab.texts  # found on disk, not trained again
    assert not tab.auto_rerun  # no progress fragment: nothing is training
    assert seconds < 30
    print(f"restarted server: the stored run's results shown {seconds:.2f} s after the last setting (model loaded)")
    for log in ("first.log", "second.log"):
        assert "Traceback" not in (tmp_path / log).read_text()


def test_a_full_disk_keeps_nothing_half_written(one, tmp_path):
    """A real full disk (a 32 kB tmpfs; needs root to mount it): the session keeps the run and says why, and the
    store holds neither a run nor a temporary folder."""
    run, result = one
    full = tmp_path / "full"
    full.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", str(full)]
    if os.geteuid() != 0 or subprocess.run(mount, capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        runs = SessionRuns(DiskStore(full, run.family), MemoryStore())
        runs.record(run, result, stopped=False)
        assert runs.not_kept(run) == "No space left on device" and runs.find(run) is result
        assert list((full / run.family).iterdir()) == []  # the temporary folder is removed
        assert DiskStore(full, run.family).items() == []
    finally:
        subprocess.run(["umount", str(full)], check=True)


# --- the pages, on runs read from disk (a fresh session of a fresh process: nothing of them in memory) ---------------


def test_the_pages_read_stored_runs(trained, monkeypatch, synthetic_home):
    from lstm_viz import faces
    from tests.helpers import open_page

    folder = runs_folder()  # this test's own (tests/conftest.py)
    for run, result in trained:
        DiskStore(folder, run.family).put(run, result)

    at = open_page("alphabet")  # the runs table of variant 5: the stored run, read without loading its model
    at.radio(key="variant").set_value(5).run()
    assert not at.exception and 1 in list(at.dataframe[0].value["seed"])

    at = open_page("neurons")  # the stored character model, read through its text view and unit table
    assert not at.exception, at.exception
    assert any("your own text" in option.lower() for box in at.selectbox for option in box.options), [
        box.options for box in at.selectbox
    ]

    at = open_page("your-model")  # every stored model offered as a sample, the picked one opened
    at.radio(key="own_source").set_value("sample").run()
    assert not at.exception, at.exception
    assert len(at.selectbox(key="own_sample").options) == 6  # 2 alphabet, the sample, 2 forecasts, 1 face run

    monkeypatch.setenv(faces.DATA_HOME_VARIABLE, synthetic_home)
    at = open_page("faces")  # the stored face run on this data: its results, then every section of the lab
    at.number_input(key="min_faces").set_value(5).run()
    assert not at.exception, at.exception
    at.switch_page("pages/faces-lab.py").run()
    assert not at.exception, at.exception
    assert "Quick demo (seed 0)" in at.selectbox(key="lab_run").format_func(0)
    assert any("the weight from" in c.value for c in at.caption)  # Adam's record, read back ("raised"/"lowered")


def test_forecasting_finds_its_run_after_a_restart():
    """Trained through the page, then a new process's store (the resource cache cleared) and a new session: the same
    settings show the results, and nothing trains."""
    import streamlit as st

    from tests.helpers import open_page

    def settings(at):
        for key, value in (("fc_points", 300), ("fc_stop", 30.0), ("fc_window", 20), ("fc_epochs", 2)):
            at.number_input(key=key).set_value(value).run()
        at.radio(key="fc_recipe").set_value("default").run()

    at = open_page("forecasting")
    settings(at)
    at.button(key="fc_train").click().run()
    assert at.session_state["forecast_job"].wait(120).status == "done"
    st.cache_resource.clear()  # as after a restart: the stores are made again, from the folder
    at = open_page("forecasting")
    settings(at)
    assert not at.exception and "forecast_job" not in at.session_state
    assert any(m.label == "RMSE, one step ahead" for m in at.metric)


def test_the_page_warns_when_the_disk_cannot_keep_its_run(tmp_path, monkeypatch):
    """The alphabet page trains on a server whose runs folder cannot be written: the results are shown, with the
    warning that they stay in this tab."""
    from tests.helpers import open_page

    blocked = tmp_path / "runs"
    blocked.mkdir()
    (blocked / "alphabet").write_text("a file where the family's folder should be")
    monkeypatch.setenv("LSTM_VIZ_RUNS", str(blocked))
    at = open_page("alphabet")
    at.radio(key="variant").set_value(3).run()
    at.radio(key="recipe").set_value("fast").run()
    at.number_input(key="epochs_3_fast").set_value(1).run()
    at.button(key="train").click().run()
    assert at.session_state["alphabet_job"].wait(120).status == "done"
    at.run()
    assert not at.exception, at.exception
    assert any(m.label == "Accuracy" for m in at.metric)
    assert any("was not kept on the server's disk (File exists)" in w.value for w in at.warning), [
        w.value for w in at.warning
    ]
