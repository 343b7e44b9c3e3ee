"""The parts of "What neurons learn": the text features on hand-written Python, the aⁿbⁿ generator, the checks of a
user's text, the alphabet, sampling at a temperature, the correlation table on a tiny model, the text view's data,
and the counting and character models trained briefly."""

import numpy as np
import pytest

from lstm_viz.i18n import TextError
from lstm_viz.neurons import charset, corpus, correlate, counting, features, reading, sampling


def test_a_string_holding_a_bracket_an_escaped_quote_and_a_hash():
    text = "x = \"a(\\\"#\" + f(1, [2])  # c (\n    y = '''q\"\n\"'''\n"
    v = features.extract(text)
    where = {ch: k for k, ch in reversed(list(enumerate(text)))}  # a character's first position
    start, end = text.index('"'), text.index('" +')
    assert v["in_string"][start : end + 1].all() and not v["in_string"][end + 1]
    assert v["bracket_depth"][where["("]] == 0  # the ( inside the string opens nothing
    assert v["in_comment"][text.index("#", end)] and not v["in_comment"][text.index("#")]  # the # in "…" is no comment
    assert v["bracket_depth"][text.index("[")] == 2 and v["bracket_depth"][text.index("]")] == 1
    assert v["bracket_depth"][text.index("(", text.index("# c"))] == 0  # nor the ( in a comment
    second = text.index("\n") + 1
    assert v["after_newline"][second] == 1 and v["line_position"][second] == 0 and v["indentation"][second] == 4
    triple = text.index("'''")
    assert v["in_string"][triple : text.index("'''", triple + 3) + 3].all()  # a triple quote spans lines
    assert v["in_string"][text.index('q"\n"') + 2] == 1  # its newline is inside it


def test_the_anbn_generator():
    data = counting.training(range(1, 11), per_n=5, seed=0)
    assert len(data.strings) == 50
    for text, label, n in zip(data.strings, data.labels, data.n):
        a, b = text.count("a"), text.count("b")
        assert text == "a" * a + "b" * b and a == n and n - 2 <= b <= n + 3
        assert (label == 1) == (a == b)
    assert list(counting.prefix_targets("aabbb")) == [0, 0, 0, 1, 0]  # yes only after "aabb"
    assert list(counting.prefix_targets("ab")) == [0, 1]
    assert not counting.in_language("") and not counting.in_language("ba")
    test = counting.test(range(1, 4))
    assert test.strings.count("aabb") == 4 and {"aa", "aab", "aabbb", "aabbbb"} <= set(test.strings)
    assert all(100 * test.labels[test.n == n].mean() == 50 for n in (1, 2, 3))  # balanced: chance is 50 %
    x = counting.encode(["ab", "aabb"])
    y, w = counting.targets(["ab", "aabb"])
    assert x.shape == (2, 4, 2) and x[0, 2:].sum() == 0 and x[1, 0, 0] == 1 and x[1, 3, 1] == 1  # right padding
    assert y[0, :, 0].tolist() == [0, 1, 0, 0] and w[0].tolist() == [1, 1, 0, 0]
    assert list(counting.count_of("aaabb")) == [1, 2, 3, 2, 1]
    assert counting.accuracy_by_n(test.labels, test) == {1: 100.0, 2: 100.0, 3: 100.0}
    assert counting.generalises_to({1: 100.0, 2: 100.0, 3: 75.0, 4: 100.0}) == 2
    assert counting.generalises_to({1: 50.0, 2: 100.0}) == 0


