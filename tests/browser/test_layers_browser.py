"""Issue 34 in Chromium: a 3-layer stack (a Bidirectional middle layer, a head) stepped with the buttons and the keys;
a grid cell clicked opens that layer's cell at that step (a backward cell at its own step); return_sequences switched
in the sidebar greys and ungreys what the top layer hands on, and the step, the cell picked and the keys survive it."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser import scene
from tests.browser.helpers import after_rerun, wait_for_app
from tests.browser.lecture_checks import in_view, lecture_mode, russian_number_problems

LINK = "/layers?L=3&u1=2&bi2=on&u2=2&u3=3&rs3=off&head=3&seq=sine&n=12"


def shown(page: Page) -> dict:
    return page.evaluate(
        """() => { const r = window.__lvRoot();
            return { t: Number(r.querySelector('.lv-step-text').dataset.t),
                     diagram: Number(r.querySelector('.lv-diagram').dataset.t),
                     title: r.querySelector('.lv-diagram').textContent,
                     picked: [...r.querySelectorAll('.lv-stack-picked')].map((n) => [n.dataset.cell, n.dataset.t]),
                     kept: r.querySelectorAll('.lv-stack-kept').length,
                     head: r.querySelector('.lv-stack-head-box').textContent }; }"""
    )


def test_a_stack_steps_opens_a_grid_cell_and_survives_a_switch_of_return_sequences(page: Page, server_url, screenshot):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server_url + LINK)
    wait_for_app(page)
    expect(page.locator(".lv-stack-grid")).to_be_visible()
    scene.install(page)
    expect(page.locator(".lv-stack-label")).to_have_count(4)  # layer 1, layer 2 ← and →, layer 3
    now = shown(page)
    assert now["picked"] == [["3", "0"]] and now["kept"] == 11  # the top layer: only its last h goes to the head

    scene.click(page, "next")
    scene.click(page, "next")
    expect(page.locator(".lv-step-text").first).to_have_attribute("data-t", "2")
    assert shown(page)["picked"] == [["3", "2"]]

    page.locator('.lv-stack-node[data-cell="0"][data-t="5"]').click()  # layer 1 at step 5
    expect(page.locator(".lv-step-text").first).to_have_attribute("data-t", "5")
    now = shown(page)
    assert now["diagram"] == 5 and "Layer 1" in now["title"] and now["picked"] == [["0", "5"]]

    page.locator('.lv-stack-node[data-cell="2"][data-t="3"]').click()  # layer 2's backward cell, at column 3
    expect(page.locator(".lv-step-text").first).to_have_attribute("data-t", "3")
    now = shown(page)
    assert now["diagram"] == 11 - 3 and "Layer 2" in now["title"] and "backward" in now["title"]

    page.locator("h1").first.click()  # the keys: the scene's, from anywhere on the page
    page.keyboard.press("ArrowRight")
    expect(page.locator(".lv-step-text").first).to_have_attribute("data-t", "4")
    assert shown(page)["diagram"] == 7
    expect(page).to_have_url(re.compile(r"[?&]t=4(&|$)"), timeout=8_000)

    head_before = shown(page)["head"]
    toggle = page.get_by_test_id("stSidebar").locator(".st-key-stack_rs_3 label")
    after_rerun(page, toggle.click)  # the top layer now hands on every step
    expect(page.locator(".lv-stack-kept")).to_have_count(0)
    now = shown(page)
    assert now["t"] == 4 and now["picked"] == [["2", "4"]] and now["head"] != head_before
    assert "rs3" not in page.url

    page.locator("h1").first.click()
    page.keyboard.press("ArrowRight")  # keys after a change (the dead-keys lesson)
    expect(page.locator(".lv-step-text").first).to_have_attribute("data-t", "5")
    assert shown(page)["diagram"] == 6
    page.locator('.lv-stack-label[data-cell="3"]').focus()  # a row's label picks its cell from the keyboard
    page.keyboard.press("Enter")
    now = shown(page)
    assert now["picked"] == [["3", "5"]] and "Layer 3" in now["title"] and now["diagram"] == 5
    screenshot(page, "layers_stack")
    assert errors == []


def test_two_stacks_compared_each_grid_picks_its_own_cell_at_one_step(page: Page, server_url, screenshot):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server_url + "/layers?L=2&bi1=on&u1=2&rs2=off&BL=2&Bk1=gru&Bk2=gru&Brs2=off&seq=pulse&n=12&head=3")
    wait_for_app(page)
    expect(page.locator(".lv-stack-grid")).to_have_count(2)
    scene.install(page)
    expect(page.locator(".lv-diagram")).to_have_count(2)  # one cell of each stack, side by side
    page.locator('.lv-stack-node[data-cell="1"][data-t="2"]').click()  # stack A, layer 1 backward, at t = 2
    page.locator('.lv-stack-node[data-cell="3"][data-t="2"]').click()  # stack B, layer 1 (a GRU), at t = 2
    expect(page.locator(".lv-step-text").first).to_have_attribute("data-t", "2")
    steps = page.evaluate(
        "() => [...window.__lvRoot().querySelectorAll('.lv-diagram')].map((d) => Number(d.dataset.t))"
    )
    titles = page.evaluate(
        "() => [...window.__lvRoot().querySelectorAll('.lv-diagram-step')].map((d) => d.textContent)"
    )
    assert steps == [11 - 2, 2]  # the backward cell at its own step, the GRU at t
    assert "Layer 1" in titles[0] and "backward" in titles[0] and "reading x at t = 2" in titles[0]
    assert "GRU" in titles[1] and titles[1].endswith("t = 2")
    page.locator("h1").first.click()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".lv-step-text").first).to_have_attribute("data-t", "3")
    steps = page.evaluate(
        "() => [...window.__lvRoot().querySelectorAll('.lv-diagram')].map((d) => Number(d.dataset.t))"
    )
    assert steps == [8, 3]
    screenshot(page, "layers_compare")
    assert errors == []


DOCS = Path(__file__).resolve().parents[2] / "docs"
DOCS_LINK = "layers?L=2&bi1=on&u1=2&u2=3&rs2=off&head=3&seq=sine&n=12&t=4"


def test_on_a_projector_and_in_russian_the_grid_and_the_head_fit_and_the_docs_screenshots(browser, server_url):
    for lang in ("en", "ru"):
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{server_url}/{DOCS_LINK}&lang={lang}")
        wait_for_app(page)
        expect(page.locator(".lv-stack-grid")).to_be_visible()
        page.wait_for_timeout(500)
        page.screenshot(path=str(DOCS / f"layers_{lang}.png"))
        lecture_mode(page, server_url, DOCS_LINK, lang)
        expect(page.locator(".lv-stack-grid")).to_be_visible()
        page.wait_for_timeout(500)
        assert in_view(page, page.locator(".lv-stack-grid")) and in_view(page, page.locator(".lv-stack-head-box"))
        if lang == "ru":
            assert russian_number_problems(page) == []
        page.screenshot(path=str(DOCS / f"layers-lecture.{lang}.png"))
        page.close()


def test_the_downloaded_stack_plays_offline_and_picks_a_grid_cell(page: Page, server_url, browser, tmp_path):
    page.goto(server_url + "/" + DOCS_LINK + "&lang=ru")
    wait_for_app(page)
    expect(page.locator(".lv-stack-grid")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]t=4\b"), timeout=15_000)
    with page.expect_download() as download:
        page.locator(".st-key-layers_offline button").first.click()
    path = tmp_path / "stack.html"
    download.value.save_as(path)
    view, requests, offline = scene.offline_view(browser, path)
    expect(view.locator(".lv-step-text")).to_have_attribute("data-t", "4")
    expect(view.locator(".lv-stack-label")).to_have_count(3)
    view.locator('.lv-stack-node[data-cell="1"][data-t="7"]').click()  # the backward cell, at t = 7
    expect(view.locator(".lv-step-text")).to_have_attribute("data-t", "7")
    expect(view.locator(".lv-diagram")).to_have_attribute("data-t", "4")  # its own step 11 − 7
    view.keyboard.press("ArrowRight")
    expect(view.locator(".lv-step-text")).to_have_attribute("data-t", "8")
    assert scene.asked_the_network(requests) == []
    offline.close()
