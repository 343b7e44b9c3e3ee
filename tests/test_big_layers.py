"""Issue 31: a trained-size layer in the explorer. Its stored view (the link's short id), what its scene sends, and
which of its weights have widgets. (The browser's part: tests/browser/test_big_layers_browser.py.)"""

import base64
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from lstm_viz import cells, scene
from lstm_viz.explorer import link, views, widgets
from lstm_viz.explorer.config import ExplorerConfig, run
from lstm_viz.explorer.handoff import trained_layer
from lstm_viz.i18n import Texts

ROOT = Path(__file__).resolve().parents[1]


def big(units=128, features=100, steps=200, seed=0):
    rng = np.random.default_rng(seed)
    weights = cells.random(cells.kind("lstm"), units, features, rng, scale=0.3)
    return trained_layer(weights, rng.normal(size=(steps, features)), ("handoff.whole_layer", {}), unit=5).config


def moved(config: ExplorerConfig, array: str, index: int, value: float) -> ExplorerConfig:
    values = list(config.cell.arrays[array])
    values[index] = value
    return config.with_cell(0, replace(config.cell, arrays={**config.cell.arrays, array: tuple(values)}))


# --- the stored view and its link ----------------------------------------------------------------------------------


def test_a_large_view_is_stored_and_its_link_reopens_it_exactly():
    config = big()
    query = link.to_query(config, t=17)
    assert set(query) == {"view", "t"} and len(link.query_string(query)) < 40
    reopened, t, notes = link.from_query(query)
    assert reopened == config and t == 17 and notes == []  # every trained weight to the last bit
    assert reopened.cell.arrays["kernel"] == config.cell.arrays["kernel"]


def test_a_stored_view_reopens_in_a_new_process():
    """After a restart: nothing is kept in memory, the view and its blobs come from disk."""
    config = big(units=32, features=10, steps=50)
    view = link.to_query(config)["view"]
    script = (
        "import sys, json; from lstm_viz.explorer import views;"
        f"c = views.load({view!r}); print(json.dumps(sum(c.cell.arrays['recurrent_kernel'])))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True,
                          env={**os.environ})  # fmt: skip
    assert json.loads(done.stdout.strip().splitlines()[-1]) == sum(config.cell.arrays["recurrent_kernel"])


def test_moving_one_weight_stores_a_small_view_that_shares_the_layers_arrays():
    config = big(units=64, features=20, steps=40)
    first = link.to_query(config)["view"]
    blobs = set((views.folder() / "blobs").iterdir())
    second = link.to_query(moved(config, "bias", 3, 0.5))["view"]
    added = set((views.folder() / "blobs").iterdir()) - blobs
    assert first != second and not added  # the moved bias is stored as its one change to the bias's blob
    stored = json.loads((views.folder() / f"{second}.json").read_text())["config"]["cell"]["arrays"]
    assert "base" in stored["bias"] and "blob" in stored["recurrent_kernel"]
    assert (views.folder() / f"{second}.json").stat().st_size < 4096
    reopened = link.from_query({"view": second})[0]
    assert reopened.cell.arrays["bias"][3] == 0.5 and reopened == moved(config, "bias", 3, 0.5)


def test_changes_that_do_not_fit_their_blob_read_as_unknown():
    config = big(units=16, features=12, steps=30)
    link.to_query(config)
    view = link.to_query(moved(config, "kernel", 7, 1.25))["view"]
    path = views.folder() / f"{view}.json"
    data = json.loads(path.read_text())
    data["config"]["cell"]["arrays"]["kernel"]["at"] = base64.b64encode(np.array([10**9], "<i8").tobytes()).decode()
    path.write_text(json.dumps(data))
    assert views.load(view) is None  # (its hash no longer matches either; the changes' own check is below)
    with pytest.raises(ValueError):
        views._floats(data["config"]["cell"]["arrays"]["kernel"], "cell.arrays.kernel")


