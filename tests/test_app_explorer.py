"""The cell explorer driven through Streamlit's AppTest: what a user does, and what they then see."""

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lstm_viz.explorer import WEIGHT_LIMIT
from tests.helpers import chart_specs, decode

ROOT = Path(__file__).resolve().parents[1]


def start(query=None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=10)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def summary(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("t = "))


def series(at, name):
    """The y values of a named line in the charts over time."""
    spec = next(s for s in chart_specs(at) if any(d.get("name") == name for d in s["data"]))
    return decode(next(d for d in spec["data"] if d.get("name") == name)["y"])


def test_explorer_renders_the_cell_at_step_zero():
    at = start()
    assert at.title[0].value == "LSTM cell explorer"
    assert summary(at).startswith("t = 0, x = 0.00, i = 0.50, f = 0.73")
    assert len(at.get("plotly_chart")) == 3  # diagram, gate bars, charts over time
    assert len(at.latex) == 6
    assert at.slider(key="t").max == 19


def test_moving_a_slider_changes_the_values_shown():
    at = start()
    at.slider(key="t").set_value(5).run()
    before = summary(at)
    f_before = series(at, "f")
    at.slider(key="b_f_0").set_value(-4.0).run()
    assert not at.exception
    after = summary(at)
    assert before != after and "f = 0.0" in after  # σ(−4 + …) is close to 0
    assert np.all(series(at, "f") < f_before)
    assert at.query_params["b"] == "0,-4,0,0"


def test_step_buttons_move_t():
    at = start()
    at.button(key="next").click().run()
    at.button(key="next").click().run()
    assert at.slider(key="t").value == 2 and summary(at).startswith("t = 2")
    at.button(key="last").click().run()
    assert at.slider(key="t").value == 19
    at.button(key="prev").click().run()
    assert at.slider(key="t").value == 18
    at.button(key="first").click().run()
    assert at.slider(key="t").value == 0
    assert at.query_params.get("t") in (None, "0")


def test_play_and_pause():
    at = start()
    at.button(key="play").click().run()
    assert at.session_state.playing and at.button(key="pause").label == "Pause"
    assert "play" not in [button.key for button in at.button]
    at.button(key="pause").click().run()
    assert not at.session_state.playing and at.button(key="play").label == "Play"


def test_moving_t_while_playing_shows_the_chosen_step():
    """The timer's tick does not move a step the student just chose with the slider."""
    at = start()
    at.button(key="play").click().run()
    at.session_state.last_tick = 0.0  # a tick is due
    at.slider(key="t").set_value(6).run()
    assert at.session_state.playing and at.slider(key="t").value == 6 and summary(at).startswith("t = 6,")
    at.session_state.last_tick = 0.0
    at.run()  # the timer: on to the next step
    assert at.slider(key="t").value == 7


def test_a_late_copy_of_the_step_does_not_undo_a_click():
    """During playback the browser may send a timer run carrying the step from before a click (First, Back…) had
    reached it: the page keeps the step the click chose."""
    at = start()
    at.button(key="play").click().run()
    for _ in range(3):
        at.session_state.last_tick = 0.0
        at.run()  # ticks: t = 1, 2, 3
    assert at.slider(key="t").value == 3
    at.button(key="first").click().run()
    assert at.slider(key="t").value == 0
    at.session_state.last_tick = time.monotonic()  # no tick due
    at.slider(key="t").set_value(3).run()  # the browser's copy from before the click
    assert at.slider(key="t").value == 0 and summary(at).startswith("t = 0,")
    assert at.session_state.playing and at.button(key="pause").label == "Pause"


@pytest.mark.parametrize(
    "text, message",
    [("1, 2, x", "is not a number"), ("", "empty"), (", ".join(["1"] * 10_000), "at most 100 steps")],
)
def test_malformed_custom_sequence_keeps_the_last_valid_one(text, message):
    at = start()
    at.selectbox(key="seq").set_value("custom").run()
    at.text_input(key="custom").input("0, 1, 0.5").run()
    assert not at.error and at.slider(key="t").max == 2
    at.text_input(key="custom").input(text).run()
    assert not at.exception
    assert message in at.error[0].value and "keeps the last valid sequence: 0, 1, 0.5" in at.error[0].value
    assert at.slider(key="t").max == 2  # still the three valid steps
    assert at.query_params["x"] == "0, 1, 0.5"


