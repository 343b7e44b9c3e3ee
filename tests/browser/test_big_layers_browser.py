"""Issue 31 in Chromium: a 128-unit layer reading 100 features over 200 steps, opened from its stored view's short
link; stepped with the buttons and the keys; one of its weights found by the sidebar's search and moved; the link
reopened in a new browser and after the server restarts."""

import tempfile

import numpy as np
from playwright.sync_api import Browser, expect

from lstm_viz import cells
from lstm_viz.explorer import link
from lstm_viz.explorer.handoff import trained_layer
from tests.browser import scene
from tests.browser.changes import agree
from tests.browser.helpers import slider, slider_value, wait_for_app
from tests.browser.server import serving


def layer_view(folder: str) -> str:
    rng = np.random.default_rng(0)
    weights = cells.random(cells.kind("lstm"), 128, 100, rng, scale=0.3)
    config = trained_layer(weights, rng.normal(size=(200, 100)), ("handoff.whole_layer", {}), unit=0).config
    return link.to_query(config)["view"]


def opened(browser: Browser, address: str):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(address)
    wait_for_app(page)
    page.locator(".lv-scene .lv-diagram").first.wait_for(state="visible", timeout=60_000)
    scene.install(page)
    return page


def numbers_shown(page) -> str:
    return page.evaluate("() => window.__lvRoot().querySelector('.lv-summary').textContent")


def test_a_128_unit_layer_steps_changes_one_weight_and_its_short_link_survives_a_restart(
    browser: Browser, monkeypatch, screenshot
):
    folder = tempfile.mkdtemp(prefix="views-")
    monkeypatch.setenv("LSTM_VIZ_RUNS", folder)  # the test stores the view where the server reads it
    view = layer_view(folder)
    with serving(env={"LSTM_VIZ_RUNS": folder}) as served:
        page = opened(browser, f"{served.url}/?view={view}&t=3")
        assert "unit u1 of 128" in page.locator(".lv-diagram").first.text_content()
        assert page.locator(".lv-charts image.lv-heat").count() >= 6  # every unit's heatmaps, each one canvas image
        assert page.evaluate("() => window.__lvRoot().querySelectorAll('*').length") < 3000
        for _ in range(4):
            scene.click(page, "next")
        agree(page, 7)
        page.locator("h1").first.click()  # "click the page", then the keys
        page.keyboard.press("ArrowRight")
        agree(page, 8)
        # one weight, found by typing its source unit in the gate's search box: only its slider appears
        page.locator(".st-key-part").get_by_text("forget").click()
        wait_for_app(page)
        box = page.locator(".st-key-find_f")
        box.click()
        page.keyboard.type("h57")
        page.keyboard.press("Enter")
        wait_for_app(page)
        expect(page.locator(".st-key-U_f_0_56 [data-testid=stSlider]")).to_have_count(1, timeout=15_000)
        assert page.locator("[data-testid=stSidebar] [data-testid=stSlider]").count() <= 6
        before, value = numbers_shown(page), slider_value(page, "U_f_0_56")
        handle = slider(page, "U_f_0_56")
        handle.focus()
        for _ in range(5):
            handle.press("ArrowRight")
        wait_for_app(page)
        page.wait_for_function(f"() => window.__lvRoot().querySelector('.lv-summary').textContent !== {before!r}")
        assert slider_value(page, "U_f_0_56") > value
        agree(page, 8)  # the browser kept its step through the rerun
        page.locator("h1").first.click()
        page.keyboard.press("ArrowRight")  # and the keys still step (issue 25's dead keys, after a change)
        agree(page, 9)
        page.locator(".st-key-part").get_by_text("input").click()  # another gate, and back: the row found stays
        wait_for_app(page)
        page.locator(".st-key-part").get_by_text("forget").click()
        expect(page.locator(".st-key-U_f_0_56 [data-testid=stSlider]")).to_have_count(1, timeout=15_000)
        page.wait_for_timeout(1500)  # the step's report, then the address
        address = page.url
        assert "view=" in address and len(address.split("?", 1)[1]) < 60
        shown = numbers_shown(page)
        screenshot(page, "big_layer_128_units", full_page=False)
        again = opened(browser, address)
        assert numbers_shown(again) == shown and scene.step_shown(again) == 9
    with serving(env={"LSTM_VIZ_RUNS": folder}) as restarted:  # a new server process: the view comes from disk
        moved = opened(browser, f"{restarted.url}/?{address.split('?', 1)[1]}")
        assert numbers_shown(moved) == shown
        assert slider_value(moved, "b_i_0") == slider_value(again, "b_i_0")
        tampered = browser.new_page()
        tampered.goto(f"{restarted.url}/?view=..%2F..%2Fetc%2Fpasswd")
        wait_for_app(tampered)
        assert "does not have" in tampered.locator("[data-testid=stAlert]").first.text_content()
        assert tampered.locator("[data-testid=stException]").count() == 0
