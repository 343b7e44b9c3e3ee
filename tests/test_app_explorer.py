"""The cell explorer through AppTest: the server's part (the cell's reruns) and what it sends the browser's scene
(the trace, the texts). Stepping and playback happen in the browser: tests/browser/test_explorer_browser.py."""

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lstm_viz import cells
from lstm_viz.explorer.handoff import trained_layer
from lstm_viz.explorer.presets import WORKED_EXAMPLE
from tests.helpers import at_step, scene

ROOT = Path(__file__).resolve().parents[1]


def start(query=None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_main.py"), default_timeout=15)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def data(at) -> dict:
    return scene(at, "explorer_scene")


def series(at, name, cell=0):
    return np.array([row[0] for row in data(at)["cells"][cell]["values"][name]])


def weight(at, part, key, prefix=""):
    """The slider of a weight: its part chosen first, as a student does."""
    if at.segmented_control(key=f"{prefix}part").value != part:
        at.segmented_control(key=f"{prefix}part").set_value(part).run()
    return at.select_slider(key=key)


def load_preset(at, name):
    at.selectbox(key="preset").set_value(name).run()
    at.button(key="load_preset").click().run()
    assert not at.exception, at.exception


def test_first_screen_is_a_scene_where_something_happens():
    at = start()
    assert at.title[0].value == "LSTM cell explorer"
    assert at.selectbox(key="preset").value == "long_memory"  # the preset box shows what is loaded
    scene_data = data(at)
    assert scene_data["start"]["t"] == 2 and scene_data["steps"] == 30  # the pulse is being written
    assert at_step(scene_data, "i", 2) > 0.99 and at_step(scene_data, "c", 29) > 0.9  # …and kept
    assert scene_data["keys"] and not scene_data["lecture"] and scene_data["lang"] == "en"
    assert at.query_params["t"] == "2" and at.query_params["seq"] == "pulse"


def test_the_scene_carries_every_value_of_the_trace_and_the_texts():
    at = start()
    cell = data(at)["cells"][0]
    assert cell["kind"] == "lstm" and cell["units"] == 1 and len(cell["values"]["h"]) == 30
    for name in ("i", "f", "c_tilde", "o", "kept", "written", "c", "act_c", "h", "c_prev", "h_prev", "pre_f"):
        assert name in cell["values"], name
    h, o, act_c = (np.array(cell["values"][n])[:, 0] for n in ("h", "o", "act_c"))
    np.testing.assert_allclose(h, o * act_c, rtol=1e-5)  # views get what ran, to the digits sent
    assert {wire["value"] for wire in cell["diagram"]["wires"]} >= {"c_prev", "kept", "written", "act_c", "h"}
    assert [eq["part"] for eq in cell["equations"]] == ["i", "f", "c_tilde", "o", "c", "h"]
    assert cell["notes"][0]["template"].startswith("**Forget gate** f = {f}")
    assert data(at)["texts"]["play"] == "Play"


def test_moving_a_weight_reruns_the_cell():
    at = start()
    f_before = series(at, "f")
    weight(at, "f", "b_f_0").set_value(-4.0).run()
    assert not at.exception
    assert np.all(series(at, "f") < f_before)
    assert at.query_params["b"] == "-5,-4,0,3"


def test_the_browser_owns_the_step_and_reports_it_for_the_link():
    at = start()
    token = data(at)["start"]["token"]
    at.session_state["explorer_scene"] = {"t": 17}  # what the browser sends when the user stops moving
    at.run()
    assert at.query_params["t"] == "17"
    assert data(at)["start"] == {"t": 2, "token": token}  # not sent back: the browser keeps its own step
    at.select_slider(key="W_i_0_0").set_value(5.0).run()  # a new cell: the browser keeps its step too
    assert data(at)["start"]["token"] == token and at.query_params["t"] == "17"
    load_preset(at, "forget")  # a preset says where to look: a new token
    assert data(at)["start"]["token"] > token and data(at)["start"]["t"] == 5


def test_worked_example_preset():
    at = start()
    load_preset(at, "worked")
    scene_data = data(at)
    assert [at_step(scene_data, "c", 0, unit=k) for k in range(3)] == pytest.approx(WORKED_EXAMPLE["c"])
    assert [round(at_step(scene_data, "h", 0, unit=k), 2) for k in range(3)] == [0.78, -0.05, 0.66]
    note = next(i.value for i in at.info if "worked example" in i.value)
    assert "h = [0.78, -0.05, 0.66]" in note and "[0.77, -0.06, 0.66] (the document's numbers)" in note
    cell = scene_data["cells"][0]
    assert {p["name"] for p in cell["parts"] if p["pinned"]} == {"i", "f", "c_tilde", "o"}
    assert set(cell["unpinned"]) == {"i", "f", "c_tilde", "o"}  # "the weights would give" beside each pin


def test_pinning_the_forget_gate():
    at = start({"seq": "pulse", "n": "10"})
    weight(at, "f", "W_f_0_0")
    at.toggle(key="pin_f").set_value(True).run()
    assert at.select_slider(key="pinval_f_0").value == 1.0
    weight(at, "i", "W_i_0_0")
    at.toggle(key="pin_i").set_value(True).run()
    assert at.select_slider(key="pinval_i_0").value == 0.0
    np.testing.assert_allclose(series(at, "c"), 0.0)  # nothing written, nothing forgotten
    at.select_slider(key="init_c_0").set_value(0.7).run()
    np.testing.assert_array_equal(series(at, "c"), 0.7)  # the memory is kept exactly
    weight(at, "f", "W_f_0_0")
    at.select_slider(key="pinval_f_0").set_value(0.5).run()
    np.testing.assert_allclose(series(at, "c"), 0.7 * 0.5 ** np.arange(1, 11), rtol=1e-5)
    assert at.query_params["pf"] == "0.5" and at.query_params["pi"] == "0"


@pytest.mark.parametrize("kind", list(cells.KINDS))
def test_every_kind_opens_with_its_own_parts_and_keeps_the_input(kind):
    at = start({"seq": "sine", "n": "25"})
    at.selectbox(key="kind").set_value(kind).run()
    assert not at.exception
    cell = data(at)["cells"][0]
    declared = cells.kind(kind)
    assert cell["kind"] == kind and {p["name"] for p in cell["parts"]} == {p.name for p in declared.parts}
    assert data(at)["steps"] == 25 and at.query_params.get("kind", "lstm") == kind
    fresh = cells.fresh(declared, 1)
    for spec in declared.arrays:  # the new kind's defaults, not the old cell's weights reshaped
        sent = np.atleast_1d(cell["weights"][f"{spec.url}.{spec.blocks[0]}"][0])
        np.testing.assert_allclose(sent, np.atleast_1d(fresh.block(spec.name, spec.blocks[0])[..., 0]))
    for part in declared.presets:  # each kind's presets load
        load_preset(at, part)


def test_compare_mode_two_cells_on_one_input():
    at = start()
    at.toggle(key="compare").set_value(True).run()
    assert not at.exception
    scene_data = data(at)
    assert [cell["kind"] for cell in scene_data["cells"]] == ["lstm", "gru"]
    at.radio(key="edit").set_value(1).run()
    weight(at, "z", "B_b_z_0", prefix="B_").set_value(5.0).run()
    assert at.query_params["Bkind"] == "gru" and "Bb" in at.query_params
    at.selectbox(key="compare_preset").set_value("remember_pulse").run()
    at.button(key="load_compare").click().run()
    scene_data = data(at)
    assert at_step(scene_data, "c", 25) > 0.8 and at_step(scene_data, "h", 25, cell=1) > 0.8  # both remember


def test_more_units_and_their_weights():
    at = start()
    at.select_slider(key="W_i_0_0").set_value(3.0).run()
    at.slider(key="units").set_value(3).run()
    assert not at.exception
    cell = data(at)["cells"][0]
    assert cell["units"] == 3 and len(cell["values"]["h"][0]) == 3
    assert at.select_slider(key="W_i_0_0").value == 3.0  # kept through the resize
    at.selectbox(key="unit").set_value(2).run()
    assert len([s for s in at.select_slider if s.key.startswith("U_i_2_")]) == 3
    assert at.query_params["units"] == "3" and at.query_params["k"] == "2"


@pytest.mark.parametrize(
    "text, message",
    [("1, 2, x", "is not a number"), ("", "empty"), (", ".join(["1"] * 10_000), "at most 100 steps")],
)
def test_malformed_custom_sequence_keeps_the_last_valid_one(text, message):
    at = start()
    at.selectbox(key="seq").set_value("custom").run()
    at.text_input(key="custom").input("0, 1, 0.5").run()
    assert not at.error and data(at)["steps"] == 3
    at.text_input(key="custom").input(text).run()
    assert not at.exception
    assert message in at.error[0].value and "keeps the last valid sequence: 0, 1, 0.5" in at.error[0].value
    assert data(at)["steps"] == 3 and at.query_params["x"] == "0, 1, 0.5"


def test_a_trace_that_overflows_never_reaches_the_browser():
    """Sliders cannot make a cell overflow in 100 steps, but a handed-over layer can hold any weights."""
    at = start()
    weights = cells.fresh(cells.kind("lstm"), 1, activation="relu")
    weights = weights.replace(recurrent_kernel=np.full((1, 4), 1e200))
    at.session_state["explorer_handoff"] = trained_layer(weights, np.ones((20, 1)), ("handoff.whole_layer", {}))
    at.run()
    assert not at.exception
    assert any("overflow" in e.value for e in at.error)
    assert [c.key for c in at.get("bidi_component") if c.key == "explorer_scene"] == []  # no scene (the class's
    # local-storage helper is a component too)


def test_a_shared_link_reopens_the_same_view():
    at = start()
    at.selectbox(key="seq").set_value("ramp").run()
    weight(at, "o", "U_o_0_0").set_value(-2.5).run()
    weight(at, "f", "W_f_0_0")
    at.toggle(key="pin_f").set_value(True).run()
    at.session_state["explorer_scene"] = {"t": 12}
    at.run()
    shared = dict(at.query_params.items())
    other = start(shared)
    assert data(other)["cells"][0]["values"] == data(at)["cells"][0]["values"]
    assert data(other)["start"]["t"] == 12
    assert (
        weight(other, "o", "U_o_0_0").value == -2.5
        and weight(other, "f", "W_f_0_0")
        and other.toggle(key="pin_f").value
    )


def test_a_hostile_link_gets_notes_not_a_traceback():
    at = start({"units": "1e999", "W": "nan,1", "seq": "<img src=x onerror=alert(1)>", "t": "-5", "kind": "lstm2"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert warnings.count("Ignored the link") == 4 and "The link's step" in warnings
    assert data(at)["cells"][0]["kind"] == "lstm" and data(at)["start"]["t"] == 0


def test_a_malformed_step_is_clamped_with_a_note():
    at = start({"seq": "sine", "n": "10", "t": "99"})
    assert data(at)["start"]["t"] == 9 and any("opened at t = 9" in w.value for w in at.warning)


def test_downloads_and_the_code_of_the_step():
    at = start()
    keys = [button.key for button in at.get("download_button")]
    assert keys == ["download_csv", "download_scene", "download_keras"]  # the CSV, the offline scene, the layer
    assert not at.code  # the code is drawn once its expander opens (its highlighter is a third of a cold start)
    at.session_state["explorer_code"] = True
    at.run()
    code = " ".join(c.value for c in at.code)
    assert "def step(" in code and "c = kept + written" in code and "_half" not in code


def test_rerun_after_a_weight_change_is_fast():
    at = start()
    weight(at, "c_tilde", "W_c_tilde_0_0")
    durations = []
    for value in (1.5, -1.0, 2.5, 0.0, 3.0):
        at.select_slider(key="W_c_tilde_0_0").set_value(value)
        began = time.perf_counter()
        at.run()
        durations.append(time.perf_counter() - began)
    assert not at.exception
    assert float(np.median(durations)) < 1.0  # generous (shared machines); the benchmark reports the real figure


def test_the_explorer_never_imports_tensorflow():
    script = (
        "import json, sys; from streamlit.testing.v1 import AppTest;"
        f"at = AppTest.from_file({str(ROOT / 'app_main.py')!r}, default_timeout=30); at.run();"
        "assert not at.exception;"
        "print(json.dumps(['tensorflow' in sys.modules, 'keras' in sys.modules]))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [False, False]


def test_leaving_and_coming_back_keeps_the_cell():
    at = start()
    weight(at, "o", "W_o_0_0").set_value(-2.0).run()
    at.switch_page("pages/why-lstm.py").run()
    at.switch_page("pages/explorer.py").run()
    assert not at.exception
    assert weight(at, "o", "W_o_0_0").value == -2.0


def test_min_lstm_with_both_gates_pinned_shut_says_why_nothing_is_drawn():
    """f / (f + i) with f = i = 0 is 0/0: a message that names it, no traceback, no scene."""
    at = start({"kind": "min_lstm", "pf": "0", "pi": "0"})
    assert not at.exception
    assert any("0/0" in error.value and "pin" in error.value for error in at.error)


def test_an_input_of_several_features_draws_each_features_sliders_at_once_and_compare_reads_it_too():
    at = start({"kind": "mlstm"})
    at.selectbox(key="seq").set_value("custom").run()
    at.text_input(key="custom").input("1, 0, 0.5 | 0, 1, -0.5").run()
    assert not at.exception and not at.error
    assert data(at)["x"] == [[1.0, 0.0, 0.5], [0.0, 1.0, -0.5]]
    assert at.select_slider(key="W_q_0_2").value == 0.0  # the third feature's weight, drawn at once
    at.toggle(key="compare").set_value(True).run()
    assert not at.exception and len(data(at)["cells"]) == 2
    assert at.query_params["x"] == "1, 0, 0.5 | 0, 1, -0.5"
    assert len(at.session_state["config"].compare.arrays["kernel"]) == 3 * 3  # a GRU of 1 unit reading 3 features


def test_a_handed_over_layer_beside_a_second_cell_and_its_weight_search():
    """A large layer (issue 31): compare mode gives the second cell the same size; each cell's weights are found by
    its own search box, and the row a box found stays through a change of gate."""
    at = start()
    rng = np.random.default_rng(5)
    weights = cells.random(cells.kind("lstm"), 16, 10, rng, 0.3)
    handoff = trained_layer(weights, rng.normal(size=(30, 10)), ("handoff.whole_layer", {}))
    at.session_state["explorer_handoff"] = handoff
    at.run()
    assert not at.exception, at.exception
    at.segmented_control(key="part").set_value("f").run()
    at.selectbox(key="find_f").set_value("U_f_0_11").run()
    assert not at.exception and at.select_slider(key="U_f_0_11").value is not None
    at.segmented_control(key="part").set_value("o").run()
    at.segmented_control(key="part").set_value("f").run()
    assert at.selectbox(key="find_f").value == "U_f_0_11"
    at.toggle(key="compare").set_value(True).run()
    assert not at.exception, at.exception
    assert [cell["units"] for cell in data(at)["cells"]] == [16, 16]
    at.radio(key="edit").set_value(1).run()
    assert not at.exception, at.exception
    first = data(at)["cells"][1]["kind"]  # (the second cell: the compare mode's other kind, its first gate's search)
    box = at.selectbox(key=f"B_find_{at.segmented_control(key='B_part').value}")
    assert first != "lstm" and box.value.startswith("B_W_")
    assert set(at.query_params) >= {"view"}
