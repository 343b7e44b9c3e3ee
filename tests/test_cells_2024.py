"""The recurrent cells of 2024 (issue 30): each kind against a separate transcription of its reference
implementation (tests/reference_cells.py, which names the files), the parallel forms against the loops, and the
reductions the papers state."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_viz import cells
from lstm_viz.backward import Loss, gradients
from lstm_viz.cells.base import Weights, forward
from lstm_viz.cells.slstm import unstabilized
from lstm_viz.explorer import presets
from lstm_viz.explorer.config import run
from lstm_viz.i18n import Texts
from tests import reference_cells

NEW = ("min_gru", "min_lstm", "slstm", "mlstm", "linear_attention")
PINS = {"min_gru": {"z": 0.3}, "min_lstm": {"f": 0.7, "h_tilde": 0.4}, "slstm": {"z": -0.5, "o": 0.8},
        "mlstm": {"o": 0.6}, "linear_attention": {}}  # fmt: skip


def _case(key, units=4, input_dim=3, steps=25, seed=0, positive=False):
    kind = cells.kind(key)
    rng = np.random.default_rng(seed)
    weights = cells.random(kind, units, input_dim, rng, 0.8)
    x = rng.normal(size=(steps, input_dim))
    initial = {"h": rng.uniform(0.1, 1.0, units) if positive else rng.uniform(-1, 1, units)}
    if key == "slstm":
        initial.update(c=rng.uniform(-1, 1, units), n=rng.uniform(0.5, 2.0, units), m=rng.uniform(-1, 1, units))
    if key == "mlstm":  # (h is no state of it: nothing reads h₍t−1₎)
        initial = {"C": rng.uniform(-1, 1, units * units), "n": rng.uniform(-1, 1, units), "m": rng.uniform(-1, 1)}
    if key == "linear_attention":  # (z is a sum of positive features)
        initial = {"S": rng.uniform(-1, 1, units * units), "z": rng.uniform(0.5, 2.0, units)}
    return weights, x, initial


@pytest.mark.parametrize("key", NEW)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_each_kind_equals_its_reference_step(key, seed):
    weights, x, initial = _case(key, seed=seed)
    ours = forward(weights, x, initial).h
    assert np.max(np.abs(ours - reference_cells.reference_h(weights, x, initial))) <= 1e-9
    if not PINS[key]:
        return  # (linear attention has nothing to pin)
    pinned = forward(weights, x, initial, PINS[key]).h
    assert np.max(np.abs(pinned - reference_cells.reference_h(weights, x, initial, PINS[key]))) <= 1e-9
    assert np.max(np.abs(pinned - ours)) > 1e-3  # the pins did change something


def test_slstm_from_a_fresh_state_follows_the_references_first_step():
    weights, x, _ = _case("slstm", seed=3)
    zero = {s: np.zeros(4) for s in ("h", "c", "n", "m")}
    trace = forward(weights, x, zero)
    np.testing.assert_array_equal(trace.m[0], trace.pre_i[0])  # m = ĩ while n is all zero
    assert np.max(np.abs(trace.h - reference_cells.reference_h(weights, x, zero))) <= 1e-9


@pytest.mark.parametrize("key", ["min_gru", "min_lstm"])
def test_the_scan_equals_the_loop_and_the_references_parallel_branch(key):
    for seed in range(3):
        weights, x, initial = _case(key, seed=seed, steps=60)
        loop = forward(weights, x, initial).h
        scan = weights.kind.parallel(weights, x, initial, {})
        assert np.max(np.abs(scan - loop)) <= 1e-9  # h₀ of either sign
        weights, x, initial = _case(key, seed=seed, steps=60, positive=True)  # the reference's scan needs log h₀
        theirs = reference_cells.reference_parallel_h(weights, x, initial["h"])
        assert np.max(np.abs(weights.kind.parallel(weights, x, initial, {}) - theirs)) <= 1e-9


@pytest.mark.parametrize("key", ["min_gru", "min_lstm"])
def test_the_scan_takes_pins_even_a_gate_pinned_shut(key):
    weights, x, initial = _case(key, seed=4)
    shut = {"min_gru": {"z": 1.0}, "min_lstm": {"f": 0.0}}[key]  # log a = −∞: the old state is dropped at once
    for pins in (PINS[key], shut):
        trace = forward(weights, x, initial, pins)
        pinned = {name: trace.values[name] for name in pins}
        assert np.max(np.abs(weights.kind.parallel(weights, x, initial, pinned) - trace.h)) <= 1e-9


def test_min_lstm_with_gates_that_add_up_to_one_is_min_gru():
    """σ(−v) + σ(v) = 1: a minLSTM whose forget pre-activation is minus its input's needs no normalisation, and is
    the minGRU whose update gate is that input gate."""
    gru, x, initial = _case("min_gru", seed=5)
    h_block, z_block = np.split(gru.arrays["kernel"], 2, axis=1)
    h_bias, z_bias = np.split(gru.arrays["bias"], 2)
    lstm = Weights(cells.kind("min_lstm"), {"kernel": np.hstack([h_block, -z_block, z_block]),
                                            "bias": np.concatenate([h_bias, -z_bias, z_bias])})  # fmt: skip
    np.testing.assert_allclose(forward(lstm, x, initial).h, forward(gru, x, initial).h, atol=1e-12)


def test_slstm_stabilizer_keeps_h_where_float32_overflows_without_it():
    config, start = presets.apply("stabilizer", presets.ExplorerConfig(cell=presets.CellConfig(kind="slstm")))
    trace = run(config)[0]
    weights, x = config.cell.weights(1), config.inputs()
    overflow = int(np.argmax(trace.pre_i[:, 0] > 88.73))  # e^ĩ > 3.4e38, float32's largest number
    assert trace.finite() and overflow == start == 5
    without_m = unstabilized(weights, x)[:, 0]
    assert np.all(np.isfinite(without_m[:overflow])) and np.all(np.isnan(without_m[overflow:]))  # ∞/∞ from then on
    np.testing.assert_allclose(without_m[:overflow], trace.h[:overflow, 0], rtol=1e-5)
    np.testing.assert_allclose(unstabilized(weights, x, dtype=np.float64), trace.h, atol=1e-12)  # the same h
    shifted = weights.replace(bias=weights.bias + np.array([-9.0, 0, 0, 0]))  # a constant off every ĩ: the same h
    np.testing.assert_allclose(forward(shifted, x).h, trace.h, atol=1e-12)


def test_slstm_revises_a_stored_value_where_the_lstm_blends():
    config, _ = presets.apply("revise", presets.ExplorerConfig(cell=presets.CellConfig(kind="slstm")))
    trace = run(config)[0]
    x = config.inputs()[:, 0]
    largest = np.maximum.accumulate(x)
    assert np.max(np.abs(trace.h[1:, 0] - np.tanh(largest[1:] / 2))) < 0.02  # h holds tanh(the largest x so far / 2)
    assert trace.h[12, 0] - trace.h[11, 0] > 0.2  # revised at once when x = 1 comes


def test_without_the_stabilizer_in_float64_the_slstm_is_the_same_cell():
    weights, x, initial = _case("slstm", seed=7)
    pins = {part: np.full((len(x), 4), value) for part, value in PINS["slstm"].items()}
    for given in ({}, pins):
        ours = forward(weights, x, initial, given).h
        np.testing.assert_allclose(unstabilized(weights, x, initial, given, np.float64), ours, atol=1e-12)


def test_the_stabilizers_gradient_is_zero():
    """m rescales c and n alike, so no loss on h can depend on it: ∂L/∂m is zero up to rounding at every step."""
    weights, x, initial = _case("slstm", seed=6)
    result = gradients(weights, forward(weights, x, initial), Loss("squared", "h", 0.3))
    scale = max(float(np.max(np.abs(v))) for v in result.values.values())
    assert np.max(np.abs(result.values["m"])) <= 1e-12 * scale


@pytest.mark.parametrize("key", list(cells.KINDS))
def test_every_preset_fits_the_explorers_ranges(key):
    """A preset outside a slider's range would be clamped by the widgets and refused by a link."""
    from lstm_viz.explorer.fields import WEIGHT_LIMIT, pin_range

    kind = cells.kind(key)
    for name, preset in kind.presets.items():
        for values in preset.arrays.values():
            assert all(abs(v) <= WEIGHT_LIMIT for v in values), name
        for part, value in preset.pins.items():
            low, high = pin_range(kind, part)
            assert low <= value <= high, name
        if preset.custom:
            config, _ = presets.apply(name, presets.ExplorerConfig(cell=presets.CellConfig(kind=key)))
            assert config.inputs().shape[0] == preset.steps, name


