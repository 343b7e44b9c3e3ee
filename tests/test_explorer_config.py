"""The explorer's configuration: sequences, presets, the widget mapping and the URL round trip."""

import numpy as np
import pytest

from lstm_viz import explorer
from lstm_viz.explorer import (
    CELL_PRESETS,
    ClickFilter,
    ExplorerConfig,
    StepHistory,
    config_from_widgets,
    from_query,
    preset,
    run,
    to_query,
)
from lstm_viz.sequences import SEQUENCE_PRESETS, SequenceError, parse_sequence, preset_sequence


@pytest.mark.parametrize("name", [n for n in SEQUENCE_PRESETS if n != "custom"])
@pytest.mark.parametrize("steps", [1, 2, 20, 100])
def test_every_sequence_preset_has_the_asked_length_and_finite_values(name, steps):
    values = preset_sequence(name, steps)
    assert values.shape == (steps,) and np.all(np.isfinite(values))


def test_course_sequences():
    # document 002 prints its first window as [0.0, 0.11, 0.22, 0.35, 0.48]
    np.testing.assert_array_equal(preset_sequence("quadratic", 6), [0.0, 0.11, 0.22, 0.35, 0.48, 0.62])
    assert preset_sequence("alphabet", 27)[25] == pytest.approx(25 / 26)
    assert preset_sequence("alphabet", 27)[26] == 0.0
    np.testing.assert_array_equal(preset_sequence("noise", 10), preset_sequence("noise", 10))  # seeded


@pytest.mark.parametrize(
    "text, message",
    [
        ("1, 2, x", "Item 3, “x”, is not a number"),
        ("", "empty"),
        ("   ,, ", "empty"),
        ("1, nan", "finite"),
        ("inf", "finite"),
        ("1e9", "too large"),
        (", ".join(["1"] * 10_000), "10,000 numbers"),
    ],
)
def test_malformed_sequences_get_a_plain_message(text, message):
    with pytest.raises(SequenceError, match=message):
        parse_sequence(text)


def test_sequence_separators():
    np.testing.assert_array_equal(parse_sequence("1, 2;3  4\n-5e-1"), [1, 2, 3, 4, -0.5])


@pytest.mark.parametrize("name", list(CELL_PRESETS))
def test_presets_run_and_round_trip_through_the_url(name):
    config = preset(name, ExplorerConfig().with_units(2))
    trace = run(config)
    assert np.all(np.isfinite(trace.h))
    restored, notes = from_query(to_query(config))
    assert notes == []
    np.testing.assert_allclose(run(restored).h, trace.h, atol=1e-3)  # the URL keeps 4 significant digits


def test_long_memory_preset_remembers():
    trace = run(preset("long_memory"))
    assert trace.c[2, 0] > 0.9  # written at the pulse
    assert trace.c[-1, 0] > 0.9 * trace.c[2, 0]  # and kept to the end
    assert np.all(trace.i[3:, 0] < 0.01) and np.all(trace.f[3:, 0] > 0.99)


def test_forget_preset_forgets():
    trace = run(preset("forget"))
    assert np.all(trace.f < 0.01)
    np.testing.assert_allclose(trace.c, trace.i * trace.c_tilde, atol=0.02)


def test_url_keeps_the_step_and_unit():
    config = ExplorerConfig(t=7).with_units(3)
    config = explorer.replace(config, unit=2, t=7)
    restored, _ = from_query(to_query(config))
    assert restored.t == 7 and restored.unit == 2 and restored.units == 3


