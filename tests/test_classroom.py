"""A classroom on one real server (issue 7), over the websocket the browser uses (no chromium needed): many tabs on
the explorer while others train, each training tab gets its own model, and a tab closed mid-training leaves a
server that the reopened tab can use. bench/load.py runs the same scenarios at full size (30 tabs)."""

import asyncio
import random
import statistics
import threading
import time

import pytest

from tests.browser.classroom import explorer_user, train_alphabet, trainer
from tests.browser.server import free_port, start_server, wait_healthy
from tests.browser.ws_client import Client


def run_async(coroutine):
    """asyncio.run in a thread of its own (the browser tests' Playwright keeps an event loop in the main thread)."""
    result = {}

    def target():
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised below, in the test's thread
            result["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("classroom") / "streamlit.log"
    process = start_server(port, log)
    try:
        wait_healthy(port)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_explorer_tabs_and_two_trainings_at_once(server):
    port, log = server

    async def classroom():
        until = time.perf_counter() + 8
        tabs = asyncio.gather(*(explorer_user(port, until, random.Random(k), playing=k < 2) for k in range(8)))
        runs = await asyncio.gather(trainer(port, 1, 5), trainer(port, 3, 6))
        return await tabs, runs

    tabs, runs = run_async(classroom())
    for run in runs:  # each its own model: its accuracy, and the right letter for its own kind of input
        assert run["own_model"] and run["accuracy"] == "100.00%" and not run["errors"], run
    assert not [error for tab in tabs for error in tab.errors]
    asked = [run.seconds for tab in tabs for run in tab.runs]
    assert len(asked) >= 8 * 4 and statistics.median(asked) < 2.0  # answered, not stalled behind the trainings
    assert "Traceback" not in log.read_text()


def test_a_tab_closed_mid_training_then_reopened(server):
    port, log = server

    async def leave_and_come_back():
        async with Client(port, page="alphabet") as tab:
            await tab.open()
            await tab.choose("variant", 1)
            await tab.choose("recipe", 1)
            await tab.set("seed", double_value=77)
            await tab.click("train")
        # the tab is gone; its run goes on in the server
        async with Client(port, page="alphabet") as tab:
            await tab.open()
            assert tab.has_text("Nothing trained yet")  # a fresh tab: nothing of the old run in it, no error
            await train_alphabet(tab, 2, 77)  # same settings: the finished run is found or trained
            return tab

    tab = run_async(leave_and_come_back())
    assert tab.has_text("Accuracy on") and not tab.errors
    assert "Traceback" not in log.read_text()
