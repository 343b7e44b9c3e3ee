"""Backward mode in a real browser (issue 29): the scene steps from the last step to the first with the same buttons
and keys, the diagram's wires carry the gradients (δ labels whose numbers change from step to step), the
equations are the backward step's, and all of it still works after a weight moves (the dead-keys lesson)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import scene
from tests.browser.changes import change_kind, change_weight, open_at
from tests.browser.helpers import after_rerun, choose_option, slider_value, wait_for_app

LINK = "/?seq=sine&n=20&grad=squared&y=0.8&at=all"


def wire_labels(page: Page) -> str:
    return " | ".join(page.locator(".lv-diagram .lv-wire-label").all_text_contents())


def test_backward_steps_from_the_last_step_with_buttons_and_keys(page: Page, server_url, screenshot):
    open_at(page, server_url + LINK)
    scene.install(page)
    assert scene.step_shown(page) == 19  # the gradient starts at the last step
    expect(page.locator(".lv-diagram-step")).to_have_text(re.compile(r"t = 19 · backward$"))
    expect(page.locator(".lv-step-text")).to_contain_text("Backward")
    expect(page.locator(".lv-diagram .lv-wire-label").first).to_contain_text("δ")
    labels = wire_labels(page)
    scene.click(page, "next")  # next in backward order: one step earlier
    assert scene.step_shown(page) == 18
    assert wire_labels(page) != labels  # every wire shows this step's gradient
    scene.click(page, "back")
    assert scene.step_shown(page) == 19
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for key, expected in (("ArrowRight", 18), ("ArrowRight", 17), ("End", 0), ("Home", 19), ("ArrowLeft", 19),
                          ("PageDown", 18)):  # fmt: skip
        page.keyboard.press(key)
        assert scene.step_shown(page) == expected, key
    equations = page.locator(".lv-equations.lv-backward")
    expect(equations).to_contain_text("δc")
    expect(page.locator(".lv-charts")).to_contain_text("|δc|")
    screenshot(page, "explorer_backward")


def test_keys_still_step_backwards_after_a_weight_moves_and_the_gradient_changes(page: Page, server_url):
    open_at(page, server_url + LINK)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert scene.step_shown(page) == 15
    before = page.locator(".lv-equations").first.inner_text()
    caption = page.locator("[data-testid=stSidebar]").get_by_text(re.compile("∂L/∂Wi = ")).first
    expect(caption).to_be_visible()
    shown_gradient = caption.inner_text()
    change_weight(page)
    expect(page.locator(".lv-equations").first).not_to_have_text(before, timeout=10_000)
    assert scene.step_shown(page) == 15  # the browser kept its step
    expect(caption).not_to_have_text(shown_gradient)  # ∂L/∂W beside the slider follows the new weights
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("ArrowRight")
    assert scene.step_shown(page) == 14  # the keys still work on the new scene
    page.keyboard.press("Home")
    assert scene.step_shown(page) == 19


def test_choosing_backward_mode_in_the_sidebar_and_back(page: Page, server_url):
    open_at(page, server_url + "/?seq=sine&n=20")
    assert scene.step_shown(page) == 0
    choose_option(page, "grad", "gradient flow")
    expect(page.locator(".lv-diagram-step")).to_have_text(re.compile(r"t = 19 · backward$"))
    expect(page).to_have_url(re.compile(r"[?&]grad=flow"), timeout=5_000)
    choose_option(page, "grad", "forward pass")
    expect(page.locator(".lv-diagram-step")).to_have_text(re.compile(r"t = 0$"))


WORDS = {"en": ("Backward", "Back along the cell state"), "ru": ("Обратный проход", "Назад по состоянию ячейки")}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_backward_mode_in_lecture_mode_at_1280_by_720(browser, server_url, lang, screenshot):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        open_at(page, server_url + LINK + f"&lang={lang}&lecture=1")
        step, note = WORDS[lang]
        expect(page.locator(".lv-step-text")).to_contain_text(step)
        expect(page.locator(".lv-notes")).to_contain_text(note)
        screenshot(page, f"explorer_backward_lecture_{lang}", full_page=False)
    finally:
        page.close()


def test_backward_mode_in_russian(page: Page, server_url, screenshot):
    open_at(page, server_url + LINK + "&lang=ru")
    expect(page.locator(".lv-step-text")).to_contain_text("Обратный проход")
    expect(page.locator(".lv-equations")).to_contain_text("δc")
    screenshot(page, "explorer_backward_ru")


def test_a_pinned_gate_says_no_gradient_flows_into_it(page: Page, server_url):
    open_at(page, server_url + LINK + "&pf=1")
    expect(page.locator(".lv-equations")).to_contain_text("pinned part is a constant")
    expect(page.locator(".lv-equations")).to_contain_text(re.compile(r"=\s?\([^,()]+,\s?0\.00,"))  # δz_f = 0 (pinned)


def choose_task(page: Page, task: str) -> None:
    """Pick a task by typing its name, opening the training section of the sidebar first if a rerun closed it."""
    if not page.locator(".st-key-train_task").first.is_visible():
        page.get_by_text("Train this cell").click()
    choose_option(page, "train_task", task)


def press_train(page: Page, button: str = "train") -> None:
    """Press Train (or Back), opening its section of the sidebar first if a rerun closed it."""
    if not page.locator(f".st-key-{button} button").first.is_visible():
        page.get_by_text("Train this cell").click()
    after_rerun(page, page.locator(f".st-key-{button} button").first.click)


def open_training(page: Page, server_url: str, task: str) -> None:
    open_at(page, server_url + "/?seq=sine&n=20")
    page.get_by_text("Train this cell").click()
    choose_option(page, "train_task", task)


def test_train_moves_the_sliders_and_the_replay_plays_to_the_task_done(page: Page, server_url, screenshot):
    open_training(page, server_url, "remember a pulse")
    expect(page.locator(".lv-charts").first).to_contain_text("remember a pulse", timeout=15_000)  # its targets drawn
    after_rerun(page, page.locator(".st-key-part").get_by_text("forget").click)
    before = slider_value(page, "b_f_0")
    press_train(page)
    expect(page.get_by_text(re.compile(r"Trained \d+ updates"))).to_be_visible()
    expect(page.locator(".lv-training")).to_have_attribute("data-playing", "false", timeout=15_000)
    expect(page.locator(".lv-training-status")).to_contain_text("The task is done")
    assert slider_value(page, "b_f_0") > before + 0.2  # the forget gate's bias rose
    screenshot(page, "explorer_trained")
    press_train(page, "train_back")
    assert slider_value(page, "b_f_0") == before


def test_stop_keeps_the_weights_of_the_frame_on_screen(page: Page, server_url):
    open_training(page, server_url, "Plain RNN")  # 300 updates: a replay of 60 frames, 2.5 s
    press_train(page)
    # (a busy CI: the run may wait in the queue behind another test's; the sliders hold its end once it replays)
    expect(page.locator(".lv-training")).to_have_attribute("data-playing", "true", timeout=60_000)
    final = slider_value(page, "U_h_0_0")
    page.wait_for_timeout(600)
    page.locator(".lv-training-stop").click()
    expect(page.get_by_text(re.compile(r"Stopped at update \d+"))).to_be_visible(timeout=10_000)
    wait_for_app(page)
    stopped = slider_value(page, "U_h_0_0")
    assert stopped != final  # the weights of the frame stopped at, not the end of the run
    expect(page.locator(".lv-training")).to_have_attribute("data-playing", "false")


def test_a_new_run_after_a_stop_plays_to_its_end(page: Page, server_url):
    """A Stop belongs to its run: after Stop (and Back, and the task again) a new replay is not stopped at the old
    frame."""
    open_training(page, server_url, "Plain RNN")
    press_train(page)
    expect(page.locator(".lv-training")).to_have_attribute("data-playing", "true", timeout=20_000)  # (a busy CI)
    page.wait_for_timeout(500)
    page.locator(".lv-training-stop").click()
    expect(page.get_by_text(re.compile(r"Stopped at update \d+"))).to_be_visible(timeout=10_000)
    wait_for_app(page)
    press_train(page, "train_back")
    choose_task(page, "remember a pulse")  # another task, then the plain RNN's again: its cell from its start
    choose_task(page, "Plain RNN")
    press_train(page)
    expect(page.locator(".lv-training")).to_have_attribute("data-playing", "true", timeout=20_000)  # (a busy CI)
    expect(page.locator(".lv-training")).to_have_attribute("data-playing", "false", timeout=15_000)
    expect(page.locator(".lv-training-status")).to_contain_text("Update 300 of 300")
    assert not page.get_by_text(re.compile(r"Stopped at update")).count()


def test_backward_mode_survives_a_kind_change_and_a_reload(page: Page, server_url):
    open_at(page, server_url + LINK)
    change_kind(page)
    expect(page.locator(".lv-diagram-step")).to_have_text(re.compile(r"GRU.* · t = 19 · backward$"))
    expect(page.locator(".lv-diagram .lv-wire-label").first).to_contain_text("δ")
    expect(page.locator(".lv-equations.lv-backward")).to_contain_text("δ")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("ArrowRight")
    assert scene.step_shown(page) == 18  # the keys step backwards on the new kind's scene
    expect(page).to_have_url(re.compile(r"[?&]grad=squared"), timeout=5_000)
    page.reload()
    wait_for_app(page)
    expect(page.locator(".lv-diagram-step")).to_have_text(re.compile(r"GRU.* · t = 19 · backward$"))
    expect(page.locator(".lv-diagram .lv-wire-label").first).to_contain_text("δ")


def test_a_replay_in_backward_mode_shows_gradients_only_on_the_frame_that_stays(page: Page, server_url):
    """The gradients the server sent are the trained cell's: the frames on the way there show their values only."""
    open_at(page, server_url + LINK)
    press_train(page)  # "my loss": backward mode's squared error, 300 updates (a replay of about 2.5 s)
    expect(page.locator(".lv-training")).to_have_attribute("data-playing", "true", timeout=20_000)  # (a busy CI)
    labels = page.locator(".lv-diagram .lv-wire-label")
    assert "δ" not in " ".join(labels.all_text_contents())  # mid-replay: the frame's own values, no stale δ
    expect(page.locator(".lv-charts").first).not_to_contain_text("|δc|")
    expect(page.locator(".lv-training")).to_have_attribute("data-playing", "false", timeout=15_000)
    expect(labels.first).to_contain_text("δ")
    expect(page.locator(".lv-diagram-step")).to_have_text(re.compile(r"t = 19 · backward$"))
    expect(page.locator(".lv-charts").first).to_contain_text("|δc|")
