"""Issue 32 ("Teach it right, round two"): the corrected statements and numbers, pinned.

Russian plurals at 1, 2, 5, 11, 21 and 22; Russian number input (a decimal comma) beside the link's one format; the
lecture captions that quote a number against what their scene computes; the corrected wording.
"""

from __future__ import annotations

import re
import string

import numpy as np
import pytest

from lstm_viz.i18n import PLURAL_SPEC, Texts
from lstm_viz.locales import collect

RU = collect("ru")
EN = collect("en")
COUNTS = (1, 2, 5, 11, 21, 22)
FORM_FOR = {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1}  # Russian: the form for 1, for 2–4, for 5–20 (and 11–14)

# The Russian forms of the nouns the catalogues count: (for 1, for 2–4, for 5–20), by grammatical case. A plural
# field must use one of these rows, so a wrong form ("2 нейронов") cannot hide in a new entry.
NOUN_FORMS = {
    ("нейрон", "нейрона", "нейронов"),
    ("параметр", "параметра", "параметров"),
    ("строка", "строки", "строк"),
    ("рекуррентный слой", "рекуррентных слоя", "рекуррентных слоёв"),
    ("нейрона", "нейронов", "нейронов"),
    ("нейрону", "нейронам", "нейронам"),
    ("шаг", "шага", "шагов"),
    ("секунду", "секунды", "секунд"),
    ("минуты", "минут", "минут"),
    ("участник", "участника", "участников"),
    ("шага", "шагов", "шагов"),
    ("шагу", "шагам", "шагам"),
    ("признак", "признака", "признаков"),
    ("признаку", "признака", "признаков"),
    ("число", "числа", "чисел"),
    ("примере", "примерах", "примерах"),
    ("примера", "примеров", "примеров"),
    ("буквы", "букв", "букв"),
    ("проверочного лица", "проверочных лиц", "проверочных лиц"),
    ("собственное лицо", "собственных лица", "собственных лиц"),
    ("человека", "человек", "человек"),
    ("лица", "лиц", "лиц"),
    ("лицо", "лица", "лиц"),
    ("значение", "значения", "значений"),
    ("запуск", "запуска", "запусков"),
    ("точка", "точки", "точек"),
    ("подсказка", "подсказки", "подсказок"),
    ("байта", "байт", "байт"),
    ("сцена", "сцены", "сцен"),
    ("файла", "файлов", "файлов"),
    ("раз", "раза", "раз"),
    ("обновление", "обновления", "обновлений"),
    ("эпоха", "эпохи", "эпох"),
    ("эпохи", "эпох", "эпох"),
    ("запланированной", "запланированных", "запланированных"),
    ("символ", "символа", "символов"),
    ("символа", "символов", "символов"),
    ("отложенном символе", "отложенных символах", "отложенных символах"),
    ("строка", "строки", "строк"),
    ("рекуррентный слой", "рекуррентных слоя", "рекуррентных слоёв"),
}
# Counted nouns (their stems): a bare "{n} нейронов" in a Russian entry is an error, a plural field is required.
COUNTED = re.compile(
    r"\{(\w+)(?::[^{}]*)?\}\s+(?:(?:проверочн|собственн|отложенн|запланированн)[а-яё]*\s+)?(нейрон|шаг|признак|чис|пример|букв|лиц|значени|точ|подсказ|байт|сцен|"
    r"файл|раз\b|раза|обновлени|эпох|символ|строк|человек|минут)"
)
NOT_COUNTS = {  # (key, field): a number there is not a count of the noun that follows
    ("faces.data.summary", "width"),  # 62×47 пикселей: a size
    ("neurons.check.not_yet", "quantity"),  # «h нейрона 3»: whose h
    ("textview.caption", "quantity"),
    ("own.input.width", "row"),  # «В строке 3 чисел: 2»: the row's number, then the count after a colon
}
OTHERS = ("queue.",)  # the run queue's texts: being written in another branch (issue 27); not checked here yet


def fields(template: str) -> list[tuple[str, str]]:
    return [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name]


