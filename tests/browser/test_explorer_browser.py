"""The cell explorer in a real browser: move a slider, step, play, share a link."""

import re
import time

from playwright.sync_api import Page, expect

from tests.browser.helpers import slider, slider_value, wait_for_app


def summary(page: Page) -> str:
    return page.get_by_text(re.compile(r"^t = \d+, x = ")).inner_text()


def test_slider_step_and_play(page: Page, server_url, screenshot):
    page.goto(server_url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="LSTM cell explorer")).to_be_visible()
    expect(page.locator(".st-key-diagram .js-plotly-plot")).to_be_visible()
    before = summary(page)

    # move the input gate's input weight with the keyboard, as a student would with the arrow keys
    handle = slider(page, "W_i_0")
    handle.focus()
    for _ in range(5):
        handle.press("ArrowRight")
    wait_for_app(page)
    assert slider_value(page, "W_i_0") == 1.5
    page.locator(".st-key-next button").click()
    wait_for_app(page)
    page.locator(".st-key-next button").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"^t = 2, x = "))).to_be_visible()
    assert summary(page) != before
    assert "W=1.5" in page.url.replace("%2C", ",") and "t=2" in page.url

    # play: the fragment advances t on its own, without reloading the page
    page.locator(".st-key-play button").click()
    deadline = time.monotonic() + 15
    while slider_value(page, "t") < 5 and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert slider_value(page, "t") >= 5
    screenshot(page, "explorer_playing")
    page.locator(".st-key-first button").click()  # back to the start: playback goes on from there
    wait_for_app(page)
    deadline = time.monotonic() + 10
    while slider_value(page, "t") < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert 2 <= slider_value(page, "t") < 5
    expect(page.locator(".st-key-pause button")).to_have_text(re.compile("Pause"))
    page.locator(".st-key-pause button").click()
    expect(page.locator(".st-key-play button")).to_have_text(re.compile("Play"))
    wait_for_app(page)
    stopped = slider_value(page, "t")
    page.wait_for_timeout(2000)
    assert slider_value(page, "t") == stopped
    expect(page.locator(".st-key-play button")).to_have_text(re.compile("Play"))
    expect(page.get_by_text("Traceback")).to_have_count(0)


def test_shared_link_and_worked_example(page: Page, server_url, screenshot):
    page.goto(
        server_url + "/?seq=custom&x=0&units=3&W=0,0,0,0,0,0,0,0,0,0,0,0&c0=1,-0.5,0.8"
        "&pi=0.8,0.2,0.9&pf=0.9,0.1,0.7&pc=0.5,-0.3,0.7&po=0.9,0.5,0.8&b=0,0,0,0,0,0,0,0,0,0,0,0"
        "&U=" + ",".join(["0"] * 36)
    )
    wait_for_app(page)
    expect(page.get_by_text("Course document 001's worked example")).to_be_visible()
    expect(page.get_by_text(re.compile(r"c = \[1\.30, -0\.11, 1\.19\], h = \[0\.78, -0\.05, 0\.66\]$"))).to_be_visible()
    screenshot(page, "explorer_worked_example")


def test_bad_custom_sequence_in_the_browser(page: Page, server_url):
    page.goto(server_url + "/?seq=custom&x=1,2,3")
    wait_for_app(page)
    box = page.locator(".st-key-custom input")
    box.fill("1, 2, banana")
    box.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("“banana”, is not a number")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^t = 0, x = 1\.00"))).to_be_visible()
