"""Faces at any size (issue 18): the estimate said before Train grows with the image count, the quick demo keeps
its budget of updates, the page's one estimate is the key's (issue 35); and the recipes train on 12 and 19
people (synthetic: the shared LFW folder holds the 7 people of the course only)."""

import pytest

from lstm_viz import face_timing, faces
from tests.synthetic_lfw import write_synthetic_lfw


def test_the_updates_of_an_epoch_are_the_document_setup_s():
    demo = faces.FACE_RECIPES["demo"]
    assert face_timing.updates_per_epoch(faces.FACE_RECIPES["course"], 1030) == 26  # 824 faces / 32
    assert face_timing.updates_per_epoch(demo, 1030) == 65  # every face (none held out), mirrored: 2060 / 32
    assert face_timing.default_epochs("demo", 1030) == demo.epochs  # the 7 people: as shipped


def test_the_estimate_grows_with_the_images_and_the_demo_keeps_its_budget():
    seven, nineteen = 1030, 2600  # training faces for 7 people, and about 19 (min_faces_per_person=40 on full LFW)
    for recipe in faces.FACE_RECIPES:
        small, large = face_timing.estimate(recipe, seven, 10), face_timing.estimate(recipe, nineteen, 10)
        overhead = face_timing.SECONDS_PER_EPOCH  # the validation pass; the updates grow with the faces
        assert large.per_epoch - overhead > 2.4 * (small.per_epoch - overhead) and large.at_most > small.at_most
        assert small.likely <= small.at_most
    demo = faces.FACE_RECIPES["demo"]
    budget = face_timing.updates_per_epoch(demo, seven) * demo.epochs
    twelve = 1600  # about 12 people (min_faces_per_person=50 on the full LFW)
    epochs = face_timing.default_epochs("demo", twelve)
    assert epochs < demo.epochs and abs(epochs * face_timing.updates_per_epoch(demo, twelve) - budget) <= 0.1 * budget
    assert face_timing.default_epochs("demo", nineteen) < epochs
    assert face_timing.default_epochs("demo", 5000) == 3  # never fewer than 3


def test_the_page_s_one_estimate_is_the_key_s():
    """The queue says the key's own estimate until a run of its recipe finishes here (then it corrects it)."""
    from lstm_viz.runs.queue import FairQueue

    key = faces.FaceRun(None, 70, "demo", 0, 6)
    queue = FairQueue(slots=1, processes=False)
    seconds, measured = queue.expected_seconds(key)
    assert not measured and seconds == pytest.approx(key.estimate_seconds())


@pytest.mark.parametrize("people", [12, 19])
def test_the_recipes_train_on_more_people(tmp_path, people):
    from lstm_viz.models.faces import train_faces
    from lstm_viz.training import Progress

    write_synthetic_lfw(tmp_path, {f"Person{chr(65 + k)} Example": 12 + k % 3 for k in range(people)})
    data = faces.load_faces(str(tmp_path), min_faces_per_person=12)
    assert len(data.names) == people
    split = faces.split(data)
    for recipe in ("demo", "cnn"):
        result = train_faces(split, data.names, recipe, Progress(0), seed=0, epochs=1)
        assert result.probabilities.shape == (len(split.test_y), people) and result.epochs_done == 1
    baseline = faces.train_baseline(split)
    assert faces.baseline_scores(baseline, split.test_x).shape == (len(split.test_y), people)