def plural_entries() -> list[tuple[str, str, str]]:
    """(key, field, its forms) of every Russian entry that writes a count with its noun."""
    return [
        (key, name, spec[len(PLURAL_SPEC) :])
        for key, template in RU.items()
        for name, spec in fields(template)
        if spec.startswith(PLURAL_SPEC)
    ]


def test_the_listed_entries_take_a_plural_field():
    entries = {(key, name) for key, name, _ in plural_entries()}
    for key, name in [
        ("explorer.given_input", "steps"),
        ("explorer.given_input", "features"),
        ("handoff.whole_layer", "units"),
        ("alphabet.inside", "units"),
        ("neurons.job_label", "units"),
        ("neurons.run", "units"),
        ("neurons.count.budget", "units"),
        ("own.input.typed_label", "features"),
    ]:
        assert (key, name) in entries


@pytest.mark.parametrize("count", COUNTS)
def test_every_russian_count_takes_the_right_form(count):
    """Every Russian catalogue entry that takes a count, rendered for the count: the noun after it is the form
    Russian grammar wants (1 нейрон, 2 нейрона, 5 нейронов, 11 нейронов, 21 нейрон, 22 нейрона)."""
    tr = Texts("ru")
    entries = plural_entries()
    assert len(entries) >= 40
    for key, name, forms in entries:
        forms = tuple(forms.split("|"))
        assert forms in NOUN_FORMS, f"{key}: {forms} is not a known row of noun forms"
        values = {other: 7.0 if spec else "X" for other, spec in fields(RU[key])}
        values[name] = count
        text = tr(key, **values)
        assert f"{count} {forms[FORM_FOR[count]]}" in text, (key, text)
        for wrong in set(forms) - {forms[FORM_FOR[count]]}:
            assert not re.search(rf"(?<![\d\w]){count} {wrong}(?![а-яё])", text), (key, text)


def test_no_russian_count_left_without_its_plural():
    bare = [
        (key, match.group(0))
        for key, template in RU.items()
        if not key.startswith(OTHERS)
        for match in COUNTED.finditer(template)
        if ":plural:" not in match.group(0) and (key, match.group(1)) not in NOT_COUNTS
    ]
    assert not bare, bare


def test_plural_fields_in_text_errors_and_strings():
    tr = Texts("ru")
    assert tr("explorer.given_input", steps=21, features=1) == "Переданный вход: 21 шаг по 1 признаку."
    assert tr("explorer.given_input", steps=3, features=2) == "Переданный вход: 3 шага по 2 признака."
    assert tr("neurons.run", source="s", units="2/4", epochs=3, bits="1,5").startswith("s, 2/4 нейрона,")
    assert tr("sequence.too_long", count=101, most=100).startswith("Это 101 число;")


# --- Russian number input (issue 32, wrong 5) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0,5; 1", [0.5, 1.0]),
        ("0,5 1", [0.5, 1.0]),
        ("1;2;3", [1.0, 2.0, 3.0]),
        ("−0,5; 2", [-0.5, 2.0]),
        ("0, 0.5, 1", [0.0, 0.5, 1.0]),
    ],  # the last: the link's own format reads the same in Russian
)
def test_russian_numbers_take_a_decimal_comma(text, expected):
    from lstm_viz.sequences import parse_sequence

    assert list(parse_sequence(text, "ru")) == expected


def test_an_ambiguous_russian_list_gets_a_message_in_the_pages_language():
    from lstm_viz.sequences import SequenceError, parse_sequence

    with pytest.raises(SequenceError) as error:
        parse_sequence("0,5,1", "ru")
    assert "«0,5,1», неоднозначен" in error.value.text(Texts("ru"))
    assert "“0,5,1”, is ambiguous" in error.value.text(Texts("en"))


