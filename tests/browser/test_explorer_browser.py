"""The cell explorer in a real browser: the scene owns the time step (clicks, keys, playback, the scrubber), the
link learns the step when the user stops, a weight change keeps the step, and the downloaded scene plays offline."""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser import scene
from tests.browser.helpers import slider, wait_for_app


def open_explorer(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.locator(".lv-scene .lv-diagram").first).to_be_visible()
    scene.install(page)


def test_buttons_and_keys_step_and_the_link_follows(page: Page, server_url, screenshot):
    open_explorer(page, server_url + "/?seq=sine&n=20")
    assert scene.step_shown(page) == 0
    scene.click(page, "next")
    scene.click(page, "next")
    assert scene.step_shown(page) == 2 and page.locator(".lv-diagram").get_attribute("data-t") == "2"
    expect(page.locator(".lv-diagram-step")).to_have_text("LSTM · t = 2")
    scene.click(page, "last")
    assert scene.step_shown(page) == 19
    scene.click(page, "back")
    assert scene.step_shown(page) == 18
    page.evaluate("document.activeElement && document.activeElement.blur()")  # focus on the page, as with a clicker
    for key, expected in (("Home", 0), ("ArrowRight", 1), ("PageDown", 2), ("PageUp", 1), ("End", 19),
                          ("ArrowLeft", 18)):  # fmt: skip
        page.keyboard.press(key)
        assert scene.step_shown(page) == expected, key
    expect(page).to_have_url(re.compile(r"[?&]t=18\b"), timeout=5_000)  # reported once the user stopped
    screenshot(page, "explorer_stepped")


def test_keys_typed_into_a_text_box_do_not_step(page: Page, server_url):
    open_explorer(page, server_url + "/?seq=custom&x=1,2,3,4")
    box = page.locator(".st-key-custom input")
    box.click()
    box.press("End")
    box.press("ArrowLeft")
    box.press("Space")
    assert scene.step_shown(page) == 0
    assert not page.locator(".lv-pause").count()


def test_playback_shows_every_step_in_order_at_the_rate_and_pauses_exactly(page: Page, server_url):
    open_explorer(page, server_url + "/?seq=sine&n=60")
    page.locator(".lv-speed").select_option("8")
    page.evaluate("window.__lvSteps = []")
    scene.click(page, "play")
    page.wait_for_timeout(2500)
    scene.click(page, "pause")
    paused = scene.step_shown(page)
    steps = page.evaluate("window.__lvSteps")
    shown = [step for step, _ in steps]
    assert shown == list(range(1, len(shown) + 1)), shown  # every step, in order, once
    rate = (len(steps) - 1) / ((steps[-1][1] - steps[0][1]) / 1000)
    assert 6.5 <= rate <= 9.5, rate  # asked: 8 steps/s (the benchmark measures it over 5 s)
    page.wait_for_timeout(1500)
    assert scene.step_shown(page) == paused  # Pause stays on the step that was on screen
    scene.click(page, "last")
    page.keyboard.press("Space")  # play at the last step starts again from the first
    page.wait_for_timeout(400)
    assert 1 <= scene.step_shown(page) <= 6
    page.keyboard.press("Space")


def test_a_weight_change_redraws_the_cell_and_keeps_the_step(page: Page, server_url):
    open_explorer(page, server_url + "/?seq=sine&n=20")
    for _ in range(7):
        scene.click(page, "next")
    before = page.locator(".lv-summary").inner_text()
    handle = slider(page, "W_i_0_0")
    handle.focus()
    for _ in range(5):
        handle.press("ArrowRight")
    expect(page.locator(".lv-summary")).not_to_have_text(before, timeout=10_000)
    wait_for_app(page)
    assert page.locator(".lv-scene").count() == 1  # drawn again in place, not beside the old one
    assert scene.step_shown(page) == 7 and page.locator(".lv-summary").inner_text().startswith("t = 7")


