"""Faces (LFW): course document 001's LSTM face identifier, trained live and judged honestly.

scikit-learn loads the data; TensorFlow is imported only in the training thread and once a model is shown.
"""

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz import counting, faces, plots
from lstm_viz.faces import DOCUMENT_ACCURACY, FACE_RECIPES, MissingData, TooFewPeople
from lstm_viz.lstm import LSTMParams, forward
from pages._shared import (
    all_results,
    find_result,
    model_panel,
    progress_panel,
    report_finished,
    running,
    start_job,
    train_button,
)

SLOT = "faces_job"


@st.cache_resource(show_spinner="Reading the LFW images…")
def load(home: str | None, min_faces: int) -> faces.Faces:
    """The images, shared by every session (an exception is not cached: a later try reads again)."""
    return faces.load_faces(home, min_faces)


@st.cache_resource
def split_for(home: str | None, min_faces: int) -> faces.Split:
    return faces.split(load(home, min_faces))


@st.cache_resource(show_spinner="Fitting PCA + SVM (a 3-fold grid search over C and γ)…")
def baseline_for(home: str | None, min_faces: int):
    import time

    data = split_for(home, min_faces)
    began = time.perf_counter()
    model = faces.train_baseline(data)
    seconds = time.perf_counter() - began
    evaluation = faces.evaluate(faces.baseline_scores(model, data.test_x), data.test_y, load(home, min_faces).names)
    return evaluation, seconds, faces.baseline_components(model)


def data_ui(home: str | None) -> tuple[faces.Faces, int] | None:
    minimum = st.sidebar.number_input(
        "Minimum images per person", 2, 500, 70, key="min_faces", help="70 gives the lab's 7 people and 1288 images."
    )
    try:
        return load(home, int(minimum)), int(minimum)
    except TooFewPeople as error:
        st.warning(str(error), icon=":material/group_off:")
        return None
    except MissingData as error:
        st.warning(str(error), icon=":material/folder_off:")
        if st.button("Download LFW with scikit-learn (about 200 MB)", icon=":material/download:"):
            with st.status("Downloading LFW…", expanded=True) as status:
                try:
                    faces.load_faces(home, int(minimum), download=True)
                except MissingData as failure:
                    status.update(label="The download did not work", state="error")
                    st.error(str(failure), icon=":material/cloud_off:")
                else:
                    status.update(label="Downloaded", state="complete")
                    load.clear()
                    st.rerun()
        return None


def look_ui(data: faces.Faces, split: faces.Split) -> None:
    counts = data.counts
    total = sum(counts.values())
    st.plotly_chart(plots.class_counts(counts), key="faces_counts")
    biggest = max(counts, key=counts.get)
    st.markdown(
        f"{total} images of {len(counts)} people, {data.images.shape[1]}×{data.images.shape[2]} pixels. "
        f"Always answering **{biggest}** scores {counts[biggest] / total:.1%}; guessing at random "
        f"{1 / len(counts):.1%}. Any model has to beat both."
    )
    st.markdown("**Some faces of each person**")
    for k, name in enumerate(data.names):
        picks = np.flatnonzero(data.target == k)[:6]
        cols = st.columns([1.4] + [1] * 6, vertical_alignment="center")
        cols[0].markdown(f"**{name}**  \n{counts[name]} images")
        for col, index in zip(cols[1:], picks):
            col.image(data.images[index], clamp=True, width="stretch")
    st.markdown("**How the LSTM reads an image: one row per time step**")
    left, right = st.columns([1, 2])
    index = left.number_input("Image", 0, len(data.target) - 1, 0, key="faces_image")
    row = left.slider("Row being read (time step)", 0, data.images.shape[1] - 1, 20, key="faces_row")
    image = data.images[index]
    left.plotly_chart(plots.image_rows(image, row, data.names[data.target[index]]), key="faces_rows")
    with right:
        improved = faces.PixelScaling.standardize(split.train_x, per_image=True)  # as the improved recipe sees it
        doc_scaled, standardized = image[row] / 255.0, improved(image[None])[0][row]
        st.plotly_chart(
            plots.figure(
                [
                    dict(type="scatter", y=image[row].tolist(), name="as scikit-learn returns it (0…1)", mode="lines"),
                    dict(
                        type="scatter",
                        y=doc_scaled.tolist(),
                        name="the document's / 255 on top (0…0.004)",
                        mode="lines",
                    ),
                    dict(type="scatter", y=standardized.tolist(), name="standardised (improved recipe)", mode="lines"),
                ],
                dict(
                    height=300,
                    margin=dict(l=10, r=10, t=10, b=10),
                    xaxis=dict(title=dict(text="column (feature)")),
                    legend=dict(orientation="h", y=1.1),
                ),
            ),
            key="faces_row_values",
        )
        st.caption(
            f"Time step {row}: the LSTM receives these 47 numbers. scikit-learn already scales pixels to "
            "[0, 1]; the document divides by 255 again, so its network sees values below 0.004."
        )
        label = faces.one_hot(np.array([data.target[index]]), len(data.names))[0]
        st.markdown("One-hot label: `" + str(label.astype(int).tolist()) + f"` → {data.names[data.target[index]]}")
    table = pd.DataFrame(
        {
            "person": data.names,
            "train": [int((split.train_y == k).sum()) for k in range(len(data.names))],
            "test": [int((split.test_y == k).sum()) for k in range(len(data.names))],
        }
    )
    st.markdown(f"Stratified 80/20 split: **{len(split.train_y)}** to train, **{len(split.test_y)}** to test.")
    st.dataframe(table, hide_index=True)


