"""Your model: hostile files refused with the right message before Keras reads them, every supported layer matches
Keras in NumPy, inputs are checked, and the page opens a layer in the explorer."""

import io

import numpy as np
import pytest

from lstm_viz import cells
from lstm_viz.cells.base import forward
from lstm_viz.i18n import Texts
from lstm_viz.own_model import OwnModelError
from lstm_viz.own_model import inputs as own_inputs
from lstm_viz.own_model.archive import check
from lstm_viz.own_model.model import layer_input, load, one_layer_file, run
from lstm_viz.own_model.summary import unit_rows
from tests import own_model_files as files
from tests.helpers import open_page


@pytest.mark.parametrize("name", list(files.HOSTILE))
def test_a_hostile_file_is_refused_with_its_own_message(name):
    make, key = files.HOSTILE[name]
    with pytest.raises(OwnModelError) as refused:
        load(make())
    assert refused.value.key == key
    for lang in ("en", "ru"):
        assert refused.value.text(Texts(lang))  # a message in both languages, never a traceback


def test_the_checks_run_before_keras_sees_anything():
    """The archive checks alone refuse code and custom classes (Keras's own safe mode is a second line)."""
    for maker, key in ((files.with_lambda, "own.error.lambda"), (files.with_custom_class, "own.error.custom")):
        with pytest.raises(OwnModelError) as refused:
            check(maker())
        assert refused.value.key == key
    assert check(files.good()).config["class_name"] == "Sequential"


@pytest.mark.parametrize(
    ("kinds", "units", "input_dim", "bidirectional"),
    [
        (["LSTM"], [1], 1, set()),
        (["GRU"], [5], 3, set()),
        (["SimpleRNN"], [8], 2, set()),
        (["LSTM", "GRU", "SimpleRNN"], [6, 4, 3], 5, {1}),
        (["LSTM", "LSTM"], [64, 16], 32, {0, 1}),
    ],
)
def test_every_recurrent_layer_matches_keras_on_what_it_sees_in_the_model(kinds, units, input_dim, bidirectional):
    loaded = load(files.saved(files.stack(kinds, units, input_dim, bidirectional, seed=len(kinds))))
    directions = sum(2 if k in bidirectional else 1 for k in range(len(kinds)))
    assert len(loaded.choices) == directions
    x = np.random.default_rng(1).normal(size=(17, input_dim))
    for choice in loaded.choices:
        seen = layer_input(loaded, choice, x)
        assert seen.shape == (17, choice.input_dim)
        weights, trace, diff = run(loaded, choice, seen)
        assert diff <= 1e-5, (choice, diff)
        assert weights.units == choice.units and trace.steps == 17


def test_the_backward_direction_reads_the_input_from_the_end():
    import keras

    model = keras.Sequential(
        [keras.Input((None, 2)), keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True))]
    )
    loaded = load(files.saved(files.randomized(model, 5)))
    backward = next(c for c in loaded.choices if c.direction == "backward")
    x = np.random.default_rng(2).normal(size=(9, 2))
    _, trace, diff = run(loaded, backward, x)
    assert diff <= 1e-5 and np.array_equal(trace.x, x[::-1])
    # Keras's Bidirectional output: the forward h, then the backward h aligned to the input's order
    keras_out = np.asarray(loaded.model(x[None].astype("float32")))[0]
    assert np.abs(keras_out[:, 3:] - trace.h[::-1]).max() <= 1e-5


def test_a_layer_without_a_bias_shows_b_equal_to_zero_and_a_gru_reset_before_is_refused_clearly():
    loaded = load(files.without_bias())
    weights, _, diff = run(loaded, loaded.choices[0], np.ones((4, 2)))
    assert np.all(weights.bias == 0) and diff <= 1e-5
    loaded = load(files.gru_reset_before())
    with pytest.raises(OwnModelError) as refused:
        run(loaded, loaded.choices[0], np.ones((4, 2)))
    assert "reset_after=True" in refused.value.text(Texts("en"))


def test_an_edited_layer_goes_back_into_keras():
    weights = cells.random(cells.kind("gru"), 3, 2, np.random.default_rng(3))
    loaded = load(one_layer_file(weights))
    again, _, diff = run(loaded, loaded.choices[0], np.random.default_rng(4).normal(size=(6, 2)))
    assert diff <= 1e-5
    for name in weights.arrays:
        assert np.allclose(again.arrays[name], weights.arrays[name], atol=1e-6)


