"""The faces lab's tab on epochs, batches and early stopping, read off a run's real history (lstm_viz.lab.stopping).

A recipe that holds a validation part out watches its val_loss: the best epoch, the patience window, where
EarlyStopping ended the run and every ReduceLROnPlateau cut are marked. A recipe that learns from every training face
for a fixed number of epochs (the improved recipe and the quick demo since issue 33) has no val_loss to watch: the
tab says so, shows its training loss and its cosine decay of the learning rate, and points at the course recipe for
early stopping. The document's own illustration follows either way, labelled as the document's.
"""

from __future__ import annotations

import streamlit as st

from lstm_viz.faces import FaceRecipe
from lstm_viz.lab import stopping
from lstm_viz.plots import stopping as stopping_plots
from ui.charts import chart


def epochs_ui(tr, run, result, split, recipe: FaceRecipe | None) -> None:
    if result is None:
        st.info(tr("lab.no_run_short"), icon=":material/info:")
    else:
        watched = result.validation_images > 0
        per_epoch = stopping.steps_per_epoch(result.fit_images, recipe.batch_size)
        st.markdown(
            tr(
                "lab.epochs.counts" if watched else "lab.epochs.counts_all",
                train=len(split.train_y),
                validation=result.validation_images,
                fit=result.fit_images,
                batch=recipe.batch_size,
                steps=per_epoch,
                document=stopping.steps_per_epoch(stopping.DOCUMENT_FIT_IMAGES, stopping.DOCUMENT_BATCH),
                mirrored=tr("lab.epochs.mirrored") if recipe.flip else "",
            )
        )
        if watched:
            marks = stopping.marks(result.history, recipe.patience, run.epochs, recipe.learning_rate)  # as asked
        else:  # no val_loss; the rate falls a little every epoch (a cosine), not in cuts worth a mark each
            marks = stopping.Marks(0, float("nan"), len(result.history), False, (0, 0), ())
        chart(stopping_plots.curves_with_marks(result.history, marks, tr), key="lab_curves")
        if watched:
            cuts = ", ".join(
                tr("lab.stopping.cut", epoch=e, before=tr.number(b, ".1e"), after=tr.number(a, ".1e"))
                for e, b, a in marks.learning_rate_cuts
            ) or tr("lab.stopping.no_cut")
            key = "lab.stopping.summary_stopped" if marks.stopped_early else "lab.stopping.summary_ran"
            values = dict(best=marks.best_epoch, loss=tr.number(marks.best_val_loss, ".3f"), patience=recipe.patience,
                          cuts=cuts)  # fmt: skip
        else:
            rates = [row.get("learning_rate") for row in result.history if row.get("learning_rate") is not None]
            key = "lab.stopping.summary_fixed"
            first, last = (rates[0], rates[-1]) if rates else (recipe.learning_rate, recipe.learning_rate)
            loss = result.history[-1].get("loss", float("nan")) if result.history else float("nan")
            values = dict(first=tr.number(first, ".1e"), last=tr.number(last, ".1e"), loss=tr.number(loss, ".3f"))
        st.markdown(tr(key, run=len(result.history), planned=run.epochs, **values))
    st.markdown(tr("lab.stopping.document"))
    chart(
        stopping_plots.document_schedule(stopping.DOCUMENT_VAL_LOSS, stopping.DOCUMENT_LEARNING_RATE, tr),
        key="lab_document_schedule",
    )