def model_ui(classes: int) -> None:
    rows = counting.count_parameters(47, [128, 128], False, classes)
    st.markdown(
        "Document 001's model: LSTM(128, return_sequences) → Dropout(0.3) → LSTM(128) → Dropout(0.3) → "
        f"Dense({classes}, softmax), reading 62 rows of 47 pixels."
    )
    st.dataframe(
        pd.DataFrame(
            {
                "layer": [r.name for r in rows],
                "parameters": [f"{r.params:,}" for r in rows],
                "formula": [r.formula for r in rows],
            }
        ),
        hide_index=True,
    )
    st.markdown(
        f"Total **{counting.total(rows):,}**. The document prints 132,608 for the second LSTM and "
        "223,623 in all (the document's numbers). 132,608 = 4·128·(128 + 130 + 1) would need 130 inputs; the "
        "second layer reads the first layer's 128 outputs, 1,024 parameters fewer. Its 90,112 for the first "
        "layer only fits 47 features per row: the images are 62×47, not the 50×37 the document states."
    )


def train_ui(home, minimum, data: faces.Faces, split: faces.Split) -> tuple:
    left, middle, right = st.columns([3, 1, 1])
    recipe = left.radio(
        "Recipe", list(FACE_RECIPES), key="faces_recipe", horizontal=True, format_func=lambda k: FACE_RECIPES[k].title
    )
    left.caption(FACE_RECIPES[recipe].description)
    seed = int(middle.number_input("Seed", 0, 1_000_000, 0, key="faces_seed"))
    epochs = int(
        right.number_input("Epochs at most", 1, 500, FACE_RECIPES[recipe].epochs, key=f"faces_epochs_{recipe}")
    )
    key = (home, minimum, recipe, seed, epochs)
    names = data.names

    def work(progress):
        from lstm_viz import models  # TensorFlow loads here, in the training thread

        return models.train_faces(split, names, recipe, progress, seed=seed, epochs=epochs)

    start = lambda: start_job(SLOT, work, epochs, FACE_RECIPES[recipe].title, "faces", key)  # noqa: E731
    busy = train_button(SLOT, "faces", key, start, "faces_train")
    if busy:
        st.caption(
            "Training runs in the background (about 2–3 s an epoch here): keep exploring; Stop keeps the "
            "best weights so far."
        )
    progress_panel(SLOT)
    return key


def results_ui(result, data: faces.Faces, split: faces.Split) -> None:
    evaluation = result.evaluation
    majority = float(np.bincount(split.test_y).max() / len(split.test_y))
    cols = st.columns(5)
    cols[0].metric("Test accuracy", f"{evaluation.accuracy:.2f}%")
    cols[1].metric("Document 001's accuracy", f"{DOCUMENT_ACCURACY:.2f}%", help="As printed in the document.")
    cols[2].metric("Always the largest class", f"{100 * majority:.2f}%")
    cols[3].metric("Chance", f"{100 / len(data.names):.1f}%")
    cols[4].metric(
        "Training time",
        f"{result.seconds:.0f} s",
        help=f"{result.epochs_done} epochs; best weights from epoch {result.best_epoch}",
    )
    if abs(evaluation.accuracy - 100 * majority) < 0.5:
        st.warning("This model does no better than always answering the largest class.", icon=":material/warning:")
    tabs = st.tabs(["Confusion matrix", "Per person", "ROC curves", "Mistakes", "How it reads a face", "Model"])
    with tabs[0]:
        normalized = st.toggle("Row-normalised (share of each true person)", key="faces_normalized")
        st.plotly_chart(plots.confusion_heatmap(evaluation.confusion, data.names, normalized), key="faces_confusion")
    with tabs[1]:
        report = pd.DataFrame(evaluation.report).T.drop(index="accuracy", errors="ignore")
        report["support"] = report["support"].astype(int)
        st.dataframe(report.round(3), width="stretch")
        st.caption("scikit-learn's classification_report on the test images.")
    with tabs[2]:
        st.plotly_chart(plots.roc_curves(evaluation.roc, evaluation.macro_auc), key="faces_roc")
    with tabs[3]:
        wrong = np.flatnonzero(evaluation.predicted != split.test_y)
        st.markdown(f"{len(wrong)} of {len(split.test_y)} test faces are misclassified.")
        cols = st.columns(6)
        for n, k in enumerate(wrong[:24]):
            cols[n % 6].image(
                split.test_x[k],
                clamp=True,
                width="stretch",
                caption=f"{data.names[split.test_y[k]]} → {data.names[evaluation.predicted[k]]} "
                f"({evaluation.confidence[k]:.0%})",
            )
    with tabs[4]:
        reading_ui(result, data, split)
    with tabs[5]:
        model_panel(result.model, f"faces_{result.recipe}_seed{result.seed}.keras")


