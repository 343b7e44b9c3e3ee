"""Waiting for Streamlit the way its own e2e suite does."""

from playwright.sync_api import Page, expect


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Until the script has finished running, the websocket is connected and no skeleton remains."""
    page.wait_for_selector("[data-testid=stApp][data-test-connection-state=CONNECTED]", timeout=timeout)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout)


def slider(page: Page, key: str):
    """The range input of the slider with this key."""
    return page.locator(f".st-key-{key}").get_by_role("slider")


def slider_value(page: Page, key: str) -> float:
    return float(slider(page, key).input_value())
