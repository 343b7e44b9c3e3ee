"""The explorer's one schema (lstm_viz.explorer.fields), without Streamlit: every encoding of a cell (the widgets,
the link) is derived from the same fields and reads back to the same configuration, with one validator."""

import math
from dataclasses import replace

import numpy as np
import pytest

from lstm_viz import cells
from lstm_viz.explorer import fields, link, widgets
from lstm_viz.explorer.config import CellConfig, ExplorerConfig, run
from lstm_viz.i18n import TextError
from lstm_viz.sequences import MAX_STEPS, SequenceError, format_inputs, parse_inputs


def random_cell(kind: str, units: int, rng, input_dim: int = 1) -> CellConfig:
    cell = CellConfig.fresh(kind, units, input_dim)
    changed = {}
    for field in fields.cell_fields(kind, units, input_dim):
        if field.group == "arrays":
            changed[field.name] = tuple(np.round(rng.uniform(-9, 9, field.size), 1))
        elif field.group == "initial":  # (a matrix state has u·u entries, a shared one one)
            changed[field.name] = tuple(np.round(rng.uniform(field.low, field.high, field.size), 2))
        elif field.group == "pins" and rng.random() < 0.5:
            changed[field.name] = tuple(np.round(rng.uniform(field.low, field.high, units), 2))
    changed["unit"] = int(rng.integers(units))
    return fields.with_values(cell, changed)


@pytest.mark.parametrize("kind", list(cells.KINDS))
def test_every_kind_brings_its_fields_from_its_declaration(kind):
    declared = cells.kind(kind)
    names = [field.name for field in fields.cell_fields(kind, 2)]
    assert names[:3] == ["kind", "activation", "units"] and names[-1] == "unit"
    assert [n for n in names if n.startswith("arrays.")] == [f"arrays.{spec.name}" for spec in declared.arrays]
    assert [n for n in names if n.startswith("initial.")] == [f"initial.{state}" for state in declared.states]
    assert [n for n in names if n.startswith("pins.")] == [f"pins.{part}" for part in declared.pinnable]
    for field in fields.cell_fields(kind, 2):
        assert field.link in fields.link_keys() and fields.is_cell_widget(field.widget)
        assert fields.is_cell_widget(widgets.PREFIXES[1] + field.widget)


@pytest.mark.parametrize("kind", list(cells.KINDS))
@pytest.mark.parametrize("units", [1, 3])
def test_widgets_and_link_read_back_the_same_cell(kind, units):
    rng = np.random.default_rng(units)
    config = ExplorerConfig(sequence="sine", steps=17, cell=random_cell(kind, units, rng),
                            compare=random_cell("gru", 2, rng))  # fmt: skip
    from_widgets, errors = widgets.config_from_widgets(widgets.widget_values(config), config)
    assert errors == [] and from_widgets == config
    from_link, t, notes = link.from_query(link.to_query(config, 5))
    assert notes == [] and t == 5
    assert link.to_query(from_link) == link.to_query(config)


def test_one_validator_strict_for_a_link_clamping_for_a_widget():
    weights = next(f for f in fields.cell_fields("lstm") if f.name == "arrays.kernel")
    assert weights.check("1,2,3,4") == (1.0, 2.0, 3.0, 4.0)
    for bad, key in (("1,2,3", "link.count"), ("1,2,3,nan", "link.finite"), ("1,2,3,11", "link.range")):
        with pytest.raises(TextError) as raised:
            weights.check(bad)
        assert raised.value.key == key
    with pytest.raises(ValueError):
        weights.check("1,2,3,x")
    assert weights.check([1, 2, 3, 11], clamp=True) == (1.0, 2.0, 3.0, 10.0)
    assert weights.check([1, math.nan, -math.inf, "x"], clamp=True) == (1.0, 0.0, 0.0, 0.0)
    steps = fields.INPUT["steps"]
    assert steps.check("20") == 20 and steps.check(1e9, clamp=True) == steps.high
    with pytest.raises(TextError):
        steps.check("20.5")
    pin = fields.pin_field(cells.kind("lstm"), "f")
    assert (pin.low, pin.high, pin.switch, pin.widget, pin.link) == (0.0, 1.0, "pin_f", "pinval_f", "pf")
    assert pin.clamped(3) == 1.0


