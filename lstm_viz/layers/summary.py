"""What the stack view writes beside its scene: each layer's shapes and parameters, and the same model in Keras.

The parameters are counted from the arrays the page ran (a Bidirectional layer's two cells, a Dense head's kernel and
bias), never from a formula; the Keras code is written from the configuration, layer by layer.
"""

from __future__ import annotations

from lstm_viz.i18n import Texts
from lstm_viz.layers.config import Run
from lstm_viz.scene.stack import shape, short_name


def rows(run: Run, tr: Texts) -> list[dict[str, object]]:
    """One row per layer (and the head): its name, what it reads, what it hands on, its parameters."""
    steps = len(run.stack.x)
    features, table = run.stack.x.shape[1], []
    for number, (layer, traced) in enumerate(zip(run.config.layers, run.stack.layers), 1):
        built = traced.layer
        cells = [built.cell] + ([built.backward] if built.backward is not None else [])
        name = f"{short_name(built.cell.kind, tr)}({layer.units})"
        if layer.bidirectional:
            name = f"Bidirectional({name}, {layer.merge_mode})"
        table.append({
            tr("layers.summary_layer"): f"{number}. {name}",
            tr("layers.summary_reads"): shape(steps, features),
            tr("layers.summary_hands"): shape(steps if layer.return_sequences else None, built.width),
            tr("layers.summary_parameters"): sum(array.size for cell in cells for array in cell.arrays.values()),
        })  # fmt: skip
        features = built.width
    if run.head is not None:
        classes = run.head.kernel.shape[1]
        last = run.config.layers[-1].return_sequences
        table.append({
            tr("layers.summary_layer"): f"{len(table) + 1}. Dense({classes}, softmax)",
            tr("layers.summary_reads"): shape(steps if last else None, features),
            tr("layers.summary_hands"): shape(steps if last else None, classes),
            tr("layers.summary_parameters"): run.head.kernel.size + run.head.bias.size,
        })  # fmt: skip
    return table


def keras_code(run: Run, tr: Texts) -> str:
    """The stack as a keras.Sequential (a kind with no Keras layer: a comment in its place)."""
    config = run.config
    steps, features = run.stack.x.shape
    lines = ["import keras", "from keras import layers", "", "model = keras.Sequential(["]
    lines.append(f"    keras.Input(shape=({steps}, {features})),")
    for layer, traced in zip(config.layers, run.stack.layers):
        kind = traced.layer.cell.kind
        if kind.keras_layer is None:
            lines.append("    " + tr("layers.not_keras", kind=tr(f"kind.{kind.key}")))
            continue
        sequences = ", return_sequences=True" if layer.return_sequences else ""
        inner = f"layers.{kind.keras_layer}({layer.units}{sequences})"
        if layer.bidirectional:
            inner = f'layers.Bidirectional({inner}, merge_mode="{layer.merge_mode}")'
        lines.append(f"    {inner},")
    if run.head is not None:
        lines.append(f'    layers.Dense({run.head.kernel.shape[1]}, activation="softmax"),')
    lines += ["])", "model.summary()"]
    return "\n".join(lines)
