"""Your model in Chromium: a real upload opens its layers and the explorer; hostile uploads get their message and
leave the page working."""

import re

from playwright.sync_api import Page, expect

from tests import own_model_files as files
from tests.browser.helpers import wait_for_app


def upload(page: Page, key: str, name: str, data: bytes) -> None:
    page.locator(f".st-key-{key} input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": data}
    )
    wait_for_app(page, 120_000)


def test_upload_a_model_and_open_its_layer_in_the_explorer(page: Page, server_url, screenshot):
    page.goto(f"{server_url}/your-model")
    wait_for_app(page)
    upload(page, "own_upload", "mine.keras", files.good())
    expect(page.get_by_text(re.compile(r"largest \|NumPy − Keras\|"))).to_be_visible(timeout=60_000)
    expect(page.locator(".st-key-own_layer").get_by_role("combobox")).to_have_value(re.compile("forward direction"))
    screenshot(page, "your_model", full_page=True)
    page.locator(".st-key-own_open button").click()
    wait_for_app(page, 60_000)
    expect(page).to_have_url(re.compile(r"127\.0\.0\.1:\d+/\?"))  # the explorer
    expect(page.get_by_text("Your model's layer", exact=False)).to_be_visible()
    expect(page.locator(".lv-scene .lv-diagram").first).to_be_visible()
    expect(page.locator(".st-key-reset_origin button")).to_be_visible()


def test_hostile_uploads_get_their_message_and_the_page_keeps_working(page: Page, server_url):
    page.goto(f"{server_url}/your-model?lang=ru")
    wait_for_app(page)
    for name, data, message in (
        ("lambda.keras", files.with_lambda(), "слой Lambda"),
        ("old.keras", files.legacy_h5(), "HDF5"),
        ("notes.keras", files.text_file(), "Это не файл модели .keras"),
    ):
        upload(page, "own_upload", name, data)
        expect(page.get_by_text(message, exact=False)).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Traceback")).to_have_count(0)
    upload(page, "own_upload", "good.keras", files.good())
    expect(page.get_by_text("NumPy-ячейка повторяет Keras", exact=False)).to_be_visible(timeout=60_000)