def test_extreme_slider_values_give_finite_numbers():
    at = start()
    for slider in at.slider:
        if slider.key and slider.key[:2] in ("W_", "U_", "b_"):
            slider.set_value(WEIGHT_LIMIT if slider.key.endswith("_0") and "f" not in slider.key else -WEIGHT_LIMIT)
    at.slider(key="c0_0").set_value(5.0)
    at.run()
    assert not at.exception and not at.error
    for spec in chart_specs(at):
        for data in spec["data"]:
            for axis in ("x", "y", "z"):
                if axis in data and not isinstance(data[axis], str):
                    values = decode(data[axis])
                    if values.dtype.kind in "fi":
                        assert np.all(np.isfinite(values))
    assert "nan" not in summary(at).lower()


def test_worked_example_preset():
    at = start()
    at.selectbox(key="preset").set_value("worked").run()
    at.button[[b.label for b in at.button].index("Load preset")].click().run()
    assert not at.exception
    assert summary(at).endswith("c = [1.30, -0.11, 1.19], h = [0.78, -0.05, 0.66]")
    note = next(i.value for i in at.info if "worked example" in i.value)
    assert "[0.77, -0.06, 0.66] (document's numbers)" in note
    assert len(at.radio(key="unit").options) == 3
    assert all(at.toggle(key=f"pin_{g}").value for g in ("i", "f", "c_tilde", "o"))


def test_pinning_the_forget_gate():
    at = start({"seq": "pulse", "n": "10"})
    at.toggle(key="pin_f").set_value(True).run()
    at.toggle(key="pin_i").set_value(True).run()
    assert at.slider(key="pinval_f_0").value == 1.0 and at.slider(key="pinval_i_0").value == 0.0
    np.testing.assert_allclose(series(at, "c"), 0.0)  # nothing written, nothing forgotten
    at.slider(key="c0_0").set_value(0.7).run()
    np.testing.assert_array_equal(series(at, "c"), 0.7)  # the memory is kept exactly
    at.slider(key="pinval_f_0").set_value(0.5).run()
    np.testing.assert_allclose(series(at, "c"), 0.7 * 0.5 ** np.arange(1, 11))  # halved at every step


def test_more_units_show_heatmaps_and_keep_weights():
    at = start()
    at.slider(key="W_i_0").set_value(3.0).run()
    at.slider(key="units").set_value(3).run()
    assert not at.exception
    spec = chart_specs(at)[2]
    assert sum(d["type"] == "heatmap" for d in spec["data"]) == 6
    assert at.slider(key="W_i_0").value == 3.0
    at.radio(key="unit").set_value(2).run()
    assert at.slider(key="W_i_2").value == 0.0 and len([s for s in at.slider if s.key.startswith("U_i_")]) == 3
    assert at.query_params["units"] == "3" and at.query_params["k"] == "2"


def test_a_shared_link_reopens_the_same_view():
    at = start()
    at.selectbox(key="seq").set_value("ramp").run()
    at.slider(key="U_o_0_0").set_value(-2.5).run()
    at.toggle(key="pin_f").set_value(True).run()
    at.slider(key="t").set_value(12).run()
    shared = dict(at.query_params.items())
    other = start(shared)
    assert summary(other) == summary(at)
    assert other.slider(key="U_o_0_0").value == -2.5 and other.toggle(key="pin_f").value


def test_a_hostile_link_gets_a_warning_not_a_traceback():
    at = start({"units": "1e999", "W": "nan,1", "seq": "<img src=x onerror=alert(1)>", "t": "-5"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert warnings.count("Ignored the link") == 4
    assert summary(at).startswith("t = 0")


def test_trace_download_and_code_expander():
    at = start()
    downloads = at.get("download_button")
    assert len(downloads) == 1
    code = " ".join(c.value for c in at.code)
    assert "def step(" in code and "c = f * c_prev + i * c_tilde" in code


def test_rerun_after_a_slider_change_is_fast():
    at = start()
    durations = []
    for value in (1.5, -1.0, 2.5, 0.0, 3.0):
        at.slider(key="W_c_tilde_0").set_value(value)
        began = time.perf_counter()
        at.run()
        durations.append(time.perf_counter() - began)
    assert not at.exception
    # generous bound (shared 2-core machines); the benchmark reports the real median
    assert float(np.median(durations)) < 1.0


def test_the_explorer_never_imports_tensorflow():
    script = (
        "import sys; from streamlit.testing.v1 import AppTest;"
        f"at = AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=30); at.run();"
        "assert not at.exception;"
        "print(json.dumps(['tensorflow' in sys.modules, 'keras' in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import json;" + script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [False, False]


def test_leaving_and_coming_back_keeps_the_cell():
    at = start()
    at.slider(key="W_o_0").set_value(-2.0).run()
    at.select_slider(key="speed").set_value(4.0).run()
    at.switch_page("pages/why_lstm.py").run()
    at.switch_page("pages/explorer.py").run()
    assert not at.exception
    assert at.slider(key="W_o_0").value == -2.0
