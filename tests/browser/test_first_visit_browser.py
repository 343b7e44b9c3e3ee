"""A first visit fetches every script the first screen (the explorer) draws with the page's own scripts
(ui.preload); another page's document, asked for compressed, names them too and its page works. (Every other browser
test runs through the same middleware: the pages after a change are theirs to check.)"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import wait_for_app
from ui import preload

NAMED = re.compile(r"static/js/([\w.\-]+\.js)")


def scripts_fetched(page: Page) -> set[str]:
    names = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    return {name.rsplit("/", 1)[-1].split("?")[0] for name in names if "/static/js/" in name}


@pytest.mark.parametrize("path", ["", "layers"])
def test_a_first_visit_asks_for_no_script_the_page_did_not_name(page: Page, server_url, path):
    document = page.request.get(f"{server_url}/{path}", headers={"Accept": "text/html", "Accept-Encoding": "gzip"})
    assert document.ok
    named = set(NAMED.findall(document.text()))
    ours = set(preload.chunks(preload.static_folder()))
    assert {name for name in ours if name.startswith(("Slider.", "BidiComponent.", "Radio."))} <= named
    page.goto(f"{server_url}/{path}?lang=en")
    wait_for_app(page, timeout=60_000)
    expect(page.locator(".lv-scene .lv-diagram").first).to_be_visible(timeout=30_000)
    if path:  # (a later page draws more: tables, code; their scripts are fetched as it draws them)
        return
    late = scripts_fetched(page) - named
    assert not late, f"scripts fetched only once the first run drew them (add their widget to ui.preload): {late}"
