"""What every test shares: fresh Streamlit caches, the synthetic LFW folder, and the markers of the fast subset.

``python -m pytest -m "not slow and not browser"`` is the fast subset (a few minutes): it leaves out the tests that
train Keras models or take more than a few seconds (``slow``) and everything under tests/browser (``browser``).
"""

import atexit
import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import streamlit as st

from lstm_viz import faces
from tests.synthetic_lfw import write_synthetic_lfw

TESTS = Path(__file__).resolve().parent

THREE_PEOPLE = {"Alice Example": 14, "Bob Example": 12, "Carol Example": 10}  # enough for a minimum of 5 photos

# What the fast subset leaves out: tests that train a Keras model (or drive a page through a training) or take more
# than about 5 s. An entry is a file, a test function in it ("file::test", every parameter of it), or some parameters
# of one ("file::test[id part]"). Seconds measured on the shared 2-core machine with
# `python -m pytest -p no:randomly --durations=0 -m "not browser"` (they vary by a factor of two with its load).
SLOW = (
    "test_face_timing.py",  # trains the faces recipes on more people: 16–18 s each
    "test_classroom.py",  # a server, several tabs and two trainings at once: 4–12 s
    "test_engine.py",  # real redis-server, RQ workers (Keras loads in each), nginx and Chromium: 10–70 s each
    "test_hostile_inputs.py",  # Hypothesis drives pages with hundreds of inputs: 5–20 s each
    "test_app_alphabet.py",  # trains in all but one test: 2–7 s each
    "test_alphabet.py::test_masked_padding_trains",  # 4 s
    "test_alphabet.py::test_fast_recipe_learns_variant_3_with_every_layer_and_the_cell_matches_keras",  # 2 s each
    "test_alphabet.py::test_runs_reuse_one_compiled_trainer_and_keep_their_own_models",  # 2 s
    "test_alphabet.py::test_stop_keeps_the_model_trained_so_far",  # 2 s
    "test_neurons.py::test_a_character_model_trains_writes_and_stops_mid_epoch",  # 6 s
    "test_neurons.py::test_a_counting_model_trains_and_is_judged_per_n",  # 2 s
    "test_faces.py::test_baseline_and_a_short_lstm_training_on_synthetic_faces",  # 12 s
    "test_forecast.py::test_short_training_beats_repeating_the_last_value_and_numpy_equals_keras",  # 5 s
    "test_own_model.py::test_the_page_makes_a_sample_and_opens_its_layer_in_the_explorer",  # 3 s
    "test_own_model.py::test_a_bad_typed_input_keeps_the_page",  # 2 s
    "test_app_faces.py::test_quick_training_then_results_and_baseline",  # 15 s
    "test_app_forecasting.py::test_train_sine_then_results",  # 7 s
    "test_app_forecasting.py::test_document_002_table",  # 2 s
    "test_app_forecasting.py::test_units_and_activation_can_be_changed",  # 2 s
    "test_app_forecasting.py::test_document_000_relu_cell_draws_what_ran",  # 2 s
    "test_app_neurons.py::test_two_epochs_then_results_table_view_and_samples",  # 4 s
    "test_app_neurons.py::test_a_russian_text_trains",  # 2 s
    "test_app_neurons.py::test_stop_mid_epoch_keeps_what_was_learnt",  # 4 s
    "test_app_neurons.py::test_counting_trains_both_kinds_and_opens_the_counter_in_the_explorer",  # 20 s
    "test_faces_lab.py::test_every_section_after_a_short_training",  # trains the faces model
    "test_i18n.py::test_trained_results_in_both_languages",  # 3–8 s each
    "test_i18n.py::test_every_page_in_both_languages[make_a_sample]",  # trains the sample model of "Your model"
    # the run store: each of these uses runs of every family trained for an epoch (30-40 s once per module)
    "test_run_store.py::test_every_family_round_trips",
    "test_run_store.py::test_what_the_pages_compute_from_a_stored_result",
    "test_run_store.py::test_a_process_killed_before_its_run_is_done_leaves_nothing_that_loads",
    "test_run_store.py::test_damaged_runs_are_skipped_with_a_log_line_and_the_store_goes_on",
    "test_run_store.py::test_a_folder_without_done_and_a_temporary_folder_are_skipped",
    "test_run_store.py::test_corrupt_and_foreign_files_are_skipped_never_loaded",
    "test_run_store.py::test_loaded_results_never_exceed_the_limit",
    "test_run_store.py::test_a_run_written_by_another_process_is_found",
    "test_run_store.py::test_threads_write_and_read_one_store_at_once",
    "test_run_store.py::test_a_disk_that_cannot_keep_the_run_leaves_it_in_the_session",
    "test_run_store.py::test_a_full_disk_keeps_nothing_half_written",
    "test_run_store.py::test_the_pages_read_stored_runs",  # 30 s
    "test_run_store.py::test_forecasting_finds_its_run_after_a_restart",  # 5 s
    "test_run_store.py::test_the_page_warns_when_the_disk_cannot_keep_its_run",  # 4 s
    "test_run_store.py::test_a_restarted_server_finds_its_run",  # two streamlit servers, one training: 18 s
)


