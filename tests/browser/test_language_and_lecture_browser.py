"""Russian interface and lecture mode in a real browser (issue 8)."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import choose, wait_for_app


def test_switch_to_russian_and_keep_it_across_pages(page: Page, server_url, screenshot):
    page.goto(server_url)
    wait_for_app(page)
    choose(page, "lang", "Русский")
    expect(page.get_by_role("heading", name="Исследователь ячейки LSTM")).to_be_visible()
    expect(page.get_by_text("Число нейронов (размер скрытого состояния)", exact=True)).to_be_visible()
    expect(page.locator(".st-key-seq").get_by_role("combobox")).to_have_value("Одиночный импульс")  # in Russian
    expect(page.locator(".lv-next")).to_have_text(re.compile("Вперёд"))
    expect(page.locator(".lv-notes strong").first).to_have_text("Вентиль забывания")  # a gate's note
    expect(page.locator(".lv-step-text")).to_contain_text("1,00")  # numbers with a decimal comma
    assert "lang=ru" in page.url
    screenshot(page, "explorer_russian")

    page.get_by_role("link", name="Зачем LSTM").click()  # the sidebar's page links are Russian too
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Зачем LSTM?")).to_be_visible()
    expect(page.get_by_text("Масштаб рекуррентных весов RNN ‖U‖")).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").first).to_contain_text(",")  # 4,09e-04
    page.wait_for_timeout(300)
    assert "lang=ru" in page.url
    screenshot(page, "why_lstm_russian")

    choose(page, "lang", "English")
    expect(page.get_by_role("heading", name="Why LSTM?")).to_be_visible()
    expect(page.get_by_text("Traceback")).to_have_count(0)


def font_size(page: Page, selector: str) -> float:
    return float(page.locator(selector).first.evaluate("element => parseFloat(getComputedStyle(element).fontSize)"))


def test_lecture_mode_enlarges_and_hides(page: Page, server_url, screenshot):
    link = "/?seq=step&n=12&t=4"
    page.goto(server_url + link)
    wait_for_app(page)
    normal = font_size(page, ".lv-step-text"), font_size(page, ".lv-notes p")
    next_height = page.locator(".lv-next").bounding_box()["height"]
    expect(page.get_by_text("Show the code that computed these numbers")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "false")
    screenshot(page, "explorer_normal_mode")

    page.goto(server_url + link + "&lecture=1")  # a link prepared for a moment of the lecture
    wait_for_app(page)
    page.wait_for_timeout(500)
    lecture = font_size(page, ".lv-step-text"), font_size(page, ".lv-notes p")
    assert lecture[0] > normal[0] * 1.3 and lecture[1] > normal[1] * 1.2  # the title stays compact: room for the cell
    assert page.locator(".lv-next").bounding_box()["height"] > next_height * 1.3  # large step buttons
    expect(page.get_by_text("Show the code that computed these numbers")).to_have_count(0)
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    expect(page.locator(".lv-summary")).to_have_text(re.compile(r"^t = 4, x = "))  # the link's step, in numbers
    assert "lecture=1" in page.url and "t=4" in page.url
    screenshot(page, "explorer_lecture_mode")
