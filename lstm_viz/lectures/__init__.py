"""Lectures: a prepared sequence of moments to click through in front of a class.

A lecture is a TOML (or JSON) file in ``lectures/``: a title and a language, then scenes. Each scene names a page, that
page's state (the explorer's link, a variant and recipe, a tab, a challenge), a caption of a sentence or two, and
optional speaker notes::

    title = "The LSTM cell in 10 scenes"
    language = "en"

    [[scenes]]
    page = "explorer"
    caption = "One pulse comes in at t = 2 …"
    notes = "Ask the class first: …"
    state = { link = "seq=pulse&n=30&W=10,0,3,0&b=-5,6,0,3&t=2" }

A scene may ask the class a question before the next one shows the answer ("predict, then reveal"): a
``[scenes.question]`` table after the scene's fields. A number question sits on an explorer scene only: its right
answer is computed by the NumPy cell from the scene's link, never written in the file. A choice question sits on any
page::

    [scenes.question]
    kind = "number"
    ask = "23 steps after the pulse, what will c be at t = 25?"   # at most 300 characters
    quantity = "c"      # a part of the cell's trace: h, c, i, f, o, c_tilde, … (the first cell in compare mode)
    step = 25           # 0-based, as the explorer's t; inside the scene's sequence
    unit = 1            # 1-based, default 1
    tolerance = 0.02    # absolute, > 0
    explain = "One sentence shown at the reveal (optional, at most 300 characters)."

    [scenes.question]
    kind = "choice"
    ask = "Which gate lets the memory survive?"
    choices = ["the input gate i", "the forget gate f", "the output gate o"]   # 2 to 6, each at most 200 characters
    answer = 2          # 1-based
    explain = "…"

(lstm_viz.lectures.questions: the ``Question``, its right answer and the grading.)

A file that does not parse, names an unknown page or holds an out-of-range value opens as far as it is valid: a bad
field is left out (the page's own default stands), a scene with an unknown page is skipped, and each problem is a
``Problem`` naming the scene and the field.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from lstm_viz import alphabet, faces, forecast, gradients, lab, own_model
from lstm_viz.challenges import BY_KEY as CHALLENGES
from lstm_viz.i18n import LANGUAGES
from lstm_viz.lectures import questions
from lstm_viz.lectures.questions import Question

FOLDER = Path(__file__).resolve().parents[2] / "lectures"
MAX_BYTES = 200_000  # a lecture file read at most (an upload bigger than this is refused)
MAX_SCENES = 200
MAX_TEXT = 2_000  # characters of a caption or of speaker notes kept
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}(\.[a-z]{2})?$")


@dataclass(frozen=True)
class Choice:
    """A field that takes one of a few values."""

    options: tuple

    def parse(self, value):
        if isinstance(value, bool) or value not in self.options:
            raise ValueError(", ".join(str(o) for o in self.options))
        return value


@dataclass(frozen=True)
class PageLink:
    """A page's own link (its query string, as the address bar shows it), read by the page's own ``from_query``: a
    value it would leave out with a note is refused here, with that note."""

    module: str  # the page's link module: lstm_viz.explorer.link, lstm_viz.layers.link
    example: str

    def parse(self, value):
        import importlib

        if not isinstance(value, str) or len(value) > 4_000:
            raise ValueError(f"a query string such as {self.example}")
        link = importlib.import_module(self.module)
        _, _, notes = link.from_query(link.parse_query(value))
        if notes:
            raise ValueError("; ".join(str(note) for note in notes))
        return value.lstrip("?")


# Each page's scene state: field → what it takes. (ui/lecture.py puts each field into the page's widgets.)
PAGES: dict[str, dict[str, Choice | PageLink]] = {
    "explorer": {"link": PageLink("lstm_viz.explorer.link", "seq=pulse&n=30&t=2")},
    "layers": {"link": PageLink("lstm_viz.layers.link", "L=2&k1=lstm&u1=3&rs2=off&t=4")},
    "alphabet": {
        "variant": Choice(tuple(alphabet.VARIANTS)),
        "layer": Choice(alphabet.LAYERS),
        "recipe": Choice(tuple(alphabet.ALPHABET_RECIPES)),
    },
    "faces": {"tab": Choice(("data", "model", "train")), "recipe": Choice(tuple(faces.FACE_RECIPES))},
    "forecasting": {"setup": Choice(tuple(forecast.PRESETS)), "recipe": Choice(tuple(forecast.FORECAST_RECIPES))},
    "why-lstm": {
        "tab": Choice(("gradients", "side_by_side", "gate_by_gate", "family", "calculator", "quiz")),
        "preset": Choice(tuple(gradients.DEMO_PRESETS)),
    },
    "challenges": {"challenge": Choice(tuple(CHALLENGES))},
    "neurons": {"tab": Choice(("chars", "counting"))},
    "faces-lab": {"tab": Choice(lab.TABS)},
    # the page's source only: an uploaded file cannot be part of a lecture, a model trained on this server can
    "your-model": {"source": Choice(own_model.SOURCES)},
}


@dataclass(frozen=True)
class Scene:
    page: str
    caption: str = ""
    notes: str = ""
    state: Mapping[str, object] = field(default_factory=dict)
    question: Question | None = None


@dataclass(frozen=True)
class Problem:
    """What could not be used: the scene (1-based; 0 for the file itself), the field, and why (a catalogue key)."""

    scene: int
    field: str
    key: str
    detail: str = ""


@dataclass(frozen=True)
class Lecture:
    name: str
    title: str
    language: str
    scenes: tuple[Scene, ...]
    problems: tuple[Problem, ...] = ()


def _text(value, limit: int = MAX_TEXT) -> str | None:
    return value[:limit] if isinstance(value, str) else None


def _scene(number: int, raw, problems: list[Problem]) -> Scene | None:
    if not isinstance(raw, Mapping):
        problems.append(Problem(number, "scene", "lectures.problem.not_a_table"))
        return None
    page = raw.get("page")
    if page not in PAGES:
        problems.append(Problem(number, "page", "lectures.problem.unknown_page", str(page)[:40]))
        return None
    texts = {}
    for name in ("caption", "notes"):
        value = raw.get(name, "")
        if _text(value) is None:
            problems.append(Problem(number, name, "lectures.problem.not_text"))
            value = ""
        texts[name] = _text(value)
    state = {}
    raw_state = raw.get("state", {})
    if not isinstance(raw_state, Mapping):
        problems.append(Problem(number, "state", "lectures.problem.not_a_table"))
        raw_state = {}
    fields = PAGES[page]
    for name, value in raw_state.items():
        if name not in fields:
            problems.append(Problem(number, f"state.{name}", "lectures.problem.unknown_field", ", ".join(fields)))
            continue
        try:
            state[name] = fields[name].parse(value)
        except ValueError as error:
            problems.append(Problem(number, f"state.{name}", "lectures.problem.bad_value", str(error)[:300]))
    question = None
    if "question" in raw:
        question, found = questions.parse(raw["question"], page, state)
        problems += [Problem(number, name, key, detail) for name, key, detail in found]
    for name in sorted(str(name) for name in set(raw) - {"page", "caption", "notes", "state", "question"}):
        fields = "page, caption, notes, state, question"
        problems.append(Problem(number, name[:40], "lectures.problem.unknown_field", fields))
    return Scene(page, texts["caption"], texts["notes"], state, question)


def _distinct_ids(scenes: list[Scene]) -> list[Scene]:
    """The same question asked twice in one lecture: the second one's id gets "-2", and so on."""
    seen: dict[str, int] = {}
    distinct = []
    for scene in scenes:
        if scene.question is not None:
            count = seen[scene.question.id] = seen.get(scene.question.id, 0) + 1
            if count > 1:
                scene = replace(scene, question=replace(scene.question, id=f"{scene.question.id}-{count}"))
        distinct.append(scene)
    return distinct


