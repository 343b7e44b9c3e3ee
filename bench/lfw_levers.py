"""Levers of the faces recipes (issues 18 and 33), each tried once, side by side, each in a fresh process
(TensorFlow's thread settings only take before it starts). Last line: one JSON object.

Every attempt is the improved recipe with some things changed (or the quick demo), seed 0; printed with its test
accuracy, training seconds, epochs, seconds per epoch, and the calibration figure of the machine. The quick demo's
attempts keep its rule: its epochs' updates on the course's 1030 training faces, spread over fewer epochs with more.

    python bench/lfw_levers.py                                  # every attempt on the 7 people, about 20 minutes
    LEVERS_MIN_FACES=50 python bench/lfw_levers.py pool_2       # some of them, on the 12 people
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

# flips and shifts drawn afresh in the model each epoch (instead of mirrored copies), 40 epochs of cosine decay
RANDOM_SHIFT_FLIP_COSINE_40 = {
    "flip": False,
    "random_flip": True,
    "random_shift": 0.05,
    "schedule": "cosine",
    "learning_rate": 2e-3,
    "epochs": 40,
    "patience": 40,
}

# The recipes as they were before issue 33 changed them: the attempts of issues 18 and 33 above the line start from
# these, so that each still changes what it changed then.
BEFORE_33 = {
    "improved": {
        "validation_fraction": 0.2,
        "schedule": "plateau",
        "learning_rate": 1e-3,
        "epochs": 60,
        "patience": 6,
        "pool": 1,
        "mirror_test": False,
    },
    "demo": {
        "validation_fraction": 0.2,
        "schedule": "plateau",
        "learning_rate": 1e-3,
        "epochs": 6,
        "patience": 12,
        "pool": 1,
        "mirror_test": False,
    },
}

EARLIER = {  # name: (the recipe it starts from, as it was before issue 33, and what changes)
    "improved_as_shipped": ("improved", {}),  # (until 2026-11-23: dropout 0.3, patience 12; then as below, to 33)
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
    # issue 33 (12 people: LEVERS_MIN_FACES=50): a face averaged over 2×2 blocks (31 rows of 24), a fixed budget of
    # epochs with a cosine decay instead of early stopping, label smoothing, AdamW, larger batches
    "pool_2": ("improved", {"pool": 2}),
    "pool_2_cosine_30": (
        "improved",
        {"pool": 2, "schedule": "cosine", "learning_rate": 2e-3, "epochs": 30, "patience": 30},
    ),
    "pool_2_cosine_30_smoothing_0.1": (
        "improved",
        {"pool": 2, "schedule": "cosine", "learning_rate": 2e-3, "epochs": 30, "patience": 30, "label_smoothing": 0.1},
    ),
    "pool_2_cosine_30_adamw_0.05": (
        "improved",
        {"pool": 2, "schedule": "cosine", "learning_rate": 2e-3, "epochs": 30, "patience": 30, "weight_decay": 0.05},
    ),
    "pool_2_batch_64_cosine_40": (
        "improved",
        {"pool": 2, "schedule": "cosine", "learning_rate": 3e-3, "epochs": 40, "patience": 40, "batch_size": 64},
    ),
    "mean_max_head": ("improved", {"head": "mean_max"}),
    "no_class_weights": ("improved", {"class_weights": False}),
    "random_shift_0.05_flip_cosine_40": ("improved", RANDOM_SHIFT_FLIP_COSINE_40),
    "pool_2_mean_max_random_shift_flip_cosine_40": (
        "improved",
        {"pool": 2, "head": "mean_max", **RANDOM_SHIFT_FLIP_COSINE_40},
    ),
    "pool_2_mean_max": ("improved", {"pool": 2, "head": "mean_max"}),
    "pool_2_mean_max_batch_64_lr_2e-3": (
        "improved",
        {"pool": 2, "head": "mean_max", "batch_size": 64, "learning_rate": 2e-3},
    ),
    "pool_2_mean_max_batch_64_cosine_40": (
        "improved",
        {
            "pool": 2,
            "head": "mean_max",
            "batch_size": 64,
            "learning_rate": 2e-3,
            "schedule": "cosine",
            "epochs": 40,
            "patience": 40,
        },
    ),
    "mean_max_batch_64_lr_2e-3": ("improved", {"head": "mean_max", "batch_size": 64, "learning_rate": 2e-3}),
    "quick_demo_pool_2_11_epochs": ("demo", {"pool": 2, "epochs": 11}),  # the demo's rule: 11 × 52 updates in all
}
ATTEMPTS = {name: (base, {**BEFORE_33[base], **changes}) for name, (base, changes) in EARLIER.items()}

# Issue 33, 2026-12-05: no faces held out (every training face learnt from for a fixed number of epochs, so no early
# stopping: the rate falls along a cosine instead), and a face answered from it and its mirror image. Each tried on
# seeds 0, 1 and 2 (/tmp harness, the same train_faces); 12 people, 1248/312 (majority 33.97 %), calibration
# 0.99–1.08 ms. "mirrored" is the accuracy when the softmax on the mirror image is averaged in (mirror_test).
#   attempt (12 people)                          accuracy, seeds 0/1/2      mirrored                   seconds
#   improved as before issue 33                  78.85 / 85.26 / 81.41     79.81 (seed 0)             67–88
#   all faces, cosine 12 epochs, 1e-3            84.94 / 87.50 / 83.33     85.90 / 86.86 / 86.54      57–58
#   all faces, cosine 12 epochs, 2e-3            87.82 / 84.94 / 83.01     87.18 / 86.54 / 83.33      61–63
#   all faces, cosine 16 epochs, 2e-3            85.90 / 85.26 / 86.22     87.50 / 86.22 / 86.86      78–85
#   + 2×2 blocks averaged, 16 epochs (SHIPPED)   86.54 / 86.22 / 86.86     87.82 / 86.86 / 86.86      50–52
#   + 2×2 blocks averaged, 24 epochs             87.82 / 86.54 / 85.58     87.50 / 87.18 / 85.90      66
#   quick demo: 2×2 blocks, all faces, 9 epochs  84.62 / 83.01 / 84.62     86.22 / 83.97 / 83.97      25–27
#   quick demo, 8 epochs                         … / 83.65 / 84.94         … / 83.33 / 84.62          23–24
#     (bench/lfw.py's run of 8 epochs, after the course recipe and the improved one in its process: 84.94 % in
#     30.4 s, over the 30 s aim; SHIPPED as 8 epochs of the 7-person split's updates, 520: 7 for 12 people)
#   attempt (7 people, 1030/258)
#   improved as shipped (2×2 blocks, 16 epochs) 91.09 / 91.09 / 93.02     91.09 / 90.31 / 91.09      43–51
#   quick demo, 11 epochs                        90.70 / 91.09 / 92.64     89.15 / 90.31 / 92.64      31–34 (> 30)
#   quick demo, 9 epochs                         … / 92.64 / 91.86         … / 92.25 / 92.25          27–28
# Where two ran at once, the seconds above are the lower of the pair's. bench/lfw.py gives the shipped figures.
ATTEMPTS.update(
    {
        "all_faces_cosine_12": ("improved", {"pool": 1, "learning_rate": 1e-3, "epochs": 12, "mirror_test": False}),
        "all_faces_cosine_12_2e-3": ("improved", {"pool": 1, "epochs": 12, "mirror_test": False}),
        "all_faces_cosine_16_2e-3": ("improved", {"pool": 1, "mirror_test": False}),
        "improved_as_shipped_33": ("improved", {}),
        "pool_2_all_faces_24": ("improved", {"epochs": 24}),
        "quick_demo_as_shipped_33": ("demo", {}),
        "quick_demo_9_epochs_33": ("demo", {"epochs": 9}),
    }
)

# Issue 33, 2026-12-03, seed 0, run under `nice -n 19` while another engineer's benchmarks and browsers loaded the
# 2 cores (calibration 2.0–16.8 ms against 1.4–1.9 quiet): the seconds are inflated 2–9×, the accuracies are not.
# Shipped for comparison (the run, calibration 1.42 → 1.37): improved 83.65 % in 77.9 s, 16 epochs; quick
# demo 75.96 % in 26.7 s, 5 epochs; PCA + SVM 90.38 %; 12 people, 1248/312.
#   attempt (12 people)                              accuracy  seconds  epochs  calibration ms
#   pool_2                                            83.01 %   155.6     24     3.88
#   pool_2_cosine_30                                  82.05 %   210.2     30     3.64
#   pool_2_mean_max                                   81.73 %   371.9     23     8.10
#   pool_2_mean_max_batch_64_lr_2e-3                  77.88 %   158.2     22    16.79
#   pool_2_mean_max_batch_64_cosine_40                81.09 %   261.7     40     3.77
#   pool_2_mean_max_random_shift_flip_cosine_40       73.08 %   283.3     40     2.05
#   mean_max_head                                     85.90 %   610.7     26     3.37
#   mean_max_batch_64_lr_2e-3                         79.17 %   316.9     22     3.81
#   no_class_weights                                  78.85 %   377.5     14    11.50
#   quick_demo_pool_2_11_epochs                       79.49 %   156.9      9    13.25
#   attempt (7 people)
#   mean_max_head                                     88.37 %   247.3     16     3.51
#   quick_demo_pool_2_11_epochs                       86.05 %   107.5     11     4.25
# (Two ran at a time, so their seconds also share the cores.) Not run for lack of time: the smoothing and AdamW
# attempts above, random_shift_0.05_flip_cosine_40. The cost of one update, measured side by side in one process
# (train_on_batch, 12 people, same load): improved 0.269 s at batch 32; mean_max 0.330; pool 2 0.148; pool 2 with
# mean_max 0.154; the same at batch 64 0.142 (2.2 ms a face against 8.4). So pooling halves an update and batch 64
# halves it again per face, but every pooled or batch-64 attempt lost accuracy on 12 people, and the mean and
# maximum head, the one lever past the shipped 83.65 %, costs 23 % more an update and ran 26 epochs: nothing here
# meets the aims, and no shipped recipe changed.


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
    epochs = None
    if base == "demo":  # the quick demo keeps its budget of updates (its epochs on the course's 1030 training faces)
        from lstm_viz.face_timing import updates_per_epoch

        budget = recipe.epochs * updates_per_epoch(recipe, 1030)  # (the shipped rule: face_timing.default_epochs)
        epochs = max(3, min(recipe.epochs, round(budget / updates_per_epoch(recipe, len(split.train_y)))))
    result = train_faces(split, data.names, recipe, Progress(0), seed=0, epochs=epochs)
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
