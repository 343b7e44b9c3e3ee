"""What a projector must show on a training page (issue 35): every metric label and button in full, Stop in sight,
and every number in the Russian view written the Russian way (decimal comma, minus sign). Helpers for the pages'
browser tests; each returns what is wrong, so the assertion message names it."""

from __future__ import annotations

import re

from playwright.sync_api import Page

# A number with a decimal point (3.132, 0.04348, 97.1%), or a hyphen used as a minus sign (-0,9995), in Russian text.
# Not inside a word or a version (LSTM(64), v1.2, model.keras, 1-2): the lookbehinds keep letters and digits out.
POINT_DECIMAL = re.compile(r"(?<![\w.\-/:])\d+\.\d+(?![\w.])")
HYPHEN_MINUS = re.compile(r"(?<![\w\d)\]−-])-\d")

_TEXTS_JS = """() => {
  const skip = (node) => node.closest(
    'code, pre, a, [data-testid=stSidebar], .stCode, .katex, [data-testid=stDataFrame]');
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('[data-testid=stMain]') || document.body,
                                           NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || skip(parent)) continue;
    const text = node.textContent.trim();
    if (!text) continue;
    const box = parent.getBoundingClientRect();
    if (box.width === 0 && box.height === 0 && parent.namespaceURI !== 'http://www.w3.org/2000/svg') continue;
    out.push(text);
  }
  return out;
}"""


def russian_number_problems(page: Page) -> list[str]:
    """Texts on the page (paragraphs, captions, metrics, chart ticks and legends) with an English decimal point or a
    hyphen for a minus sign, and charts whose number format is not the page's (hover labels follow it)."""
    problems = []
    for text in page.evaluate(_TEXTS_JS):
        if POINT_DECIMAL.search(text) or HYPHEN_MINUS.search(text):
            problems.append(text[:160])
    separators = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => (gd.layout && gd.layout.separators) || '')"
    )
    problems += [f"a chart with separators {value!r}" for value in separators if not value.startswith(",")]
    return problems


def truncated_labels(page: Page) -> list[str]:
    """Metric labels, metric values and button labels whose text does not fit (cut, or ending in an ellipsis)."""
    return page.evaluate("""() => {
      const cut = [];
      const nodes = document.querySelectorAll(
        '[data-testid=stMain] [data-testid=stMetricLabel], [data-testid=stMain] [data-testid=stMetricValue], '
        + '[data-testid=stMain] [data-testid^=stBaseButton] [data-testid=stMarkdownContainer] p');
      for (const node of nodes) {
        const box = node.getBoundingClientRect();
        if (box.width === 0) continue;
        for (const el of [node, ...node.querySelectorAll('*')]) {
          const style = getComputedStyle(el);
          if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible'
              || style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
            cut.push(node.innerText.trim().slice(0, 80));
            break;
          }
        }
      }
      return cut;
    }""")


def in_view(page: Page, locator) -> bool:
    """Whether the element is inside the window without scrolling (a 720-px projector)."""
    box = locator.bounding_box()
    height = page.viewport_size["height"] if page.viewport_size else 720
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def lecture_mode(page: Page, server_url: str, path: str, lang: str = "ru") -> None:
    """Open ``path`` (a page and its query) in lecture mode and ``lang``."""
    joiner = "&" if "?" in path else "?"
    page.goto(f"{server_url}/{path.lstrip('/')}{joiner}lecture=1&lang={lang}")


def trained_in_lecture_mode(page: Page, server_url: str, path: str, lang: str):
    """Open a trained page (``path`` names its run's settings) in lecture mode and ``lang``; every metric label and
    button whole. Returns the first metric, for a screenshot around it."""
    from playwright.sync_api import expect

    from tests.browser.helpers import wait_for_app

    lecture_mode(page, server_url, path, lang)
    wait_for_app(page, 60_000)
    first = page.get_by_test_id("stMetric").first
    expect(first).to_be_visible(timeout=60_000)
    assert truncated_labels(page) == [], lang
    return first