@pytest.mark.parametrize(
    "data, key",
    [
        (b"", "neurons.text_empty"),
        (b"   \n", "neurons.text_empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "neurons.text_binary"),
        (b"caf\xe9 au lait " * 20, "neurons.text_not_utf8"),
        (b"short", "neurons.text_too_short"),
        (b"a" * 500, "neurons.text_one_character"),
        (b"ab" * 600_000, "neurons.text_too_big"),
    ],
)
def test_a_user_text_is_checked(data, key):
    with pytest.raises(TextError) as error:
        corpus.yours(data, sequence_length=50)
    assert error.value.key == key


def test_russian_text_and_the_standard_library():
    text = corpus.yours("Привет, мир! Это текст.\r\n" * 10, sequence_length=50)
    assert "\r" not in text.text and "П" in text.alphabet
    library = corpus.standard_library()
    assert 500_000 < len(library.text) <= corpus.MAX_BYTES and "def " in library.text


def test_the_correlation_table_on_a_tiny_model():
    text = 'a = "xy" + b\n    c = "z"\n' * 5
    v = features.extract(text)
    rng = np.random.default_rng(0)
    units = np.stack([rng.normal(size=len(text)), 2 * v["in_string"] - 1, -0.1 * v["line_position"]], axis=1)
    table = correlate.correlations(units, v)
    best = {row.feature: row for row in reading.unit_table({"h": units}, text).rows}
    assert best["in_string"].unit == 1 and best["in_string"].r == pytest.approx(1.0)
    assert best["line_position"].unit == 2 and best["line_position"].r == pytest.approx(-1.0)
    assert table["in_comment"].tolist() == [0.0, 0.0, 0.0]  # a flat feature correlates with nothing
    assert not best["in_comment"].present and best["in_string"].present  # and the table says it is absent


def test_a_counting_model_trains_and_is_judged_per_n():
    from lstm_viz.models.counting import train_counting
    from lstm_viz.neurons.counter import find
    from lstm_viz.neurons.recipes import CountingRecipe, CountingRun
    from lstm_viz.training import Progress

    run = CountingRun("lstm", 4, 0, CountingRecipe(units=2, epochs=2, per_n=4))
    result = train_counting(run, Progress(0), test_max_n=12)
    assert result.epochs_done == 2 and sorted(result.accuracy_by_n) == list(range(1, 13))
    assert all(0 <= value <= 100 for value in result.accuracy_by_n.values())
    assert result.weights.kind.key == "lstm" and result.weights.input_dim == 2
    counter = find(result.weights, counting.string(6, 6))
    assert counter.trace.steps == 12 and counter.quantity == "c" and 0 <= counter.unit < 2
    r = correlate.correlations(counter.trace.c, {"n": counting.count_of("a" * 6 + "b" * 6)})["n"]
    assert counter.r == pytest.approx(r[counter.unit]) and abs(counter.r) == pytest.approx(np.abs(r).max())


def test_the_alphabet_and_the_split():
    text = "ab\nabc\n" * 10 + "é"
    chars = charset.Charset.of(text)
    assert chars.symbols[0] == charset.UNKNOWN and chars.symbols[1:4] == "\nab" and chars.size == 6
    ids = chars.encode("cabé?")
    assert chars.decode(ids) == "cabé" + charset.UNKNOWN and ids[-1] == 0 and chars.unknown_in("ёab?ё") == "ё?"
    assert chars.one_hot(ids).shape == (5, 6) and chars.one_hot(ids).sum() == 5
    library = corpus.standard_library().text
    training, held_out = charset.split(library)
    assert training + held_out != library and len(training) + len(held_out) == len(library)
    assert 0.08 < len(held_out) / len(library) < 0.12 and held_out[:2000] in library  # every tenth block
    assert held_out[:300] not in training
    short_training, short_held = charset.split("x = 1\n" * 100)
    assert short_training + short_held == "x = 1\n" * 100 and short_held.startswith("x")


def test_temperature():
    logits = np.array([2.0, 1.0, 0.0])
    assert sampling.distribution(logits, 0).tolist() == [1.0, 0.0, 0.0]  # 0 means argmax
    assert sampling.distribution(logits, 1e-9).tolist() == [1.0, 0.0, 0.0]  # tiny: no overflow
    hot = sampling.distribution(logits, 1e6)
    assert np.allclose(hot, 1 / 3) and np.isfinite(hot).all()  # huge: uniform, still finite
    one = sampling.distribution(logits, 1.0)
    assert one == pytest.approx(np.exp(logits) / np.exp(logits).sum())
    assert sampling.temperature_note(0) == "neurons.temperature_zero"
    assert sampling.temperature_note(50) == "neurons.temperature_hot" and sampling.temperature_note(0.7) is None


def tiny_model(text: str, units: int = 3):
    """A random LSTM over the text's alphabet and a head: enough to test what reads a model."""
    from lstm_viz import cells
    from lstm_viz.cells.base import random

    chars = charset.Charset.of(text)
    weights = random(cells.kind("lstm"), units, chars.size, np.random.default_rng(0))
    head = sampling.Head(np.random.default_rng(1).normal(size=(units, chars.size)), np.zeros(chars.size))
    return chars, weights, head


def test_sampling_writes_known_characters_at_any_temperature():
    text = 'x = "a(b)"  # c\n' * 20
    chars, weights, head = tiny_model(text)
    for temperature in (0, 0.5, 1.0, 100.0, 1e9):
        written = sampling.sample(weights, head, chars, "x = ", 50, temperature, seed=3)
        assert len(written) == 50 and charset.UNKNOWN not in written and set(written) <= set(text)
    greedy = {sampling.sample(weights, head, chars, "x", 20, 0, seed=s) for s in range(3)}
    assert len(greedy) == 1  # argmax: the same text whatever the seed


def test_the_table_and_the_text_view_read_the_trace():
    from lstm_viz import textview
    from lstm_viz.i18n import Texts

    text = 'def f(x):\n    return "a, b"  # two\n' * 8
    chars, weights, _ = tiny_model(text, units=4)
    trace = reading.trace_of(weights, chars, text)
    states = reading.states_of(weights, chars, text)
    assert np.allclose(states["h"], trace.h, atol=1e-6) and np.allclose(states["c"], trace.c, atol=1e-6)
    table = reading.unit_table(states, text)
    assert [row.feature for row in table.rows] != [] and len(table.rows) == len(features.FEATURES)
    for row in table.rows:
        r = correlate.correlations(states[row.quantity], features.extract(text))[row.feature]
        assert row.r == pytest.approx(r[row.unit]) and abs(row.r) == pytest.approx(
            max(np.abs(table.r[row.feature, q]).max() for q in ("h", "c"))
        )
    best = next(row for row in table.rows if row.feature == "in_string")
    assert table.rank("in_string", best.unit)[0] == 1
    values = reading.values_of(trace)
    assert set(values) == {"h", "c", "i", "f", "o", "c_tilde"}
    data = textview.payload(values, text, 2, Texts("ru"), "h")
    assert data["chars"] == text and data["unit"] == 2 and data["quantity"] == "h"
    assert data["values"]["c"] == pytest.approx(trace.c[:, 2].tolist(), abs=1e-4)
    assert data["scales"]["f"] == {"low": 0.0, "mid": 0.5, "high": 1.0}
    assert data["scales"]["c"]["high"] == pytest.approx(np.abs(trace.c[:, 2]).max(), rel=1e-6)
    assert data["labels"]["c"] == "c (состояние ячейки)" and data["lang"] == "ru"
    with pytest.raises(ValueError):
        textview.payload(values, text[:-1], 0, Texts("en"))
    starts = reading.passages("line\n" * 2000, 2000)
    assert starts[0] == 0 and all(s % 5 == 0 for s in starts) and len(starts) == 5
    assert reading.unigram_bits("ab" * 50, "ab" * 10, charset.Charset.of("ab")) == pytest.approx(
        -np.log2(51 / 102 * 102 / 104), abs=0.05
    )


def test_a_character_model_trains_writes_and_stops_mid_epoch():
    import threading

    from lstm_viz.models.charlm import train_chars
    from lstm_viz.neurons.recipes import CharRecipe
    from lstm_viz.training import Progress

    text = corpus.standard_library().text[:30_000]
    recipe = CharRecipe(units=64, sequence_length=50, epochs=2, sample_length=40)
    progress = Progress(0)
    result = train_chars(text, "stdlib", recipe, progress)
    assert result.epochs_done == 2 and [epoch for epoch, _ in result.samples] == [1, 2]
    assert all(len(sample) == 40 for _, sample in result.samples)
    assert result.heldout_bits == pytest.approx(result.history[-1]["val_loss"] / np.log(2))
    assert result.history[-1]["loss_bits"] == pytest.approx(result.history[-1]["loss"] / np.log(2))
    assert 0 < result.unigram_bits < 7 and result.weights.units == 64
    assert result.head.kernel.shape == (64, result.charset.size)
    # Stop mid-epoch: the epoch ends after the current batch, is recorded with its sample, and the run says stopped
    progress = Progress(0)
    long = CharRecipe(units=64, sequence_length=50, epochs=50, batch_size=8, sample_length=20)
    threading.Timer(3.0, progress.stop_event.set).start()
    stopped = train_chars(text, "stdlib", long, progress)
    assert stopped.stopped and 1 <= stopped.epochs_done < 50 and len(stopped.samples) == stopped.epochs_done


def test_only_the_latest_passages_are_kept():
    import keras

    from lstm_viz.models.core import memo_recent

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    computed = []
    for start in [0, 1, 2, 0, 3, 4]:
        memo_recent(model, "passages", start, lambda s=start: computed.append(s) or s * 10, keep=3)
    assert computed == [0, 1, 2, 3, 4]  # 0 was still kept when asked again, then 0 and 1 made room
    assert memo_recent(model, "passages", 4, lambda: -1, keep=3) == 40
    assert memo_recent(model, "passages", 0, lambda: -1, keep=3) == -1


def counter_layer(per_a: float):
    """A one-unit LSTM that counts by hand: i, f, o open, c̃ = tanh(±3) per a and the opposite per b."""
    from lstm_viz import cells
    from lstm_viz.cells.base import Weights

    kernel = np.zeros((2, 4))  # the input's a, b → the i, f, c̃, o pre-activations (Keras's layout)
    kernel[:, 2] = [3 * per_a, -3 * per_a]
    return Weights(cells.kind("lstm"), {"kernel": kernel, "recurrent_kernel": np.zeros((1, 4)),
                                        "bias": np.array([20.0, 20.0, 0.0, 20.0])})  # fmt: skip


@pytest.mark.parametrize("per_a, direction, says", [(1, "up", "rises on every a"), (-1, "down", "falls on every a")])
def test_the_counter_text_follows_the_sign_of_r(per_a, direction, says):
    """Issue 35: "r = −1.000: it rises on every a" beside a c that fell on each a. The text is chosen by the sign."""
    from lstm_viz.i18n import Texts
    from lstm_viz.neurons.counter import find

    text = counting.string(8, 8)
    found = find(counter_layer(per_a), text)
    c = found.trace.values["c"][:, found.unit]
    steps = np.diff(c)
    assert found.direction == direction and abs(found.r) > 0.99
    assert (np.sign(steps[:7]) == per_a).all() and (np.sign(steps[8:]) == -per_a).all()  # what the chart draws
    en, ru = Texts("en"), Texts("ru")
    shown = en(f"neurons.count.counter_text.{found.direction}", unit=1, r=en.number(found.r, "+.3f"), n=8)
    assert says in shown and ("+1.000" if per_a > 0 else "-1.000") in shown
    russian = ru(f"neurons.count.counter_text.{found.direction}", unit=1, r=ru.number(found.r, "+.3f"), n=8)
    assert ("растёт с каждой a" if per_a > 0 else "убывает с каждой a") in russian
    assert ("+1,000" if per_a > 0 else "\u22121,000") in russian  # a Russian minus sign, a decimal comma


@pytest.mark.parametrize("sign, direction", [(1, "up"), (-1, "down")])
def test_the_quote_unit_texts_follow_the_sign_of_r(sign, direction):
    """Issue 35: "Find it yourself" said the quote unit switches on inside strings while its r was −0.59."""
    from lstm_viz.i18n import Texts

    text = 'x = "a b c" + y\n' * 20
    inside = features.extract(text)["in_string"]
    states = {
        "c": np.stack([sign * (2.0 * inside - 1), np.linspace(-1, 1, len(text))], axis=1),
        "h": np.zeros((len(text), 2)),
    }
    table = reading.unit_table(states, text)
    place, r, quantity = table.rank("in_string", 0)
    assert place == 1 and quantity == "c" and np.sign(r) == sign
    assert table.direction("in_string") == correlate.direction(r) == direction
    en = Texts("en")
    task = en(f"neurons.find_quote_task.{direction}", units=2)
    assert ("switches on inside string literals" in task) == (sign > 0)
    assert ("low inside them and high outside" in task) == (sign < 0)
    meaning = en(f"neurons.check.meaning.{direction}")
    assert meaning.startswith("high inside" if sign > 0 else "low inside")
    for lang in ("en", "ru"):
        tr = Texts(lang)
        assert tr(f"neurons.find_quote_task.{direction}", units=2) and tr(f"neurons.check.meaning.{direction}")


def test_the_counter_chart_has_round_ticks_for_the_count():
    """Issue 35: the count's axis read 1.71, 7.05 … 28.4; now whole steps of 1, 2, 5, 10 …"""
    from lstm_viz.i18n import Texts
    from lstm_viz.plots.neurons import counter, round_step

    assert [round_step(span) for span in (1, 8, 9, 16, 17, 30, 41, 80, 81)] == [1, 1, 2, 2, 5, 5, 10, 10, 20]
    text = counting.string(30, 30)
    figure = counter(text, np.zeros(len(text)), counting.count_of(text), 0, Texts("ru")).to_dict()
    axis = figure["layout"]["yaxis2"]
    assert axis["tickmode"] == "linear" and axis["tick0"] == 0 and axis["dtick"] == 5
    assert figure["layout"]["separators"] == ", "[0] + "\u00a0"


def test_the_character_models_estimate_reads_its_own_text():
    """Issue 35: the estimate took every text as the standard library's megabyte, so one run on a pasted page (its
    measured seconds against that estimate) made the queue predict the next megabyte run at 15 s."""
    from lstm_viz.neurons.recipes import CharRecipe, CharRun
    from lstm_viz.runs.texts import keep_text

    pasted = 'def f(x):\n    return "x" + str(x)\n' * 400  # 14 kB
    short, long = keep_text(pasted), keep_text(pasted * 20)
    recipe = CharRecipe(sequence_length=50, epochs=3)
    small, large = CharRun(short, "yours", recipe).estimate_seconds(), CharRun(long, "yours", recipe).estimate_seconds()
    assert small < 10 and 5 * (small - 3) < large - 3  # 20 times the text: many times the training time
    standard = CharRun(corpus.standard_library().digest, "stdlib", CharRecipe()).estimate_seconds()
    assert 100 < standard < 200  # the default recipe: 12 epochs of 157 batches of the standard library
