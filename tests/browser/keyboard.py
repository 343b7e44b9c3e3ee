"""Using a page by keyboard alone: Tab to a control, press keys on whatever has focus, and count the pointer events
the page saw (a keyboard user makes none). Shared by the challenges test and bench/a11y.py."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.helpers import wait_for_app

WATCH_POINTER = """
() => {
  window.__lvPointer = 0;
  for (const type of ['pointerdown', 'mousedown', 'touchstart']) {
    document.addEventListener(type, () => { window.__lvPointer += 1; }, true);
  }
}
"""
FOCUSED_IN = "(key) => !!(document.activeElement && document.activeElement.closest('.st-key-' + key))"


def watch_pointer(page: Page) -> None:
    page.evaluate(WATCH_POINTER)


def pointer_events(page: Page) -> int:
    return int(page.evaluate("window.__lvPointer"))


def tab_to(page: Page, key: str, limit: int = 200) -> int:
    """Press Tab until focus is inside the widget with this key; the number of presses it took."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_IN, key):
            return count
    raise AssertionError(f"Tab never reached {key} in {limit} presses")


def press(page: Page, key: str, times: int = 1) -> None:
    """Press a key on the focused control, waiting for each rerun as a person waits to see it."""
    for _ in range(times):
        page.keyboard.press(key)
        wait_for_app(page)


# Three challenges with what a keyboard user does: (widget key, key to press, how many times), in order.
SOLUTIONS = {
    # 1. pin f (Space on the switch), then its value to 1 (End)
    "pin_forget": (("ch_pin_forget_pin_f", "Space", 1), ("ch_pin_forget_pinval_f", "End", 1)),
    # 4. b_f from 0 to 2.6 in steps of 0.1: f¹⁰ ≈ 0.5
    "half_life": (("ch_half_life_b_f", "ArrowRight", 26),),
    # 5. W_o to −10 (Home), b_o from 0 to −5: o shut until the cue x = −1 opens it
    "hold_reveal": (("ch_hold_reveal_W_o", "Home", 1), ("ch_hold_reveal_b_o", "ArrowLeft", 50)),
}


def solve(page: Page, server_url: str, key: str) -> None:
    """Open the challenge by its link and do its keyboard solution; focus starts from the page's top each time."""
    page.goto(f"{server_url}/challenges?ch={key}")
    wait_for_app(page)
    watch_pointer(page)
    for widget, name, times in SOLUTIONS[key]:
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        tab_to(page, widget)
        press(page, name, times)