def test_compare_revise_the_slstm_keeps_the_largest_where_the_lstm_loses_it():
    config, _ = presets.compare("revise")
    slstm, lstm = (trace.h[:, 0] for trace in run(config))
    assert abs(slstm[-1] - np.tanh(1.0)) < 0.02  # the largest x so far, 2, read through tanh(x / 2)
    assert slstm[-1] - lstm[-1] > 0.25  # the LSTM's x = 1 overwrote it
    assert lstm[9] < lstm[8] - 0.05  # and x = 0.4 had already blended a smaller value in


def test_compare_min_gru_against_the_gru_on_the_same_pulse():
    config, _ = presets.compare("min_gru_gru")
    assert config.compare.kind == "gru" and config.cell.kind == "min_gru"
    min_gru, gru = (trace.h[:, 0] for trace in run(config))
    assert min_gru[-1] > 0.9 * min_gru[2] > 3 and gru[-1] > 0.9 * gru[2]  # both keep it; minGRU's h is not squashed


@pytest.mark.parametrize("units", [1, 4, 128])
@pytest.mark.parametrize("features", [1, 47])
def test_the_calculator_counts_the_2024_cells_as_their_references_do(units, features):
    """The references' parameters: minGRU one Linear(d, 2u), minLSTM one Linear(d, 3u) (weights and biases); sLSTM with
    one head, W (d, 4u), a full R (u, 4u) and b (4u); mLSTM's cell as in its docstring."""
    from lstm_viz import counting

    reference = {"min_gru": (features + 1) * 2 * units, "min_lstm": (features + 1) * 3 * units,
                 "linear_attention": (features + 1) * 3 * units,  # q, k, v: three Linear(d, u)
                 "slstm": 4 * units * features + 4 * units * units + 4 * units,
                 # the mLSTM cell's projections q, k, v, o (d → u) and i, f (d → 1): the xLSTM block around it adds
                 # an up-projection, a convolution and a skip, which are not the cell
                 "mlstm": 4 * units * (features + 1) + 2 * (features + 1)}  # fmt: skip
    assert set(counting.KINDS_COUNTED) == set(reference)
    for key, expected in reference.items():
        count = counting.recurrent(key, units, features)
        assert count.params == expected
        assert count.formula.endswith(f"= {expected:,}")
        weights = cells.random(cells.kind(key), units, features, np.random.default_rng(0))
        assert sum(array.size for array in weights.arrays.values()) == expected


