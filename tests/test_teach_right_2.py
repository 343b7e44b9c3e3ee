"""Issue 32 ("Teach it right, round two"), the items an audit found still open, pinned one by one.

Your model's Russian number box; the forecast's window after the training range; every lecture page named in both
languages; the Russian wording and slider values; the legends' subscripts; the challenges' order; the cell lecture's
opening and output-gate scenes; the missing intuitions; the projector's short forms; the quiz's conceptual questions.
"""

from __future__ import annotations

import ast
from pathlib import Path

from lstm_viz.i18n import Texts
from lstm_viz.locales import collect

ROOT = Path(__file__).resolve().parents[1]
RU = collect("ru")
EN = collect("en")


def page_source(name: str) -> ast.Module:
    return ast.parse((ROOT / "pages" / f"{name}.py").read_text(encoding="utf-8"))


# --- 1. Your model: the typed numbers are read in the page's language ---------------------------------------------


def test_your_models_box_passes_the_language_it_was_typed_in():
    """The page calls ``typed(text, features, language)``: without it «0,5; 1» was read as [0, 5, 1]."""
    calls = [
        node
        for node in ast.walk(page_source("your-model"))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "typed"
    ]
    assert calls and all(len(call.args) == 3 for call in calls)


def test_your_models_russian_label_and_help_say_decimal_comma():
    from lstm_viz.own_model.inputs import typed

    tr = Texts("ru")
    label, help_text = tr("own.input.typed_label", features=2), tr("own.input.typed_help")
    assert "через точку с запятой или пробел" in label and "запятую: 0,5" in label and "0.5" not in label
    assert "0,5; 1" in help_text and "запятая" in help_text
    assert typed("0,5; 1", 2, "ru").tolist() == [[0.5, 1.0]]  # what the help's example means, read as it says
    assert typed("0.5, 1", 2, "en").tolist() == [[0.5, 1.0]]
    assert "0.5, 1" in Texts("en")("own.input.typed_help")
