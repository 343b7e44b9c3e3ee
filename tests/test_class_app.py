"""A class in AppTest (issue 28): a lecturer and two students, each an AppTest of the real pages, over one store
(SQLite, and Redis as two app processes would share it): following, explore on my own, follow again, a question
answered and revealed, and the challenge board from attempts the server graded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import lstm_viz.classroom as classroom_module
from lstm_viz.classroom.service import Classroom, Lecturer, Member
from tests.redis_fixture import redis_url  # noqa: F401
from ui.classroom import ROLE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=["sqlite", "redis"])
def service(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        from lstm_viz.classroom.sqlite_store import SQLiteClassStore

        store = SQLiteClassStore(tmp_path / "classes.sqlite3")
    else:
        from lstm_viz.classroom.redis_store import RedisClassStore

        store = RedisClassStore(request.getfixturevalue("redis_url"))
    room = Classroom(store)
    monkeypatch.setattr(classroom_module, "_classroom", room)
    return room


def page(name: str = "explorer", **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_main.py"), default_timeout=120)  # the app, as a browser opens it
    for key, value in query.items():
        at.query_params[key] = value
    if name != "explorer":
        at.switch_page(f"pages/{name}.py")
    return at.run()


def no_errors(*tabs: AppTest) -> None:
    for tab in tabs:
        assert not tab.exception, [e.value for e in tab.exception]


def start(**query) -> tuple[AppTest, Lecturer]:
    lecturer = page(**query)
    lecturer.button(key="class_start").click().run()
    role = lecturer.session_state[ROLE]
    assert isinstance(role, Lecturer)
    return lecturer, role


def join(code: str, nickname: str = "") -> AppTest:
    student = page(join=code)
    student.text_input(key="class_nick_in").input(nickname)  # the join form: its fields go with its Join
    student.button(key="class_join").click().run()
    assert isinstance(student.session_state[ROLE], Member)
    return student


def role_of(tab: AppTest):
    return tab.session_state[ROLE] if ROLE in tab.session_state else None


def weight(tab: AppTest) -> float:
    value = tab.select_slider(key="W_i_0_0").value
    return float(value[0] if isinstance(value, list | tuple) else value)


def test_students_follow_the_lecturers_cell_explore_on_their_own_and_follow_again(service):
    lecturer, role = start()
    one, two = join(role.code, "Ann"), join(role.code)
    assert service.view(role.code).members == 2
    assert "**" + role.code[:4] in "".join(m.value for m in lecturer.sidebar.markdown)

    lecturer.select_slider(key="W_i_0_0").set_value(3.0).run()  # the lecturer changes the cell: the class's drive
    one.run()
    two.run()
    no_errors(lecturer, one, two)
    assert weight(one) == weight(two) == 3.0

    two.button(key="class_explore").click().run()  # explore on my own
    two.select_slider(key="W_i_0_0").set_value(-4.0).run()
    lecturer.select_slider(key="W_i_0_0").set_value(-2.0).run()
    one.run()
    two.run()
    assert weight(one) == -2.0 and weight(two) == -4.0  # the explorer's change touched nobody else
    assert weight(lecturer) == -2.0
    two.button(key="class_follow").click().run()  # follow again: the lecturer's view at once
    two.run()
    no_errors(lecturer, one, two)
    assert weight(two) == -2.0


def test_a_students_runs_pass_the_crowds_gate_and_the_lecturers_do_not(service, monkeypatch):
    """A room's runs go through the crowd's gate (lstm_viz/admission.py): the join card, the student's page and its
    class fragment; the lecturer's and everyone else's pass freely."""
    import lstm_viz.admission as admission

    gate = admission.Gate(1)
    monkeypatch.setattr(admission, "_gate", gate)
    lecturer, role = start()
    page("explorer").run()  # someone else
    assert gate.passed == 0
    student = join(role.code)  # its card's run and its Join's
    assert gate.passed == 2
    student.run()
    lecturer.run()
    no_errors(lecturer, student)
    assert gate.passed == 3 and gate.overdue == 0


def beacon(tab: AppTest) -> dict:
    """What the student's browser compares with the class once a second (ui/browser/follow.js)."""
    found = [e for e in tab.get("bidi_component") if e.proto.id.endswith("class_follow_beacon")]
    return json.loads(found[-1].proto.json)


def test_a_student_who_joined_or_took_a_change_asks_for_no_run_more(service):
    """The page that has just taken the lecturer's view says so to the browser in the same run: its look finds
    the class where the page is, and asks for no run of the class's fragment (a room joining costs a run less each,
    and so does every change of the lecturer's for every follower)."""
    from lstm_viz.routes import where

    def the_class_is_where_the_page_is(tab: AppTest) -> bool:
        drive = service.view(role.code).drive
        return beacon(tab)["where"] == where(drive.page, dict(drive.state))

    lecturer, role = start()
    student = join(role.code)
    assert the_class_is_where_the_page_is(student)
    lecturer.select_slider(key="W_i_0_0").set_value(3.0).run()
    assert not the_class_is_where_the_page_is(student)  # (its browser's next look asks for a run)
    student.run()
    no_errors(lecturer, student)
    assert weight(student) == 3.0 and the_class_is_where_the_page_is(student)


