"""Lectures: the shipped ones open and step through every scene; a broken file opens as far as it is valid and says
which scene and field; "Add this view as a scene" builds a file that opens again; the offline file has the explorer
scenes."""

import json
import re

import pytest

from lstm_viz import lectures
from lstm_viz.i18n import Texts
from lstm_viz.lectures import Lecture, Scene, dumps, parse
from lstm_viz.lectures.offline import html, payloads
from tests.helpers import open_link, open_page
from ui.lecture import plain

SHIPPED = lectures.available()


pytestmark = pytest.mark.usefixtures("synthetic_faces")  # the faces pages read a synthetic LFW folder


@pytest.fixture(scope="module")
def lfw_people():
    """Three synthetic people with enough photos for the faces page's default minimum of 70."""
    return {"Alice Example": 72, "Bob Example": 71, "Carol Example": 70}


def click(at, key: str) -> None:
    """Click a button of the lecture bar on the page on screen (AppTest, unlike a browser, would run the page it
    opened first again: tell it which page the lecture switched to)."""
    lecture, index = at.session_state.lecture_open, at.session_state.lecture_index
    at.button(key=key).click()
    at.switch_page(f"pages/{lecture.scenes[index].page}.py").run()


def test_two_lectures_ship_in_both_languages():
    assert {"lstm-cell.en", "lstm-cell.ru", "letters-to-faces.en", "letters-to-faces.ru"} <= set(SHIPPED)
    for name in SHIPPED:
        lecture = lectures.load(name)
        assert lecture.problems == (), (name, lecture.problems)
        assert lecture.language == name.rsplit(".", 1)[1]
        assert len(lecture.scenes) >= 8 and all(scene.caption for scene in lecture.scenes)
    assert len(lectures.load("lstm-cell.en").scenes) == 12
    # the two languages tell the same lecture: the same pages in the same states
    for name in ("lstm-cell", "letters-to-faces"):
        en, ru = lectures.load(f"{name}.en"), lectures.load(f"{name}.ru")
        assert [(s.page, s.state) for s in en.scenes] == [(s.page, s.state) for s in ru.scenes]


def test_a_name_without_its_language_finds_the_link_s_language():
    assert lectures.load("lstm-cell", "ru").name == "lstm-cell.ru" and lectures.load("lstm-cell").name == "lstm-cell.en"
    assert lectures.load("lstm-cell", "de").name == "lstm-cell.en" and lectures.load("no-such-lecture", "ru") is None
    at = open_link("explorer", {"lecture": "lstm-cell", "lang": "ru", "scene": "4"})
    assert not at.exception and at.session_state.language == "ru" and at.query_params["scene"] == "4"
    assert at.query_params["lecture"] == "lstm-cell.ru" and not at.warning


def test_a_name_is_never_a_path():
    for name in ("../README", "/etc/passwd", "lstm-cell.en/../x", "", "LSTM-CELL.EN", None, 7):
        assert lectures.load(name) is None


@pytest.mark.parametrize("name", SHIPPED)
def test_present_every_scene_of_a_shipped_lecture(name):
    lecture = lectures.load(name)
    at = open_link("explorer", {"lecture": name})
    for number, scene in enumerate(lecture.scenes, 1):
        assert not at.exception, (name, number, at.exception)
        assert at.query_params["lecture"] == name and at.query_params["scene"] == str(number)
        caption = at.get("markdown")
        assert any(f"{number} / {len(lecture.scenes)}" == m.value for m in caption), number
        assert any(m.value == plain(scene.caption) for m in caption)  # the caption, as plain text
        check_state(at, scene)
        if number < len(lecture.scenes):
            click(at, "lecture_next")
    assert at.button(key="lecture_next").disabled


def check_state(at, scene: Scene) -> None:
    """The page of the scene shows its state."""
    state = scene.state
    if scene.page == "explorer":
        wanted = dict(pair.split("=", 1) for pair in state["link"].split("&"))
        for key in ("seq", "W", "b", "Bkind", "pf"):
            if key in wanted:
                assert at.query_params[key] == wanted[key]
    elif scene.page == "alphabet":
        assert at.radio(key="variant").value == state["variant"]
        assert at.radio(key="recipe").value == state["recipe"]
    elif scene.page == "why-lstm":
        assert at.session_state.why_tab_id == state["tab"]
        if "preset" in state:
            bias = {"keras_start": 1.0, "long_memory": 6.0}[state["preset"]]
            assert at.select_slider(key="forget_bias").value == bias
    elif scene.page == "faces":
        assert at.session_state.faces_tab_id == state["tab"]
        if "recipe" in state:
            assert at.radio(key="faces_recipe").value == state["recipe"]


def test_keys_and_back_go_between_scenes_and_a_scene_link_opens_that_scene():
    at = open_link("explorer", {"lecture": "lstm-cell.ru", "scene": "11"})
    assert at.session_state.language == "ru" and at.session_state.lecture_mode
    assert at.query_params["scene"] == "11" and at.session_state.why_tab_id == "gradients"
    click(at, "lecture_back")
    assert at.query_params["scene"] == "10" and at.query_params["Bkind"] == "gru"  # the explorer, comparing
    click(at, "lecture_end")
    assert "scene" not in at.query_params and at.query_params["lecture"] == "1"  # still lecture mode


