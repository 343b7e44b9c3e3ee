"""The stack view (issue 34): its one declaration, its link (hostile ones too), the stack it runs against a whole Keras
model built from the Keras code the page shows (every layer's output and the Dense head's softmax, ≤ 1e-5; every
layer's parameters against count_params), its scene's data, its CSV, and its lecture scenes."""

from dataclasses import replace

import numpy as np
import pytest

from lstm_viz.explorer.export import stack_csv
from lstm_viz.i18n import Texts
from lstm_viz.layers import config as stack_config
from lstm_viz.layers import link, presets, summary
from lstm_viz.layers.config import LayerConfig, StackConfig, problems, run
from lstm_viz.lectures import parse
from lstm_viz.lectures.offline import payloads
from lstm_viz.scene import stack as stack_scene

EN, RU = Texts("en"), Texts("ru")
STACKS = {
    **presets.PRESETS,
    "three_mixed": StackConfig(sequence="noise", steps=9, seed=5, head=4, layers=(
        LayerConfig("gru", 2, bidirectional=True, merge_mode="sum"), LayerConfig("rnn", 3, bidirectional=True,
        merge_mode="ave"), LayerConfig("lstm", 2, bidirectional=True, merge_mode="mul"))),
    "sequence_head": StackConfig(sequence="ramp", steps=6, head=3, layers=(LayerConfig("lstm", 2),)),
}  # fmt: skip


def keras_model(result):
    """The Keras model the page's code describes, with the stack's weights in it."""
    import keras
    from keras import layers  # noqa: F401  (the code refers to it)

    scope = {}
    exec(summary.keras_code(result, EN).replace("model.summary()", ""), scope)
    model = scope["model"]
    recurrent = [layer for layer in model.layers if not isinstance(layer, keras.layers.Dense)]
    for built, keras_layer in zip(result.layers, recurrent):
        kind = built.cell.kind
        if built.bidirectional:
            pairs = ((keras_layer.forward_layer, built.cell), (keras_layer.backward_layer, built.backward))
        else:
            pairs = ((keras_layer, built.cell),)
        for cell, weights in pairs:
            cell.set_weights([w.astype("float32") for w in kind.to_keras(weights)])
    if result.head is not None:
        model.layers[-1].set_weights([result.head.kernel.astype("float32"), result.head.bias.astype("float32")])
    return model


@pytest.mark.parametrize("name", list(STACKS))
def test_every_layer_and_the_head_equal_a_whole_keras_model_built_from_the_code_the_page_shows(name):
    import keras

    result = run(STACKS[name])
    model = keras_model(result)
    probe = keras.Model(model.inputs[0], [layer.output for layer in model.layers])
    outputs = probe(result.stack.x[None].astype("float32"))
    outputs = outputs if isinstance(outputs, list | tuple) else [outputs]
    ours = [layer.output for layer in result.stack.layers] + ([result.head.probabilities] if result.head else [])
    assert len(outputs) == len(ours)
    for theirs, mine in zip(outputs, ours):
        assert np.asarray(theirs)[0].shape == mine.shape
        assert np.max(np.abs(np.asarray(theirs, dtype=np.float64)[0] - mine)) <= 1e-5
    table = summary.rows(result, EN)
    assert [row["Parameters"] for row in table] == [layer.count_params() for layer in model.layers]
    assert [row["Hands on"] for row in table] == [str(tuple(layer.output.shape[1:])) for layer in model.layers]


def test_a_kind_with_no_keras_layer_is_a_comment_in_the_code_and_still_runs():
    config = StackConfig(layers=(LayerConfig("min_gru", 2), LayerConfig("lstm", 2, return_sequences=False)))
    result = run(config)
    code = summary.keras_code(result, EN)
    assert "# minGRU (2024): no Keras layer" in code and "layers.LSTM(2)" in code
    assert result.stack.output.shape == (2,)


@pytest.mark.parametrize("name", list(STACKS))
def test_a_link_gives_back_the_same_stack(name):
    config = STACKS[name]
    again, t, notes = link.from_query(link.parse_query(link.query_string(link.to_query(config, 3))))
    assert again == config and t == min(3, len(config.inputs()) - 1) and notes == []


@pytest.mark.parametrize(
    "query, keys",
    [
        ("L=9&k1=lstm", ["L"]),
        ("L=2&k1=transformer&u1=3", ["k1"]),
        ("L=2&u1=77&u2=-1&bi1=maybe&m1=max", ["u1", "u2", "bi1", "m1"]),
        ("L=1&seq=given&t=1e9", ["seq", "t"]),
        ("L=%2e%2e&k1=" + "x" * 5000 + "&head=<script>&seed=nan", ["L", "k1", "head", "seed"]),
    ],
)
def test_a_hostile_link_gets_a_note_per_parameter_and_a_valid_stack(query, keys):
    config, t, notes = link.from_query(link.parse_query(query))
    assert len(notes) == len(keys) and 0 <= t < len(config.inputs())
    assert all(any(f"“{key}=" in note.text(EN) for note in notes) for key in keys)
    assert all(len(note.text(RU)) < 400 for note in notes)
    assert 1 <= len(config.layers) <= 3
    assert run(config).stack.output.shape[-1] >= 1


