"""Accessibility in Chromium (issue 25): axe-core on every page, in English and Russian, normal and lecture mode;
the diagram's text contrast (axe does not look inside SVG); one live-region sentence per step; challenges passed
reduced motion and target sizes."""

import pytest
from playwright.sync_api import Page, expect

from lstm_viz.scene.contrast import ratio
from tests.browser import a11y
from tests.browser.helpers import wait_for_app

PAGES = ("", "layers", "why-lstm", "challenges", "lectures", "alphabet", "faces", "faces-lab", "forecasting",
         "neurons", "your-model")  # fmt: skip
MODES = {"en": "lang=en", "ru": "lang=ru", "en-lecture": "lang=en&lecture=1", "ru-lecture": "lang=ru&lecture=1"}
# Streamlit's own markup that we cannot change: its sidebar's collapse button (role=presentation with a tab stop)
UNFIXABLE = {"presentation-role-conflict"}


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, timeout=60_000)
    page.wait_for_timeout(600)


@pytest.mark.parametrize("mode", list(MODES))
def test_axe_finds_nothing_on_any_page(browser, server_url, mode):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    found = {}
    for name in PAGES:
        open_page(page, f"{server_url}/{name}?{MODES[mode]}")
        problems = [v for v in a11y.violations(page) if v["id"] not in UNFIXABLE]
        if problems:
            found[name or "explorer"] = [(v["id"], v["impact"], v["targets"][:2]) for v in problems]
    context.close()
    assert found == {}, found


SVG_CONTRAST = """
() => {
  const root = window.__lvRoot();
  const parse = (c) => (c.match(/\\d+(\\.\\d+)?/g) || []).slice(0, 3).map(Number);
  const hex = (c) => '#' + parse(c).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  const out = [];
  for (const node of root.querySelectorAll('.lv-scene svg text, .lv-scene svg tspan')) {
    if (!node.textContent.trim() || (node.tagName === 'text' && node.querySelector('tspan[fill]'))) continue;
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    let background = '#f0f0f0';  // the darkest light background text sits on (the frame is #f7f7f7)
    const box = node.classList.contains('lv-box-label') && node.parentNode.querySelector('rect');
    if (box) background = box.getAttribute('fill');
    out.push({ text: node.textContent.slice(0, 30), fill: hex(style.fill), background });
  }
  return out;
}
"""


def svg_text_colours(page: Page) -> list[dict]:
    from tests.browser import scene

    scene.install(page)
    return page.evaluate(SVG_CONTRAST)


@pytest.mark.parametrize("link", ["?seq=pulse&n=20&t=3", "?kind=gru&t=3", "?kind=peephole&pf=1&t=3",
                                  "?kind=coupled&lecture=1&t=3", "?Bkind=rnn&kind=lstm&t=3"])  # fmt: skip
def test_every_text_in_the_diagram_bars_and_charts_reads_at_4_5_to_1(page: Page, server_url, link):
    open_page(page, server_url + "/" + link)
    texts = svg_text_colours(page)
    assert len(texts) > 20
    low = [(t["text"], t["fill"], t["background"], round(ratio(t["fill"], t["background"]), 2)) for t in texts
           if ratio(t["fill"], t["background"]) < 4.5]  # fmt: skip
    assert low == []


def test_one_live_sentence_per_step_in_the_pages_language(page: Page, server_url):
    open_page(page, server_url + "/?seq=pulse&n=20&lang=ru")
    live = page.locator(".lv-live")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_contain_text("Шаг 0 из 19")
    before = int(live.get_attribute("data-updates"))
    page.locator("h1").first.click()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(live).to_contain_text("Шаг 3 из 19")
    assert int(live.get_attribute("data-updates")) - before == 3  # exactly one sentence per step
    text = live.inner_text()
    assert "сохраняет" in text and "c = " in text and "h = " in text  # the forget gate's share of c, c and h
    table = page.locator(".lv-table-box").first
    table.locator("summary").click()
    expect(table.locator("caption")).to_contain_text("t = 3")
    page.keyboard.press("ArrowRight")
    expect(table.locator("caption")).to_contain_text("t = 4")  # the table follows the step


def test_reduced_motion_and_target_sizes(browser, server_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    page = context.new_page()
    open_page(page, server_url + "/?seq=sine&n=20")
    from tests.browser import scene

    scene.install(page)
    durations = page.evaluate(
        "() => [...window.__lvRoot().querySelectorAll('.lv-scene *')].map(n => getComputedStyle(n).transitionDuration)"
        ".filter(d => d && d.split(',').some(x => parseFloat(x) > 0))"
    )
    assert durations == []
    small = page.evaluate(
        "() => [...window.__lvRoot().querySelectorAll('.lv-scene button, .lv-scene select, .lv-scene input, "
        ".lv-scene summary')].map(n => n.getBoundingClientRect())"
        ".filter(r => r.width && (r.width < 24 || r.height < 24))"
        ".map(r => [r.width, r.height])"
    )
    assert small == []  # WCAG 2.5.8: every target at least 24 × 24 px
    context.close()