def test_a_folder_that_cannot_be_written_leaves_the_page_without_a_short_link(monkeypatch, tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LSTM_VIZ_RUNS", str(blocker / "runs"))
    assert link.to_query(big(units=8, features=12, steps=10), t=2) == {"t": "2"}  # no crash, no dead id
    assert "view" not in link.to_query(ExplorerConfig(), t=0)


@pytest.mark.parametrize(
    "shown",
    ["0123456789abcdef", "../../etc/passwd", "%2e%2e%2fruns", "ZZZZZZZZZZZZZZZZ", "0123456789abcdef0", "", "a" * 5000],
)
def test_a_tampered_or_unknown_view_id_gets_a_note_and_the_first_view(shown):
    default = ExplorerConfig()
    config, t, notes = link.from_query({"view": shown, "t": "3"}, default)
    assert config is default and t == 3
    assert [note.key for note in notes] == ["link.view_unknown"]
    assert "this server does not have" in notes[0].text(Texts("en"))


def test_a_damaged_view_or_a_missing_blob_reads_as_unknown():
    config = big(units=16, features=12, steps=30)
    view = link.to_query(config)["view"]
    blob = json.loads((views.folder() / f"{view}.json").read_text())["config"]["cell"]["arrays"]["kernel"]["blob"]
    (views.folder() / "blobs" / f"{blob}.f64").write_bytes(b"\0" * 8)  # not what its name says
    assert views.load(view) is None
    (views.folder() / f"{view}.json").write_text("{not json")
    assert views.load(view) is None
    assert [note.key for note in link.from_query({"view": view})[2]] == ["link.view_unknown"]


def test_small_views_keep_their_self_contained_link():
    query = link.to_query(ExplorerConfig(sequence="sine", steps=40), t=4)
    assert "view" not in query and query["seq"] == "sine" and query["t"] == "4"


def test_a_typed_input_too_long_for_an_address_is_stored():
    steps = " | ".join(", ".join(f"{(t * 7 + k) % 13 / 13:.3f}" for k in range(8)) for t in range(100))
    config = ExplorerConfig(sequence="custom", custom=steps).fitted()
    query = link.to_query(config)
    assert set(query) == {"view"}
    assert link.from_query(query)[0] == config


# --- what the scene sends ------------------------------------------------------------------------------------------


def floats(packed: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(packed["f32"]), dtype="<f4").reshape(packed["shape"])


def test_the_scene_of_a_128_unit_layer_sends_what_the_view_shows():
    config = big()
    trace = run(config)[0]
    cell = config.cell
    data = scene.payload([scene.Cell(cell.weights(config.input_dim), trace, "layer", cell.unit)], Texts("en"))
    size = len(scene.dumps(data).encode())
    assert size < 600 * 1024  # (787 kB as JSON before: the 16 units whole, x and every weight as text)
    sent = data["cells"][0]
    assert sent["shown"] == [0, 1, 2, 5] and sent["unit"] == 3  # the vectors' first three, and the unit drawn
    h = floats(sent["values"]["h"])
    assert h.shape == (200, 4) and np.allclose(h, trace.h[:, [0, 1, 2, 5]], atol=1e-6)
    assert np.allclose(floats(data["x"]), trace.x, atol=1e-6)
    for name in cells.kind("lstm").heatmaps:  # every unit's heatmap, as colour levels within one level
        levels = sent["heat"][name]
        assert levels["shape"] == [200, 128]
        codes = np.frombuffer(base64.b64decode(levels["u8"]), dtype=np.uint8).reshape(200, 128)
        values = levels["low"] + codes * (levels["high"] - levels["low"]) / 255
        assert np.abs(values - trace.values[name]).max() <= (levels["high"] - levels["low"]) / 255 / 2 + 1e-12


def test_a_scene_for_a_1024_unit_layer_stays_under_5_mb():
    config = big(units=1024, features=8, steps=200, seed=3)
    trace = run(config)[0]
    data = scene.payload([scene.Cell(config.cell.weights(8), trace, "layer", 700)], Texts("en"))
    assert len(scene.dumps(data).encode()) < 5 * 1024 * 1024
    assert data["cells"][0]["shown"] == [0, 1, 2, 700]
    assert {levels["shape"][1] for levels in data["cells"][0]["heat"].values()} == {256}  # its charts: units 1–256
    assert "units 1–{shown} of {units}" in data["texts"]["heat_first"]


def test_small_scenes_are_unchanged():
    config = ExplorerConfig()
    trace = run(config)[0]
    data = scene.payload([scene.Cell(config.cell.weights(), trace, "cell")], Texts("en"))
    assert isinstance(data["x"], list) and isinstance(data["cells"][0]["values"]["h"], list)
    assert "heat" not in data["cells"][0]


# --- which weights have widgets ------------------------------------------------------------------------------------


def test_a_large_layer_has_widgets_for_the_unit_shown_and_the_rows_found():
    config = big()
    every = widgets.widget_values(config)
    found = widgets.widget_values(config, picked={})
    assert len([k for k in every if k.startswith(("W_", "U_", "b_"))]) == 4 * (100 + 128 + 1)  # unit u6's only
    assert len([k for k in found if k.startswith(("W_", "U_", "b_"))]) == 4 * 2  # per gate: its bias, one row
    assert len(found) < 80
    rows = widgets.found_rows(config, {"find_f": "U_f_5_57"})
    assert rows["find_f"] == "U_f_5_57" and rows["find_i"] == "W_i_5_0"
    assert widgets.found_rows(config, {"find_f": "U_f_5_999"})["find_f"] == "W_f_5_0"  # not a row: the first


def test_moving_a_found_row_changes_that_weight_alone():
    config = big(units=32, features=10, steps=20)
    values = widgets.widget_values(config, picked={"find_f": "U_f_5_7"})
    values["U_f_5_7"] = 1.5
    updated, errors = widgets.config_from_widgets(values, config)
    before, after = config.cell.weights(10).recurrent_kernel, updated.cell.weights(10).recurrent_kernel
    assert errors == [] and after[7, 32 + 5] == 1.5
    changed = np.argwhere(before != after)
    assert changed.tolist() == [[7, 32 + 5]]
    assert updated.cell.arrays["kernel"] is config.cell.arrays["kernel"]  # (untouched arrays are the same tuples)


def test_a_view_keeps_the_sign_of_zero_and_a_restarted_server_stores_a_move_as_its_change():
    config = big(units=16, features=12, steps=10)
    negative = moved(config, "bias", 2, -0.0)
    reopened = link.from_query(link.to_query(negative))[0]
    assert np.signbit(reopened.cell.arrays["bias"][2])  # (−0.0 is not 0.0 to the last bit)
    first = link.to_query(config)["view"]
    views._BASES.clear()  # a new process: nothing remembered, the layer read from disk
    views._ENCODED.clear()
    views._NAMES.clear()
    reread = views.load(first)
    blobs = set((views.folder() / "blobs").iterdir())
    link.to_query(moved(reread, "recurrent_kernel", 5, 0.75))
    assert set((views.folder() / "blobs").iterdir()) == blobs  # the move is stored as its change, not a new blob
