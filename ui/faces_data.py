"""The faces data and the PCA + SVM baseline, read or fitted once per process and shared by every session and by
both faces pages (Streamlit's resource cache)."""

from __future__ import annotations

import time

import streamlit as st

from lstm_viz import faces


@st.cache_resource(show_spinner=False)
def load(home: str | None, min_faces: int) -> faces.Faces:
    """The images (an exception is not cached: a later try reads again)."""
    return faces.load_faces(home, min_faces)


@st.cache_resource(show_spinner=False)
def split_for(home: str | None, min_faces: int) -> faces.Split:
    return faces.split(load(home, min_faces))


@st.cache_resource(show_spinner=False)
def baseline_for(home: str | None, min_faces: int):
    """(evaluation, seconds, components, the fitted model) of eigenfaces + SVM on the same split."""
    data = split_for(home, min_faces)
    began = time.perf_counter()
    model = faces.train_baseline(data)
    seconds = time.perf_counter() - began
    evaluation = faces.evaluate(faces.baseline_scores(model, data.test_x), data.test_y, load(home, min_faces).names)
    return evaluation, seconds, faces.baseline_components(model), model


def remember_face(data: faces.Faces) -> None:
    """A face for the stack view's document-001 preset (its first image's rows), once the images are read."""
    from lstm_viz.layers.presets import face_rows

    if "layers_face" not in st.session_state and len(data.images):
        st.session_state.layers_face = (face_rows(data.images[0]), data.names[int(data.target[0])])
