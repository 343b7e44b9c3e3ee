"""What neurons learn in a real browser: train a small character model on a pasted text, see the coloured text view
(colours from the unit's values, hover values, the quantity switched without Python, the text selectable), open a
unit in the explorer; and the counting models' chart."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import open_from_sidebar, type_number, wait_for_app

TEXT = (Path(__file__).resolve().parents[2] / "lstm_viz" / "neurons" / "features.py").read_text()


def test_train_a_character_model_and_read_a_unit(page: Page, server_url, screenshot):
    open_from_sidebar(page, server_url, "What neurons learn")
    page.locator(".st-key-neurons_source").get_by_text("Your own text").click()
    wait_for_app(page)
    page.locator(".st-key-neurons_paste textarea").fill(TEXT * 4)
    page.locator(".st-key-neurons_paste textarea").press("Control+Enter")
    wait_for_app(page)
    type_number(page, "neurons_len", "50")
    type_number(page, "neurons_epochs", "3")
    page.locator(".st-key-neurons_train button").click()
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=30_000)
    view = page.locator(".tv-text")
    expect(view).to_be_visible(timeout=240_000)
    wait_for_app(page)
    bits = page.get_by_test_id("stMetric").filter(has_text=re.compile("^Held-out bits per character"))
    assert float(bits.get_by_test_id("stMetricValue").inner_text()) > 0
    expect(page.locator(".st-key-neurons_table")).to_be_visible()
    # colours: the characters' backgrounds vary with the unit's c (the default quantity)
    spans = page.locator(".tv-ch")
    count = spans.count()
    assert 1000 <= count <= 2000
    colours = spans.evaluate_all("(nodes) => new Set(nodes.map((n) => n.style.backgroundColor)).size")
    assert colours > 20
    expect(page.locator(".tv-root")).to_have_attribute("data-quantity", "c")
    # hover: the character's values
    spans.nth(12).hover()
    tip = page.locator(".tv-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Character 13")
    expect(tip).to_contain_text("f (forget gate)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".tv-root").first.screenshot(path=str(SCREENSHOTS / "neurons_text_view.png"))
    # the quantity switches in the browser, with no rerun: other colours
    paint = "(nodes) => nodes.slice(0, 300).map((n) => n.style.backgroundColor).join(';')"
    before = spans.evaluate_all(paint)
    page.locator(".tv-choice", has_text="f (forget gate)").click()
    expect(page.locator(".tv-root")).to_have_attribute("data-quantity", "f")
    assert spans.evaluate_all(paint) != before
    # selectable text: the passage's characters, with no ↵ marks in them
    selected = view.evaluate(
        "(node) => { const range = document.createRange(); range.selectNodeContents(node);"
        " window.getSelection().removeAllRanges(); window.getSelection().addRange(range);"
        " return window.getSelection().toString(); }"
    )
    assert "↵" not in selected, selected[-80:]
    passage = spans.evaluate_all("(nodes) => nodes.map((n) => n.lastChild.textContent).join('')")
    assert len(passage) == count and selected == passage.rstrip("\n")  # what a reader copies is the text
    screenshot(page, "neurons_trained")
    # a row of the table shows its unit
    table = page.locator(".st-key-neurons_table")
    cells = table.locator("table tr").nth(2).locator("td").all_text_contents()  # the grid's hidden a11y table
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # the grid draws on a canvas: let it settle where it scrolled to
    box = table.locator("[data-testid='stDataFrameResizable']").bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + 35 + 35 + 17)  # the second data row's selection box
    wait_for_app(page)
    unit = next(cell.strip() for cell in cells[1:] if cell.strip().isdigit())
    expect(page.locator(".tv-root")).to_have_attribute("data-unit", unit, timeout=15_000)
    # then into the explorer with the whole layer on a one-hot passage
    page.locator(".st-key-neurons_explorer_open summary").click()
    wait_for_app(page)
    page.locator(".st-key-neurons_to_explorer button").click()
    expect(page.locator(".lv-scene .lv-diagram")).to_be_visible(timeout=60_000)
    note = re.compile("The trained character LSTM reading «.+» \\(\\d+ characters\\)")
    expect(page.get_by_text(note)).to_be_visible()


def test_counting_models_chart(page: Page, server_url, screenshot):
    open_from_sidebar(page, server_url, "What neurons learn")
    page.get_by_role("tab", name="A counting model (aⁿbⁿ)").click()
    wait_for_app(page)
    type_number(page, "count_n", "4")
    page.locator(".st-key-count_train button").click()
    expect(page.locator(".st-key-count_accuracy")).to_be_visible(timeout=240_000)
    expect(page.locator(".st-key-count_counter")).to_be_visible()
    expect(page.get_by_text(re.compile("The LSTM (answers|does not answer)"))).to_be_visible()
    screenshot(page, "neurons_counting")


def test_hostile_uploads_get_a_clear_message(page: Page, server_url, tmp_path):
    open_from_sidebar(page, server_url, "What neurons learn")
    page.locator(".st-key-neurons_source").get_by_text("Your own text").click()
    wait_for_app(page)
    cases = {
        "big.txt": (b"print('hello')\n" * 80_000, "larger than 1 MB"),  # 1.2 MB: past our limit, under the widget's
        "image.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
        "latin1.txt": ("café au lait, crème brûlée\n".encode("latin-1") * 20, "not UTF-8"),
        "empty.txt": (b"", "empty"),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        page.locator(".st-key-neurons_upload input[type=file]").set_input_files(str(path))
        wait_for_app(page)
        expect(page.get_by_test_id("stAlert").filter(has_text=message)).to_be_visible(timeout=15_000)
        expect(page.locator(".st-key-neurons_train")).to_have_count(0)  # nothing to train on
    expect(page.locator(".st-key-neurons_epochs input")).to_have_value("12")  # the settings are still there