def parse(text: str | bytes, name: str = "lecture", form: str = "toml") -> Lecture:
    """A lecture from the text of a TOML or JSON file, as far as it is valid (see the module's docstring)."""
    problems: list[Problem] = []
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            return Lecture(name, name, "en", (), (Problem(0, "file", "lectures.problem.too_big", str(MAX_BYTES)),))
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return Lecture(name, name, "en", (), (Problem(0, "file", "lectures.problem.not_utf8"),))
    if len(text) > MAX_BYTES:
        return Lecture(name, name, "en", (), (Problem(0, "file", "lectures.problem.too_big", str(MAX_BYTES)),))
    try:
        data = json.loads(text) if form == "json" else tomllib.loads(text)
    except (ValueError, RecursionError) as error:  # tomllib.TOMLDecodeError and json.JSONDecodeError are ValueErrors
        return Lecture(name, name, "en", (), (Problem(0, "file", "lectures.problem.syntax", str(error)[:300]),))
    if not isinstance(data, Mapping):
        return Lecture(name, name, "en", (), (Problem(0, "file", "lectures.problem.not_a_table"),))
    title = _text(data.get("title", name), 200)
    if title is None:
        problems.append(Problem(0, "title", "lectures.problem.not_text"))
        title = name
    language = data.get("language", "en")
    if language not in LANGUAGES:
        problems.append(Problem(0, "language", "lectures.problem.bad_value", ", ".join(LANGUAGES)))
        language = "en"
    raw_scenes = data.get("scenes", [])
    if not isinstance(raw_scenes, list):
        problems.append(Problem(0, "scenes", "lectures.problem.not_a_list"))
        raw_scenes = []
    if len(raw_scenes) > MAX_SCENES:
        problems.append(Problem(0, "scenes", "lectures.problem.too_many", str(MAX_SCENES)))
    scenes = [_scene(n, raw, problems) for n, raw in enumerate(raw_scenes[:MAX_SCENES], 1)]
    scenes = tuple(_distinct_ids([scene for scene in scenes if scene is not None]))
    if not scenes:
        problems.append(Problem(0, "scenes", "lectures.problem.no_scenes"))
    return Lecture(name, title, language, scenes, tuple(problems))


