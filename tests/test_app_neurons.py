"""The page "What neurons learn" through AppTest: nothing trains on load; a two-epoch Train on a pasted text shows
its results, the table and the text view; bad texts and temperatures get a clear message and lose nothing; the
counting models train and plot; a unit opens in the explorer."""

import json
import re
import time
from pathlib import Path

import numpy as np
import pytest

from tests.helpers import chart_specs, decode, open_link, open_page

SNIPPET = Path(__file__).resolve().parents[1].joinpath("lstm_viz/neurons/features.py").read_text() * 10


@pytest.fixture
def at():
    return open_page("neurons", timeout=120)


def textview_data(app) -> dict:
    found = [json.loads(e.proto.json) for e in app.get("bidi_component") if e.proto.id.endswith("neurons_textview")]
    return found[-1]


def yours(app, text: str):
    app.radio(key="neurons_source").set_value("yours").run()
    app.text_area(key="neurons_paste").input(text).run()
    assert not app.exception, app.exception
    return app


def train_small(app, epochs: int = 2):
    yours(app, SNIPPET)
    app.selectbox(key="neurons_units").set_value(64).run()
    app.number_input(key="neurons_len").set_value(50).run()
    app.number_input(key="neurons_epochs").set_value(epochs).run()
    app.button(key="neurons_train").click().run()
    assert not app.exception, app.exception
    return app.session_state["neurons_char_job"]


def metric(app, label):
    return next(m.value for m in app.metric if m.label == label)


def test_nothing_trains_on_load(at):
    assert "neurons_char_job" not in at.session_state
    assert any("Nothing trained yet" in i.value for i in at.info)
    assert any("1,000,000 characters" in c.value for c in at.caption)  # the standard library, described
    assert at.selectbox(key="neurons_units").value == 128 and at.number_input(key="neurons_epochs").value == 12


def test_two_epochs_then_results_table_view_and_samples(at):
    job = train_small(at)
    assert job.wait(300).status == "done"
    at.run()
    assert not at.exception, at.exception
    bits = float(metric(at, "Held-out bits per character"))
    assert bits == pytest.approx(job.result.heldout_bits, abs=1e-3) and 0 < bits < 8
    assert metric(at, "Epochs") == "2 of 2"
    assert float(metric(at, "Without context (unigram)")) == pytest.approx(job.result.unigram_bits, abs=1e-3)
    table = next(d.value for d in at.dataframe if "Feature of the text" in d.value.columns)
    assert len(table) == 6 and set(table["Of its"]) <= {"h", "c", ""}
    data = textview_data(at)
    assert data["unit"] == int(table["Best unit"].iloc[0]) - 1  # a model opens at its strongest unit
    assert data["quantity"] == table["Of its"].iloc[0] and len(data["chars"]) == len(data["values"]["c"]) <= 2000
    assert data["quantities"] == ["h", "c", "i", "f", "o", "c_tilde"]
    assert data["chars"] in job.result.held_out  # the view reads held-out text
    # another unit, another passage: the view follows
    at.number_input(key="neurons_unit").set_value(5).run()
    assert textview_data(at)["unit"] == 4
    first = textview_data(at)["chars"]
    at.number_input(key="neurons_passage_number").set_value(2).run()
    assert textview_data(at)["chars"] != first and textview_data(at)["chars"] in job.result.held_out
    # the samples written after every epoch, and a new one at temperature 0 (argmax) and a huge one
    assert [epoch for epoch, _ in job.result.samples] == [1, 2]
    at.select_slider(key="neurons_gen_temperature").set_value(0.0).run()
    assert any("argmax" in c.value for c in at.caption)
    at.button(key="neurons_write").click().run()
    greedy = at.session_state["neurons_written"]
    assert len(greedy) == 300 and not at.exception
    at.select_slider(key="neurons_gen_temperature").set_value(100.0).run()
    assert any("near-random" in c.value for c in at.caption)
    at.button(key="neurons_write").click().run()
    assert len(at.session_state["neurons_written"]) == 300 and not at.exception
    # find it yourself: the table hides, the check answers with the unit's place
    quote_r = float(table[table["Feature of the text"] == "inside a string literal"]["r"].iloc[0])
    at.toggle(key="neurons_yourself").set_value(True).run()
    assert not any("Feature of the text" in d.value.columns for d in at.dataframe)
    task = next(m.value for m in at.markdown if "Find the quote unit" in m.value)
    assert ("switches on inside string literals" in task) == (quote_r > 0), (quote_r, task)  # the sign's words
    at.button(key="neurons_check").click().run()
    answer = next(i.value for i in at.info if "inside a string" in i.value)
    assert "unit 5" in answer and ("place" in answer or "best" in answer)
    r = float(re.search(r"r = ([-+]\d\.\d\d)", answer).group(1))
    assert ("high inside strings" in answer) == (r > 0) and ("low inside strings" in answer) == (r < 0), answer
    # the same settings again: served from the shared store, no second training
    at.button(key="neurons_train").click().run()
    assert "neurons_char_job" not in at.session_state


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Paste a text"),
        ("short text", "one training sequence needs 101"),
        ("ааааааааа" * 40, "only one distinct character"),
        ("bin\x00ary " * 50, "binary file"),
    ],
)
def test_bad_texts_get_a_clear_message_and_lose_nothing(at, text, message):
    at.number_input(key="neurons_epochs").set_value(3).run()
    yours(at, text)
    shown = [e.value for e in (*at.error, *at.info)]
    assert any(message in value for value in shown), shown
    assert not [b for b in at.button if b.key == "neurons_train"]  # nothing to train on: no Train button
    assert at.number_input(key="neurons_epochs").value == 3  # the settings are kept
    at.radio(key="neurons_source").set_value("stdlib").run()
    assert [b for b in at.button if b.key == "neurons_train"] and not at.exception


