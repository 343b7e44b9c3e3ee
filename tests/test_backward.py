"""Backpropagation through time (issue 29): every kind's gradients against TensorFlow's autodiff and finite differences.

Each kind's step is transcribed into TensorFlow here (float64, written from the kind's docstring, not from its
``back``); the Keras kinds are also checked through the Keras layer itself. The gradients compared: by the input,
the initial states, every weight array and every value of every step, with several units, a non-zero initial
state and pins.
"""

from __future__ import annotations

import numpy as np
import pytest

from lstm_viz import cells
from lstm_viz.backward import BackwardError, Loss, backward, gradients
from lstm_viz.cells.base import Weights, forward

tf = pytest.importorskip("tensorflow")

TOLERANCE = 1e-6


def _act(name):
    return {"tanh": tf.tanh, "relu": tf.nn.relu, "leaky_relu": lambda z: tf.nn.leaky_relu(z, 0.2)}[name]


def _pinned(pins, name, computed, watch):
    if name not in pins:
        return computed
    value = tf.constant(np.full(computed.shape, pins[name]), dtype=tf.float64)
    watch(value)
    return value


def tf_rnn(w, x, s, pins, act, watch):
    pre_h = x @ w["kernel"] + s["h"] @ w["recurrent_kernel"] + w["bias"]
    return {"pre_h": pre_h, "h": act(pre_h)}


def tf_gru(w, x, s, pins, act, watch):
    x_z, x_r, x_h = tf.split(x @ w["kernel"] + w["bias"], 3, axis=-1)
    h_z, h_r, recurrent_h = tf.split(s["h"] @ w["recurrent_kernel"] + w["recurrent_bias"], 3, axis=-1)
    pre_z, pre_r = x_z + h_z, x_r + h_r
    z = _pinned(pins, "z", tf.sigmoid(pre_z), watch)
    r = _pinned(pins, "r", tf.sigmoid(pre_r), watch)
    reset_h = r * recurrent_h
    pre_h_tilde = x_h + reset_h
    h_tilde = _pinned(pins, "h_tilde", act(pre_h_tilde), watch)
    kept, one_minus_z = z * s["h"], 1 - z
    written = one_minus_z * h_tilde
    return dict(pre_z=pre_z, pre_r=pre_r, pre_h_tilde=pre_h_tilde, z=z, r=r, recurrent_h=recurrent_h,
                reset_h=reset_h, h_tilde=h_tilde, kept=kept, one_minus_z=one_minus_z, written=written,
                h=kept + written)  # fmt: skip


def _lstm_like(w, x, s, pins, act, watch, forget="gate", squash=True, peep=False):
    blocks = 4 if forget != "coupled" and forget != "none" else 3
    z = tf.split(x @ w["kernel"] + s["h"] @ w["recurrent_kernel"] + w["bias"], blocks, axis=-1)
    out = {}
    if blocks == 4:
        z_i, z_f, pre_c_tilde, z_o = z
    else:
        z_i, pre_c_tilde, z_o = z
    if peep:
        p_i, p_f, p_o = tf.split(w["peephole"], 3, axis=-1)
        z_i, z_f = z_i + p_i * s["c"], z_f + p_f * s["c"]
    out["pre_i"], out["pre_c_tilde"] = z_i, pre_c_tilde
    i = out["i"] = _pinned(pins, "i", tf.sigmoid(z_i), watch)
    if forget == "gate":
        out["pre_f"] = z_f
        f = out["f"] = _pinned(pins, "f", tf.sigmoid(z_f), watch)
    elif forget == "coupled":
        f = out["f"] = 1 - i
    c_tilde = out["c_tilde"] = _pinned(pins, "c_tilde", act(pre_c_tilde), watch)
    written = out["written"] = i * c_tilde
    if forget == "none":
        c = s["c"] + written
    else:
        kept = out["kept"] = f * s["c"]
        c = kept + written
    out["c"] = c
    out["pre_o"] = z_o + p_o * c if peep else z_o
    o = out["o"] = _pinned(pins, "o", tf.sigmoid(out["pre_o"]), watch)
    if squash:
        out["act_c"] = act(c)
        out["h"] = o * out["act_c"]
    else:
        out["h"] = o * c
    return out


