"""Waiting for Streamlit the way its own e2e suite does."""

import re

from playwright.sync_api import Page, expect


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Until the script has finished running, the websocket is connected and no skeleton remains."""
    page.wait_for_selector("[data-testid=stApp][data-test-connection-state=CONNECTED]", timeout=timeout)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout)


_RUNS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (window.__lvRuns === undefined) {
    window.__lvRuns = 0;
    new MutationObserver((records) => {  // every record: a batch may hold a run's start and its end
      for (const record of records) {
        if (record.oldValue !== 'notRunning' && app.getAttribute('data-test-script-state') === 'notRunning') {
          window.__lvRuns += 1;
          return;
        }
      }
    }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
  }
  window.__lvSince = 0;
  return window.__lvRuns;
}"""


def after_rerun(page: Page, action, timeout: float = 30_000, grace: float = 2_000) -> None:
    """Do ``action`` (a click, a key) and wait for the rerun it causes to finish: the script state seen at once
    after a click is still the old run's "notRunning", so waiting for that alone races the server. A run so quick
    that the page never showed it running (its messages came together) counts as done once ``grace`` ms passed."""
    wait_for_app(page, timeout)  # (a run already under way would end in the wait below and be taken for this one)
    runs = page.evaluate(_RUNS)
    action()
    page.wait_for_function(
        """([runs, grace]) => {
          if (window.__lvRuns > runs) return true;
          window.__lvSince = window.__lvSince || performance.now();
          const app = document.querySelector('[data-testid=stApp]');
          const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
          if (idle && performance.now() - window.__lvSince > grace) { window.__lvSince = 0; return true; }
          return false;
        }""",
        arg=[runs, grace],
        timeout=timeout,
    )
    wait_for_app(page, timeout)


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


def choose_option(page: Page, key: str, option: str, tries: int = 3) -> None:
    """Choose a selectbox's option by typing its name and Enter, as a user can (its list may open below the fold),
    and wait until the box shows it. The box's text while it has the focus is no proof: it is what was typed, and an
    Enter that closed the list without taking an option (an option not yet highlighted) leaves it there, with no
    rerun. So the box is left first: it then shows the option it holds. A try that took nothing is made again."""
    box = page.locator(f".st-key-{key}").first
    chosen = re.compile(re.escape(option), re.I)
    for attempt in range(tries):
        box.get_by_role("combobox").click()
        box.get_by_role("combobox").press("Control+a")  # (a retry types over what the last try left)
        box.get_by_role("combobox").press_sequentially(option)
        try:  # Enter takes the list's first option once the typing has filtered it
            expect(page.get_by_role("option", name=chosen).first).to_be_attached(timeout=5_000)
            after_rerun(page, lambda: page.keyboard.press("Enter"))
            expect(page.get_by_role("listbox")).to_have_count(0, timeout=3_000)  # closed
            box.get_by_role("combobox").blur()  # (what it shows now is what it holds, not what was typed)
            expect(box.get_by_role("combobox")).to_have_value(chosen, timeout=3_000)
            return
        except AssertionError:
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
            wait_for_app(page)


def type_number(page: Page, key: str, value: str) -> None:
    """Type into the number input with this key and confirm with Enter."""
    box = page.locator(f".st-key-{key} input")
    box.fill(value)
    box.press("Enter")
    wait_for_app(page)
