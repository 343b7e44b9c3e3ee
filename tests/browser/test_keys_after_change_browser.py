"""The keys and the clicker after a change (issue 25): the scene is drawn again with new data, and its keys, the step
on screen, the diagram and the link's t must still agree. (The earlier tests stepped only on a fresh page.)"""

import pytest
from playwright.sync_api import Page, expect

from tests.browser import scene
from tests.browser.changes import CHANGES, agree, change_weight, open_at
from tests.browser.helpers import slider_value, wait_for_app


@pytest.mark.parametrize("change", list(CHANGES))
def test_keys_step_the_scene_after_a_change(page: Page, server_url, change):
    open_at(page, server_url + "/?seq=sine&n=20&t=3")
    agree(page, 3)
    CHANGES[change](page)
    agree(page, 3)  # the change kept the step
    page.locator("h1").first.click()  # "click the page", as a lecturer does before using the clicker
    for key in ("ArrowRight", "ArrowRight", "ArrowLeft", "PageDown"):
        page.keyboard.press(key)
    agree(page, 5)
    scene.click(page, "next")  # the button goes on from the step on screen (it jumped to a hidden counter's)
    agree(page, 6)
    page.locator("h1").first.click()
    page.keyboard.press("Space")
    expect(page.locator(".lv-scene [data-action=pause]").first).to_be_visible()
    page.wait_for_timeout(700)
    page.keyboard.press("Space")
    expect(page.locator(".lv-scene [data-action=play]").first).to_be_visible()
    shown = scene.step_shown(page)
    assert shown > 6
    agree(page, shown)


def test_a_clicker_never_moves_the_slider_that_has_focus(page: Page, server_url):
    open_at(page, server_url + "/?seq=sine&n=20&t=3")
    change_weight(page)  # the slider keeps the focus
    before = slider_value(page, "W_i_0_0")
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    page.keyboard.press("PageUp")
    agree(page, 4)  # the clicker stepped the cell
    page.wait_for_timeout(300)
    wait_for_app(page)
    assert slider_value(page, "W_i_0_0") == before  # and left the weight alone


def test_a_bad_input_keeps_the_step_the_user_had(page: Page, server_url):
    """The message about a bad input appears above the scene, so Streamlit mounts the scene anew: the step the user
    stepped to must survive it (it went back to where the page had opened), and the keys must go on from it."""
    open_at(page, server_url + "/?seq=custom&x=0,0.5,1,0.5,0,-0.5&t=1")
    agree(page, 1)
    page.locator("h1").first.click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    agree(page, 3)
    box = page.locator(".st-key-custom input")
    box.fill("0, 0.5, two")
    box.press("Enter")
    expect(page.get_by_text("Item 3, “two”, is not a number.")).to_be_visible()
    agree(page, 3)
    expect(page.locator(".lv-summary").first).to_contain_text("x = 0.50")  # the last valid input, still drawn
    page.locator("h1").first.click()
    page.keyboard.press("ArrowRight")
    agree(page, 4)
