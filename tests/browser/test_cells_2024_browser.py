"""The cells of 2024 (issue 30) in a real browser: an sLSTM and a minGRU stepped with the keys before and after a
change of kind, each with its h computed another way beside the loop's (the float32 run without the stabilizer
breaks where e^ĩ overflows; the parallel scan matches), and the compare preset that revises a stored value."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from lstm_viz.explorer import link, presets
from lstm_viz.explorer.config import CellConfig, ExplorerConfig
from tests.browser import scene
from tests.browser.helpers import after_rerun, choose_option, wait_for_app


def preset_link(kind: str, name: str) -> str:
    config, t = presets.apply(name, ExplorerConfig(cell=CellConfig.fresh(kind, 1)))
    return "/?" + link.query_string(link.to_query(config, t)).replace(" ", "%20")


def open_at(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.locator(".lv-scene .lv-diagram").first).to_be_visible()
    scene.install(page)


def press(page: Page, key: str) -> None:
    page.evaluate("document.activeElement && document.activeElement.blur()")  # the page has the focus, as a clicker
    page.keyboard.press(key)


def test_slstm_steps_with_the_keys_and_shows_where_float32_without_m_breaks(page: Page, server_url, screenshot):
    open_at(page, server_url + preset_link("slstm", "stabilizer"))
    assert scene.step_shown(page) == 5
    expect(page.locator(".lv-diagram-step").first).to_have_text("sLSTM (xLSTM, 2024) · t = 5")
    charts = page.locator(".lv-charts").first
    expect(charts).to_contain_text("float32 without the stabilizer m: not a number from t = 5 on")
    expect(charts).to_contain_text("stabilizer m")
    for key, expected in (("Home", 0), ("ArrowRight", 1), ("End", 10), ("ArrowLeft", 9)):
        press(page, key)
        assert scene.step_shown(page) == expected, key
    expect(page.locator(".lv-summary").first).to_contain_text("n = ")
    screenshot(page, "cells_2024_slstm_stabilizer")

    choose_option(page, "kind", "minGRU (2024)")  # a change of kind: the keys must still step
    expect(page.locator(".lv-diagram-step").first).to_contain_text("minGRU (2024)")
    expect(page.locator(".lv-charts").first).to_contain_text("parallel scan (no loop): at most")
    press(page, "Home")
    assert scene.step_shown(page) == 0
    press(page, "ArrowRight")
    press(page, "ArrowRight")
    assert scene.step_shown(page) == 2
    expect(page.locator(".lv-diagram").first).to_have_attribute("data-t", "2")


def test_min_lstm_opens_with_its_normalised_gates_and_its_scan(page: Page, server_url):
    open_at(page, server_url + preset_link("min_lstm", "long_memory"))
    assert scene.step_shown(page) == 2
    expect(page.locator(".lv-summary").first).to_contain_text("f′ = 0.02")
    expect(page.locator(".lv-charts").first).to_contain_text("parallel scan (no loop): at most")


def test_the_compare_preset_revise_shows_the_slstm_keeping_what_the_lstm_loses(page: Page, server_url, screenshot):
    config, t = presets.compare("revise")
    open_at(page, server_url + "/?" + link.query_string(link.to_query(config, t)).replace(" ", "%20"))
    expect(page.locator(".lv-diagram-step")).to_have_count(2)
    expect(page.locator(".lv-charts").first).to_contain_text("Both cells' hidden state h")
    press(page, "End")
    summary = page.locator(".lv-summary").first  # (one line for both cells)
    expect(summary).to_contain_text("h = 0.76")  # tanh(2 / 2): the largest input, kept
    expect(summary).to_contain_text("h = 0.43")  # the LSTM's, overwritten by x = 1
    screenshot(page, "cells_2024_compare_revise")


def test_mlstm_draws_its_memory_matrix_and_it_changes_with_the_step(page: Page, server_url, screenshot):
    open_at(page, server_url + "/?seq=pulse&n=12&kind=mlstm&units=2&W=1,-0.7,1,-0.7,2,-1.4,0,0,6,0&t=1")
    matrix = page.locator(".lv-matrices").first
    expect(matrix).to_contain_text("memory matrix (2 × 2)")
    values = matrix.locator(".lv-matrix-value")
    expect(values).to_have_count(4)
    labels = page.locator(".lv-diagram").first.locator(".lv-wire-label").all_text_contents()
    memory = [label for label in labels if label.startswith(("Ct", "f′C"))]  # C₍t−1₎, f′C₍t−1₎, C₍t₎ (not Cq)
    assert len(memory) == 3 and not any("=" in label for label in memory), labels  # named, not given a number
    before = values.all_text_contents()
    press(page, "ArrowRight")  # t = 2: the pulse writes v kᵀ
    assert scene.step_shown(page) == 2
    expect(values.first).not_to_have_text(before[0])
    expect(page.locator(".lv-charts").first).to_contain_text("parallel form (one gated attention matrix): at most")
    screenshot(page, "cells_2024_mlstm")


def test_linear_attention_sets_its_loop_beside_attention_and_softmax(page: Page, server_url):
    open_at(page, server_url + "/?seq=sine&n=30&kind=linear_attention&units=2&t=6")
    charts = page.locator(".lv-charts").first
    expect(charts).to_contain_text("one masked attention matrix: at most")
    expect(charts).to_contain_text("softmax attention on the same q, k, v (keeps every k and v): at most")
    expect(page.locator(".lv-matrices").first).to_contain_text("state matrix (2 × 2)")


def test_associative_recall_loaded_from_the_sidebar_reads_a_value_typed_anew(page: Page, server_url, screenshot):
    """The mLSTM's recall preset as a user loads it, then a stored value typed anew in the input of four features:
    the read-out follows, and the keys still step after the change."""
    open_at(page, server_url + "/?kind=mlstm")
    choose_option(page, "preset", "Associative recall")
    after_rerun(page, lambda: page.locator(".st-key-load_preset button").click())
    expect(page.locator(".lv-diagram").first).to_have_attribute("data-t", "3")
    summary = page.locator(".lv-summary").first
    expect(summary).to_contain_text("h = [0.70, 0.00]")  # asked for key (0.6, 0.8): the value stored with it
    box = page.locator(".st-key-custom input")
    expect(box).to_have_value("0.6, 0.8, 0.7, 1 | -0.8, 0.6, -0.4, 1 | -0.8, 0.6, 0, 0 | 0.6, 0.8, 0, 0")
    box.fill("0.6, 0.8, 0.3, 1 | -0.8, 0.6, -0.4, 1 | -0.8, 0.6, 0, 0 | 0.6, 0.8, 0, 0")
    after_rerun(page, lambda: box.press("Enter"))
    expect(summary).to_contain_text("h = [0.30, 0.00]")
    press(page, "Home")
    assert scene.step_shown(page) == 0
    for expected in (1, 2):
        press(page, "ArrowRight")
        assert scene.step_shown(page) == expected
    expect(summary).to_contain_text(re.compile(r"h = \[[−-]0\.40, 0\.00\]"))  # asked for the other key
    box.fill("0.6, 0.8, 0.3 | 1, 2")  # a step with a number missing: told, and the last valid input stays
    after_rerun(page, lambda: box.press("Enter"))
    expect(page.get_by_text("Step 2. It has 2 numbers where step 1 has 3")).to_be_visible()
    expect(summary).to_contain_text(re.compile(r"h = \[[−-]0\.40, 0\.00\]"))
    press(page, "ArrowRight")
    assert scene.step_shown(page) == 3


def test_the_compare_preset_recall_sets_the_mlstm_beside_a_trained_lstm(page: Page, server_url, screenshot):
    config, t = presets.compare("recall")
    open_at(page, server_url + "/?" + link.query_string(link.to_query(config, t)).replace(" ", "%20"))
    expect(page.locator(".lv-diagram-step")).to_have_count(2)
    assert scene.step_shown(page) == 3
    expect(page.locator(".lv-matrices").first).to_contain_text("memory matrix (2 × 2)")
    summary = page.locator(".lv-summary").first
    expect(summary).to_contain_text("h = [0.70, 0.00]")  # the mLSTM's read-out of key A
    expect(summary).to_contain_text("h = [0.04,")  # the trained LSTM's
    screenshot(page, "cells_2024_compare_recall")
