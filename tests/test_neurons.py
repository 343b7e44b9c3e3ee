"""Groundwork of "What neurons learn" (issue 16, open): the text features on hand-written Python, the aⁿbⁿ
generator, the checks of a user's text and the correlation table on a tiny hand-made "model"."""

import numpy as np
import pytest

from lstm_viz.i18n import TextError
from lstm_viz.neurons import corpus, correlate, counting, features


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
    data = counting.examples(range(1, 11), per_n=5, seed=0)
    assert len(data.strings) == 100 and data.labels.sum() == 50
    for text, label, n in zip(data.strings, data.labels, data.n):
        a, b = text.count("a"), text.count("b")
        assert text == "a" * a + "b" * b + "$" and a == n
        assert (label == 1) == (a == b)
    x = counting.encode(["ab$", "aabb$"])
    assert x.shape == (2, 5, 3) and x[0, :2].sum() == 0 and x[1, 0, 0] == 1  # left padding
    assert list(counting.count_of("aaabb$")) == [1, 2, 3, 2, 1, 1]
    assert counting.accuracy_by_n(data.labels, data) == {n: 100.0 for n in range(1, 11)}


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
    best = {b.feature: b for b in correlate.best_units(table)}
    assert best["in_string"].unit == 1 and best["in_string"].r == pytest.approx(1.0)
    assert best["line_position"].unit == 2 and best["line_position"].r == pytest.approx(-1.0)
    assert table["in_comment"].tolist() == [0.0, 0.0, 0.0]  # a flat feature correlates with nothing


def test_a_counting_model_trains_and_is_judged_per_n():
    from lstm_viz.models.counting import CountingRecipe, train_counting
    from lstm_viz.training import Progress

    result = train_counting("gru", Progress(0), CountingRecipe(epochs=2, per_n=4), train_max_n=4, test_max_n=12)
    assert result.epochs_done == 2 and sorted(result.accuracy_by_n) == list(range(1, 13))
    assert all(0 <= value <= 100 for value in result.accuracy_by_n.values())
    assert result.weights.kind.key == "gru"