@pytest.mark.parametrize(
    ("text", "features", "key"),
    [
        ("", 1, "own.input.empty"),
        ("1, 2, x", 1, "own.input.not_numbers"),
        ("1, 2\n3", 2, "own.input.width"),
        ("nan, 1", 1, "own.input.not_finite"),
        (", ".join(["1"] * 1001), 1, "own.input.too_long"),
    ],
)
def test_a_typed_input_that_cannot_be_used_gets_a_message(text, features, key):
    with pytest.raises(OwnModelError) as refused:
        own_inputs.typed(text, features)
    assert refused.value.key == key and refused.value.text(Texts("ru"))


def test_uploaded_inputs_are_read_safely():
    buffer = io.BytesIO()
    np.save(buffer, np.arange(12.0).reshape(6, 2))
    assert own_inputs.uploaded(buffer.getvalue(), "x.npy", (None, 2)).shape == (6, 2)
    assert own_inputs.uploaded(b"1,2\n3,4\n5,6\n", "x.csv", (None, 2)).shape == (3, 2)
    assert own_inputs.uploaded(b"1\n2\n3\n", "x.csv", (None, 1)).shape == (3, 1)
    objects = io.BytesIO()
    np.save(objects, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    for data, name, key in ((objects.getvalue(), "x.npy", "own.input.unreadable"),
                            (b"\xff\xfe", "x.csv", "own.input.unreadable"),
                            (b"1,2,3\n", "x.csv", "own.input.shape"),
                            (b"PK\x03\x04 not an array", "x.npy", "own.input.unreadable")):  # fmt: skip
        with pytest.raises(OwnModelError) as refused:
            own_inputs.uploaded(data, name, (None, 2))
        assert refused.value.key == key


def test_the_unit_summary_reads_the_trace():
    weights = cells.fresh(cells.kind("lstm"), 2)
    trace = forward(weights, np.zeros((10, 1)), pins={"f": 0.5})
    rows = unit_rows(trace)
    assert len(rows) == 2
    assert rows[0]["f_mean"] == pytest.approx(0.5) and rows[0]["f_std"] == pytest.approx(0)
    assert rows[0]["keep_product"] == pytest.approx(0.5**10) and rows[0]["half_life"] == pytest.approx(1.0)
    assert rows[0]["f_saturated"] == 0
    rnn = unit_rows(forward(cells.fresh(cells.kind("rnn"), 1), np.ones((3, 1))))
    assert "keep_product" not in rnn[0] and "h_mean" in rnn[0]


# --- the page ---------------------------------------------------------------------------------------------------


def test_the_page_makes_a_sample_and_opens_its_layer_in_the_explorer():
    at = open_page("your-model", timeout=120)
    at.radio(key="own_source").set_value("sample").run()
    at.button(key="own_make_sample").click().run()
    at.session_state["own_sample_job"].wait(120)  # the sample trains in the background, as every run does
    at.run()
    assert not at.exception
    assert at.selectbox(key="own_sample").value.startswith("Alphabet")
    assert at.dataframe[0].value.shape[0] == 2  # LSTM and Dense
    success = at.success[0].value
    assert "largest |NumPy − Keras|" in success
    kept = at.session_state["own_ran"]
    at.number_input(key="own_unit").set_value(2).run()
    assert at.session_state["own_ran"] is kept  # Keras's check ran once: another unit is not another run
    at.button(key="own_open").click().run()
    assert not at.exception
    notes = " ".join(i.value for i in at.info)
    assert "Your model's layer" in notes and "matches Keras to" in notes
    assert at.session_state.config.cell.units == 64 and at.session_state.config.cell.unit == 1
    assert at.button(key="reset_origin")  # "Reset to the handed-over weights"


def test_a_bad_typed_input_keeps_the_page():
    at = open_page("your-model", timeout=120)
    at.radio(key="own_source").set_value("sample").run()
    at.button(key="own_make_sample").click().run()
    at.session_state["own_sample_job"].wait(120)
    at.run()
    at.text_area(key="own_typed_1").set_value("1, 2, three").run()
    assert not at.exception and "not all numbers" in at.error[0].value
    assert at.dataframe[0].value.shape[0] == 2  # the model and its table are still there