@pytest.mark.parametrize("key", list(cells.KINDS))
def test_every_equation_names_only_what_the_scene_sends(key):
    """A placeholder the scene does not send would break the page's equations ({t} in "C_{t}" is one)."""
    from lstm_viz.mathml import compile_line

    kind = cells.kind(key)
    fields = set(kind.step_fields) | {f"{s}_prev" for s in kind.states} | {"x", "H"}
    blocks = {f"{spec.url}.{part}" for spec in kind.arrays for part in spec.blocks}
    grads = {f"{p}_{n}" for p in ("d", "later", "loss") for n in fields} if kind.back_equations else set()

    def names(node):
        if isinstance(node, (list, tuple)):
            if node and node[0] == "ph":
                yield node[1]
            for child in node:
                yield from names(child)

    for equation in (*kind.equations, *kind.back_equations):
        for line in (equation.general, equation.numbers):
            for name in names(compile_line(line)):
                assert name in fields | blocks | grads, (equation.general, name)
    for name in {*kind.summary, *(p for panel in kind.panels for p in panel.parts), *kind.heatmaps}:
        assert name not in kind.matrices, name  # a matrix is drawn as one, never read as a number per unit
    for lang in ("en", "ru"):
        for part in kind.notes:
            template = Texts(lang)(f"cell.{key}.note.{part}")
            assert not any(f"{{{name}}}" in template for name in kind.matrices), (lang, part)