def _g(v):
    return tf.where(v >= 0, v + 0.5, tf.sigmoid(v))  # minGRU's and minLSTM's candidate function


def tf_min_gru(w, x, s, pins, act, watch):
    pre_h_tilde, pre_z = tf.split(x @ w["kernel"] + w["bias"], 2, axis=-1)
    z = _pinned(pins, "z", tf.sigmoid(pre_z), watch)
    h_tilde = _pinned(pins, "h_tilde", _g(pre_h_tilde), watch)
    one_minus_z = 1 - z
    kept, written = one_minus_z * s["h"], z * h_tilde
    return dict(pre_h_tilde=pre_h_tilde, pre_z=pre_z, z=z, h_tilde=h_tilde, one_minus_z=one_minus_z, kept=kept,
                written=written, h=kept + written)  # fmt: skip


def tf_min_lstm(w, x, s, pins, act, watch):
    pre_h_tilde, pre_f, pre_i = tf.split(x @ w["kernel"] + w["bias"], 3, axis=-1)
    f = _pinned(pins, "f", tf.sigmoid(pre_f), watch)
    i = _pinned(pins, "i", tf.sigmoid(pre_i), watch)
    h_tilde = _pinned(pins, "h_tilde", _g(pre_h_tilde), watch)
    f_norm, i_norm = f / (f + i), i / (f + i)
    kept, written = f_norm * s["h"], i_norm * h_tilde
    return dict(pre_h_tilde=pre_h_tilde, pre_f=pre_f, pre_i=pre_i, f=f, i=i, h_tilde=h_tilde, f_norm=f_norm,
                i_norm=i_norm, kept=kept, written=written, h=kept + written)  # fmt: skip


def tf_slstm(w, x, s, pins, act, watch):
    pre_i, pre_f, pre_z, pre_o = tf.split(x @ w["kernel"] + s["h"] @ w["recurrent_kernel"] + w["bias"], 4, axis=-1)
    log_f = tf.math.log_sigmoid(pre_f)
    fresh = bool(np.all(s["n"].numpy() == 0.0))  # the reference's first step: m = ĩ while n is all zero
    m = pre_i if fresh else tf.maximum(pre_i, log_f + s["m"])
    i = tf.minimum(tf.exp(pre_i - m), 1.0)
    f = tf.minimum(tf.exp(log_f + s["m"] - m), 1.0)
    z = _pinned(pins, "z", act(pre_z), watch)
    o = _pinned(pins, "o", tf.sigmoid(pre_o), watch)
    kept, written = f * s["c"], i * z
    c = kept + written
    n = f * s["n"] + i
    c_hat = c / n
    return dict(pre_i=pre_i, pre_f=pre_f, pre_z=pre_z, pre_o=pre_o, log_f=log_f, m=m, i=i, f=f, z=z, o=o, kept=kept,
                written=written, c=c, n=n, c_hat=c_hat, h=o * c_hat)  # fmt: skip


def tf_mlstm(w, x, s, pins, act, watch):
    u = s["n"].shape[-1]
    z = x @ w["kernel"] + w["bias"]
    q, k_raw, v, pre_o = (z[:, j * u : (j + 1) * u] for j in range(4))
    pre_i, pre_f = tf.repeat(z[:, 4 * u : 4 * u + 1], u, axis=1), tf.repeat(z[:, 4 * u + 1 :], u, axis=1)
    k = k_raw / np.sqrt(u)
    log_f = tf.math.log_sigmoid(pre_f)
    m = tf.maximum(log_f + s["m"], pre_i)
    i, f = tf.exp(pre_i - m), tf.exp(log_f + s["m"] - m)
    o = _pinned(pins, "o", tf.sigmoid(pre_o), watch)
    C = tf.reshape(tf.transpose(f) * tf.reshape(s["C"], (u, u)) + tf.transpose(i) * tf.transpose(v) @ k, (1, -1))
    n = f * s["n"] + i * k
    qn = tf.repeat(tf.reduce_sum(n * q, axis=1, keepdims=True), u, axis=1)
    denominator = tf.maximum(tf.abs(qn), tf.exp(-m)) + 1e-6
    h_num = tf.transpose(tf.reshape(C, (u, u)) @ tf.transpose(q))
    h_tilde = h_num / denominator
    return dict(q=q, k=k, v=v, pre_o=pre_o, pre_i=pre_i, pre_f=pre_f, log_f=log_f, m=m, i=i, f=f, o=o, C=C, n=n,
                qn=qn, denominator=denominator, h_num=h_num, h_tilde=h_tilde, h=o * h_tilde)  # fmt: skip


