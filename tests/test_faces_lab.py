"""The faces lab: the document's numbers, dropout and the optimisers against Keras, the early-stopping marks, the
shift; and the page after a short training (nothing trains on load)."""

import numpy as np
import pytest

from lstm_viz import faces
from lstm_viz.lab import adam, crossentropy, dropout, kernels, shifts, stopping, surface
from tests.helpers import open_page


def test_the_documents_cross_entropy_numbers():
    for probabilities, printed in crossentropy.DOCUMENT.values():
        assert round(crossentropy.loss(probabilities, crossentropy.TRUE_CLASS), 2) == printed
    assert [round(crossentropy.loss(p, 2), 2) for p, _ in crossentropy.DOCUMENT.values()] == [0.51, 0.08, 1.90]
    scores = crossentropy.logits_of(crossentropy.DOCUMENT["example"][0])
    assert np.allclose(crossentropy.softmax(scores), crossentropy.DOCUMENT["example"][0])


def test_inverted_dropout_is_what_keras_computes_while_training():
    import keras

    x = np.random.default_rng(0).normal(size=(4, 50)).astype("float32")
    out = np.asarray(keras.layers.Dropout(0.3, seed=1)(x, training=True))
    dropped = out == 0
    assert 0.15 < dropped.mean() < 0.45
    assert np.allclose(dropout.apply(x, dropped), out, atol=1e-6)
    assert np.allclose(np.asarray(keras.layers.Dropout(0.3)(x, training=False)), x)  # nothing dropped at test time
    document = dropout.document_version(dropout.DOCUMENT_VECTOR, dropout.DOCUMENT_DROPPED)
    assert document.tolist() == [0.5, 0.0, -0.2, 0.0, 0.1, -0.4]  # as the document prints it
    keras_like = dropout.apply(dropout.DOCUMENT_VECTOR, dropout.DOCUMENT_DROPPED)
    assert np.allclose(keras_like, [0.5 / 0.7, 0, -0.2 / 0.7, 0, 0.1 / 0.7, -0.4 / 0.7])


@pytest.mark.parametrize("name", list(surface.SETTINGS))
def test_the_toy_optimisers_take_kerass_steps(name):
    import keras

    settings = surface.SETTINGS[name]
    optimizer = {
        "sgd": lambda: keras.optimizers.SGD(settings["learning_rate"]),
        "momentum": lambda: keras.optimizers.SGD(settings["learning_rate"], momentum=settings["momentum"]),
        "adam": lambda: keras.optimizers.Adam(settings["learning_rate"]),
    }[name]()
    point = keras.Variable(np.array(surface.START, dtype="float64"), dtype="float64")
    ours = surface.path(name, steps=10)
    for step in range(10):
        gradient = surface.gradient(np.asarray(point))
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(gradient, dtype="float64"), point)])
        # equal to what Keras's float32 learning rate allows: within 2e-5 of steps of 0.1–0.3
        assert np.allclose(np.asarray(point), ours[step + 1], rtol=0, atol=2e-5), (name, step)


def test_adams_equations_replay_kerass_own_state():
    import keras

    rng = np.random.default_rng(3)
    gradients = rng.normal(0, 0.01, 30)
    weight = keras.Variable(np.array([0.2], dtype="float32"))
    optimizer = keras.optimizers.Adam(1e-3)
    m, v, before, after = [], [], [], []
    for g in gradients:
        before.append(float(np.asarray(weight)[0]))
        optimizer.apply_gradients([(keras.ops.convert_to_tensor([g], dtype="float32"), weight)])
        slot = optimizer._get_variable_index(weight)
        m.append(float(np.asarray(optimizer._momentums[slot])[0]))
        v.append(float(np.asarray(optimizer._velocities[slot])[0]))
        after.append(float(np.asarray(weight)[0]))
    assert np.allclose(adam.gradients_from_momentum(m), gradients, atol=1e-6)
    check = adam.check(m, v, before, after, 1e-3)
    assert check["v"] <= 1e-6 and check["step"] <= 1e-6


def test_early_stopping_marks_read_the_history():
    history = [{"val_loss": v, "learning_rate": lr} for v, lr in
               ((1.0, 1e-3), (0.8, 1e-3), (0.7, 5e-4), (0.75, 5e-4), (0.72, 5e-4), (0.71, 2.5e-4))]  # fmt: skip
    marks = stopping.marks(history, patience=3, planned_epochs=20, learning_rate=1e-3)
    assert marks.best_epoch == 3 and marks.best_val_loss == 0.7
    assert marks.stopped_early and marks.patience_window == (4, 6)
    assert marks.learning_rate_cuts == ((3, 1e-3, 5e-4), (6, 5e-4, 2.5e-4))
    assert stopping.steps_per_epoch(1030, 32) == 33 and stopping.steps_per_epoch(824, 32) == 26


def test_shifted_faces_keep_their_size_and_fill_the_gap_with_the_edge():
    images = np.arange(2 * 5 * 4, dtype=float).reshape(2, 5, 4)
    assert np.array_equal(shifts.shift(images, 0, 0), images)
    right = shifts.shift(images, 1, 0)
    assert right.shape == images.shape
    assert np.array_equal(right[:, :, 1:], images[:, :, :-1]) and np.array_equal(right[:, :, 0], images[:, :, 0])
    down = shifts.shift(images, 0, 2)
    assert np.array_equal(down[:, 2:, :], images[:, :-2, :]) and np.array_equal(down[:, 0, :], images[:, 0, :])
    perfect = shifts.accuracy_by_shift(lambda x: np.eye(2)[[0, 1]], images, np.array([0, 1]), shifts=(0, 1))
    assert perfect == {"horizontal": [100.0, 100.0], "vertical": [100.0, 100.0]}
    measured = {
        "lstm": {"horizontal": [89, 79], "vertical": [89, 12]},
        "cnn": {"horizontal": [95, 55], "vertical": [95, 40]},
    }
    assert shifts.least_hurt(measured, "horizontal") == "lstm" and shifts.least_hurt(measured, "vertical") == "cnn"


