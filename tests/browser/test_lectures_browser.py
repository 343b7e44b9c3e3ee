"""A lecture presented in Chromium with the keyboard (and a clicker's PageDown), scene by scene across pages, with
screenshots; and the offline lecture file with the network blocked."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import wait_for_app


def counter(page: Page):
    return page.locator(".st-key-lecture_count")


def test_present_a_lecture_with_the_keyboard(browser, server_url, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{server_url}/?lecture=lstm-cell.en")
    wait_for_app(page)
    expect(counter(page)).to_have_text("1 / 12")  # the problem first: a plain RNN's memory fades beside an LSTM's
    expect(page.locator(".lv-scene .lv-diagram").first).to_be_visible()
    page.mouse.click(640, 20)  # the focus on the page, not in a field
    page.keyboard.press("PageDown")  # what a clicker sends
    expect(counter(page)).to_have_text("2 / 12", timeout=20_000)
    expect(page).to_have_url(re.compile(r"scene=2"))
    wait_for_app(page)
    screenshot(page, "lecture_scene_1", full_page=False)  # (the cell's anatomy: the screenshot's name is kept)
    page.mouse.click(640, 20)
    # the key map of a lecture (issue 25): → / ← step the cell, Space plays, End jumps; the clicker's PageDown /
    # PageUp change the scene. Scene 2's notes say "Step with → a few times", and they now can.
    page.keyboard.press("ArrowRight")
    expect(page.locator(".lv-step-text")).to_have_attribute("data-t", "6")
    page.keyboard.press("ArrowLeft")
    expect(page.locator(".lv-step-text")).to_have_attribute("data-t", "5")
    expect(counter(page)).to_have_text("2 / 12")
    page.keyboard.press("PageDown")
    expect(counter(page)).to_have_text("3 / 12", timeout=20_000)
    expect(page).to_have_url(re.compile(r"scene=3"))
    wait_for_app(page)
    page.keyboard.press("PageDown")
    expect(counter(page)).to_have_text("4 / 12", timeout=20_000)
    wait_for_app(page)
    expect(page.locator(".lv-step-text")).to_have_attribute("data-t", "2")  # the lecture's step
    page.keyboard.press("PageDown")  # scene 5: "Press Space and let it run"
    expect(counter(page)).to_have_text("5 / 12", timeout=20_000)
    wait_for_app(page)
    page.mouse.click(640, 20)
    page.keyboard.press("Home")
    expect(page.locator(".lv-step-text")).to_have_attribute("data-t", "0")
    page.keyboard.press("Space")
    expect(page.locator(".lv-scene [data-action=pause]")).to_be_visible()
    page.keyboard.press("Space")
    page.keyboard.press("End")
    expect(page.locator(".lv-step-text")).to_have_attribute("data-t", "29")
    page.keyboard.press("PageUp")
    expect(counter(page)).to_have_text("4 / 12", timeout=20_000)
    wait_for_app(page)
    for number in range(5, 12):  # on to the Why LSTM page
        page.keyboard.press("PageDown")
        expect(counter(page)).to_have_text(f"{number} / 12", timeout=20_000)
        wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/why-lstm\?.*lecture=lstm-cell\.en"))
    expect(page.get_by_role("tab", name="Gradients along time")).to_have_attribute("aria-selected", "true")
    screenshot(page, "lecture_scene_9", full_page=False)
    page.get_by_role("button", name="Next scene (PageDown)").click()
    expect(counter(page)).to_have_text("12 / 12", timeout=20_000)
    context.close()


def test_a_scene_link_opens_that_scene_in_russian(browser, server_url, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{server_url}/?lecture=letters-to-faces.ru&scene=3")
    wait_for_app(page)
    expect(counter(page)).to_have_text("3 / 9")
    expect(page).to_have_url(re.compile(r"/alphabet\?"))
    expect(page.get_by_text("Вариант 3: те же три буквы", exact=False)).to_be_visible()
    screenshot(page, "lecture_ru_scene_3", full_page=False)
    page.goto(f"{server_url}/?lecture=letters-to-faces.ru&scene=7")  # document 001's model as a stack (issue 34)
    wait_for_app(page)
    expect(counter(page)).to_have_text("7 / 9")
    expect(page).to_have_url(re.compile(r"/layers\?"))
    expect(page.locator(".lv-stack-label")).to_have_count(2)
    expect(page.locator(".lv-stack-head-box")).to_contain_text("(7,)")
    context.close()


def test_the_offline_lecture_plays_with_the_network_blocked(page: Page, server_url, browser, tmp_path):
    page.goto(f"{server_url}/lectures")
    wait_for_app(page)
    with page.expect_download() as download:
        page.locator(".st-key-lstm-cell_en_offline button").first.click()
    path = tmp_path / "lecture.html"
    download.value.save_as(path)
    offline = browser.new_context(viewport={"width": 1280, "height": 720})
    offline.set_offline(True)
    requests = []
    view = offline.new_page()
    view.on("request", lambda request: requests.append(request.url))
    view.goto(path.as_uri())
    expect(view.locator(".lv-lecture-count")).to_have_text("1 / 12")
    expect(view.locator(".lv-scene .lv-diagram").first).to_be_visible()
    view.keyboard.press("PageDown")
    expect(view.locator(".lv-lecture-count")).to_have_text("2 / 12")
    view.keyboard.press("PageDown")
    expect(view.locator(".lv-lecture-count")).to_have_text("3 / 12")
    expect(view.locator(".lv-lecture-caption")).to_contain_text("worked example")
    view.keyboard.press("PageDown")
    expect(view.locator(".lv-lecture-count")).to_have_text("4 / 12")
    expect(view.locator(".lv-step-text")).to_have_attribute("data-t", "2")  # the scene's step, as in the app
    view.locator(".lv-next").click()  # the scene's own buttons still step through time
    expect(view.locator(".lv-step-text")).to_have_attribute("data-t", "3")
    view.keyboard.press("ArrowRight")  # and → steps the cell, as in the app
    expect(view.locator(".lv-step-text")).to_have_attribute("data-t", "4")
    expect(view.locator(".lv-lecture-count")).to_have_text("4 / 12")
    assert [url for url in requests if not url.startswith(("file:", "blob:"))] == []  # (blob: a heatmap's pixels)
    offline.close()