def test_a_question_is_asked_answered_counted_and_revealed(service):
    from lstm_viz import lectures
    from lstm_viz.lectures.questions import right_answer

    lecture = lectures.load("lstm-cell.en")
    number = next(n for n, s in enumerate(lecture.scenes, 1) if s.question and s.question.kind == "number")
    scene = lecture.scenes[number - 1]
    right = right_answer(scene)
    lecturer, role = start(lecture="lstm-cell.en", scene=str(number))
    one, two = join(role.code, "<b>Ann</b>"), join(role.code)
    lecturer.button(key="class_ask").click().run()
    question = service.view(role.code).question
    assert question is not None and question.status == "open" and question.right is None  # not given away
    for tab, typed in ((one, f"{right:.4f}"), (two, "NaN")):
        tab.run()
        tab.text_input(key=f"class_answer_{question.id}").input(typed)  # the answer's form: sent with Send
        tab.button(key=f"class_send_{question.id}").click().run()
    assert any("number" in e.value.lower() for e in two.error)  # NaN: a clear refusal, the field keeps it
    two.text_input(key=f"class_answer_{question.id}").input("12")
    two.button(key=f"class_send_{question.id}").click().run()
    lecturer.run()
    assert [m.value for m in lecturer.metric if m.label == "Answers"] == ["2"]
    lecturer.button(key="class_reveal").click().run()
    no_errors(lecturer, one, two)
    shown = " ".join(s.value for s in lecturer.success)
    assert f"{right:.4g}" in shown and "1 of 2" in shown
    assert lecturer.get("plotly_chart")  # the histogram
    one.run()
    assert any("right answer" in s.value for s in one.success)
    assert any("is right" in m.value for m in one.markdown)
    csv = service.answers_csv(role)
    assert "Ann" in csv and "12" in csv


def test_the_board_counts_passes_the_server_graded(service):
    _lecturer, role = start()
    student = join(role.code, "Ann")
    student.switch_page("pages/challenges.py").run()  # challenge 1 as it starts: not passed
    no_errors(student)
    board = service.board(role)
    assert [(row.challenge, row.passed, row.attempted) for row in board][:1] == [(board[0].challenge, 0, 1)]
    assert board[0].most_failed is not None


def test_a_following_student_goes_to_the_lecturers_page_and_takes_its_state(service):
    lecturer, role = start()
    student = join(role.code)
    lecturer.switch_page("pages/alphabet.py").run()
    lecturer.radio(key="variant").set_value(3).run()
    assert service.view(role.code).drive.page == "alphabet"
    student.run()  # the class's look: the lecturer is on another page, with variant 3
    student.run()
    no_errors(lecturer, student)
    assert student.radio(key="variant").value == 3
    assert any("Alphabet" in t.value or "alphabet" in t.value.lower() for t in student.title)


def test_an_ended_class_stops_its_code_but_the_lecturer_keeps_its_answers(service):
    lecturer, role = start()
    student = join(role.code, "Ann")
    lecturer.button(key="class_end").click().run()
    no_errors(lecturer)
    assert service.view(role.code) is None
    assert lecturer.button(key="class_forget") is not None  # the ended class stays until forgotten
    assert "class_csv" in [b.key for b in lecturer.get("download_button")]
    student.run()
    assert role_of(student) is None  # the student is told it ended
    late = page(join=role.code)
    late.text_input(key="class_nick_in").input("Bob")
    late.button(key="class_join").click().run()
    assert any("ended" in e.value for e in late.error) and role_of(late) is None
    lecturer.button(key="class_forget").click().run()
    assert role_of(lecturer) is None


def test_a_class_link_opens_on_its_join_card_and_not_now_opens_the_page(service):
    _lecturer, role = start()  # (the lecturer's tab stays open: the class lives)
    student = page(join=role.code)
    no_errors(student)
    assert not student.title  # the page behind the card is not built yet
    assert student.text_input(key="class_code_in").value == role.code  # the link's code, typed in already
    student.button(key="class_not_now").click().run()
    no_errors(student)
    assert student.title and role_of(student) is None  # the page, on one's own
    assert not [b for b in student.button if b.key == "class_not_now"]
    student.run()
    assert student.title  # the card does not come back in this session


def test_a_following_student_takes_the_lecturers_stack_and_a_student_cannot_drive_it(service):
    lecturer, role = start()
    student = join(role.code)
    lecturer.switch_page("pages/layers.py").run()
    lecturer.slider(key="stack_count").set_value(3).run()
    lecturer.toggle(key="stack_bi_1").set_value(True).run()
    drive = service.view(role.code).drive
    assert drive.page == "layers" and "bi1=on" in drive.state["link"] and "L=3" in drive.state["link"]
    lecturer.session_state["layers_step"] = 5  # (as the lecturer's browser reports a step)
    lecturer.run()
    version = service.view(role.code).drive.version
    lecturer.run()
    drive = service.view(role.code).drive
    assert drive.t == 5 and drive.version == version  # the step goes to the class once, not overwritten by a run
    student.run()
    student.run()
    no_errors(lecturer, student)
    assert student.slider(key="stack_count").value == 3 and student.toggle(key="stack_bi_1").value is True
    student.slider(key="stack_count").set_value(1).run()  # the student explores on their own: the class is unmoved
    no_errors(student)
    assert "L=3" in service.view(role.code).drive.state["link"]