def test_english_and_links_read_as_before():
    from lstm_viz.explorer import link
    from lstm_viz.sequences import parse_sequence

    assert list(parse_sequence("0, 0.5, 1")) == [0.0, 0.5, 1.0]
    assert list(parse_sequence("0,5; 1", "en")) == [0.0, 5.0, 1.0]  # English: commas separate, as always
    assert list(parse_sequence("1 2;3")) == [1.0, 2.0, 3.0]
    config, _, notes = link.from_query({"seq": "custom", "x": "0,5,1"})  # a link: one format, whatever the page
    assert config.custom == "0, 5, 1" and not notes
    config, _, _ = link.from_query({"seq": "custom", "x": "0.5,1"})
    assert config.custom == "0.5, 1"


def test_the_explorers_box_reads_the_language_it_was_typed_in():
    from dataclasses import replace

    from lstm_viz.explorer import presets, widgets

    base = replace(presets.default_config()[0], sequence="custom", custom="0, 1")
    values = widgets.widget_values(base)
    russian, errors = widgets.config_from_widgets({**values, "custom": "0,5; 1", widgets.LANGUAGE: "ru"}, base)
    assert russian.custom == "0.5, 1" and not errors  # kept in the link's format
    english, _ = widgets.config_from_widgets({**values, "custom": "0,5; 1"}, base)  # no language: the link's
    assert english.custom == "0, 5, 1"
    kept, errors = widgets.config_from_widgets({**values, "custom": "0,5,1"}, base, language="ru")
    assert kept.custom == "0, 1" and errors  # ambiguous: not taken, and said why
    assert "неоднозначен" in errors[0].text(Texts("ru"))
    again, errors = widgets.config_from_widgets(widgets.widget_values(russian), russian, language="ru")
    assert again == russian and not errors  # the link's format in the box means the same in Russian


def test_your_models_typed_input_in_russian():
    from lstm_viz.own_model.archive import OwnModelError
    from lstm_viz.own_model.inputs import typed

    assert typed("0,5; 1", 1, "ru").ravel().tolist() == [0.5, 1.0]
    assert typed("0,5 1\n1; 2,25", 2, "ru").tolist() == [[0.5, 1.0], [1.0, 2.25]]
    assert typed("0.5, 1", 1).ravel().tolist() == [0.5, 1.0]  # English unchanged
    with pytest.raises(OwnModelError) as error:
        typed("0,5,1", 1, "ru")
    assert "неоднозначен" in error.value.text(Texts("ru"))


# --- lecture captions against their scenes (issue 32, wrong 1) ----------------------------------------------------

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
NUMBER = re.compile(r"−?\d+(?:[.,]\d+)?(?:·10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?")


def number(text: str) -> float:
    """A number as a caption writes it: 0.557 or 0,557, −0.11, 3.9·10⁻²."""
    mantissa, _, power = text.replace("−", "-").replace(",", ".").partition("·10")
    return float(mantissa) * 10 ** int(power.translate(SUPERSCRIPT) or 0)


def decimals(text: str) -> int:
    mantissa = text.partition("·")[0].replace(",", ".")
    return len(mantissa.partition(".")[2])


def quoted(caption: str, pattern: str) -> str:
    match = re.search(pattern, caption)
    assert match, f"{pattern!r} not in {caption!r}"
    return next(group for group in match.groups() if group is not None)  # (a pattern may say it two ways)


def same(shown: str, value: float) -> bool:
    """Does the caption's number say this value, at the caption's own precision?"""
    if "·10" in shown:
        mantissa = shown.partition("·")[0].replace(",", ".")
        return f"{value:.{decimals(mantissa)}e}" == f"{number(shown):.{decimals(mantissa)}e}"
    return round(value, decimals(shown)) == number(shown)


def lecture_scenes(name: str, language: str) -> list[dict]:
    import tomllib
    from pathlib import Path

    return tomllib.loads(Path(f"lectures/{name}.{language}.toml").read_text(encoding="utf-8"))["scenes"]


def explorer_traces(scene: dict):
    from lstm_viz.explorer import config, link

    linked, t, notes = link.from_query(link.parse_query(scene["state"]["link"]))
    assert not notes
    return [trace.values for trace in config.run(linked)], t


