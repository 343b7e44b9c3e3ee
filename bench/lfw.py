"""Figures of the faces page (course document 001) on the real LFW data. Last line: one JSON object.

Reads the data from $LSTM_VIZ_DATA_HOME (the folder that holds lfw_home/), else ../shared/data, copied to a
temporary folder first (scikit-learn writes a cache beside the images).

    python bench/lfw.py        # about 10 minutes on 2 cores
"""

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


def scores(evaluation) -> dict:
    return {
        "test_accuracy": round(evaluation.accuracy, 2),
        "macro_f1": round(evaluation.macro_f1, 4),
        "macro_auc": round(evaluation.macro_auc, 4),
    }


def main() -> None:
    from lstm_viz.models.faces import train_faces
    from lstm_viz.training import Progress

    data = faces.load_faces(data_home(), min_faces_per_person=70)
    split = faces.split(data)
    figures = {
        "n_images": len(data.target),
        "image_shape": list(data.images.shape[1:]),
        "n_people": len(data.names),
        "train_test": [len(split.train_y), len(split.test_y)],
        "document_accuracy": faces.DOCUMENT_ACCURACY,
        "majority_class_accuracy": round(100 * max(np.bincount(split.test_y)) / len(split.test_y), 2),
    }
    for recipe in ("course", "improved"):
        result = train_faces(split, data.names, recipe, Progress(0), seed=0)
        figures[f"{recipe}_recipe_test_accuracy"] = round(result.evaluation.accuracy, 2)
        figures[f"{recipe}_recipe_train_seconds"] = round(result.seconds, 1)
        figures[f"{recipe}_recipe_epochs"] = result.epochs_done
        figures[f"{recipe}_recipe"] = scores(result.evaluation)
        print(recipe, figures[f"{recipe}_recipe"], result.seconds, file=sys.stderr)
    began = time.perf_counter()
    baseline = faces.train_baseline(split)
    figures["baseline_pca_svm_train_seconds"] = round(time.perf_counter() - began, 1)
    evaluation = faces.evaluate(faces.baseline_scores(baseline, split.test_x), split.test_y, data.names)
    figures["baseline_pca_svm_test_accuracy"] = round(evaluation.accuracy, 2)
    figures["baseline_pca_svm"] = scores(evaluation)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
