"""Figures of the faces page (course document 001) on the real LFW data. Last line: one JSON object.

Reads the data from $LSTM_VIZ_DATA_HOME (the folder that holds lfw_home/), else ../shared/data, copied to a
temporary folder first (scikit-learn writes a cache beside the images).

    python bench/lfw.py                  # the 7 people (min_faces_per_person=70); about 10 minutes on 2 cores
    python bench/lfw.py --min-faces 50   # the 12 people with at least 50 images (1560 images, 1248/312)

Per recipe (the course recipe as the document wrote it, the improved one, the quick demo, the CNN): test accuracy,
macro-F1 and AUC, training seconds and epochs done; the PCA + SVM baseline on the same split; beside every accuracy
the majority rate (always the most frequent person), and the document's 41.09 % only for its 7 people; the calibration
figure (the NumPy forward of 100 steps × 4 units, ms) before and after, so runs on other machines compare.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from lstm_viz import faces  # noqa: E402


def data_home() -> str:
    source = Path(os.environ.get(faces.DATA_HOME_VARIABLE) or ROOT.parent / "shared" / "data")
    copy = Path(tempfile.mkdtemp(prefix="lfw_bench_"))
    shutil.copytree(source / "lfw_home", copy / "lfw_home")
    return str(copy)


def scores(evaluation, majority: float) -> dict:
    return {
        "test_accuracy": round(evaluation.accuracy, 2),
        "majority_class_accuracy": majority,  # always answering the most frequent person, on the same test images
        "macro_f1": round(evaluation.macro_f1, 4),
        "macro_auc": round(evaluation.macro_auc, 4),
    }


def main() -> None:
    from bench.explorer_browser import calibration_ms
    from lstm_viz.models.faces import train_faces
    from lstm_viz.training import Progress

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-faces", type=int, default=70, help="min_faces_per_person (default 70: 7 people)")
    arguments = parser.parse_args()
    calibration = calibration_ms()
    data = faces.load_faces(data_home(), min_faces_per_person=arguments.min_faces)
    split = faces.split(data)
    majority = round(100 * float(max(np.bincount(split.test_y))) / len(split.test_y), 2)
    figures = {
        "calibration_numpy_forward_ms": calibration,
        "min_faces_per_person": arguments.min_faces,
        "n_images": len(data.target),
        "image_shape": list(data.images.shape[1:]),
        "n_people": len(data.names),
        "train_test": [len(split.train_y), len(split.test_y)],
        "majority_class_accuracy": majority,
    }
    if data.counts == faces.DOCUMENT_COUNTS:  # the document's 41.09 % is a figure of its 7 people only
        figures["document_accuracy"] = faces.DOCUMENT_ACCURACY
    from lstm_viz.face_timing import default_epochs

    for recipe, name in (("course", "course_recipe"), ("improved", "improved_recipe"), ("demo", "quick_demo"),
                         ("cnn", "cnn_recipe")):  # fmt: skip
        epochs = default_epochs(recipe, len(split.train_y))  # (the quick demo's scale with the image count)
        result = train_faces(split, data.names, recipe, Progress(0), seed=0, epochs=epochs)
        figures[f"{name}_test_accuracy"] = round(result.evaluation.accuracy, 2)
        figures[f"{name}_majority_class_accuracy"] = majority
        figures[f"{name}_seconds"] = round(result.seconds, 1)
        figures[f"{name}_epochs_done"] = result.epochs_done
        figures[name] = scores(result.evaluation, majority)
        print(recipe, figures[name], result.seconds, file=sys.stderr)
    began = time.perf_counter()
    baseline = faces.train_baseline(split)
    figures["baseline_pca_svm_train_seconds"] = round(time.perf_counter() - began, 1)
    evaluation = faces.evaluate(faces.baseline_scores(baseline, split.test_x), split.test_y, data.names)
    figures["baseline_pca_svm_test_accuracy"] = round(evaluation.accuracy, 2)
    figures["baseline_pca_svm_majority_class_accuracy"] = majority
    figures["baseline_pca_svm"] = scores(evaluation, majority)
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
