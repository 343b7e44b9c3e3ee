"""The figure builders: every figure passes plotly's full validation and shows the trace's numbers."""

import base64
import copy

import numpy as np
import plotly.graph_objects as go
import pytest

from lstm_viz import explain, plots
from lstm_viz.explorer import ExplorerConfig, preset, run

CONFIGS = {
    "one unit": ExplorerConfig(),
    "worked example": preset("worked"),
    "four units": preset("random", ExplorerConfig().with_units(4)),
}


@pytest.mark.parametrize("name", CONFIGS)
def test_figures_are_valid_plotly(name):
    trace = run(CONFIGS[name])
    t = trace.steps - 1
    for fig in (
        plots.trace_cell_diagram(trace, t, trace.units - 1, title="x"),
        plots.gate_bars(trace, t),
        plots.time_charts(trace, t),
    ):
        go.Figure(fig.to_dict())  # full validation: raises on any invalid property


def test_diagram_labels_every_wire_with_its_value():
    trace = run(preset("worked"))
    fig = plots.trace_cell_diagram(trace, 0, unit=0)
    texts = " ".join(a.text for a in fig.layout.annotations)
    for label, value in [
        ("f", 0.9),
        ("i", 0.8),
        ("c̃", 0.5),
        ("o", 0.9),
        ("c<sub>t−1</sub>", 1.0),
        ("c<sub>t</sub>", 1.3),
        ("h<sub>t</sub>", 0.78),
    ]:
        assert f"{label} = <b>{value:.2f}</b>" in texts
    assert "pinned" in texts


def test_wire_colour_is_diverging_and_clipped():
    assert plots.wire_color(5.0) == plots.wire_color(1.0) != plots.wire_color(-1.0)
    assert plots.wire_color(0.0) == "rgb(181, 181, 181)"


def test_gate_bars_show_each_unit():
    trace = run(preset("worked"))
    fig = plots.gate_bars(trace, 0)
    assert [list(bar.y) for bar in fig.data] == [[0.8, 0.2, 0.9], [0.9, 0.1, 0.7], [0.5, -0.3, 0.7], [0.9, 0.5, 0.8]]


def test_time_charts_mark_the_step():
    trace = run(ExplorerConfig())
    fig = plots.time_charts(trace, 7)
    assert fig.layout.shapes[0].x0 == 7
    markers = [d for d in fig.data if len(d.x) == 1]
    assert all(d.x[0] == 7 for d in markers)
    f_line = next(d for d in fig.data if d.name == "f")
    np.testing.assert_allclose(f_line.y, trace.f[:, 0])
    heatmaps = [d for d in plots.time_charts(run(CONFIGS["four units"]), 3).data if d.type == "heatmap"]
    assert len(heatmaps) == 6 and np.asarray(heatmaps[0].z).shape == (4, 20)


def test_equations_substitute_the_numbers():
    config = ExplorerConfig()
    trace = run(config)
    lines = explain.equations(config.params, trace, 3)
    assert len(lines) == 6
    z_f = 0.5 * trace.x[3, 0] + 0.5 * trace.h[2, 0] + 1.0
    assert rf"\sigma({z_f:.2f}) = {trace.f[3, 0]:.2f}" in lines[1] and lines[1].startswith(r"\begin{aligned}")
    assert lines[5].endswith(f"{trace.h[3, 0]:.2f}")
    pinned = explain.equations(preset("worked").params, run(preset("worked")), 0, unit=1)
    assert "pinned" in pinned[1] and "(-0.30)" in pinned[4]


def test_notes_and_summary_use_live_values():
    trace = run(preset("worked"))
    notes = explain.notes(trace, 0, unit=0)
    assert "keeps 90% of its old state: 1.00 → 0.90" in notes["f"]
    assert "c = 0.90 + 0.40 = 1.30" in notes["c"]
    assert explain.summary(trace, 0).startswith("t = 0, x = 0.00, i = [0.80, 0.20, 0.90]")


OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def test_gates_and_states_keep_one_colour_blind_safe_colour_on_every_chart():
    """Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), each gate and state the same
    colour in the bars, the charts over time and the cell diagram, which every page draws through these builders."""
    assert {color for name, color in plots.COLORS.items() if name != "x"} <= OKABE_ITO
    assert len({plots.COLORS[name] for name in ("i", "f", "c_tilde", "o", "c", "h")}) == 6
    trace = run(ExplorerConfig())
    for fig in (plots.gate_bars(trace, 2), plots.time_charts(trace, 2)):
        for data in fig.to_dict()["data"]:
            name = next((key for key, label in plots.LABELS.items() if data.get("name", "").startswith(label)), None)
            color = (data.get("marker") or {}).get("color") or (data.get("line") or {}).get("color")
            if name and name != "x" and isinstance(color, str):
                assert color == plots.COLORS[name], (data.get("name"), color)
    diagram = plots.trace_cell_diagram(trace, 2).to_dict()
    boxes = {shape.get("fillcolor") for shape in diagram["layout"]["shapes"]}
    assert {plots.COLORS[gate] for gate in ("i", "f", "c_tilde", "o")} <= boxes


def _plain(value):
    """JSON as the browser reads it: plotly's base64 arrays ({"dtype", "bdata"}) and numpy arrays as lists."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return _plain(array.reshape(value["shape"]) if "shape" in value else array)
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _every_figure():
    trace = run(CONFIGS["four units"])
    rng = np.random.default_rng(0)
    series = np.sin(np.arange(60) / 5)
    return [
        plots.trace_cell_diagram(trace, 3, 1, title="x"),
        plots.gate_bars(trace, 3),
        plots.time_charts(trace, 3),
        plots.rnn_diagram(0.5, -0.2, 0.3, title="RNN"),
        plots.sensitivity_curves({"LSTM": (np.geomspace(1, 1e-3, 10), "#0072B2", "solid")}, 9),
        plots.training_curves([{"loss": 1.0, "accuracy": 0.5}, {"loss": 0.5, "accuracy": 0.8}], total_epochs=5),
        plots.probability_heatmap(rng.random((3, 4)), ["a", "b", "c"], ["w", "x", "y", "z"], title="p"),
        plots.forecast_chart(np.arange(60), series, 40, rollout=series * 0.9, marker=5),
        plots.class_counts({"Ann": 3, "Bob": 5}),
        plots.image_rows(rng.random((8, 6)), row=2, title="face"),
        plots.confusion_heatmap(np.array([[3, 1], [0, 4]]), ["Ann", "Bob"], normalized=True),
        plots.roc_curves({"Ann": (np.array([0, 0.5, 1]), np.array([0, 0.8, 1]), 0.8)}, 0.8),
        plots.probability_lines(rng.random((5, 2)), ["Ann", "Bob"], "rows"),
    ]


def test_a_figure_sends_the_same_json_built_or_not():
    """plots.Figure answers to_dict() from its dicts (what Streamlit sends, without building plotly's objects):
    the same figure as plotly's own, template included, and it still works as a go.Figure afterwards."""
    for fig in _every_figure():
        assert isinstance(fig, go.Figure)
        sent = fig.to_dict()
        go.Figure(sent)  # full validation
        assert fig.layout.to_plotly_json()  # builds plotly's objects
        assert _plain(sent) == _plain(fig.to_dict())
        assert "_spec" not in vars(fig)
    fig = plots.gate_bars(run(ExplorerConfig()), 0)
    fig.update_layout(height=600)
    assert fig.to_dict()["layout"]["height"] == 600 and copy.deepcopy(fig).layout.height == 600