def check_cell_lecture(caption: str, index: int, scene: dict) -> set[str]:
    """The numbers the caption of scene ``index`` (1-based) quotes, each checked against what the scene computes;
    returns them."""
    checked = set()

    def claim(pattern: str, value: float) -> None:
        shown = quoted(caption, pattern)
        assert same(shown, value), (index, pattern, shown, value)
        checked.add(shown)

    if scene["page"] == "explorer":
        traces, t = explorer_traces(scene)
        cell = traces[0]
        pulse = 2  # the pulse input's one step
        if index == 1:  # the plain RNN's fading memory beside the LSTM's kept pulse (compare_preset.rnn_fades)
            from lstm_viz.explorer import link

            linked, _, _ = link.from_query(link.parse_query(scene["state"]["link"]))
            rnn = traces[1]
            assert linked.compare.kind == "rnn" and t == 12
            claim(r"tanh\((" + NUMBER.pattern + r") · h\)", linked.compare.arrays["recurrent_kernel"][0])
            claim(r"t = 2: h = (" + NUMBER.pattern + ")", rnn["h"][pulse, 0])
            claim(r"t = 12 (?:only|остаётся лишь) h = (" + NUMBER.pattern + ")", rnn["h"][12, 0])
            claim(r"(" + NUMBER.pattern + r") at t = 29|t = 29 — (" + NUMBER.pattern + ")", rnn["h"][29, 0])
            claim(r"(?:holds|хранит) c = (" + NUMBER.pattern + ")", cell["c"][12, 0])
            assert rnn["h"][29, 0] < 0.05 < 0.9 < cell["c"][29, 0]  # "its memory fades", the LSTM's does not
        if index == 9:  # the output gate: hidden while x = 0, shown at the cue x = −1
            cue = 15
            assert t == cue and "t = 15" in caption
            claim(
                r"while x = 0, o ≈ (" + NUMBER.pattern + ")|пока x = 0, o ≈ (" + NUMBER.pattern + ")",
                cell["o"][cue - 1, 0],
            )
            claim(r"h (?:stays at|держится на) (" + NUMBER.pattern + ")", cell["h"][cue - 1, 0])
            assert np.all(np.round(cell["h"][pulse + 1 : cue, 0], 3) == 0.005)  # stays, from the pulse to the cue
            claim(r"(?:opens it|открывает вентиль): o ≈ (" + NUMBER.pattern + ")", cell["o"][cue, 0])
            claim(r"h = (" + NUMBER.pattern + r") (?:shows|показывает)", cell["h"][cue, 0])
            claim(r"\(c = (" + NUMBER.pattern + r")\)", cell["c"][cue, 0])
        if index == 3:  # document 001's worked example, one step
            shown = NUMBER.findall(quoted(caption, r"\[([^\]]+)\]"))
            assert [round(v, 2) for v in cell["c"][t]] == [number(s) for s in shown]
            checked.update(shown)
        if index == 4:
            claim(r"\bi ≈ (" + NUMBER.pattern + ")", cell["i"][t, 0])
            assert cell["pre_c_tilde"][t, 0] == 3
            claim(r"tanh\(3\) ≈ (" + NUMBER.pattern + ")", cell["c_tilde"][t, 0])
        if index == 5:
            claim(r"\bf ≈ (" + NUMBER.pattern + ")", cell["f"][t, 0])
            claim(r"(\d+) (?:steps|шага)", t - pulse)
            assert cell["c"][t, 0] > 0.9 * cell["c"][pulse, 0]  # "still holds the pulse"
        if index == 6:
            claim(r"b_f = (" + NUMBER.pattern + ")", cell["pre_f"][0, 0])  # x = 0 and h = 0 at t = 0: the bias
            claim(r"\bf ≈ (" + NUMBER.pattern + ")", cell["f"][t, 0])
        if index == 7:
            first, last = (int(v) for v in re.findall(r"t = (\d+)", caption))
            assert (first, last) == (pulse, len(cell["c"]) - 1)
            checked.update({str(first), str(last)})
            for step in range(first, last + 1):
                claim(r"\bc = (" + NUMBER.pattern + ")", cell["c"][step, 0])
            assert np.all(cell["c_tilde"][pulse + 1 :] == 0) and "tanh(0) = 0" in caption
        if index == 8:
            claim(r"\bf ≈ (" + NUMBER.pattern + ")", cell["f"][t, 0])
        if index == 10:
            gru = traces[1]
            claim(r"\(z ≈ (1)\)", gru["z"][t, 0])
            claim(r"\(z ≈ (0)\)", gru["z"][:, 0].min())
    else:
        from lstm_viz import gradients
        from lstm_viz.sequences import preset_sequence

        preset = gradients.DEMO_PRESETS[scene["state"]["preset"]]
        x = preset_sequence(preset["sequence"], preset["steps"])[:, None]
        demo = gradients.demo(x, preset["units"], preset["rnn_scale"], preset["forget_bias"])
        claim(r"b_f = (" + NUMBER.pattern + ")", preset["forget_bias"])
        if index == 11:  # Keras's start: the cell path shrinks by f per step, and the LSTM loses to the RNN
            claim(r"(" + NUMBER.pattern + r") (?:per step|раза за шаг)", demo.cell_path[0] / demo.cell_path[1])
            claim(r"(" + NUMBER.pattern + r") (?:per step|раза за шаг)", demo.forget_mean)
            assert demo.lstm[0] < demo.rnn[0]
        if index == 12:
            claim(r": f ≈ (" + NUMBER.pattern + ")", demo.forget_mean)
            claim(r"(" + NUMBER.pattern + r") (?:from step|от шага)", demo.cell_path[0])
            claim(r"\((" + NUMBER.pattern + r")\)", demo.lstm[0])
            claim(r"(?:to step|до шага) (\d+)", preset["steps"])
            assert demo.rnn[0] < 1e-3  # "the plain RNN's gradient vanishes"
    return checked


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_cell_lectures_captions_say_what_their_scenes_compute(language):
    """Every number with a decimal mark (or a power of ten) in a caption of the cell lecture is one the scene
    computes, at the precision the caption writes it; the integers that are claims are checked too."""
    scenes = lecture_scenes("lstm-cell", language)
    assert len(scenes) == 12
    for index, scene in enumerate(scenes, start=1):
        caption = scene["caption"]
        checked = check_cell_lecture(caption, index, scene)
        decimals_quoted = {n for n in NUMBER.findall(caption) if re.search(r"[.,]\d|·10", n)}
        assert decimals_quoted <= checked, (index, decimals_quoted - checked)


