"""What every test shares: fresh Streamlit caches, the synthetic LFW folder, and the markers of the fast subset.

``python -m pytest -m "not slow and not browser"`` is the fast subset (a few minutes): it leaves out the tests that
train Keras models or take more than a few seconds (``slow``) and everything under tests/browser (``browser``).
"""

from pathlib import Path

import pytest
import streamlit as st

from lstm_viz import faces
from tests.synthetic_lfw import write_synthetic_lfw

TESTS = Path(__file__).resolve().parent

THREE_PEOPLE = {"Alice Example": 14, "Bob Example": 12, "Carol Example": 10}  # enough for a minimum of 5 photos

# Whole files marked slow: every test in them trains a Keras model or drives a page through a training.
# Measured with `python -m pytest -p no:randomly --durations=0 -m "not browser"` on the shared 2-core machine.
SLOW_FILES = {
    "test_face_timing.py",  # trains the faces recipes on more people: 16–18 s each
}


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


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser is ``browser``; the files in SLOW_FILES are ``slow``."""
    browser = TESTS / "browser"
    for item in items:
        path = Path(item.fspath)
        if browser in path.parents:
            item.add_marker(pytest.mark.browser)
        if path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
