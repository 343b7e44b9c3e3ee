"""Every challenge can be passed by keyboard alone (issue 25, WCAG 2.1.1): three of them in Chromium, reached with
Tab and solved with Space, arrows, Home and End, with no pointer event at all."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.keyboard import SOLUTIONS, pointer_events, solve


@pytest.mark.parametrize("key", list(SOLUTIONS))
def test_a_challenge_passed_by_keyboard_alone(page: Page, server_url, key):
    solve(page, server_url, key)
    expect(page.get_by_text("Passed!")).to_be_visible(timeout=20_000)
    assert pointer_events(page) == 0
