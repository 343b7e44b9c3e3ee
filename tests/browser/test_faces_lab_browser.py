"""The faces lab in a real browser: a short run of the course recipe trained on the Faces page, then its curves with the
early-stopping marks (the best epoch, the weights restored) beside the document's illustrative schedule; and the lab
in front of a class (issue 35): at 1280×720 in lecture mode every label whole, Adam's formulas within the page, every
number Russian in the Russian view, and the docs screenshots. (The lab trains nothing itself: the reload and Stop
checks are the Faces page's.)"""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.helpers import open_from_sidebar, type_number, wait_for_app
from tests.browser.lecture_checks import lecture_mode, russian_number_problems, truncated_labels

DOCS = Path(__file__).resolve().parents[2] / "docs"
TABS_RU = ("Перекрёстная энтропия", "Dropout", "Adam", "Ранняя остановка", "Верен ли вывод?")

# formulas wider than the page: cut, or scrolled sideways
OVERFLOWING_FORMULAS = """() => {
  const main = document.querySelector('[data-testid=stMainBlockContainer]').getBoundingClientRect();
  return [...document.querySelectorAll('[data-testid=stMain] .katex-display')]
    .filter(el => el.getBoundingClientRect().width > 0)
    .filter(el => el.scrollWidth > el.clientWidth + 1
                  || el.querySelector('.katex').getBoundingClientRect().right > main.right + 1)
    .map(el => el.innerText.slice(0, 60));
}"""


def test_the_curves_of_a_run_with_their_early_stopping_marks(page: Page, server_url, screenshot):
    """The course recipe watches val_loss (the improved recipe and the quick demo learn from every face, issue 33)."""
    open_from_sidebar(page, server_url, "Faces (LFW)")
    page.get_by_role("tab", name="Train and judge").click()
    page.locator(".st-key-faces_recipe").get_by_text("Course recipe", exact=True).click()
    wait_for_app(page)
    type_number(page, "faces_epochs_course", "3")
    page.locator(".st-key-faces_train button").click()
    expect(page.get_by_text("Test accuracy", exact=True)).to_be_visible(timeout=300_000)

    open_from_sidebar(page, server_url, "Faces lab")
    expect(page.get_by_role("combobox", name="The run to read")).to_have_value(re.compile(r"^Course recipe \(seed 0\)"))
    page.get_by_role("tab", name="Epochs and early stopping").click()
    wait_for_app(page)
    curves = page.locator(".st-key-lab_curves .js-plotly-plot")
    expect(curves).to_be_visible(timeout=30_000)
    expect(curves).to_contain_text(re.compile(r"best: epoch \d"))  # the marks are drawn on the chart, not only told
    expect(page.get_by_text(re.compile(r"one epoch is \d+ updates"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"The run went through its 3 epochs \(of 3 planned\)"))).to_be_visible()
    expect(page.locator(".st-key-lab_document_schedule .js-plotly-plot")).to_be_visible()
    curves.scroll_into_view_if_needed()
    screenshot(page, "faces_lab_curves")

    page.set_viewport_size({"width": 1280, "height": 720})
    lecture_mode(page, server_url, "faces-lab", "ru")
    wait_for_app(page, 60_000)
    problems, cut = [], []
    for name in TABS_RU:
        page.get_by_role("tab", name=name, exact=True).click()
        wait_for_app(page)
        problems += russian_number_problems(page)
        cut += truncated_labels(page)
        if name == "Adam":
            expect(page.locator(".katex-display:visible").first).to_be_visible(timeout=30_000)
            assert page.evaluate(OVERFLOWING_FORMULAS) == []
    assert problems == [] and cut == []

    for lang, tab in (("ru", "Adam"), ("en", "Adam")):  # Adam's equations with a run's own numbers
        lecture_mode(page, server_url, "faces-lab", lang)
        wait_for_app(page, 60_000)
        page.get_by_role("tab", name=tab, exact=True).click()
        wait_for_app(page)
        formulas = page.locator(".katex-display:visible")
        expect(formulas.first).to_be_visible(timeout=30_000)
        formulas.first.evaluate("element => element.scrollIntoView({block: 'start'})")
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(300)
        page.screenshot(path=str(DOCS / f"faces-lab-lecture.{lang}.png"))