def available() -> list[str]:
    """The names of the lectures in ``lectures/`` (file names without .toml or .json)."""
    if not FOLDER.is_dir():
        return []
    return sorted(path.name.rsplit(".", 1)[0] for path in FOLDER.iterdir()
                  if path.suffix in (".toml", ".json") and NAME.match(path.name.rsplit(".", 1)[0]))  # fmt: skip


def load(name: str, language: str | None = None) -> Lecture | None:
    """The lecture of that name from ``lectures/`` (None if there is none: a name is never a path). A name without
    its language (``lstm-cell``) finds the version in ``language``, else the English one, else any."""
    if not isinstance(name, str) or not NAME.match(name):
        return None
    names = [name]
    if "." not in name:
        names += [f"{name}.{code}" for code in dict.fromkeys((language or "en", "en"))]
        names += sorted(other for other in available() if other.startswith(f"{name}.") and other not in names)
    for candidate in names:
        for suffix, form in ((".toml", "toml"), (".json", "json")):
            path = FOLDER / f"{candidate}{suffix}"
            if path.is_file():
                return parse(path.read_bytes(), candidate, form)
    return None


# --- writing one ---------------------------------------------------------------------------------------------------


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def dumps(lecture: Lecture) -> str:
    """The lecture as a TOML file (what "Add this view as a scene" downloads)."""
    lines = [f"title = {_toml_value(lecture.title)}", f"language = {_toml_value(lecture.language)}"]
    for scene in lecture.scenes:
        lines += ["", "[[scenes]]", f"page = {_toml_value(scene.page)}", f"caption = {_toml_value(scene.caption)}"]
        if scene.notes:
            lines.append(f"notes = {_toml_value(scene.notes)}")
        if scene.state:
            state = ", ".join(f"{name} = {_toml_value(value)}" for name, value in scene.state.items())
            lines.append(f"state = {{ {state} }}")
        if scene.question is not None:
            lines += _question_lines(scene.question)
    return "\n".join(lines) + "\n"


def _question_lines(question: Question) -> list[str]:
    lines = ["[scenes.question]", f"kind = {_toml_value(question.kind)}", f"ask = {_toml_value(question.ask)}"]
    if question.kind == "choice":
        lines.append(f"choices = [{', '.join(_toml_value(choice) for choice in question.choices)}]")
        lines.append(f"answer = {question.answer + 1}")
    else:
        lines += [f"quantity = {_toml_value(question.quantity)}", f"step = {question.step}"]
        lines += [f"unit = {question.unit + 1}", f"tolerance = {_toml_value(question.tolerance)}"]
    if question.explain:
        lines.append(f"explain = {_toml_value(question.explain)}")
    return lines
