"""What neurons learn in a real browser: train a small character model on a pasted text, see the coloured text view
(colours from the unit's values, hover values, the quantity switched without Python, the text selectable), open a
unit in the explorer; and the counting models' chart."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import open_from_sidebar, type_number, wait_for_app
from tests.browser.lecture_checks import in_view, lecture_mode, russian_number_problems, truncated_labels

DOCS = Path(__file__).resolve().parents[2] / "docs"
LECTURE = {"width": 1280, "height": 720}  # a projector

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


@pytest.mark.parametrize(
    "path, slots",
    [
        ("neurons?tab=chars&chars_units=64&chars_epochs=1&chars_seed=17", ("neurons_char_job",)),
        ("neurons?tab=counting&count_n=5&count_seed=17", ("neurons_count_lstm", "neurons_count_gru")),
    ],
)
def test_a_reload_mid_run_finds_the_run_and_stop_stays_in_sight(page: Page, server_url, path, slots):
    """Issue 35, items 1 and 3: in lecture mode at 1280×720 in Russian, Train (settings no other test uses); Stop is
    in sight; a reload brings back the run's progress and Stop (the settings are in the link); Stop ends it."""
    page.set_viewport_size(LECTURE)
    lecture_mode(page, server_url, path, "ru")
    wait_for_app(page)
    train = "neurons_train" if "chars" in path else "count_train"
    page.locator(f".st-key-{train} button").click()
    expect(page.get_by_test_id("stProgress").first).to_be_visible(timeout=60_000)
    stops = [page.locator(f".st-key-{slot}_stop button").first for slot in slots]  # (a fragment may hold two)
    for stop in stops:
        expect(stop).to_be_visible(timeout=30_000)
    assert in_view(page, stops[0]), stops[0].bounding_box()
    page.reload()
    wait_for_app(page)
    expect(page.get_by_test_id("stProgress").first).to_be_visible(timeout=30_000)
    for stop in stops:
        expect(stop).to_be_visible()  # (a reloaded page opens at its top: the settings above the panel)
        stop.click()
    for slot in slots:
        expect(page.locator(f".st-key-{slot}_stop")).to_have_count(0, timeout=60_000)


LECTURE_VIEWS = {  # the runs the tests above trained: the character model is read from any run; n = 4 is counting's
    "chars": "neurons?tab=chars",
    "counting": "neurons?tab=counting&count_n=4&count_units=2&count_seed=0",
}


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("view", ["chars", "counting"])
def test_the_trained_page_in_lecture_mode(page: Page, server_url, view, lang):
    """Issue 35, items 2, 6, 7, 8: every metric label whole, every Russian number written the Russian way (text,
    metrics, the charts' number format); the docs' screenshots (the reading model). Needs the runs trained above."""
    page.set_viewport_size(LECTURE)
    lecture_mode(page, server_url, LECTURE_VIEWS[view], lang)
    wait_for_app(page)
    shown = page.locator(".tv-text" if view == "chars" else ".st-key-count_counter .js-plotly-plot")
    expect(shown).to_be_visible(timeout=60_000)
    wait_for_app(page)
    assert truncated_labels(page) == []
    if lang == "ru":
        assert russian_number_problems(page) == []
    if view == "chars":
        page.get_by_test_id("stMetric").first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(DOCS / f"neurons-lecture.{lang}.png"))
        page.locator(".st-key-neurons_passage_number").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / f"neurons_passage_lecture_{lang}.png"))
        shown.scroll_into_view_if_needed()
    else:
        page.locator(".st-key-count_counter").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"neurons_{view}_lecture_{lang}.png"))


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
