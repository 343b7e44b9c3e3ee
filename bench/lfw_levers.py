"""Speed levers of the faces recipes (issue 18), each tried once on the 7-person split, side by side, each in a
fresh process (TensorFlow's thread settings only take before it starts). Last line: one JSON object.

Every attempt is the improved recipe with one thing changed (or the quick demo, as shipped), seed 0; printed with
its test accuracy, training seconds, epochs, seconds per epoch, and the calibration figure of the machine.

    python bench/lfw_levers.py                 # every attempt, about 20 minutes on 2 cores
    python bench/lfw_levers.py jit_compile     # some of them
"""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ATTEMPTS = {  # name: (the recipe it starts from, what changes)
    "improved_as_shipped": ("improved", {}),  # (until 2026-11-23: dropout 0.3, patience 12; now the one below)
    "jit_compile": ("improved", {"jit_compile": True}),
    "steps_per_execution_8": ("improved", {"steps_per_execution": 8}),
    "threads_intra2_inter1": ("improved", {}),  # tf.config.threading, set in the attempt's process
    "batch_64": ("improved", {"batch_size": 64, "learning_rate": 2e-3}),
    "cosine_schedule": ("improved", {"schedule": "cosine", "learning_rate": 2e-3, "epochs": 40}),
    "per_pixel_standardisation_only": ("improved", {"scaling": "per_pixel"}),
    "shifted_copies_2px": ("improved", {"shift_pixels": 2}),
    "rows_only": ("improved", {"read_columns": False}),
    "no_flip": ("improved", {"flip": False}),
    "patience_5_lr_patience_3": ("improved", {"patience": 5, "lr_patience": 3}),
    "patience_5_learning_rate_2e-3": ("improved", {"patience": 5, "lr_patience": 3, "learning_rate": 2e-3}),
    "patience_5_units_48": ("improved", {"patience": 5, "lr_patience": 3, "units": 48}),
    "dropout_0.4": ("improved", {"dropout": 0.4}),
    "learning_rate_5e-4_patience_8": ("improved", {"learning_rate": 5e-4, "patience": 8}),
    "dropout_0.4_patience_6": ("improved", {"dropout": 0.4, "patience": 6}),
    "quick_demo_dropout_0.4": ("demo", {"dropout": 0.4}),
    "quick_demo_as_shipped": ("demo", {}),
    "quick_demo_jit_compile": ("demo", {"jit_compile": True}),
    "quick_demo_5_epochs": ("demo", {"epochs": 5}),
}


def one(name: str, home: str) -> dict:
    if name == "threads_intra2_inter1":
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(2)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    from bench.explorer_browser import calibration_ms
    from lstm_viz import faces
    from lstm_viz.models.faces import train_faces
    from lstm_viz.training import Progress

    base, changes = ATTEMPTS[name]
    recipe = dataclasses.replace(faces.FACE_RECIPES[base], **changes)
    data = faces.load_faces(home, min_faces_per_person=int(os.environ.get("LEVERS_MIN_FACES", "70")))
    split = faces.split(data)
    calibration = calibration_ms()
    result = train_faces(split, data.names, recipe, Progress(0), seed=0)
    return {
        "test_accuracy": round(result.evaluation.accuracy, 2),
        "macro_f1": round(result.evaluation.macro_f1, 4),
        "train_seconds": round(result.seconds, 1),
        "epochs_done": result.epochs_done,
        "seconds_per_epoch": round(result.seconds / max(result.epochs_done, 1), 2),
        "calibration_numpy_forward_ms": calibration,
    }


def main(names: list[str]) -> dict:
    from bench.lfw import data_home

    home = data_home()
    figures = {}
    for name in names:
        done = subprocess.run(
            [sys.executable, __file__, "--one", name, home], capture_output=True, text=True, cwd=ROOT, check=False
        )
        lines = done.stdout.strip().splitlines()
        figures[name] = json.loads(lines[-1]) if done.returncode == 0 and lines else {"failed": done.stderr[-400:]}
        print(name, figures[name], file=sys.stderr, flush=True)
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one(sys.argv[2], sys.argv[3])))
    else:
        print(json.dumps(main(sys.argv[1:] or list(ATTEMPTS))))
