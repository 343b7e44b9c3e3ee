"""The family tree as one picture (HTML, its style in family.css): every kind as state_t = A_t ⊙ state_{t−1} + B_t,
grouped by what can be computed in parallel (lstm_viz.family). Every text is the catalogue's, escaped."""

from __future__ import annotations

import functools
from html import escape
from pathlib import Path

from lstm_viz import family
from lstm_viz.i18n import Texts

CSS = Path(__file__).with_name("family.css")


@functools.cache
def stylesheet() -> str:
    return CSS.read_text(encoding="utf-8")


def _line(member: family.Member, tr: Texts) -> str:
    if not member.state:
        return tr("family.not_of_the_form")
    return tr("family.line", state=member.state, a=member.a, b=member.b)


def picture(tr: Texts) -> str:
    """One HTML block: the form on top, a box per group, a card per kind."""
    members = family.members()
    groups = []
    for group in family.GROUPS:
        cards = [
            '<div class="lv-family-card">'
            f"<b>{escape(tr(f'kind.{m.key}'))}</b>"
            f'<div class="lv-family-line">{escape(_line(m, tr))}</div>'
            f'<div class="lv-family-reads">{escape(tr("family.reads" if m.reads_state else "family.reads_x"))}</div>'
            "</div>"
            for m in members
            if m.group == group
        ]
        if cards:
            groups.append(
                f'<section class="lv-family-group lv-family-{group}" aria-label="{escape(tr(f"family.{group}"))}">'
                f"<h4>{escape(tr(f'family.{group}'))}</h4>"
                f'<p class="lv-family-why">{escape(tr(f"family.{group}.why"))}</p>{"".join(cards)}</section>'
            )
    return (
        f'<style>{stylesheet()}</style><div class="lv-family" role="figure" aria-label="{escape(tr("family.title"))}">'
        f'<div class="lv-family-root">{escape(tr("family.form"))}</div>'
        f'<div class="lv-family-groups">{"".join(groups)}</div></div>'
    )
