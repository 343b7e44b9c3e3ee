"""The alphabet data builders, and short real trainings of the fast recipe."""

import numpy as np
import pytest

from lstm_viz import alphabet


def test_windows_match_document_003():
    one = alphabet.dataset(1)
    assert one.x.shape == (25, 1, 1) and one.y.shape == (25, 26)
    assert one.inputs[0] == "A" and one.targets[0] == "B" and one.inputs[-1] == "Y" and one.targets[-1] == "Z"
    np.testing.assert_allclose(one.x[:, 0, 0], np.arange(25) / 26)
    three_features, three_steps = alphabet.dataset(2), alphabet.dataset(3)
    assert three_features.x.shape == (23, 1, 3) and three_steps.x.shape == (23, 3, 1)
    np.testing.assert_array_equal(three_features.x[:, 0, :], three_steps.x[:, :, 0])
    assert three_steps.inputs[0] == "ABC" and three_steps.targets[0] == "D"
    np.testing.assert_array_equal(three_steps.y.argmax(axis=1), np.arange(3, 26))
    np.testing.assert_array_equal(three_steps.y.sum(axis=1), 1.0)


def test_stateful_variant_reads_one_letter_at_a_time():
    data = alphabet.dataset(4)
    assert data.x.shape == (25, 1, 1) and alphabet.VARIANTS[4].stateful


def test_variable_length_patterns_and_padding():
    train = alphabet.dataset(5, training=True, seed=7, count=300)
    assert train.x.shape == (300, 5, 1)
    assert all(1 <= len(s) <= 5 for s in train.inputs)
    for letters, target, row in zip(train.inputs, train.targets, train.x[:, :, 0]):
        assert alphabet.ALPHABET.index(target) == alphabet.ALPHABET.index(letters[-1]) + 1
        np.testing.assert_allclose(row[5 - len(letters) :], np.array(alphabet.encode(letters)) / 26)
        assert np.all(row[: 5 - len(letters)] == 0)  # pre-padded with zeros
    every = alphabet.dataset(5, training=False)
    assert len(set(every.inputs)) == len(every.inputs) == 115


def test_pad_equals_keras_pad_sequences():
    keras = pytest.importorskip("keras")
    sequences = [[3], [1, 2, 3, 4, 5, 6, 7], [], [9, 8]]
    np.testing.assert_array_equal(alphabet.pad(sequences), keras.utils.pad_sequences(sequences, maxlen=5))


@pytest.mark.parametrize(
    "text, variant, message",
    [
        ("", 3, "Type some letters"),
        ("AB1", 3, "not '1'"),
        ("ABCD", 3, "exactly 3"),
        ("AB", 1, "exactly 1"),
        ("ABCDEF", 5, "1 to 5"),
        ("ж", 1, "A–Z"),
    ],
)
def test_typed_letters_are_checked(text, variant, message):
    with pytest.raises(ValueError, match=message):
        alphabet.parse_letters(text, variant)


def test_typed_letters_are_normalised():
    assert alphabet.parse_letters(" k, l m ", 3) == "KLM"


def test_padding_zero_is_the_code_of_a_unless_masked():
    assert alphabet.collisions() == [("B", "AB"), ("BC", "ABC"), ("BCD", "ABCD"), ("BCDE", "ABCDE")]
    assert alphabet.collisions(alphabet.MASKED) == []
    masked = alphabet.inputs_array(5, [[0, 1]], alphabet.MASKED)[0, :, 0]
    np.testing.assert_allclose(masked, [0, 0, 0, 1 / 27, 2 / 27])


def test_estimates_follow_the_number_of_updates():
    course = alphabet.estimated_seconds(alphabet.AlphabetRun(3, "course", 7, 500))
    fast = alphabet.estimated_seconds(alphabet.AlphabetRun(3, "fast", 7, 10))
    assert 30 <= course <= 45 and fast < 10  # the document's recipe took 35 s on a quiet machine (issue 35)
    assert alphabet.estimated_seconds(alphabet.AlphabetRun(5, "course", 7, 500)) > 1000
    assert 15 <= alphabet.estimated_seconds(alphabet.AlphabetRun(5, "fast", 7, 40)) <= 30  # 20 s, not "about 10 s"


