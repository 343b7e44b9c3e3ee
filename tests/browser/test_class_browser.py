"""A class in one room (issue 28) in Chromium: a lecturer's tab and two students' tabs on one server.

The lecturer starts a class on a lecture's question scene; the QR code on the projector is read back (zxing-cpp) and
holds the students' link; the students join (one by the link, one by typing the code); a step on the lecturer's scene
appears on both students'; "explore on my own" stops that for one of them, "follow again" brings it back; the
question is asked, answered on the students' phone-sized screens, counted and revealed with a histogram on the
lecturer's. Screenshots (docs/): the projector with the histogram and a student's phone, in English and Russian.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import wait_for_app

DOCS = Path(__file__).resolve().parents[2] / "docs"
CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}")
PANEL = re.compile("Class|Занятие")


def question_scene(language: str) -> tuple[int, object]:
    from lstm_viz import lectures

    lecture = lectures.load(f"lstm-cell.{language}")
    for number, scene in enumerate(lecture.scenes, 1):
        if scene.question is not None and scene.question.kind == "number" and scene.page == "explorer":
            return number, scene
    raise AssertionError("no number question on the explorer in the lecture")


def step_of(page: Page) -> str:
    return page.locator(".lv-step-text").first.get_attribute("data-t")


def open_sidebar(page: Page) -> None:
    opener = page.locator("[data-testid='stSidebarCollapsedControl'] button, [data-testid='stExpandSidebarButton']")
    if opener.count() and opener.first.is_visible():
        opener.first.click()


def close_sidebar(page: Page) -> None:
    """On a phone the sidebar covers the page (a class's link opens with it folded)."""
    if page.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "true":
        return
    page.locator("[data-testid='stSidebar']").hover()  # its close button shows on hover
    closer = page.get_by_role("button", name="Collapse sidebar")
    if closer.count() and closer.first.is_visible():
        closer.first.click()
        expect(page.locator("[data-testid='stSidebar']")).to_have_attribute("data-collapsed", "true")


def open_panel(page: Page) -> None:
    open_sidebar(page)
    panel = page.locator("[data-testid='stSidebar'] [data-testid='stExpander']").filter(has_text=PANEL)
    details = panel.locator("[data-testid='stExpanderDetails']")
    if details.count() == 0 or not details.first.is_visible():
        panel.locator("summary").first.click()


def read_qr(page: Page, tmp_path: Path) -> str:
    import zxingcpp
    from PIL import Image

    image = page.get_by_role("dialog").locator("img").first
    expect(image).to_be_visible(timeout=20_000)
    path = tmp_path / "qr.png"
    image.screenshot(path=str(path))
    found = zxingcpp.read_barcodes(Image.open(path))
    assert found, "no QR code found in the dialog's image"
    return found[0].text


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_lecturer_and_two_students(browser, server_url, tmp_path, language):
    number, _ = question_scene(language)
    words = {
        "en": dict(start="Start a class", show="Show how to join", join="Join", ask="Ask the class", send="Send",
                   reveal="Reveal", explore="Explore on my own", follow="Follow again", answers="Answers"),
        "ru": dict(start="Начать занятие", show="Показать, как подключиться", join="Подключиться",
                   ask="Спросить группу", send="Отправить", reveal="Открыть ответ", explore="Исследовать самому",
                   follow="Снова следить за лектором", answers="Ответов"),
    }[language]  # fmt: skip
    projector = browser.new_context(viewport={"width": 1280, "height": 720})
    lecturer = projector.new_page()
    lecturer.goto(f"{server_url}/?lecture=lstm-cell.{language}&scene={number}&lang={language}")
    wait_for_app(lecturer)
    sidebar = lecturer.locator("[data-testid='stSidebar']")
    for _ in range(3):  # a press during the lecture's first runs (its scene being routed) may be superseded
        open_panel(lecturer)
        lecturer.get_by_role("button", name=words["start"]).click()
        try:
            expect(sidebar).to_contain_text(CODE, timeout=10_000)
            break
        except AssertionError:
            wait_for_app(lecturer)
    expect(sidebar).to_contain_text(CODE, timeout=10_000)
    code = CODE.search(lecturer.locator("[data-testid='stSidebar']").inner_text()).group(0)

    lecturer.get_by_role("button", name=words["show"]).click()
    link = read_qr(lecturer, tmp_path)
    assert f"join={code}" in link, link
    lecturer.keyboard.press("Escape")

    students = []
    for k, how in enumerate(("link", "code")):
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        student = context.new_page()
        query = f"join={code}&lang={language}" if how == "link" else f"lang={language}"
        student.goto(f"{server_url}/?{query}")
        wait_for_app(student)
        if how == "link":  # the link (or its QR code) opens on the join card, in the page itself
            expect(student.locator(".st-key-class_join_card")).to_be_visible(timeout=20_000)
            student.screenshot(path=str(DOCS / f"class-join-phone.{language}.png"))
        else:
            open_panel(student)
        if how == "code":
            field = student.locator(".st-key-class_code_in input")
            field.fill(code.lower().replace("-", " "))  # as a student types it
            field.press("Enter")
        field = student.locator(".st-key-class_nick_in input")
        field.fill(f"<b>student {k}</b> 🙂")
        field.press("Enter")
        student.get_by_role("button", name=words["join"]).click()
        expect(student.get_by_role("button", name=words["explore"])).to_be_visible(timeout=20_000)
        close_sidebar(student)
        students.append(student)
    joined = lecturer.locator("[data-testid='stSidebar'] [data-testid='stMetricValue']").first
    expect(joined).to_have_text("2", timeout=20_000)

    # a step on the lecturer's scene appears on the students'
    for student in students:
        expect(student.locator(".lv-step-text").first).to_be_visible(timeout=30_000)
    start = int(step_of(lecturer))
    lecturer.locator(".lv-scene").first.click(position={"x": 5, "y": 5})
    lecturer.keyboard.press("ArrowRight")
    lecturer.keyboard.press("ArrowRight")
    expect(lecturer.locator(".lv-step-text").first).to_have_attribute("data-t", str(start + 2))
    for k, student in enumerate(students):
        expect(student.locator(".lv-step-text").first, f"student {k}").to_have_attribute(
            "data-t",
            str(start + 2),
            timeout=20_000,  # (a function test: the bench measures the latency)
        )

    # explore on my own: the lecturer's next step leaves this student alone; follow again catches up
    open_sidebar(students[1])
    students[1].get_by_role("button", name=words["explore"]).click()
    expect(students[1].get_by_role("button", name=words["follow"])).to_be_visible(timeout=20_000)
    close_sidebar(students[1])
    lecturer.keyboard.press("ArrowLeft")
    expect(students[0].locator(".lv-step-text").first).to_have_attribute("data-t", str(start + 1), timeout=10_000)
    students[1].wait_for_timeout(2500)
    assert step_of(students[1]) == str(start + 2)
    open_sidebar(students[1])
    students[1].get_by_role("button", name=words["follow"]).click()
    close_sidebar(students[1])
    expect(students[1].locator(".lv-step-text").first).to_have_attribute("data-t", str(start + 1), timeout=10_000)

    # predict, then reveal
    lecturer.get_by_role("button", name=words["ask"]).click()
    for k, student in enumerate(students):
        field = student.get_by_label(re.compile("Your answer|Ваш ответ"))
        expect(field).to_be_visible(timeout=10_000)
        field.fill(["0,5", "NaN"][k] if language == "ru" else ["0.5", "NaN"][k])
        field.press("Enter")
        student.get_by_role("button", name=words["send"]).click()
    expect(students[1].get_by_text(re.compile("number|число", re.I)).first).to_be_visible(timeout=10_000)  # NaN
    field = students[1].get_by_label(re.compile("Your answer|Ваш ответ"))
    field.fill("1e0")
    field.press("Enter")
    students[1].get_by_role("button", name=words["send"]).click()
    answers = lecturer.locator("[data-testid='stMetric']").filter(has_text=words["answers"])
    expect(answers.locator("[data-testid='stMetricValue']")).to_have_text("2", timeout=15_000)
    lecturer.get_by_role("button", name=words["reveal"]).click()
    histogram = lecturer.locator(".st-key-class_histogram, [data-testid='stPlotlyChart']").first
    expect(histogram).to_be_visible(timeout=15_000)
    # the scene then plays, so the class sees why: on the projector, and along on the students' screens
    expect(lecturer.locator(".lv-scene [data-action=pause]").first).to_be_visible(timeout=10_000)
    expect(students[0].locator(".lv-scene [data-action=pause]").first).to_be_visible(timeout=10_000)
    expect(students[0].get_by_text(re.compile("right answer|Правильный ответ", re.I)).first).to_be_visible(
        timeout=10_000
    )
    DOCS.mkdir(exist_ok=True)
    close_sidebar(lecturer)  # the projector shows the page; the sidebar is the lecturer's
    lecturer.locator(".st-key-class_question [data-testid='stMetric']").first.evaluate(
        "node => node.scrollIntoView({block: 'start'})"
    )  # the count, the right answer and the histogram on one projector screen
    lecturer.wait_for_timeout(1000)
    lecturer.screenshot(path=str(DOCS / f"class-projector.{language}.png"))
    students[0].screenshot(path=str(DOCS / f"class-student-phone.{language}.png"))
    # a reload keeps the class: the student stays in it, the lecturer keeps leading it
    students[0].reload()
    wait_for_app(students[0])
    open_sidebar(students[0])
    expect(students[0].get_by_role("button", name=words["explore"])).to_be_visible(timeout=20_000)
    lecturer.reload()
    wait_for_app(lecturer)
    open_sidebar(lecturer)
    expect(lecturer.locator("[data-testid='stSidebar']")).to_contain_text(code, timeout=20_000)
    expect(lecturer.get_by_role("button", name=words["show"])).to_be_visible()
    projector.close()
    for student in students:
        student.context.close()
