"""The faces lab's Adam tab (pages/faces-lab.py): Adam's five equations filled with one weight's own Keras state, and
three optimisers on the document's "foggy mountain", with a conclusion read off their own numbers."""

from __future__ import annotations

import streamlit as st

from lstm_viz.i18n import Texts
from lstm_viz.lab import adam, surface
from lstm_viz.plots import lab as plots
from ui.charts import chart
from ui.session import texts


def weight_text(record, k: int, tr: Texts) -> str:
    """What Keras did to the weight at update k, in words that follow the sign of the change."""
    check = adam.check(record.m, record.v, record.before, record.after, record.learning_rate)
    direction, amount = adam.change(record.before[k], record.after[k])
    return tr(
        f"lab.adam.keras_{direction}",
        before=tr.number(record.before[k], ".6g"),
        after=tr.number(record.after[k], ".6g"),
        change=tr.number(amount, ".3e"),
        v=tr.number(check["v"], ".1e"),
        step=tr.number(check["step"], ".1e"),
    )


def surface_verdict(ends: dict[str, float], labels: dict[str, str], tr: Texts) -> str:
    """Where each optimiser ends, and which ends lowest, said from the numbers (Adam need not win)."""
    numbers = tr.numbers_named([(labels[name], value) for name, value in ends.items()], ".3f")
    best = surface.lowest(ends)
    key = "lab.surface.adam_lowest" if best == "adam" else "lab.surface.other_lowest"
    return tr(key, steps=surface.STEPS, ends=numbers, best=labels[best], loss=tr.number(ends[best], ".3f"),
              adam=tr.number(ends["adam"], ".3f"))  # fmt: skip


def adam_ui(result) -> None:
    tr = texts()
    st.markdown(tr("lab.adam.intro"))
    record = result.adam if result is not None else None
    if record is not None and record.m:
        replay = adam.replay(adam.gradients_from_momentum(record.m), record.learning_rate)
        k = st.slider(tr("lab.adam.pick"), 1, len(record.m), 1, key="lab_adam_update") - 1
        st.caption(tr("lab.adam.weight", layer=record.layer, index=str(record.index), updates=len(record.m)))
        for line in adam.equations(replay, k, record.learning_rate[k], adam.tex_number):
            st.latex(tr.tex(line))
        st.caption(weight_text(record, k, tr))
        chart(plots.adam_lines({"g": replay.g, "m": replay.m, "v_hat": replay.v_hat}, k + 1, tr), key="lab_adam_lines")
    elif result is not None:
        st.info(tr("lab.adam.no_record"), icon=":material/info:")
    st.markdown(tr("lab.surface.intro"))
    paths = {name: surface.path(name) for name in surface.SETTINGS}
    labels = {name: tr(f"lab.surface.{name}") for name in paths}
    chart(plots.surface_paths(surface.grid(), paths, labels, tr), key="lab_surface")
    st.caption(surface_verdict(surface.final_losses(paths), labels, tr))
