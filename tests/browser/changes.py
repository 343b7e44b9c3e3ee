"""The four kinds of change that redraw the explorer's scene with new data (a weight, the kind, the steps, the
language), and the check that the step on screen, the diagram and the link's t agree. Shared by the keys-after-change
test and bench/a11y.py."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import after_rerun, choose_option, slider, wait_for_app


def open_at(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.locator(".lv-scene .lv-diagram").first).to_be_visible()


def agree(page: Page, t: int, timeout: float = 8_000) -> None:
    """The step text, the diagram and (once reported) the link all say t."""
    expect(page.locator(".lv-step-text").first).to_have_attribute("data-t", str(t), timeout=timeout)
    expect(page.locator(".lv-diagram").first).to_have_attribute("data-t", str(t), timeout=timeout)
    expect(page.locator(".lv-diagram-step").first).to_have_text(re.compile(rf"t = {t}$"), timeout=timeout)
    pattern = re.compile(rf"[?&]t={t}(&|$)") if t else re.compile(r"^(?!.*[?&]t=)")
    expect(page).to_have_url(pattern, timeout=timeout)


def change_weight(page: Page) -> None:
    handle = slider(page, "W_i_0_0")
    handle.focus()

    def move() -> None:
        for _ in range(3):
            handle.press("ArrowRight")

    after_rerun(page, move)  # (a key pressed while the weight's run is still on its way is another test)


def change_kind(page: Page) -> None:
    choose_option(page, "kind", "GRU")
    expect(page.locator(".lv-diagram-step").first).to_contain_text("GRU")


def change_steps(page: Page) -> None:
    handle = slider(page, "steps")
    handle.focus()
    after_rerun(page, lambda: handle.press("ArrowRight"))


def change_language(page: Page) -> None:
    page.locator(".st-key-lang").get_by_text("Русский").click()
    wait_for_app(page)
    expect(page.locator(".lv-play").first).to_have_attribute("aria-label", "Пуск")


CHANGES = {"weight": change_weight, "kind": change_kind, "steps": change_steps, "language": change_language}