def test_a_slider_moved_keeps_a_trained_weight_beyond_the_sliders_range():
    cell = CellConfig.fresh("lstm")
    kernel = list(cell.arrays["kernel"])
    kernel[1] = 12.5  # a trained weight no slider can hold
    config = ExplorerConfig(cell=fields.with_values(cell, {"arrays.kernel": tuple(kernel)}))
    values = widgets.widget_values(config)
    assert "W_f_0_0" not in values  # no widget for it
    values["W_i_0_0"] = 2.0
    updated, _ = widgets.config_from_widgets(values, config)
    assert updated.cell.arrays["kernel"][:2] == (2.0, 12.5)


def test_a_hostile_widget_value_is_clamped_and_a_bad_custom_sequence_is_told():
    config = ExplorerConfig(sequence="custom", custom="0, 1", cell=CellConfig.fresh("lstm"))
    values = {**widgets.widget_values(config), "W_i_0_0": math.nan, "pin_f": True, "pinval_f_0": 7.0,
              "custom": "1, two"}  # fmt: skip
    updated, errors = widgets.config_from_widgets(values, config)
    assert updated.cell.arrays["kernel"][0] == 0.0 and updated.cell.pins == {"f": (1.0,)}
    assert updated.custom == "0, 1" and [e.key for e in errors] == ["explorer.keeps_last_valid"]


def test_input_fields_apply_to_their_sequence_only():
    assert link.to_query(ExplorerConfig(sequence="sine", steps=12)) == {"seq": "sine", "n": "12"}
    assert link.to_query(ExplorerConfig(sequence="custom", custom="0,1")) == {"seq": "custom", "x": "0, 1"}
    config, _, notes = link.from_query({"seq": "custom", "x": "1,2", "n": "5"})
    assert (config.sequence, config.custom, config.steps, notes) == ("custom", "1, 2", 30, [])


def test_a_new_knob_is_one_row_the_amplitude_in_widgets_link_and_input():
    config, _, notes = link.from_query({"seq": "sine", "n": "20", "amp": "2.5"})
    assert notes == [] and config.amplitude == 2.5
    assert np.allclose(config.inputs(), 2.5 * ExplorerConfig(sequence="sine", steps=20).inputs())
    assert link.to_query(config)["amp"] == "2.5" and "amp" not in link.to_query(ExplorerConfig())
    values = {**widgets.widget_values(config), "amplitude": 99.0}
    assert widgets.config_from_widgets(values, config)[0].amplitude == 5.0  # clamped to the field's range
    ignored, _, notes = link.from_query({"seq": "sine", "amp": "1e9"})
    assert ignored.amplitude == 1.0 and [n.values["key"] for n in notes] == ["amp"]
    custom, _, _ = link.from_query({"seq": "custom", "x": "1,2", "amp": "3"})
    assert custom.amplitude == 1.0  # the amplitude applies to a preset only


# --- a typed input of several features per step (steps separated by "|") ----------------------------------------

FOUR = "0.6, 0.8, 0.7, 1 | -0.8, 0.6, -0.4, 1 | -0.8, 0.6, 0, 0"


@pytest.mark.parametrize("kind", list(cells.KINDS))
def test_several_features_go_through_the_widgets_and_the_link(kind):
    rng = np.random.default_rng(4)
    config = ExplorerConfig(sequence="custom", custom=FOUR, cell=random_cell(kind, 2, rng, input_dim=4),
                            compare=random_cell("gru", 1, rng, input_dim=4))  # fmt: skip
    assert config.input_dim == 4 and config.inputs().shape == (3, 4)
    from_widgets, errors = widgets.config_from_widgets(widgets.widget_values(config), config)
    assert errors == [] and from_widgets == config
    assert sum(key.startswith("W_") and key.endswith("_3") for key in widgets.widget_values(config)) > 0  # row 4
    from_link, t, notes = link.from_query(link.to_query(config, 2))
    assert notes == [] and t == 2 and link.to_query(from_link) == link.to_query(config)


