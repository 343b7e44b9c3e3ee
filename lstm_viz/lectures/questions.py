"""A scene's question ("predict, then reveal"): the class answers before the lecturer moves on.

A scene may carry one ``[scenes.question]`` table of one of two kinds::

    [scenes.question]             # on an explorer scene only: the right answer is computed, never written
    kind = "number"
    ask = "23 steps after the pulse, what will c be at t = 25?"
    quantity = "c"                # a part of the cell's trace: h, c, f, … (the first cell in compare mode)
    step = 25                     # 0-based, as the explorer's t
    unit = 1                      # 1-based, default 1
    tolerance = 0.02              # absolute, > 0
    explain = "One sentence shown at the reveal (optional)."

    [scenes.question]             # on any page
    kind = "choice"
    ask = "Which gate lets the memory survive?"
    choices = ["the input gate i", "the forget gate f", "the output gate o"]   # 2 to 6
    answer = 2                    # 1-based
    explain = "…"

A number question's right answer is what the NumPy cell computes for the scene's explorer link, the same run the
explorer page draws (``right_answer``). A bad field is a problem, never an exception: a field the question cannot do
without (its kind, ask, quantity, step, unit, tolerance, choices, answer) leaves the question out, an unknown field
or an over-long explanation is left out alone, and so is an ``answer`` written on a number question.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass

KINDS = ("number", "choice")
MAX_ASK = 300  # characters of a question or of its explanation
MAX_CHOICE = 200  # characters of one choice
MIN_CHOICES, MAX_CHOICES = 2, 6
FIELDS = {
    "number": ("kind", "ask", "quantity", "step", "unit", "tolerance", "explain"),
    "choice": ("kind", "ask", "choices", "answer", "explain"),
}


@dataclass(frozen=True)
class Question:
    """One scene's question. Indices are 0-based here (``answer``, ``unit``; ``step`` is the explorer's t), 1-based in
    the file (``answer``, ``unit``). ``answer`` is None for a number question: the cell computes it."""

    id: str  # stable across reloads: derived from the kind and the ask (see ``question_id``)
    kind: str  # "number" or "choice"
    ask: str
    choices: tuple[str, ...] = ()
    answer: int | None = None
    quantity: str = ""
    step: int = 0
    unit: int = 0
    tolerance: float = 0.0
    explain: str = ""


def question_id(kind: str, ask: str) -> str:
    """The same question text gives the same id in every load (``parse`` numbers repeats within a lecture)."""
    return "q-" + hashlib.sha256(f"{kind}\n{ask}".encode()).hexdigest()[:12]


def _whole(value) -> int | None:
    """An integer as TOML or JSON writes it (1 or 1.0; never true/false)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
        return None
    return int(value)


def _config(link: str):
    """The explorer configuration of a scene's link, read as the explorer page reads a lecture's link."""
    from lstm_viz.explorer import link as explorer_link
    from lstm_viz.explorer import presets

    config, _, _ = explorer_link.from_query(explorer_link.parse_query(link), presets.default_config()[0])
    return config


def _steps(config) -> int:
    from lstm_viz.sequences import SequenceError

    try:
        return len(config.inputs())
    except SequenceError:
        return 0


def quantities(link: str) -> tuple[str, ...]:
    """The parts of the (first) cell of an explorer link that a number question may ask for."""
    kind = _config(link).cell.cell_kind
    return tuple(part.name for part in kind.parts if part.name not in kind.matrices)  # (a matrix is no one number)


def parse(raw, page: str, state: Mapping[str, object]) -> tuple[Question | None, list[tuple[str, str, str]]]:
    """(the question, or None if it cannot be used; problems as (field, catalogue key, detail)). ``page`` and
    ``state`` are the scene's, as far as they were valid: a number question needs the explorer's link."""
    problems: list[tuple[str, str, str]] = []
    if not isinstance(raw, Mapping):
        return None, [("question", "lectures.problem.not_a_table", "")]
    kind = raw.get("kind")
    if kind not in KINDS:
        return None, [("question.kind", "lectures.problem.question_kind", ", ".join(KINDS))]
    for name in sorted(str(name) for name in raw if name not in FIELDS[kind]):
        if kind == "number" and name == "answer":
            problems.append(("question.answer", "lectures.problem.number_answer", ""))
        else:
            problems.append((f"question.{name[:40]}", "lectures.problem.unknown_field", ", ".join(FIELDS[kind])))

    def missing(name: str):
        problems.append((f"question.{name}", "lectures.problem.question_missing", ""))
        return None, problems

    ask = raw.get("ask")
    if not isinstance(ask, str) or not ask.strip():
        return missing("ask")
    if len(ask) > MAX_ASK:
        problems.append(("question.ask", "lectures.problem.question_too_long", str(MAX_ASK)))
        return None, problems
    explain = raw.get("explain", "")
    if not isinstance(explain, str):
        problems.append(("question.explain", "lectures.problem.not_text", ""))
        explain = ""
    elif len(explain) > MAX_ASK:
        problems.append(("question.explain", "lectures.problem.explain_too_long", str(MAX_ASK)))
        explain = ""
    qid = question_id(kind, ask)
    if kind == "choice":
        return _choice(raw, qid, ask, explain, problems, missing)
    return _number(raw, qid, ask, explain, page, state, problems, missing)