def tf_linear_attention(w, x, s, pins, act, watch):
    u = s["z"].shape[-1]
    q, k, v = tf.split(x @ w["kernel"] + w["bias"], 3, axis=-1)
    phi_q, phi_k = tf.nn.elu(q) + 1, tf.nn.elu(k) + 1
    S = s["S"] + tf.reshape(tf.transpose(v) @ phi_k, (1, -1))
    z = s["z"] + phi_k
    h_num = tf.transpose(tf.reshape(S, (u, u)) @ tf.transpose(phi_q))
    denominator = tf.repeat(tf.reduce_sum(z * phi_q, axis=1, keepdims=True), u, axis=1) + 1e-6
    return dict(q=q, k=k, v=v, phi_q=phi_q, phi_k=phi_k, S=S, z=z, h_num=h_num, denominator=denominator,
                h=h_num / denominator)  # fmt: skip


TRANSCRIPTIONS = {
    "linear_attention": tf_linear_attention,
    "mlstm": tf_mlstm,
    "min_gru": tf_min_gru,
    "min_lstm": tf_min_lstm,
    "slstm": tf_slstm,
    "rnn": tf_rnn,
    "gru": tf_gru,
    "lstm": _lstm_like,
    "no_forget": lambda *a: _lstm_like(*a, forget="none"),
    "peephole": lambda *a: _lstm_like(*a, peep=True),
    "coupled": lambda *a: _lstm_like(*a, forget="coupled"),
    "no_output_activation": lambda *a: _lstm_like(*a, squash=False),
}


def tf_gradients(weights, x, initial, pins, loss):
    """L and ∂L/∂(x, initial states, arrays, every value of every step) by TensorFlow's autodiff."""
    kind = weights.kind
    step = TRANSCRIPTIONS[kind.key]
    act = _act(weights.activation)
    w = {name: tf.Variable(array[None] if array.ndim == 1 else array) for name, array in weights.arrays.items()}
    xs = tf.Variable(x)
    start = {state: tf.Variable(np.asarray(initial[state])[None]) for state in kind.states}
    with tf.GradientTape(persistent=True) as tape:
        state = dict(start)
        recorded = []
        for t in range(x.shape[0]):
            out = step(w, xs[t : t + 1], state, pins, act, tape.watch)
            recorded.append(out)
            state = {name: out[name] for name in kind.states}
        series = tf.concat([out[loss.part] for out in recorded], axis=0)
        if loss.mode == "flow":
            value = series[-1, loss.unit]
        else:
            chosen = list(loss.steps)
            error = tf.gather(series, chosen) - loss.target
            value = tf.reduce_mean(error * error)
    values = {
        name: np.concatenate([_dense(tape.gradient(value, out[name]), out[name]) for out in recorded])
        for name in recorded[0]
    }
    return {
        "loss": float(value),
        "values": values,
        "x": _dense(tape.gradient(value, xs), xs),
        "initial": {name: _dense(tape.gradient(value, var), var)[0] for name, var in start.items()},
        "arrays": {name: _dense(tape.gradient(value, var), var).reshape(weights.arrays[name].shape)
                   for name, var in w.items()},
    }  # fmt: skip


def _dense(gradient, like):
    return np.zeros(like.shape) if gradient is None else tf.convert_to_tensor(gradient).numpy()


def _rel(ours, theirs):
    ours, theirs = np.asarray(ours, dtype=np.float64), np.asarray(theirs, dtype=np.float64)
    return float(np.max(np.abs(ours - theirs)) / max(np.max(np.abs(theirs)), 1e-9))  # (below 1e-9: a zero)


def compare(weights, x, initial, pins, loss) -> float:
    """The largest relative difference between ours and TensorFlow's, over every gradient."""
    trace = forward(weights, x, initial, pins)
    ours = gradients(weights, trace, loss)
    theirs = tf_gradients(weights, x, initial, pins, loss)
    assert ours.loss == pytest.approx(theirs["loss"], rel=1e-12, abs=1e-15)
    worst = [_rel(ours.values["x"], theirs["x"])]
    worst += [_rel(ours.initial[name], theirs["initial"][name]) for name in weights.kind.states]
    worst += [_rel(ours.arrays[name], theirs["arrays"][name]) for name in weights.arrays]
    worst += [_rel(ours.values[name], theirs["values"][name]) for name in theirs["values"]]
    return max(worst)