BROKEN = """
title = "Broken on purpose"
language = "en"

[[scenes]]
page = "explorer"
caption = "fine"
state = { link = "seq=pulse&n=30&t=2" }

[[scenes]]
page = "nowhere"
caption = "an unknown page"

[[scenes]]
page = "alphabet"
caption = "a variant that does not exist"
state = { variant = 9, recipe = "fast" }

[[scenes]]
page = "explorer"
caption = "weights out of range"
state = { link = "seq=pulse&W=99,0,0,0", colour = "red" }
"""


def problems(lecture: Lecture) -> set[tuple[int, str, str]]:
    return {(p.scene, p.field, p.key) for p in lecture.problems}


def test_a_broken_lecture_opens_as_far_as_it_is_valid():
    lecture = parse(BROKEN, "broken")
    assert [s.caption for s in lecture.scenes] == ["fine", "a variant that does not exist", "weights out of range"]
    assert lecture.scenes[1].state == {"recipe": "fast"}  # the bad variant is left out, the recipe kept
    assert lecture.scenes[2].state == {}
    assert problems(lecture) == {
        (2, "page", "lectures.problem.unknown_page"),
        (3, "state.variant", "lectures.problem.bad_value"),
        (4, "state.link", "lectures.problem.bad_value"),
        (4, "state.colour", "lectures.problem.unknown_field"),
    }
    tr = Texts("ru")
    for problem in lecture.problems:
        assert tr(problem.key, detail=problem.detail)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('title = "x"\n[[scenes]\npage = "explorer"', "lectures.problem.syntax"),
        (b"\xff\xfe not utf-8", "lectures.problem.not_utf8"),
        (b"x" * (lectures.MAX_BYTES + 1), "lectures.problem.too_big"),
        ('title = "x"\nscenes = 3', "lectures.problem.not_a_list"),
        ('title = "no scenes"', "lectures.problem.no_scenes"),
        ('language = "fr"\n[[scenes]]\npage = "explorer"', "lectures.problem.bad_value"),
        ('[[scenes]]\npage = "explorer"\ncaption = 5', "lectures.problem.not_text"),
    ],
)
def test_files_that_cannot_be_read_say_why(text, key):
    lecture = parse(text, "x")
    assert key in {p.key for p in lecture.problems}


def test_json_lectures_and_written_files_read_back():
    lecture = lectures.load("lstm-cell.en")
    again = parse(dumps(lecture), lecture.name)
    assert again.problems == () and again.scenes == lecture.scenes and again.title == lecture.title
    data = {"title": "J", "language": "ru", "scenes": [{"page": "challenges", "state": {"challenge": "write"}}]}
    assert parse(json.dumps(data), "j", "json").scenes == (Scene("challenges", "", "", {"challenge": "write"}),)


def test_a_lecture_link_with_problems_names_the_scene_and_the_field(tmp_path, monkeypatch):
    (tmp_path / "broken.toml").write_text(BROKEN)
    monkeypatch.setattr(lectures, "FOLDER", tmp_path)
    at = open_link("explorer", {"lecture": "broken"})
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("In scene 2, `page`") and "nowhere" in w for w in warnings)
    assert any(w.startswith("In scene 3, `state.variant`") for w in warnings)
    assert at.query_params["scene"] == "1"
    at = open_link("explorer", {"lecture": "no-such-lecture"})
    assert any("no lecture called" in w.value for w in at.warning)


def test_add_this_view_as_a_scene_builds_a_lecture_that_opens_again():
    at = open_page("explorer")
    at.text_input(key="lecture_caption").set_value("The first screen").run()
    at.button(key="lecture_add").click().run()
    at.switch_page("pages/alphabet.py").run()
    at.radio(key="variant").set_value(3).run()
    at.text_input(key="lecture_caption").set_value("Three letters as time steps").run()
    at.button(key="lecture_add").click().run()
    assert not at.exception
    built = at.session_state.lecture_built
    assert [s.page for s in built] == ["explorer", "alphabet"]
    assert built[1].state == {"variant": 3, "layer": "LSTM", "recipe": "course"}
    assert "seq=" in built[0].state["link"]
    text = dumps(Lecture("mine", "Mine", "en", tuple(built)))
    assert parse(text, "mine").problems == ()


def test_the_offline_lecture_holds_its_explorer_scenes_and_names_the_others():
    lecture = lectures.load("lstm-cell.en")
    shown, left_out = payloads(lecture, Texts("en"))
    assert [item["number"] for item in shown] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert left_out == [11, 12]
    text = html(lecture, Texts("en"))
    assert "scenes 11, 12 need the app" in text
    assert not re.search(r"(src|href)\s*=\s*[\"']https?://", text)
    # a lecture's key map: ← → Space Home End step the cell; the clicker's PageUp/PageDown change scenes
    assert all(item["data"]["keys"] is True and item["data"]["page_keys"] is False for item in shown)


def test_the_lectures_page_lists_the_shipped_lectures_and_presents_one():
    at = open_page("lectures")
    english = [name for name in SHIPPED if name.endswith(".en")]  # the session's language; the others are named
    assert [b.key for b in at.button if b.key.startswith("present_")] == [
        f"present_{name.replace('.', '_')}" for name in english
    ]
    assert "Ячейка LSTM за 12 сцен" in at.caption[-1].value
    at.button(key="present_lstm-cell_en").click().run()
    assert at.query_params["lecture"] == "lstm-cell.en" and at.query_params["scene"] == "1"
    assert at.session_state.lecture_mode