def _choice(raw, qid, ask, explain, problems, missing):
    if "choices" not in raw:
        return missing("choices")
    choices = raw["choices"]
    if not isinstance(choices, list) or not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        problems.append(("question.choices", "lectures.problem.choices_count", f"{MIN_CHOICES}–{MAX_CHOICES}"))
        return None, problems
    if not all(isinstance(choice, str) and choice.strip() for choice in choices):
        problems.append(("question.choices", "lectures.problem.choices_not_text", ""))
        return None, problems
    if any(len(choice) > MAX_CHOICE for choice in choices):
        problems.append(("question.choices", "lectures.problem.choice_too_long", str(MAX_CHOICE)))
        return None, problems
    if "answer" not in raw:
        return missing("answer")
    answer = _whole(raw["answer"])
    if answer is None or not 1 <= answer <= len(choices):
        problems.append(("question.answer", "lectures.problem.answer_out_of_range", f"1–{len(choices)}"))
        return None, problems
    return Question(qid, "choice", ask, tuple(choices), answer - 1, explain=explain), problems


def _number(raw, qid, ask, explain, page, state, problems, missing):
    link = state.get("link") if page == "explorer" else None
    if not isinstance(link, str):
        problems.append(("question.kind", "lectures.problem.number_needs_explorer", ""))
        return None, problems
    config = _config(link)
    if "quantity" not in raw:
        return missing("quantity")
    known = quantities(link)
    quantity = raw["quantity"]
    if quantity not in known:
        problems.append(("question.quantity", "lectures.problem.unknown_quantity", ", ".join(known)))
        return None, problems
    if "step" not in raw:
        return missing("step")
    step, steps = _whole(raw["step"]), _steps(config)
    if step is None or not 0 <= step < steps:
        problems.append(("question.step", "lectures.problem.step_out_of_range", f"0–{max(steps - 1, 0)}"))
        return None, problems
    unit = _whole(raw.get("unit", 1))
    if unit is None or not 1 <= unit <= config.cell.units:
        problems.append(("question.unit", "lectures.problem.unit_out_of_range", f"1–{config.cell.units}"))
        return None, problems
    if "tolerance" not in raw:
        return missing("tolerance")
    tolerance = raw["tolerance"]
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or not 0 < tolerance < math.inf:
        problems.append(("question.tolerance", "lectures.problem.bad_tolerance", ""))
        return None, problems
    question = Question(qid, "number", ask, quantity=quantity, step=step, unit=unit - 1, tolerance=float(tolerance),
                        explain=explain)  # fmt: skip
    return question, problems


@functools.lru_cache(maxsize=256)
def _computed(link: str, quantity: str, step: int, unit: int) -> float:
    from lstm_viz.explorer.config import run

    trace = run(_config(link))[0]
    return float(trace.values[quantity][step, unit])


def right_answer(scene) -> float | int:
    """The right answer to a scene's question: for a number question the raw value the NumPy cell computes for the
    scene's explorer link (the first cell in compare mode), as the explorer page runs it; for a choice question the
    index (0-based) of the right choice. ValueError if the scene has no question."""
    question = getattr(scene, "question", None)
    if question is None:
        raise ValueError("the scene has no question")
    if question.kind == "choice":
        return question.answer
    return _computed(str(scene.state["link"]), question.quantity, question.step, question.unit)


def shown(value: float | int) -> float | int:
    """A right answer as the class is shown it: a number to 4 significant digits (grading uses the raw value)."""
    if isinstance(value, int):
        return value
    return float(f"{value:.4g}")


def _number_typed(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):  # typed: "0,93" (a Russian decimal comma), "−0.5" (a typographic minus)
        text = value.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            return float(text)
        except ValueError:
            return None
    return None


def is_right(question: Question, right: float | int, value) -> bool:
    """Whether ``value`` answers the question: a number within the tolerance of ``right`` (a typed text with a
    comma or a dot too), or the index (0-based) of the right choice."""
    if question.kind == "choice":
        return not isinstance(value, bool) and isinstance(value, int) and value == right
    number = _number_typed(value)
    if number is None or not math.isfinite(number):
        return False
    return abs(number - float(right)) <= question.tolerance * (1 + 1e-9)