START = {"n": (0.5, 2.0), "m": (-0.5, 0.5), "z": (0.5, 2.0)}  # sLSTM's normalizer is a sum of positive weights


def _case(key, units, input_dim, steps, seed, activation="tanh"):
    kind = cells.kind(key)
    rng = np.random.default_rng(seed)
    weights = cells.random(kind, units, input_dim, rng, 0.7)
    weights = Weights(kind, weights.arrays, activation)
    x = rng.normal(size=(steps, input_dim))
    initial = {state: rng.uniform(*START.get(state, (-1, 1)), kind.width(state, units)) for state in kind.states}
    for state in kind.shared:  # one number for the head, in every unit's column
        initial[state] = np.full(units, initial[state][0])
    return weights, x, initial


KINDS = list(cells.KINDS)


@pytest.mark.parametrize(
    ("key", "activation"),
    [(key, act) for key in KINDS for act in ("tanh", "relu") if act in cells.kind(key).activations],
)
def test_every_gradient_matches_tensorflow_autodiff(key, activation):
    weights, x, initial = _case(key, 3, 2, 12, 5, activation)
    loss = Loss("squared", "h", 0.25, steps=(3, 7, 11))
    assert compare(weights, x, initial, {}, loss) <= TOLERANCE


@pytest.mark.parametrize("key", [k for k in KINDS if cells.kind(k).pinnable])
def test_pins_match_tensorflow_and_nothing_flows_into_a_pinned_pre_activation(key):
    kind = cells.kind(key)
    weights, x, initial = _case(key, 2, 1, 10, 6)
    pins = {kind.pinnable[0]: 0.8, kind.pinnable[-1]: 0.3}
    loss = Loss("squared", "h", -0.4, steps=(4, 9))
    assert compare(weights, x, initial, pins, loss) <= TOLERANCE
    trace = forward(weights, x, initial, pins)
    result = gradients(weights, trace, loss)
    for part in pins:
        assert np.all(result.values[f"pre_{part}"] == 0.0)
        assert np.any(result.values[part] != 0.0)  # what moving the pinned value would do is still there


@pytest.mark.parametrize("key", KINDS)
def test_gradient_flow_of_the_last_hidden_state_matches_tensorflow(key):
    weights, x, initial = _case(key, 4, 1, 20, 7)
    assert compare(weights, x, initial, {}, Loss("flow", "h", unit=2)) <= TOLERANCE


@pytest.mark.parametrize("key", [k for k in KINDS if cells.kind(k).keras_layer])
def test_keras_kinds_match_the_keras_layer_itself(key):
    keras = pytest.importorskip("keras")
    kind = cells.kind(key)
    weights, x, initial = _case(key, 3, 2, 15, 8)
    layer = getattr(keras.layers, kind.keras_layer)(3, return_sequences=True, dtype="float64")
    layer.build((1, 15, 2))
    layer.set_weights(kind.to_keras(weights))
    xs = tf.Variable(x[None])
    start = [tf.Variable(initial[state][None]) for state in kind.states]
    loss = Loss("squared", "h", 0.1, steps=(2, 9, 14))
    with tf.GradientTape() as tape:
        out = layer(xs, initial_state=start if len(start) > 1 else start[0])[0]
        error = tf.gather(out, list(loss.steps)) - loss.target
        value = tf.reduce_mean(error * error)
    found = tape.gradient(value, [xs, *start, *layer.trainable_weights])
    ours = gradients(weights, forward(weights, x, initial), loss)
    assert ours.loss == pytest.approx(float(value), rel=1e-12)
    assert _rel(ours.values["x"], found[0].numpy()[0]) <= TOLERANCE
    for state, grad in zip(kind.states, found[1 : 1 + len(start)]):
        assert _rel(ours.initial[state], grad.numpy()[0]) <= TOLERANCE
    expected = [np.asarray(g) for g in found[1 + len(start) :]]
    for mine, theirs in zip(kind.to_keras(Weights(kind, dict(ours.arrays))), expected, strict=True):
        assert _rel(mine, theirs) <= TOLERANCE