@pytest.mark.parametrize("layer", alphabet.LAYERS)
def test_fast_recipe_learns_variant_3_with_every_layer_and_the_cell_matches_keras(layer):
    from lstm_viz.models.alphabet import train_alphabet
    from lstm_viz.models.core import model_bytes, numpy_keras_difference, summarize
    from lstm_viz.training import Progress

    progress = Progress(0)
    result = train_alphabet(alphabet.AlphabetRun(3, "fast", 7, 10, layer), progress)
    assert progress.epochs_done == 10 and len(result.history) == 10 and not result.stopped
    assert result.history[-1]["loss"] < result.history[0]["loss"]
    assert result.weights.kind.keras_layer == layer
    x = alphabet.dataset(3).x[5]
    assert numpy_keras_difference(result.weights, x) <= 1e-5
    summary = summarize(result.model)
    assert summary[0].params == result.parameters - 65 * 26 and summary[0].count.params == summary[0].params
    if layer == "LSTM":
        assert result.accuracy == 100.0 and result.predicted == alphabet.ALPHABET[3:]
        assert summary[0].formula_in() == "4·64·(64 + 1 + 1) = 16,896"
    assert model_bytes(result.model)[:2] == b"PK"  # a .keras file is a zip


def test_masked_padding_trains():
    from lstm_viz.models.alphabet import train_alphabet
    from lstm_viz.training import Progress

    run = alphabet.AlphabetRun(5, "fast", 7, 3, "LSTM", alphabet.MASKED)
    result = train_alphabet(run, Progress(0))
    assert result.probabilities.shape == (115, 26) and result.model.layers[0].__class__.__name__ == "Masking"


def test_stop_keeps_the_model_trained_so_far():
    import threading

    from lstm_viz.models.alphabet import train_alphabet
    from lstm_viz.training import TrainingJob

    run = alphabet.AlphabetRun(4, "fast", 1, 60)
    job = TrainingJob(lambda progress: train_alphabet(run, progress), 60, "stateful")
    started = threading.Event()
    original = job.progress.record

    def record(logs):
        original(logs)
        if job.progress.epochs_done >= 2:
            job.stop()
        started.set()

    job.progress.record = record
    job.start().wait(120)
    assert job.status == "stopped" and job.result.stopped
    assert 2 <= job.result.epochs_done < 60
    assert job.result.probabilities.shape == (25, 26)  # the partial model still answers


def test_runs_reuse_one_compiled_trainer_and_keep_their_own_models():
    """Repeated runs borrow the pooled trainer (Keras leaks ~10 MB per newly fitted model), yet each result owns
    its weights, and a run from a reused trainer equals a run from a fresh one."""
    from lstm_viz.models.alphabet import probabilities, train_alphabet
    from lstm_viz.models.core import TRAINERS
    from lstm_viz.training import Progress

    first = train_alphabet(alphabet.AlphabetRun(2, "fast", 3, 2), Progress(0))
    built = TRAINERS.built
    other = train_alphabet(alphabet.AlphabetRun(2, "fast", 4, 2), Progress(0))
    again = train_alphabet(alphabet.AlphabetRun(2, "fast", 3, 2), Progress(0))
    assert TRAINERS.built == built  # no new compiled model for the same architecture
    assert first.model is not again.model and not first.model.compiled  # results hold their own, inference only
    for mine, same in zip(first.model.get_weights(), again.model.get_weights()):
        np.testing.assert_allclose(mine, same, atol=1e-6)  # same seed: same run, though the trainer was reused
    assert not all(np.allclose(a, b) for a, b in zip(first.model.get_weights(), other.model.get_weights()))
    np.testing.assert_array_equal(first.probabilities, probabilities(first.model, first.run, first.inputs))