# Finished runs go to disk (lstm_viz.runs.disk): never into the real default folder from a test. Every server the
# tests start gets a folder of its own below this one (tests/browser/server.py), every test another (below).
RUNS_FOLDER = tempfile.mkdtemp(prefix="lstm-viz-test-runs-")
os.environ["LSTM_VIZ_RUNS"] = RUNS_FOLDER
atexit.register(shutil.rmtree, RUNS_FOLDER, True)
_TEST_NUMBERS = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_runs_folder(monkeypatch):
    """Each test starts with no stored runs, as it did when they lived in a cleared st.cache_resource."""
    monkeypatch.setenv("LSTM_VIZ_RUNS", os.path.join(RUNS_FOLDER, f"test-{next(_TEST_NUMBERS)}"))


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """st.cache_data / st.cache_resource outlive an AppTest: start every test from empty caches."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


# --- the synthetic LFW folder ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def synthetic_lfw(tmp_path_factory):
    """A factory: people ({name: photos}) → the data home of a synthetic LFW folder holding them, written once per
    session for each set of people (scikit-learn's cache inside it is shared too)."""
    homes: dict[tuple, str] = {}

    def home(people: dict[str, int]) -> str:
        key = tuple(people.items())
        if key not in homes:
            folder = tmp_path_factory.mktemp("synthetic_lfw")
            write_synthetic_lfw(folder, people)
            homes[key] = str(folder)
        return homes[key]

    return home


@pytest.fixture(scope="module")
def lfw_people() -> dict[str, int]:
    """Who the synthetic LFW folder holds; a test module overrides this fixture to ask for other people."""
    return THREE_PEOPLE


@pytest.fixture(scope="module")
def synthetic_home(synthetic_lfw, lfw_people) -> str:
    """The data home of a synthetic LFW folder with ``lfw_people`` (for faces.DATA_HOME_VARIABLE)."""
    return synthetic_lfw(lfw_people)


@pytest.fixture
def synthetic_faces(monkeypatch, synthetic_home) -> str:
    """The faces pages read the synthetic LFW folder in this test (``pytest.mark.usefixtures`` for a module)."""
    monkeypatch.setenv(faces.DATA_HOME_VARIABLE, synthetic_home)
    return synthetic_home


# --- markers --------------------------------------------------------------------------------------------------


def _slow(item: pytest.Item, entries: tuple[str, ...] = SLOW) -> bool:
    """Whether SLOW names this test; an entry naming no test of its file is an error (a renamed test)."""
    path = item.path
    for entry in entries:
        file, _, test = entry.partition("::")
        if file != path.name:
            continue
        if not test:
            return True
        name, _, parameters = test.partition("[")
        if not hasattr(getattr(item, "module", None), name):
            raise pytest.UsageError(f"tests/conftest.py SLOW names {entry}, but {file} has no test {name}")
        if item.originalname == name and parameters.rstrip("]") in item.name[len(name) :]:
            return True
    return False


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser is ``browser``; what SLOW names is ``slow``."""
    browser = TESTS / "browser"
    for item in items:
        if browser in item.path.parents:
            item.add_marker(pytest.mark.browser)
        elif _slow(item):
            item.add_marker(pytest.mark.slow)