@pytest.mark.parametrize("key", KINDS)
def test_finite_differences_on_a_few_entries(key):
    kind = cells.kind(key)
    weights, x, initial = _case(key, 2, 2, 8, 9)
    pins = {kind.pinnable[0]: 0.6} if kind.pinnable else {}
    loss = Loss("squared", "h", 0.2, steps=(1, 5, 7))
    ours = gradients(weights, forward(weights, x, initial, pins), loss)

    def value(w=weights, xs=x, start=initial):
        return loss.seeds(forward(w, xs, start, pins))[0]

    eps = 1e-6
    for name, array in weights.arrays.items():
        for j in (0, array.size // 2, array.size - 1):
            bump = np.zeros(array.size)
            bump[j] = eps
            up = value(weights.replace(**{name: array + bump.reshape(array.shape)}))
            down = value(weights.replace(**{name: array - bump.reshape(array.shape)}))
            assert ours.arrays[name].ravel()[j] == pytest.approx((up - down) / (2 * eps), rel=1e-5, abs=1e-8)
    bump = np.zeros_like(x)
    bump[3, 1] = eps
    assert ours.values["x"][3, 1] == pytest.approx((value(xs=x + bump) - value(xs=x - bump)) / (2 * eps), abs=1e-8)
    for state in kind.states:
        bump = np.zeros_like(initial[state])
        bump[0] = eps
        up = value(start={**initial, state: initial[state] + bump})
        down = value(start={**initial, state: initial[state] - bump})
        assert ours.initial[state][0] == pytest.approx((up - down) / (2 * eps), rel=1e-5, abs=1e-8)


def test_bands_loss_is_zero_inside_and_pulls_towards_the_band_outside():
    weights, x, initial = _case("lstm", 1, 1, 6, 3)
    trace = forward(weights, x, initial)
    h = trace.h[:, 0]
    inside = Loss("bands", "h", bands=((2, h[2] - 0.1, h[2] + 0.1),))
    value, seeds = inside.seeds(trace)
    assert value == 0.0 and not np.any(seeds["h"])
    above = Loss("bands", "h", bands=((2, h[2] + 0.5, h[2] + 0.9),))
    value, seeds = above.seeds(trace)
    assert value == pytest.approx(0.25) and seeds["h"][2, 0] == pytest.approx(-1.0)


def test_a_loss_that_names_nothing_is_refused_with_a_message_key():
    weights, x, initial = _case("lstm", 1, 1, 4, 3)
    trace = forward(weights, x, initial)
    with pytest.raises(BackwardError):
        Loss("squared", "nope").seeds(trace)
    with pytest.raises(BackwardError, match=r"backward\.no_steps"):
        Loss("squared", "h", steps=(40,)).seeds(trace)
    with pytest.raises(BackwardError):
        backward(weights, trace, {"nope": np.ones((4, 1))})


def test_backward_mode_on_a_challenges_targets_round_trips_through_the_link():
    from lstm_viz.challenges import CHALLENGES, challenge
    from lstm_viz.explorer import link
    from lstm_viz.explorer.config import CellConfig, ExplorerConfig, run, run_backward
    from lstm_viz.explorer.fields import CHALLENGE_KEYS

    assert CHALLENGE_KEYS == tuple(c.key for c in CHALLENGES)  # the link's list is the challenges' own
    write = challenge("write")
    cell = CellConfig().with_weights(write.weights(write.start_values()))
    config = ExplorerConfig(sequence="custom", custom=",".join(map(str, write.inputs)), cell=cell,
                            gradient="challenge", challenge="write")  # fmt: skip
    query = link.to_query(config)
    assert query["grad"] == "challenge" and query["gch"] == "write"
    again, _, notes = link.from_query(query)
    assert not notes and again.challenge == "write" and again.gradient == "challenge"
    (result,) = run_backward(again, run(again))
    assert result is not None and result.loss > 0  # the start misses the targets: a gradient to follow
    hostile, _, notes = link.from_query({**query, "gch": "nope"})
    assert notes and hostile.challenge == "" and run_backward(hostile, run(hostile)) == [None]
