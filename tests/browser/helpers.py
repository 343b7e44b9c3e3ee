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
    """The value the slider shows (a select slider's range input holds its option's index; its text is the value,
    written in the page's language: 0,90 in Russian)."""
    text = slider(page, key).get_attribute("aria-valuetext") or slider(page, key).input_value()
    return float(text.replace("\u2212", "-").replace(",", ".").replace("\u00a0", "").replace(" ", ""))


def open_from_sidebar(page: Page, server_url: str, link: str) -> None:
    """Load the app, then go to a page through the sidebar, as a user does."""
    page.goto(server_url)
    wait_for_app(page)
    page.get_by_role("link", name=link).click()
    wait_for_app(page)


def choose(page: Page, key: str, option: str) -> None:
    """Click an option of the radio (or similar) widget with this key and wait for the rerun."""
    page.locator(f".st-key-{key}").get_by_text(option).click()
    wait_for_app(page)


def type_number(page: Page, key: str, value: str) -> None:
    """Type into the number input with this key and confirm with Enter."""
    box = page.locator(f".st-key-{key} input")
    box.fill(value)
    box.press("Enter")
    wait_for_app(page)
