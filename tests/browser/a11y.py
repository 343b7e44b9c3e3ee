"""axe-core (the copy packaged by axe-playwright-python, read from disk: no CDN) run in the page, WCAG 2.2 A/AA."""

from __future__ import annotations

import functools
from pathlib import Path

from playwright.sync_api import Page

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERIOUS = ("serious", "critical")


@functools.cache
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def violations(page: Page) -> list[dict]:
    """Every violation: {id, impact, help, targets} (the targets are CSS paths of the failing nodes)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });"
        " return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.map(n => JSON.stringify(n.target)).slice(0, 5),"
        " html: v.nodes.map(n => n.html.slice(0, 160)).slice(0, 3) })); }",
        TAGS,
    )
    return result


def by_impact(found: list[dict]) -> dict[str, int]:
    counts = {"minor": 0, "moderate": 0, "serious": 0, "critical": 0}
    for violation in found:
        counts[violation["impact"] or "minor"] += 1
    return counts