def test_a_link_opens_at_its_step_and_a_compare_link_draws_both_cells(page: Page, server_url, screenshot):
    open_explorer(page, server_url + "/?seq=pulse&n=30&W=10,0,3,0&U=0,0,0,0&b=-5,6,0,3&Bkind=gru&BW=-10,0,3"
                  "&BU=0,0,0&Bb=6,0,0&t=12")  # fmt: skip
    assert scene.step_shown(page) == 12
    expect(page.locator(".lv-diagram")).to_have_count(2)
    expect(page.locator(".lv-diagram-step").first).to_have_text("LSTM · t = 12")
    expect(page.locator(".lv-diagram-step").nth(1)).to_have_text("GRU · t = 12")
    screenshot(page, "explorer_compare")


def test_hostile_links_show_notes_as_text(page: Page, server_url):
    page.goto(server_url + "/?seq=%3Cimg%20src=x%20onerror=alert(1)%3E&kind=%3Cscript%3Ealert(2)%3C/script%3E")
    wait_for_app(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    expect(page.get_by_text("<img src=x onerror=alert(1)>", exact=False)).to_be_visible()
    page.wait_for_timeout(500)
    assert not dialogs and page.locator("img[src=x]").count() == 0


def test_the_downloaded_scene_plays_with_the_network_blocked(page: Page, server_url, browser, tmp_path):
    open_explorer(page, server_url + "/?seq=sine&n=20&lang=ru")
    for _ in range(4):
        scene.click(page, "next")
    expect(page).to_have_url(re.compile(r"[?&]t=4\b"), timeout=15_000)  # the step has reached the server
    with page.expect_download() as download:
        page.locator(".st-key-download_scene button").first.click()
    path = tmp_path / "scene.html"
    download.value.save_as(path)
    view, requests, offline = scene.offline_view(browser, path)
    expect(view.locator(".lv-step-text")).to_have_attribute("data-t", "4")  # reopens at the same step
    expect(view.locator(".lv-play")).to_have_attribute("aria-label", "Пуск")  # and language
    view.locator(".lv-next").click()
    expect(view.locator(".lv-step-text")).to_have_attribute("data-t", "5")
    view.keyboard.press("ArrowRight")
    expect(view.locator(".lv-step-text")).to_have_attribute("data-t", "6")
    assert scene.asked_the_network(requests) == []
    assert path.stat().st_size < 400_000
    offline.close()


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_lecture_mode_fits_a_projector(browser, server_url, width, height, lang, screenshot):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(server_url + f"/?lecture=1&lang={lang}")
    wait_for_app(page)
    expect(page.locator(".lv-scene .lv-diagram").first).to_be_visible()
    page.wait_for_timeout(500)
    diagram = page.locator(".lv-diagram").first.bounding_box()
    bars = page.locator(".lv-bars").first.bounding_box()
    assert diagram["y"] + diagram["height"] <= height and bars["y"] + bars["height"] <= height
    for button in page.locator(".lv-button").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height
        assert button.get_attribute("title") and button.get_attribute("aria-label")  # icons, with tooltips
        assert button.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), button.get_attribute("aria-label")
    text = page.locator(".lv-step-text")
    assert text.evaluate("t => t.scrollWidth <= t.clientWidth + 1") and text.bounding_box()["y"] < height
    screenshot(page, f"explorer_lecture_{width}x{height}_{lang}", full_page=False)
    context.close()


def test_the_first_click_is_fast(page: Page, server_url):
    """A step is drawn in the frame after the click (the benchmark reports medians; this only guards a regression)."""
    open_explorer(page, server_url + "/?seq=sine&n=40")
    for _ in range(5):
        scene.click(page, "next")
        time.sleep(0.05)
    times = page.evaluate("window.__lvTimes")
    assert len(times) == 5 and all(t["text"] == t["diagram"] == t["expected"] for t in times)
    assert sorted(t["ms"] for t in times)[2] < 250


def test_the_code_is_fetched_and_drawn_only_when_asked_for(page: Page, server_url):
    """A code block loads a 1.5 MB highlighter: the explorer opens without it; opening the expander shows the code."""
    page.goto(server_url + "/")
    page.locator(".lv-scene .lv-diagram").first.wait_for(state="visible")
    fetched = page.evaluate("() => performance.getEntriesByType('resource').map(r => r.name)")
    assert not any("SyntaxHighlighter" in name for name in fetched)
    page.get_by_text("Show the code that computed these numbers").click()
    expect(page.locator("[data-testid='stCode']").first).to_contain_text("def step(", timeout=20_000)