def test_a_middle_layer_handing_on_one_vector_is_explained_and_run_as_keras_would_build_it():
    config, _, notes = link.from_query(link.parse_query("L=3&rs1=off&rs2=off&rs3=off"))
    assert notes == []
    found = problems(config)
    assert [problem.values["layer"] for problem in found] == [1, 2]
    assert "Keras" in found[0].text(EN) and "Keras" in found[0].text(RU)
    result = run(config)
    assert [layer.return_sequences for layer in result.config.layers] == [True, True, False]
    assert result.stack.output.shape == (3,)


def test_the_scene_holds_each_direction_on_the_input_it_read_and_the_shapes_handed_on():
    result = run(presets.PRESETS["bidirectional_stack"])
    data = stack_scene.payload(result, RU)
    layers = data["stacks"][0]["layers"]
    assert [layer["cells"] for layer in layers] == [[0, 1], [2]]
    assert [cell["reverse"] for cell in data["cells"]] == [False, True, False]
    x = np.asarray(data["cells"][0]["x"])
    assert np.allclose(np.asarray(data["cells"][1]["x"]), x[::-1])  # the backward cell read the input reversed
    assert np.allclose(np.asarray(data["cells"][2]["x"]), np.round(result.stack.layers[0].output, 4), atol=1e-4)
    assert [layer["reads"] for layer in layers] == ["(12, 1)", "(12, 4)"]
    assert [layer["hands"] for layer in layers] == ["(12, 4)", "(3,)"]
    head = data["stacks"][0]["head"]
    assert head["shape"] == "(3,)" and not head["per_step"] and abs(sum(head["probabilities"]) - 1) < 1e-3
    assert all(text for text in data["stack_texts"].values())


def test_the_pulse_preset_shows_what_only_the_backward_direction_has_seen_at_step_0():
    result = run(presets.PRESETS["pulse_later"])
    layer = result.stack.layers[0]
    quiet = run(replace(presets.PRESETS["pulse_later"], custom="0, 0, 0, 0, 0, 0, 0, 0, 0, 0"))
    still = quiet.stack.layers[0]
    assert np.allclose(layer.trace.h[0], still.trace.h[0])  # forwards at step 0: the pulse is still to come
    assert not np.allclose(layer.backward.h[-1], still.backward.h[-1])  # backwards at step 0: it has read it
    assert layer.output.shape == (10, 4)  # concat: 2u features at every step


def test_the_csv_holds_every_layer_and_the_backward_cell_in_time_order():
    result = run(presets.PRESETS["pulse_later"])
    lines = stack_csv(result.stack).splitlines()
    header = lines[0].split(",")
    assert header[:2] == ["t", "x"] and "L1_lstm_h_1" in header and "L1back_lstm_h_2" in header
    row0 = dict(zip(header, map(float, lines[1].split(","))))
    assert abs(row0["L1back_lstm_h_1"] - result.stack.layers[0].backward.h[-1][0]) < 1e-9
    assert len(lines) == 11


def test_a_lecture_scene_opens_a_stack_and_plays_offline():
    text = """title = "Layers"
language = "en"
[[scenes]]
page = "layers"
state = { link = "L=2&bi1=on&u1=2&rs2=off&head=3&t=4" }
[[scenes]]
page = "layers"
state = { link = "L=7" }
"""
    lecture = parse(text)
    assert lecture.scenes[0].state["link"].startswith("L=2")
    assert [problem.field for problem in lecture.problems] == ["state.link"]
    shown, left_out = payloads(lecture, EN)
    assert left_out == [] and len(shown) == 2
    assert shown[0]["data"]["stacks"][0]["layers"][0]["bidirectional"] and shown[0]["data"]["start"]["t"] == 4


def test_widget_keys_and_link_keys_come_from_one_declaration_and_never_clash():
    keys = [item.link for item in stack_config.FIELDS]
    widgets = [item.widget for item in stack_config.FIELDS]
    for number in range(1, stack_config.MAX_LAYERS + 1):
        keys += [item.link for item in stack_config.layer_fields(number)]
        widgets += [item.widget for item in stack_config.layer_fields(number)]
    assert len(set(keys)) == len(keys) and len(set(widgets)) == len(widgets)


def test_compare_mode_carries_a_second_stack_through_the_link_the_scene_and_the_csv():
    config = presets.PRESETS["lstm_against_gru"]
    query = link.to_query(config)
    assert query["BL"] == "2" and query["Bk1"] == "gru" and query["Brs2"] == "off"
    assert link.from_query(query)[0] == config
    one, _, notes = link.from_query(link.parse_query("L=1&BL=9&Bk1=nope&Bu1=3"))
    assert len(notes) == 2 and all("BL=9" in note.text(EN) or "Bk1=nope" in note.text(EN) for note in notes)
    assert len(one.compare) == 1 and one.compare[0].units == 3  # BL refused: as many layers as the first stack
    runs = [run(config), run(stack_config.second(config))]
    data = stack_scene.payload(runs, EN)
    assert [spec["title"] for spec in data["stacks"]] == ["Stack A", "Stack B"]
    assert [layer["cells"] for spec in data["stacks"] for layer in spec["layers"]] == [[0], [1], [2], [3]]
    assert [cell["kind"] for cell in data["cells"]] == ["lstm", "lstm", "gru", "gru"]
    header = stack_csv([r.stack for r in runs]).splitlines()[0].split(",")
    assert "L2_lstm_h_3" in header and "B_L2_gru_h_3" in header
    assert not np.allclose(runs[0].stack.output, runs[1].stack.output)