@pytest.mark.parametrize(
    "query",
    [
        {"units": "99"},
        {"units": "abc"},
        {"seq": "<script>"},
        {"n": "-4"},
        {"n": "1e400"},
        {"seq": "custom", "x": "1,2,x"},
        {"seq": "custom", "x": ""},
        {"W": "nan,1,2,3"},
        {"W": "1,2"},
        {"U": "inf,0,0,0"},
        {"b": "1e308,0,0,0"},
        {"pf": "2"},
        {"pi": "-0.5"},
        {"t": "1000"},
        {"t": "-1"},
        {"k": "3"},
        {"c0": "x"},
        {"h0": "5"},
    ],
)
def test_hostile_links_give_defaults_and_a_note(query):
    config, notes = from_query(query)
    assert notes and all("Ignored the link" in str(note) for note in notes)
    trace = run(config)
    assert np.all(np.isfinite(trace.h)) and 0 <= config.t < trace.steps


def test_widget_mapping_is_lossless_and_keeps_the_last_valid_custom_sequence():
    config = preset("worked")
    values = explorer.widget_values(config)
    assert config_from_widgets(values, config) == (config, [])
    custom = explorer.replace(ExplorerConfig(), sequence="custom", custom="1, 2, 3")
    values = explorer.widget_values(custom) | {"custom": "1, 2, x"}
    kept, errors = config_from_widgets(values, custom)
    assert kept.custom == "1, 2, 3" and "not a number" in str(errors[0])


def test_extreme_widget_values_are_clipped_and_finite():
    config = ExplorerConfig()
    values = explorer.widget_values(config)
    values.update({key: 1e300 for key in values if key[:2] in ("W_", "U_", "b_")})
    values.update({"pin_f": True, "pinval_f_0": float("nan")})
    extreme, _ = config_from_widgets(values, config)
    assert max(map(abs, extreme.kernel + extreme.recurrent + extreme.bias)) == explorer.WEIGHT_LIMIT
    trace = run(extreme)
    assert np.all(np.isfinite(trace.h)) and np.all(np.isfinite(trace.c))


def test_resizing_keeps_existing_weights():
    config = preset("random", ExplorerConfig().with_units(2), seed=3)
    bigger = config.with_units(4)
    for gate in ("i", "f", "c_tilde", "o"):
        np.testing.assert_array_equal(bigger.params.gate(gate)[0][:, :2], config.params.gate(gate)[0])
    assert bigger.params.gate("f")[2][3] == 1.0  # new units get Keras's forget bias of 1


def test_trace_csv_has_every_value():
    trace = run(explorer.replace(ExplorerConfig().with_units(2), steps=5))
    lines = explorer.trace_csv(trace).strip().split("\n")
    header = lines[0].split(",")
    assert len(lines) == 6 and header[:3] == ["t", "x", "i_1"] and "z_c_tilde_2" in header
    row = dict(zip(header, map(float, lines[3].split(","))))
    assert row["h_2"] == pytest.approx(trace.h[2, 1]) and row["c_1"] == pytest.approx(trace.c[2, 0])


def test_step_history_tells_a_late_copy_from_a_students_move():
    history = StepHistory()
    assert history.settle(4, now=0.0, last=9) == (4, False)  # nothing shown yet: take the link's step
    for step, when in [(3, 0.0), (4, 0.5), (5, 1.0)]:  # playback
        history.show(step, when)
    assert history.settle(5, now=1.1, last=9) == (5, False)  # in step
    assert history.settle(4, now=1.1, last=9) == (5, False)  # the browser's copy from before the last tick
    assert history.settle(8, now=1.1, last=9) == (8, True)  # never shown: the student dragged the slider
    history.show(0, 1.2)  # First pressed
    assert history.settle(5, now=1.3, last=9) == (0, False)  # a timer run sent before the click's run arrived
    assert history.settle(4, now=4.0, last=9) == (4, True)  # long after: a move back to an earlier step
    assert history.settle(50, now=4.0, last=9) == (9, True)  # clamped to the sequence


def test_click_filter_drops_an_echo_not_a_second_click():
    clicks = ClickFilter()
    assert clicks.fresh("next", 10.0)
    assert not clicks.fresh("next", 10.008)  # the same click delivered again
    assert clicks.fresh("prev", 10.01)  # another button
    assert clicks.fresh("next", 10.3)  # a student's second click