def test_typing_another_count_of_features_reshapes_both_cells_and_keeps_the_first_rows():
    config = ExplorerConfig(sequence="custom", custom="0, 1", cell=CellConfig.fresh("lstm", 2),
                            compare=CellConfig.fresh("mlstm", 2))  # fmt: skip
    values = {**widgets.widget_values(config), "custom": "1; 0; 0,7 | 0; 1; -0,4", widgets.LANGUAGE: "ru"}
    wider, errors = widgets.config_from_widgets(values, config)
    assert errors == [] and wider.custom == "1, 0, 0.7 | 0, 1, -0.4" and wider.input_dim == 3
    for before, after in zip(config.cells, wider.cells):
        kernel = np.reshape(after.arrays["kernel"], (3, -1))
        assert np.array_equal(kernel[0], before.arrays["kernel"]) and not kernel[1:].any()  # a new feature: 0
    assert [trace.x.shape for trace in run(wider)] == [(2, 3), (2, 3)]
    narrower, errors = widgets.config_from_widgets({**widgets.widget_values(wider), "seq": "sine"}, wider)
    assert narrower.input_dim == 1 and [len(c.arrays["kernel"]) for c in narrower.cells] == [8, 10]
    assert [trace.x.shape for trace in run(narrower)] == [(30, 1), (30, 1)]


@pytest.mark.parametrize(
    "typed, key",
    [("1, 2 | 3", "sequence.ragged"), ("1, 2 | a, b", "sequence.not_a_number"),
     ("1, 2 | nan, 1", "sequence.not_finite"), ("1, 2, 3, 4, 5, 6, 7, 8, 9 | 1", "sequence.too_many_features"),
     ("|" * 5, "sequence.empty"), (", |", "sequence.step_empty"), ("1 | | 2", "sequence.step_empty")],
)  # fmt: skip
def test_a_bad_input_of_several_features_is_told_by_step_and_the_last_valid_one_stays(typed, key):
    config = ExplorerConfig(sequence="custom", custom=FOUR, cell=CellConfig.fresh("lstm").reading(4))
    updated, errors = widgets.config_from_widgets({**widgets.widget_values(config), "custom": typed}, config)
    assert updated == config and [e.key for e in errors] == ["explorer.keeps_last_valid"]
    inner = errors[0].values["error"]
    assert (inner.values["error"].key if inner.key == "sequence.in_step" else inner.key) == key
    from_link, _, notes = link.from_query({"seq": "custom", "x": typed, "kind": "lstm"})
    assert from_link.custom == ExplorerConfig.custom and len(notes) == 1  # the link's: ignored, with a note
    assert from_link.input_dim == 1 and len(run(from_link)) == 1


def test_too_many_steps_of_several_features_are_refused():
    with pytest.raises(SequenceError) as raised:
        parse_inputs(" | ".join(["1, 2"] * (MAX_STEPS + 1)))
    assert raised.value.key == "sequence.too_many_steps"
    assert format_inputs(parse_inputs("1;2 |3 ;4|", "ru")) == "1, 2 | 3, 4"
    assert parse_inputs("0,5; 1 | 2; −3", "ru").tolist() == [[0.5, 1.0], [2.0, -3.0]]


def test_one_step_of_several_features_stays_one_step_through_the_link():
    config = ExplorerConfig(sequence="custom", custom="1, 0, 0.7", cell=CellConfig.fresh("lstm"))
    assert config.input_dim == 1  # (three steps of one feature, as ever)
    one_step = replace(config, custom=fields.INPUT["custom"].check("1 0 0,7 |", language="ru")).fitted()
    assert one_step.custom == "1, 0, 0.7 |" and one_step.inputs().shape == (1, 3)
    from_link, _, notes = link.from_query(link.to_query(one_step))
    assert notes == [] and from_link.inputs().shape == (1, 3) and from_link == one_step


def test_a_preset_of_one_feature_between_two_of_four_gives_the_cells_their_weights_back():
    from lstm_viz.explorer import presets

    config, _ = presets.compare("recall")
    values = {**widgets.widget_values(config), "seq": "pulse"}
    pulse, _ = widgets.config_from_widgets(values, config)
    assert pulse.input_dim == 1 and [len(c.arrays["kernel"]) for c in pulse.cells] == [10, 8]
    back, _ = widgets.config_from_widgets({**widgets.widget_values(pulse), "seq": "custom"}, pulse)
    assert back == config
