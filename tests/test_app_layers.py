"""The stack view's controls (AppTest, through the app's entry point): the layer count, a layer's kind, size,
direction, merge mode and return_sequences, the head and the seed each change the scene and the link; a preset loads;
a hostile link opens with notes; a layer opens in the cell explorer with its weights and the input it reads."""

import numpy as np

from lstm_viz.layers import config as stack_config
from lstm_viz.layers import presets
from tests.helpers import open_link, open_page, scene


def stack(at) -> dict:
    return scene(at, "layers_scene")


def test_the_page_opens_on_the_course_model_and_every_control_reshapes_the_stack():
    at = open_page("layers")
    data = stack(at)
    assert [layer["hands"] for layer in data["stacks"][0]["layers"]] == ["(20, 4)", "(4,)"]
    assert data["stacks"][0]["head"]["shape"] == "(7,)"
    assert any("Document 001" in info.value for info in at.info)
    assert at.query_params["L"] == "2" and at.query_params["rs2"] == "off"

    at.slider(key="stack_count").set_value(3).run()  # a third layer: an LSTM of the size of the one below
    assert not at.exception
    assert at.selectbox(key="stack_kind_3").value == "lstm" and at.slider(key="stack_units_3").value == 4
    assert at.toggle(key="stack_rs_2").value is True and at.toggle(key="stack_rs_3").value is False  # (moved up)
    assert [layer["hands"] for layer in stack(at)["stacks"][0]["layers"]] == ["(20, 4)", "(20, 4)", "(4,)"]

    at.toggle(key="stack_rs_2").set_value(False).run()  # a middle layer handing one vector up: Keras refuses
    assert [w.value for w in at.warning if "return_sequences" in w.value]
    at.toggle(key="stack_rs_2").set_value(True).run()
    assert not [w for w in at.warning if "return_sequences" in w.value]
    at.toggle(key="stack_bi_1").set_value(True).run()
    at.selectbox(key="stack_merge_1").set_value("concat").run()
    at.selectbox(key="stack_kind_2").set_value("gru").run()
    at.slider(key="stack_units_2").set_value(2).run()
    at.toggle(key="stack_rs_3").set_value(True).run()
    data = stack(at)
    layers = data["stacks"][0]["layers"]
    assert [layer["reads"] for layer in layers] == ["(20, 1)", "(20, 8)", "(20, 2)"]
    assert layers[0]["bidirectional"] and len(layers[0]["cells"]) == 2 and data["cells"][1]["reverse"]
    assert data["cells"][2]["kind"] == "gru" and data["cells"][2]["units"] == 2
    assert data["stacks"][0]["head"]["per_step"]  # the top layer hands on every step: Dense at every step
    assert at.query_params["bi1"] == "on" and at.query_params["k2"] == "gru" and "rs3" not in at.query_params

    before = np.asarray(data["cells"][0]["values"]["h"])
    at.number_input(key="stack_seed").set_value(9).run()
    assert not np.allclose(np.asarray(stack(at)["cells"][0]["values"]["h"]), before)
    at.number_input(key="stack_head").set_value(0).run()
    assert stack(at)["stacks"][0]["head"] is None and "head" not in at.query_params

    at.selectbox(key="layers_preset").set_value("pulse_later").run()
    at.button(key="layers_load").click().run()
    data = stack(at)
    assert [layer["hands"] for layer in data["stacks"][0]["layers"]] == ["(10, 4)"]
    assert at.slider(key="stack_count").value == 1 and at.toggle(key="stack_bi_1").value is True
    assert any("pulse" in info.value for info in at.info)


def test_a_shared_link_reopens_the_same_stack_in_a_new_session():
    at = open_link("layers", {"seq": "pulse", "n": "15", "L": "1"})  # no head: the link leaves out what is default
    data = stack(at)
    assert data["stacks"][0]["head"] is None and data["steps"] == 15 and "head" not in at.query_params


def test_a_hostile_link_opens_a_valid_stack_with_a_note_for_each_bad_parameter():
    at = open_link("layers", {"L": "9", "k1": "<script>", "u2": "77", "rs1": "off", "t": "1e99", "seq": "custom",
                              "x": "1, 2, nope"})  # fmt: skip
    notes = " ".join(w.value for w in at.warning)
    for key in ("L=9", "k1=<script>", "u2=77", "t=1e99", "x=1, 2, nope"):
        assert key in notes
    assert stack(at)["steps"] == 7  # the default numbers
    at.text_input(key="stack_custom").set_value("1, 0, nope").run()  # typed: a message, and the page stays
    assert not at.exception and [e.value for e in at.error if "nope" in e.value]
    at.text_input(key="stack_custom").set_value("1, 0, -1, 0.5").run()
    assert not at.exception and not at.error and stack(at)["steps"] == 4


def test_a_layer_opens_in_the_cell_explorer_with_its_weights_on_the_input_it_reads():
    at = open_page("layers")
    result = stack_config.run(presets.PRESETS["course"])
    at.button(key="layers_open_2").click().run()
    assert not at.exception
    explorer = scene(at, "explorer_scene")
    cell = explorer["cells"][0]
    assert cell["kind"] == "lstm" and cell["units"] == 4
    assert np.allclose(np.asarray(explorer["x"]), np.round(result.stack.layers[0].output, 4), atol=1e-4)
    assert np.allclose(np.asarray(cell["values"]["h"]), result.stack.layers[1].trace.h, atol=1e-4)
    assert any("Layer 2" in info.value for info in at.info)