def test_mlstm_parallel_form_equals_its_recurrence_from_any_state():
    for seed in range(4):
        weights, x, initial = _case("mlstm", seed=seed, steps=60)
        for pins in ({}, PINS["mlstm"]):
            trace = forward(weights, x, initial, pins)
            pinned = {name: trace.values[name] for name in pins}
            assert np.max(np.abs(weights.kind.parallel(weights, x, initial, pinned) - trace.h)) <= 1e-9


def test_mlstm_with_open_gates_and_no_normalizer_is_unnormalised_linear_attention():
    """i′ = f′ = 1 (ĩ = 0, f̃ = 40: log σ(40) = −4e−18) and |nᵀq| < e^−m = 1: h̃ = Σ_{s≤t} (k_s·q_t) v_s / (1 + ε) —
    linear attention with the identity as its feature map and no normalizer."""
    weights, x, _ = _case("mlstm", seed=5, units=3, steps=12)
    u = 3
    kernel, bias = weights.arrays["kernel"].copy() * 0.15, weights.arrays["bias"].copy() * 0.15
    kernel[:, 4 * u :], bias[4 * u :] = 0.0, [0.0, 40.0]
    weights = Weights(weights.kind, {"kernel": kernel, "bias": bias})
    trace = forward(weights, x)
    assert np.allclose(trace.i, 1) and np.allclose(trace.f, 1) and np.all(np.abs(trace.qn) < 1)
    q, k, v = (x @ kernel[:, j * u : (j + 1) * u] + bias[j * u : (j + 1) * u] for j in range(3))
    k = k / np.sqrt(u)
    attention = np.tril(q @ k.T)  # (T, T): causal, unnormalised
    np.testing.assert_allclose(trace.h_tilde, attention @ v / (1 + 1e-6), atol=1e-12)


def test_linear_attention_is_one_masked_attention_matrix_and_not_softmax_attention():
    kind = cells.kind("linear_attention")
    for seed in range(3):
        weights, x, initial = _case("linear_attention", seed=seed, steps=50)
        loop = forward(weights, x, initial).h
        assert np.max(np.abs(kind.parallel(weights, x, initial, {}) - loop)) <= 1e-9
        fresh = forward(weights, x).h  # softmax attention has no state to start from: compare from zero
        softmax = kind.alternatives["softmax"](weights, x, {}, {})
        assert np.max(np.abs(softmax - fresh)) > 0.05  # exp(qᵀk) is not φ(q)ᵀφ(k)
        q, k, v = np.split(x @ weights.arrays["kernel"] + weights.arrays["bias"], 3, axis=1)
        t = len(x) - 1
        scores = q[t] @ k.T / np.sqrt(4)
        np.testing.assert_allclose(softmax[t], np.exp(scores - scores.max()) @ v / np.exp(scores - scores.max()).sum())


def test_the_family_tree_groups_the_kinds_by_what_can_run_in_parallel():
    from lstm_viz import family
    from lstm_viz.plots.family import picture

    groups = {m.key: m.group for m in family.members()}
    assert groups["rnn"] == "other"
    assert {k for k, g in groups.items() if g == "sequential"} == {"gru", "lstm", "no_forget", "peephole", "coupled",
                                                                   "no_output_activation", "slstm"}  # fmt: skip
    assert {k for k, g in groups.items() if g == "scan"} == {"min_gru", "min_lstm"}
    assert {k for k, g in groups.items() if g == "attention"} == {"mlstm", "linear_attention"}
    for member in family.members():  # a parallel kind's gates read x only; a sequential one's read h₍t−1₎
        assert member.reads_state == (member.group in ("sequential", "other")), member.key
    for lang in ("en", "ru"):
        html = picture(Texts(lang))
        assert html.count('class="lv-family-card"') == len(cells.KINDS) and "<script" not in html


def test_the_csv_writes_every_entry_of_a_memory_matrix():
    from lstm_viz.explorer.export import trace_csv

    weights, x, initial = _case("mlstm", seed=1, units=2, steps=5)
    trace = forward(weights, x, initial)
    lines = trace_csv([trace]).splitlines()
    header = lines[0].split(",")
    assert [h for h in header if h.startswith("mlstm_C_") and "prev" not in h] == [
        "mlstm_C_1_1", "mlstm_C_1_2", "mlstm_C_2_1", "mlstm_C_2_2"]  # fmt: skip
    row = dict(zip(header, lines[3].split(",")))
    assert float(row["mlstm_C_2_1"]) == pytest.approx(trace.C[2].reshape(2, 2)[1, 0], rel=1e-9)
    assert len(header) == len(set(header))