def test_row_filters_are_the_kernels_columns():
    kernel = np.arange(47 * 8, dtype=float).reshape(47, 8)  # two units
    filters = kernels.row_filters(kernel, [0, 1])
    assert filters["i"].shape == (2, 47) and np.array_equal(filters["f"][1], kernel[:, 3])


def test_adams_numbers_in_a_formula_and_the_change_by_its_sign():
    from lstm_viz.i18n import Texts

    assert adam.tex_number(7.667e-4) == r"7.667 \cdot 10^{-4}" and adam.tex_number(-0.1244) == "-0.1244"
    assert Texts("ru").tex(adam.tex_number(7.667e-4)) == r"7{,}667 \cdot 10^{-4}"  # never "7, 667e − 04"
    lines = adam.equations(adam.replay([-6.672e-4, 1e-3], 1e-3), 0, 1e-3, adam.tex_number)
    assert r"0.1 \cdot (-6.672 \cdot 10^{-4})" in lines[1]  # a negative factor in parentheses
    assert "e-" not in " ".join(lines)
    assert adam.change(-0.1244, -0.1234) == ("up", pytest.approx(0.001))  # an increase is never called negative
    assert adam.change(0.2, 0.19) == ("down", pytest.approx(0.01)) and adam.change(0.5, 0.5) == ("same", 0.0)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_weight_text_follows_the_sign_of_the_change(lang):
    from lstm_viz.i18n import Texts
    from lstm_viz.models.faces import AdamRecord
    from ui.faces_lab_adam import weight_text

    tr = Texts(lang)
    m = [0.01, 0.019]
    record = AdamRecord("lstm", (0, 0), [1e-3, 1e-3], m, [1e-5, 2e-5], [-0.1244, -0.1234], [-0.1234, -0.1254])
    up, down = weight_text(record, 0, tr), weight_text(record, 1, tr)
    words = {"en": ("raised", "lowered"), "ru": ("увеличило", "уменьшило")}[lang]
    assert words[0] in up and words[1] in down
    if lang == "ru":
        assert "−0,1244" in up and "-" not in up.split("(")[0]  # a minus sign, a decimal comma
        assert "1,000·10⁻³" in up  # the amount, positive, as a power of ten


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_valley_s_conclusion_is_read_off_its_numbers(lang):
    from lstm_viz.i18n import Texts
    from ui.faces_lab_adam import surface_verdict

    tr = Texts(lang)
    labels = {name: tr(f"lab.surface.{name}") for name in surface.SETTINGS}
    ends = surface.final_losses({name: surface.path(name) for name in surface.SETTINGS})
    assert surface.lowest(ends) == "momentum"  # this valley, these rates: momentum ends lowest, not Adam
    shipped = surface_verdict(ends, labels, tr)
    assert labels["momentum"] in shipped and tr.number(ends["momentum"], ".3f") in shipped
    invented = {"sgd": 0.2, "momentum": 0.15, "adam": 0.01}  # the other outcome
    adam_wins = surface_verdict(invented, labels, tr)
    assert surface.lowest(invented) == "adam"
    named = tr.numbers_named([(labels[k], v) for k, v in invented.items()], ".3f")
    assert adam_wins == tr("lab.surface.adam_lowest", steps=surface.STEPS, loss=tr.number(0.01, ".3f"), ends=named)
    assert shipped != adam_wins and (tr.lang != "en" or "below Adam" in shipped)


# --- the page ---------------------------------------------------------------------------------------------------


def test_the_lab_renders_without_a_run_and_trains_nothing(monkeypatch, synthetic_home):
    monkeypatch.setenv(faces.DATA_HOME_VARIABLE, synthetic_home)
    at = open_page("faces")
    at.number_input(key="min_faces").set_value(5).run()
    at.switch_page("pages/faces-lab.py").run()
    assert not at.exception and "faces_job" not in at.session_state
    assert any("No faces model has been trained yet" in i.value for i in at.info)
    assert any(m.label == "Loss −log p" and m.value == "0.51" for m in at.metric)  # the document's example


def test_every_section_after_a_short_training(monkeypatch, synthetic_home):
    monkeypatch.setenv(faces.DATA_HOME_VARIABLE, synthetic_home)
    at = open_page("faces")
    at.number_input(key="min_faces").set_value(5).run()
    at.radio(key="faces_recipe").set_value("demo").run()
    at.number_input(key="faces_epochs_demo").set_value(2).run()
    at.button(key="faces_train").click().run()
    assert at.session_state["faces_job"].wait(180).status == "done"
    at.switch_page("pages/faces-lab.py").run()
    assert not at.exception
    assert "Quick demo (seed 0)" in at.selectbox(key="lab_run").format_func(0)
    texts = " ".join(m.value for m in at.markdown)
    assert "holds none of them out" in texts and "one epoch is" in texts  # the counts of a run that watches no val_loss
    assert "This run watched no val_loss: it went through 2 epochs (of 2 planned)" in texts
    assert any(c.value.startswith(("This update raised", "This update lowered")) for c in at.caption)  # Adam's record
    assert any("28 faces to train on, 8 to test" in m.value for m in at.markdown)  # the split of these data
    assert len(at.get("plotly_chart")) >= 7
    at.button(key="lab_shift").click().run()
    assert not at.exception and any("Least hurt by 6 pixels: " in c.value for c in at.caption)
    table = at.dataframe[-1].value
    assert "not trained yet" in list(table["test accuracy (%)"])  # the CNN, the course recipes
