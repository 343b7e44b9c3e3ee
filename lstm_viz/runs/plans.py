"""What training a run means, from its key alone (``RunKey.plan()`` and ``RunKey.estimate_seconds()`` call these).

A run can be trained in any thread or process from its key: the data it needs is rebuilt from the key's fields (the
alphabet's patterns, the forecast's series, the counting strings, the standard library's text), read from the folder
the key names (the LFW faces), or read from the runs folder by digest (a user's own text: ``lstm_viz.runs.texts``).
TensorFlow is imported only inside ``work``, in the training thread. A plan's label is ``(catalogue key, values)``,
translated where it is shown (``lstm_viz.runs.runner.label_text``); a value that is itself ``(key, values)`` is
translated too.

The estimates are the key's own, before this server has measured anything: the queue replaces them by its measured
durations (``lstm_viz.runs.queue.Durations``) once runs of the same family and recipe have finished.
"""

from __future__ import annotations

import functools
import math

from lstm_viz.runs.runner import Plan
from lstm_viz.training import Progress, limit_tensorflow_threads

SECONDS_TO_START = 3.0  # TensorFlow's import (once per process), building the model
# 128 units, windows of 100, batches of 64, and the sample written after each epoch: 2 epochs of the standard library
# took 36 CPU-seconds here beside other fits (issue 35), about 26 s of a quiet machine (the alphabet's runs: 0.73 s a
# CPU-second); the old 0.064 said 23 s
CHARS_SECONDS_PER_BATCH = 0.072
CHARS_SECONDS_PER_EPOCH = 0.3  # Keras's bookkeeping and the sample written after each epoch
COUNTING_SECONDS_PER_UPDATE = 0.028  # the two counting models side by side: 45 s on a quiet machine (issue 35)


def alphabet_plan(run) -> Plan:
    def work(progress: Progress):
        limit_tensorflow_threads()
        from lstm_viz.models.alphabet import train_alphabet  # TensorFlow loads here, in the training thread

        return train_alphabet(run, progress)

    if run.family == "own_sample":
        return Plan(work, run.epochs, ("own.making_sample", {}))
    label = {
        "variant": run.variant,
        "recipe": (f"alphabet_recipe.{run.recipe}.short", {}),
        "layer": (f"layer.{run.layer}", {}),
    }
    return Plan(work, run.epochs, ("alphabet.job_label", label))


@functools.lru_cache(maxsize=2)
def face_data(home: str | None, min_faces: int):
    """The faces and the lab's split for a run's folder and minimum (kept for the next run on the same data)."""
    from lstm_viz import faces

    data = faces.load_faces(home, min_faces)
    return data, faces.split(data)


def faces_plan(run) -> Plan:
    def work(progress: Progress):
        limit_tensorflow_threads()
        from lstm_viz.models.faces import train_faces  # TensorFlow loads here, in the training thread

        data, split = face_data(run.home, run.min_faces)
        return train_faces(split, data.names, run.recipe, progress, seed=run.seed, epochs=run.epochs)

    return Plan(work, run.epochs, (f"face_recipe.{run.recipe}", {}))


def faces_estimate(run) -> float:
    from lstm_viz import face_timing

    try:
        images = len(face_data(run.home, run.min_faces)[1].train_y)
    except Exception:  # no data: the run will fail at once with the data's own message
        return SECONDS_TO_START
    return face_timing.estimate(run.recipe, images, run.epochs).likely


def forecast_windows(run) -> int:
    from lstm_viz import forecast

    _, y = forecast.make_series(run.spec)
    return len(forecast.windows(y, run.spec.window, run.spec.train_points).train_x)


def forecast_plan(run) -> Plan:
    def work(progress: Progress):
        limit_tensorflow_threads()
        from lstm_viz.models.forecast import train_forecaster  # TensorFlow loads here, in the training thread

        return train_forecaster(run.spec, run.recipe, progress, seed=run.seed, epochs=run.epochs)

    label = {"series": (f"series.{run.spec.name}", {}), "recipe": (f"forecast_recipe.{run.recipe.key}", {})}
    return Plan(work, run.total_epochs(forecast_windows(run)), ("forecasting.job_label", label))


def forecast_estimate(run) -> float:
    """The fit's weight updates times their cost (``forecast.update_seconds``: it grows with window × batch)."""
    from lstm_viz import forecast

    windows = forecast_windows(run)
    epochs, batch = run.recipe.schedule(windows)
    epochs = run.epochs or epochs
    batch = min(batch, windows)
    updates = epochs * math.ceil(windows / batch)
    return SECONDS_TO_START + updates * forecast.update_seconds(run.spec.window, batch)


@functools.lru_cache(maxsize=1)
def standard_library_text() -> str:
    from lstm_viz.neurons import corpus

    return corpus.standard_library().text


def chars_text(run) -> str:
    """The run's text: the standard library's (rebuilt, checked against the key's digest) or the user's (kept)."""
    from lstm_viz.i18n import TextError
    from lstm_viz.neurons.recipes import digest
    from lstm_viz.runs.texts import text_of

    if run.source != "stdlib":
        return text_of(run.digest)
    text = standard_library_text()
    if digest(text) != run.digest:
        raise TextError("texts.missing")
    return text


def chars_plan(run) -> Plan:
    def work(progress: Progress):
        limit_tensorflow_threads()
        from lstm_viz.models.charlm import train_chars  # TensorFlow loads here, in the training thread

        return train_chars(chars_text(run), run.source, run.recipe, progress)

    label = {"units": run.recipe.units, "source": (f"neurons.text.{run.source}", {})}
    return Plan(work, run.recipe.epochs, ("neurons.job_label", label))


def chars_estimate(run) -> float:
    """From the run's own text (a pasted page is not the standard library's megabyte: measured against the wrong
    length, one short run made every later estimate ten times too small) and what a batch reads."""
    from lstm_viz.neurons.corpus import MAX_BYTES

    try:
        length = len(chars_text(run))
    except Exception:  # not there: the run will fail at once with its own message
        length = MAX_BYTES
    recipe = run.recipe
    batches = math.ceil(length / recipe.sequence_length / recipe.batch_size)  # training and held-out windows
    per_batch = CHARS_SECONDS_PER_BATCH * recipe.sequence_length * recipe.batch_size / (100 * 64) * recipe.units / 128
    return SECONDS_TO_START + recipe.epochs * (batches * per_batch + CHARS_SECONDS_PER_EPOCH)


def counting_plan(run) -> Plan:
    def work(progress: Progress):
        limit_tensorflow_threads()
        from lstm_viz.models.counting import train_counting  # TensorFlow loads here, in the training thread

        return train_counting(run, progress)

    label = {"kind": (f"kind.{run.kind}", {}), "n": run.train_max_n}
    return Plan(work, run.recipe.epochs, ("neurons.count.job_label", label))


def counting_estimate(run) -> float:
    recipe = run.recipe
    updates = recipe.epochs * math.ceil(recipe.per_n * run.train_max_n / recipe.batch_size)
    return SECONDS_TO_START + updates * COUNTING_SECONDS_PER_UPDATE