def reading_ui(result, data: faces.Faces, split: faces.Split) -> None:
    index = st.number_input("Test image", 0, len(split.test_y) - 1, 0, key="faces_read")
    image = split.test_x[index]
    scaled = result.scaling(image[None])[0]
    layer = result.model.get_layer("bi_lstm_1" if "bi_lstm_1" in [x.name for x in result.model.layers] else "lstm_1")
    params = LSTMParams.from_keras(getattr(layer, "forward_layer", layer))
    trace = forward(params, scaled)
    # rows not read yet are replaced by 0 — in standardised units, the average face
    masked = np.stack([np.where(np.arange(62)[:, None] < k, scaled, 0.0) for k in range(1, 63)]).astype("float32")
    from lstm_viz import models  # a model exists: TensorFlow is loaded already

    evolution = models.memo(
        result.model,
        ("rows read", int(index)),
        lambda: np.asarray(result.model.predict(masked, verbose=0, batch_size=62)),
    )
    left, right = st.columns([1, 3])
    left.plotly_chart(plots.image_rows(image, None, f"true: {data.names[split.test_y[index]]}"), key="faces_read_img")
    right.plotly_chart(plots.time_charts(trace, trace.steps - 1), key="faces_read_trace")
    half = " (its left-to-right half)" if layer.name.startswith("bi_") else ""
    st.caption(
        f"The trained first layer{half} run through lstm_viz's NumPy LSTM: {params.units} units over the 62 "
        "rows, the image's own rows as input."
    )
    st.markdown("**What the model believes after reading the first k rows** (unread rows set to 0)")
    st.plotly_chart(plots.probability_lines(evolution, data.names, "rows read"), key="faces_evolution")


def comparison_ui(home, minimum, data) -> None:
    st.subheader("The lab's conclusion, tested")
    st.markdown(
        "The document concludes that an RNN reading rows is the wrong tool for faces. On the same split, "
        "scikit-learn's classic eigenfaces + RBF SVM:"
    )
    baseline = st.session_state.get("faces_baseline_ready") or st.button(
        "Fit the PCA + SVM baseline", icon=":material/functions:"
    )
    rows = []
    if baseline:
        st.session_state.faces_baseline_ready = True
        evaluation, seconds, components = baseline_for(home, minimum)
        rows.append(
            {
                "model": f"PCA ({components} eigenfaces) + RBF SVM",
                "test accuracy (%)": round(evaluation.accuracy, 2),
                "macro F1": round(evaluation.macro_f1, 3),
                "macro AUC": round(evaluation.macro_auc, 3),
                "training seconds": round(seconds, 1),
            }
        )
    for key, result in all_results("faces").items():
        if key[:2] == (home, minimum):
            rows.append(
                {
                    "model": f"LSTM, {FACE_RECIPES[result.recipe].title.lower()} (seed {result.seed})"
                    + (" — stopped early" if result.stopped else ""),
                    "test accuracy (%)": round(result.evaluation.accuracy, 2),
                    "macro F1": round(result.evaluation.macro_f1, 3),
                    "macro AUC": round(result.evaluation.macro_auc, 3),
                    "training seconds": round(result.seconds, 1),
                }
            )
    rows.append(
        {
            "model": "Document 001's LSTM (the document's number)",
            "test accuracy (%)": DOCUMENT_ACCURACY,
            "macro F1": 0.39,
            "macro AUC": None,
            "training seconds": None,
        }
    )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def main() -> None:
    st.title("Faces: who is this? An LSTM reads a photo row by row")
    st.caption(
        "Course document 001 (lab 2): identify 7 people of Labeled Faces in the Wild with a two-layer LSTM "
        "that reads each 62×47 image as 62 time steps of 47 pixels."
    )
    home = faces.data_home()
    loaded = data_ui(home)
    if loaded is None:
        return
    data, minimum = loaded
    split = split_for(home, minimum)
    report_finished(SLOT)
    tab_data, tab_model, tab_train = st.tabs(["The data", "The model", "Train and judge"])
    with tab_data:
        look_ui(data, split)
    with tab_model:
        model_ui(len(data.names))
    with tab_train:
        key = train_ui(home, minimum, data, split)
        result = find_result("faces", key)
        if result is not None:
            results_ui(result, data, split)
        elif not running(SLOT):
            st.info(
                "Nothing trained yet with these settings: press Train (Quick demo: about a minute).",
                icon=":material/info:",
            )
        comparison_ui(home, minimum, data)


main()