@pytest.mark.parametrize("key", ["mlstm", "linear_attention", "slstm", "min_gru"])
def test_changing_the_units_keeps_what_fits_and_runs(key):
    """The sidebar's units: existing units keep their weights (a head's scalar gates whole), a matrix state keeps its
    top-left block, a shared state its one number; the cell still runs and its link reads back."""
    from lstm_viz.explorer import link
    from lstm_viz.explorer.config import CellConfig, ExplorerConfig

    kind = cells.kind(key)
    drawn = cells.random(kind, 2, 1, np.random.default_rng(3))  # (rounded: a link writes 4 significant digits)
    cell = CellConfig().with_weights(Weights(kind, {k: np.round(v, 2) for k, v in drawn.arrays.items()}))
    initial = {s: tuple(round(float(v), 2) for v in np.linspace(0.1, 0.9, 1 if s in kind.shared else kind.width(s, 2)))
               for s in kind.states}  # fmt: skip
    cell = presets.replace(cell, initial=initial)
    for units in (1, 3, 2):
        resized = cell.resized(units)
        weights = resized.weights(1)
        assert weights.units == units
        for spec in kind.arrays:
            for part in spec.blocks:
                keep, rows = (1 if part in spec.scalars else min(units, 2)), min(units, 2)
                new, old = weights.block(spec.name, part), cell.weights(1).block(spec.name, part)
                if spec.rows == "units":  # (U, R: rows are units too)
                    new, old = new[:rows], old[:rows]
                np.testing.assert_array_equal(new[..., :keep], old[..., :keep])
        for state in kind.matrices:
            k = min(units, 2)
            kept = np.asarray(resized.initial[state]).reshape(units, units)
            np.testing.assert_array_equal(kept[:k, :k], np.asarray(initial[state]).reshape(2, 2)[:k, :k])
        for state in kind.shared:
            assert resized.initial[state] == initial[state]
        config = ExplorerConfig(cell=resized)
        assert run(config)[0].finite()
        back, _, notes = link.from_query(link.to_query(config))
        assert notes == [] and back.cell == resized


# --- associative recall: mLSTM stores two pairs and reads each back by its key; an LSTM of its size cannot ------


def test_the_mlstm_recall_preset_reads_each_value_back_by_its_key():
    from lstm_viz.explorer import presets
    from lstm_viz.explorer.config import run

    config, start = presets.compare("recall")
    assert (config.input_dim, config.cell.units, config.compare.units, start) == (4, 2, 2, 3)
    mlstm, lstm = run(config)
    np.testing.assert_allclose(mlstm.h[2:, 0], [-0.4, 0.7], atol=1e-3)  # asked B, then A
    assert np.abs(lstm.h[2:, 0] - [-0.4, 0.7]).min() > 0.3  # the trained LSTM misses both here
    c = mlstm.values["C"][-1].reshape(2, 2)  # C = 0.7 v_A k_Aᵀ + (−0.4) v_B k_Bᵀ, v = (value, 0), k = key/√2
    expected = (0.7 * np.outer([1, 0], [0.6, 0.8]) - 0.4 * np.outer([1, 0], [-0.8, 0.6])) / np.sqrt(2)
    np.testing.assert_allclose(c, expected, atol=1e-3)


def test_on_new_random_tasks_the_mlstm_recalls_and_the_trained_lstm_of_its_size_does_not():
    from lstm_viz import recall

    x, answers = recall.tasks(300, np.random.default_rng(11))
    assert recall.rmse(recall.mlstm(), x, answers) < 1e-3
    mean_only = float(np.sqrt(np.mean((answers - answers.mean(axis=1, keepdims=True)) ** 2)))
    lstm = recall.rmse(recall.lstm(), x, answers)
    assert 0.15 < lstm < mean_only  # better than answering the mean of the two values, far from recalling them
    limit = 10.0
    assert all(np.abs(np.asarray(v)).max() <= limit for v in {**recall.MLSTM, **recall.LSTM_ARRAYS}.values())
