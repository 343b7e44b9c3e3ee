"""Challenges in Chromium: a pass shows at once, the target is drawn on the time chart, and progress survives a
reload in the browser's local storage (no server database)."""

import json

from playwright.sync_api import Page, expect

from lstm_viz.challenges import CHALLENGES
from tests.browser.helpers import slider, wait_for_app


def test_solve_a_challenge_and_find_it_again_after_a_reload(page: Page, server_url, screenshot):
    page.goto(f"{server_url}/challenges?ch=keep_pulse")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="3. Keep the pulse")).to_be_visible()
    expect(page.locator(".lv-targets .lv-target")).to_have_count(2)  # |c₁₉| ≥ 0.5: above 0.5 or below −0.5
    expect(page.get_by_text("Not yet: 0 of 1 conditions hold.")).to_be_visible()
    handle = slider(page, "ch_keep_pulse_b_f")
    handle.focus()
    for _ in range(60):  # b_f from 0 to 6 with the keyboard, as a student without a mouse would
        handle.press("ArrowRight")
    wait_for_app(page)
    expect(page.get_by_text("Passed!")).to_be_visible(timeout=20_000)
    page.wait_for_function("() => (localStorage.getItem('lstm-viz.challenges') || '').includes('keep_pulse')")
    stored = json.loads(page.evaluate("localStorage.getItem('lstm-viz.challenges')"))
    assert float(stored["solutions"]["keep_pulse"]["a"].split(",")[1]) > 3  # b_f of the passing attempt
    screenshot(page, "challenge_passed", full_page=False)

    page.goto(f"{server_url}/challenges")  # a new session: the progress comes back from this browser
    wait_for_app(page)
    expect(page.get_by_text(f"Passed in this browser: 1 of {len(CHALLENGES)}.")).to_be_visible(timeout=20_000)


def test_the_russian_challenge_page_reads_russian_numbers(page: Page, server_url):
    page.goto(f"{server_url}/challenges?ch=half_life&lang=ru")
    wait_for_app(page)
    expect(page.get_by_text("Пока нет: выполнено условий — 0 из 1.")).to_be_visible()
    assert "0,45" in page.locator(".katex").first.inner_text()  # the formula with a decimal comma
