"""A lecturer's first prepared link of the day: every page's link as the first session of a freshly started server
opens that page, with the app's own navigation and no "Page not found" (streamlit#9624; see
ui.navigation.leave_legacy_navigation)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import wait_for_app
from tests.browser.server import free_port, start_server, wait_healthy

FIRST_LINKS = {
    "": "LSTM cell explorer",
    "alphabet": "Alphabet: predict the next letter",
    "faces": "Faces: who is this? An LSTM reads a photo row by row",
    "forecasting": "Forecasting: an LSTM continues a function",
    "why-lstm": "Why LSTM?",
}


@pytest.mark.parametrize("path", list(FIRST_LINKS))
def test_a_link_as_the_first_session_of_a_new_server(page: Page, path, tmp_path):
    port = free_port()
    server = start_server(port, tmp_path / "streamlit.log")
    try:
        wait_healthy(port)
        page.goto(f"http://127.0.0.1:{port}/{path}?lang=en")
        wait_for_app(page, timeout=60_000)
        expect(page.get_by_role("heading", name=FIRST_LINKS[path]).first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        navigation = page.get_by_test_id("stSidebarNav")
        expect(navigation.get_by_text("Why LSTM")).to_be_visible()
        for legacy in ("shared", "server", "app"):  # the legacy discovery lists every file of pages/
            expect(navigation.get_by_text(legacy, exact=True)).to_have_count(0)
    finally:
        server.terminate()
        server.wait(timeout=20)
