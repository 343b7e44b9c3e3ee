"""Browser tests: `streamlit run app.py` on a free port, driven by Playwright in Debian's headless chromium."""

import os
import shutil
from pathlib import Path

import pytest

from lstm_viz.faces import DATA_HOME_VARIABLE
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, wait_healthy
from tests.synthetic_lfw import write_synthetic_lfw

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


SHARED_LFW = ROOT.parent / "shared" / "data" / "lfw_home"


def lfw_home_for_tests(folder: Path) -> str:
    """A copy of the real LFW folder when it is here (scikit-learn writes into it), else a synthetic one."""
    if SHARED_LFW.exists():
        shutil.copytree(SHARED_LFW, folder / "lfw_home")
    else:
        write_synthetic_lfw(folder, {name: 80 for name in ("Alice Example", "Bob Example", "Carol Example")})
    return str(folder)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        message = f"no chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the browser tests, never skip them
        pytest.skip(message)
    port = free_port()
    home = lfw_home_for_tests(tmp_path_factory.mktemp("lfw"))
    process = start_server(port, tmp_path_factory.mktemp("server") / "streamlit.log", {DATA_HOME_VARIABLE: home})
    try:
        wait_healthy(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1500, "height": 1100}}


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