def test_the_parameter_calculator_links_to_the_same_architecture_in_miniature():
    at = open_page("layers")  # the stack view seen first: the calculator's link must still open its own stack
    at.switch_page("pages/why-lstm.py").run()
    at.session_state["calc_layers"] = 2
    at.session_state["calc_units"] = 128
    at.session_state["calc_bidirectional"] = True
    at.session_state["calc_dense"] = 7
    at.run()
    found = [item for item in at.get("page_link") if "layers" in item.proto.page]
    assert len(found) == 1
    query = dict(pair.split("=") for pair in found[0].proto.query_string.split("&"))
    assert query["L"] == "2" and query["bi1"] == "on" and query["bi2"] == "on" and query["u1"] == "4"
    assert query["rs2"] == "off" and query["head"] == "7"
    at.switch_page("pages/layers.py")
    at.query_params.clear()
    at.query_params.update(query)
    at.run()
    assert not at.exception
    shown = stack(at)["stacks"][0]
    assert [layer["hands"] for layer in shown["layers"]] == ["(12, 8)", "(8,)"] and shown["head"]["shape"] == "(7,)"


def test_a_trained_model_handed_over_opens_whole_and_a_preset_leaves_it():
    from lstm_viz import faces
    from lstm_viz.layers.trained import from_keras
    from lstm_viz.models.faces import build

    model = build(3, faces.FACE_RECIPES["course"], seed=0, compiled=False)
    x = np.random.default_rng(0).uniform(0, 1, (62, 47))
    trained = from_keras(model, x, ["Ann", "Bob", "Cid"], ("layers.source.faces", {"image": 4, "name": "Ann"}))
    at = open_page("layers")
    at.session_state["layers_handoff"] = trained  # (as ui.handoff.open_in_layers leaves it)
    at.run()
    assert not at.exception
    data = stack(at)
    assert [layer["hands"] for layer in data["stacks"][0]["layers"]] == ["(62, 128)", "(128,)"]
    assert data["stacks"][0]["head"]["labels"] == ["Ann", "Bob", "Cid"]
    assert any("test image 4 (Ann)" in info.value and "Keras" in info.value for info in at.info)
    assert any("128 units" in caption.value for caption in at.caption)
    assert not [key for key in ("stack_count", "stack_kind_1") if key in [w.key for w in at.sidebar.slider] +
                [w.key for w in at.sidebar.selectbox]]  # fmt: skip
    assert "L" not in at.query_params  # a trained model's weights are not a link's
    at.button(key="layers_open_1").click().run()  # a 128-unit layer in the cell explorer (its stored view)
    assert not at.exception and scene(at, "explorer_scene")["cells"][0]["units"] == 128
    at.switch_page("pages/layers.py").run()
    at.button(key="layers_load").click().run()
    assert not at.exception and at.slider(key="stack_count").value == 2
    assert [layer["hands"] for layer in stack(at)["stacks"][0]["layers"]] == ["(20, 4)", "(4,)"]


def test_compare_mode_a_second_stack_edited_on_its_own_and_turned_off():
    at = open_page("layers")
    at.toggle(key="stack_compare").set_value(True).run()
    assert not at.exception
    data = stack(at)
    assert len(data["stacks"]) == 2 and [c["kind"] for c in data["cells"]] == ["lstm", "lstm", "gru", "gru"]
    assert at.query_params["BL"] == "2" and at.query_params["Bk1"] == "gru"
    at.radio(key="stack_edit").set_value("B").run()
    at.slider(key="stack_B_units_1").set_value(2).run()
    at.toggle(key="stack_B_bi_1").set_value(True).run()
    data = stack(at)
    assert [layer["hands"] for layer in data["stacks"][1]["layers"]] == ["(20, 4)", "(4,)"]
    assert [layer["hands"] for layer in data["stacks"][0]["layers"]] == ["(20, 4)", "(4,)"]  # A untouched
    assert at.query_params["Bu1"] == "2" and at.query_params["Bbi1"] == "on" and "u1" in at.query_params
    assert any("Stack B" in sub.value for sub in at.subheader)
    at.radio(key="stack_edit").set_value("").run()
    assert at.slider(key="stack_units_1").value == 4  # stack A's widgets again, as they were
    at.toggle(key="stack_compare").set_value(False).run()
    assert len(stack(at)["stacks"]) == 1 and "BL" not in at.query_params


def test_document_001s_preset_reads_a_real_face_once_the_faces_page_has_read_the_images(monkeypatch, synthetic_home):
    from lstm_viz import faces

    monkeypatch.setenv(faces.DATA_HOME_VARIABLE, synthetic_home)
    at = open_page("faces")
    at.number_input(key="min_faces").set_value(5).run()  # (the synthetic folder's people have 12 photos each)
    at.switch_page("pages/layers.py").run()
    at.selectbox(key="layers_preset").set_value("course").run()
    at.button(key="layers_load").click().run()
    assert not at.exception
    data = stack(at)
    assert data["steps"] == 12 and np.asarray(data["cells"][0]["x"]).shape == (12, 8)
    assert [layer["reads"] for layer in data["stacks"][0]["layers"]] == ["(12, 8)", "(12, 4)"]
    assert any("12 rows of a real face" in info.value for info in at.info)
    assert at.query_params["seq"] == "custom" and at.query_params["x"].count("|") == 11


def test_the_cell_explorer_links_to_its_kind_of_cell_stacked():
    at = open_page("explorer")
    found = [item for item in at.get("page_link") if "layers" in item.proto.page]
    assert len(found) == 1
    query = dict(pair.split("=", 1) for pair in found[0].proto.query_string.split("&"))
    assert query["L"] == "2" and query["rs2"] == "off" and query["seq"] == at.query_params.get("seq", "pulse")