def test_a_russian_text_trains(at):
    text = "Мороз и солнце; день чудесный! Ещё ты дремлешь, друг прелестный — пора, красавица, проснись.\n" * 30
    yours(at, text)
    at.selectbox(key="neurons_units").set_value(64).run()
    at.number_input(key="neurons_len").set_value(40).run()
    at.number_input(key="neurons_epochs").set_value(1).run()
    at.button(key="neurons_train").click().run()
    job = at.session_state["neurons_char_job"]
    assert job.wait(300).status == "done"
    at.run()
    assert not at.exception, at.exception
    assert set(job.result.charset.symbols) >= set("Мороз") and float(metric(at, "Held-out bits per character")) > 0
    assert all(set(text) <= set(job.result.charset.symbols) for _, text in job.result.samples)
    assert any("features of Python source" in c.value for c in at.caption)


def test_stop_mid_epoch_keeps_what_was_learnt(at):
    job = train_small(at, epochs=60)
    while job.running and job.progress.phase != "training":
        time.sleep(0.2)
    time.sleep(3)
    job.stop()
    assert job.wait(120).status == "stopped"
    at.run()
    assert not at.exception, at.exception
    assert any("stopped" in i.value.lower() for i in at.info)
    assert metric(at, "Epochs").endswith("of 60") and not metric(at, "Epochs").startswith("60")


def test_counting_trains_both_kinds_and_opens_the_counter_in_the_explorer(at):
    at.session_state["neurons_tab"] = "A counting model (aⁿbⁿ)"  # the tab, opened
    at.run()
    at.number_input(key="count_n").set_value(4).run()
    assert any("Nothing trained yet" in i.value for i in at.info)
    at.button(key="count_train").click().run()
    for slot in ("neurons_count_lstm", "neurons_count_gru"):
        assert at.session_state[slot].wait(300).status == "done"
    at.run()
    assert not at.exception, at.exception
    specs = chart_specs(at)
    accuracy = next(s for s in specs if s["layout"]["xaxis"]["title"]["text"] == "n (number of a's)")
    assert [trace["name"] for trace in accuracy["data"]] == ["LSTM", "GRU"]
    assert len(decode(accuracy["data"][0]["y"])) == 100
    shaded = accuracy["layout"]["shapes"][0]
    assert shaded["x0"] == 0.5 and shaded["x1"] == 4.5
    assert any("answers every test string right" in m.value or "does not answer" in m.value for m in at.markdown)
    counter = next(s for s in specs if s["layout"]["yaxis"]["title"]["text"] == "cell state c")
    assert len(decode(counter["data"][0]["y"])) == 24  # a¹²b¹² (3 × the training range)
    c, count = decode(counter["data"][0]["y"]), decode(counter["data"][1]["y"])
    said = next(m.value for m in at.markdown if "cell state follows the count" in m.value)
    assert ("rises on every a" in said) == (np.corrcoef(c, count)[0, 1] > 0), said  # the text follows the chart
    assert counter["layout"]["yaxis2"]["dtick"] == 2  # the count's axis: 0, 2, 4 … 12, not 1.71, 7.05 …
    assert at.query_params["tab"] == "counting" and at.query_params["count_n"] == "4"  # the settings in the link
    reloaded = open_link("neurons", {"tab": "counting", "count_n": "4", "count_units": "2", "count_seed": "0"})
    assert reloaded.button(key="count_train").disabled and reloaded.number_input(key="count_n").value == 4
    at.session_state["language"] = "ru"
    at.run()
    assert not at.exception, at.exception
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not [text for text in shown if re.search(r"\d\.\d|(?<![\w(])-\d", text)]  # 0,5 and −1,000 in Russian
    said = next(m.value for m in at.markdown if "следует за счётом" in m.value)
    assert ("растёт с каждой a" in said) == (np.corrcoef(c, count)[0, 1] > 0), said
    at.button(key="count_to_explorer").click().run()
    assert not at.exception, at.exception
    given = at.session_state["config"].given
    assert len(given) == 24 and len(given[0]) == 2  # one-hot over {a, b}, in the explorer


def test_a_lecture_scene_opens_a_tab_and_the_page_offers_its_view(at):
    from lstm_viz.lectures import Lecture, Scene, dumps, parse

    assert at.session_state["lecture_offered"] == ("neurons", {"tab": "chars"})  # for "Add this view as a scene"
    scene = Scene("neurons", "An LSTM counts", "", {"tab": "counting"})
    at.session_state["lecture_open"] = Lecture("counting", "Counting", "en", (scene,))
    at.session_state["lecture_index"] = 0
    at.session_state["lecture_applied"] = False
    at.session_state["lecture_mode"] = True
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["neurons_tab_id"] == "counting" and at.number_input(key="count_n").value == 10
    saved = parse(dumps(at.session_state["lecture_open"]))  # a lecture file keeps such a scene
    assert not saved.problems and saved.scenes[0].state == {"tab": "counting"}
    assert parse(dumps(Lecture("x", "X", "en", (Scene("neurons", "", "", {"tab": "nowhere"}),)))).problems