def test_the_f_equals_one_caption_no_longer_says_c_grows():
    for language in ("en", "ru"):
        caption = lecture_scenes("lstm-cell", language)[6]["caption"]
        assert "grow" not in caption and "раст" not in caption


def test_russian_exponents_are_powers_of_ten():
    tr = Texts("ru")
    assert tr.number(1e-7, ".1e") == "1,0·10⁻⁷"
    assert tr.number(2.5e10, ".1e") == "2,5·10¹⁰"
    assert Texts("en").number(1e-7, ".1e") == "1.0e-07"
    assert "1,00·10⁻⁵" in tr("why_lstm.gradients.summary", steps=40, rnn=1e-5, gru=1e-3, lstm=1e-8, path=1e-6)


def test_the_explorer_page_reads_russian_numbers():
    """The page end to end: the Russian box takes «0,5; 1» as two numbers and refuses «0,5,1» in Russian; the link
    keeps the link's format."""
    from tests.helpers import open_page

    at = open_page("explorer", query={"lang": "ru"})
    at.selectbox(key="seq").set_value("custom").run()
    at.text_input(key="custom").input("0,5; 1").run()
    assert not at.exception and not at.error
    assert at.session_state["config"].custom == "0.5, 1" and at.query_params["x"] == "0.5, 1"
    at.text_input(key="custom").input("0,5,1").run()
    assert not at.exception and "неоднозначен" in at.error[0].value
    assert at.session_state["config"].custom == "0.5, 1"
