"""Faces: the LFW loader (synthetic and real folders), the lab's preprocessing, metrics and a short training."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from lstm_viz import faces
from tests.synthetic_lfw import write_synthetic_lfw

SHARED_LFW = Path(__file__).resolve().parents[2] / "shared" / "data" / "lfw_home"
PEOPLE = {"Alice Example": 14, "Bob Example": 12, "Carol Example": 10, "Dan Example": 3}


@pytest.fixture(scope="module")
def synthetic_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("lfw_synthetic")
    write_synthetic_lfw(home, PEOPLE)
    return str(home)


@pytest.fixture(scope="module")
def real_home(tmp_path_factory):
    if not SHARED_LFW.exists():
        pytest.skip("the shared LFW folder is not here")
    home = tmp_path_factory.mktemp("lfw_real")
    shutil.copytree(SHARED_LFW, home / "lfw_home")  # scikit-learn writes a joblib cache beside the images
    return str(home)


def test_loader_on_a_synthetic_folder(synthetic_home):
    data = faces.load_faces(synthetic_home, min_faces_per_person=5)
    assert data.images.shape == (36, 62, 47) and data.images.min() >= 0 and data.images.max() <= 1
    assert data.counts == {"Alice Example": 14, "Bob Example": 12, "Carol Example": 10}  # Dan has too few


def test_loader_on_the_real_lfw_folder(real_home):
    data = faces.load_faces(real_home, min_faces_per_person=70)
    assert data.images.shape == (1288, 62, 47)
    assert data.counts == faces.DOCUMENT_COUNTS
    assert data.majority_rate == pytest.approx(530 / 1288)
    split = faces.split(data)
    assert (len(split.train_y), len(split.test_y)) == (1030, 258)
    assert np.bincount(split.test_y)[data.names.index("George W Bush")] == 106  # 106/258 = 41.09%
    assert set(split.train_index).isdisjoint(split.test_index)


def test_missing_data_offline_gives_a_plain_message(tmp_path):
    with pytest.raises(faces.MissingData) as error:
        faces.load_faces(str(tmp_path), min_faces_per_person=70)
    message = str(error.value)
    assert str(tmp_path / "lfw_home" / "lfw_funneled") in message and faces.DATA_HOME_VARIABLE in message


def test_a_failed_download_gives_a_plain_message(tmp_path, monkeypatch):
    import sklearn.datasets

    def offline(**kwargs):
        raise OSError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(sklearn.datasets, "fetch_lfw_people", offline)
    with pytest.raises(faces.MissingData, match="The download failed"):
        faces.load_faces(str(tmp_path), download=True)


def test_too_few_people(synthetic_home):
    with pytest.raises(faces.TooFewPeople, match="lower the minimum"):
        faces.load_faces(synthetic_home, min_faces_per_person=13)


def test_preprocessing():
    images = np.random.default_rng(0).uniform(0, 1, (20, 62, 47)).astype("float32")
    np.testing.assert_allclose(faces.PixelScaling.document()(images), images / 255, rtol=1e-6)
    standardized = faces.PixelScaling.standardize(images)(images)
    np.testing.assert_allclose(standardized.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(standardized.std(axis=0), 1, atol=1e-3)
    np.testing.assert_array_equal(faces.one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    weights = faces.balanced_class_weights(np.array([0, 0, 0, 1]))
    assert weights == {0: pytest.approx(4 / 6), 1: pytest.approx(2.0)}


def test_metrics_agree_with_scikit_learn():
    from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

    rng = np.random.default_rng(1)
    truth = np.repeat(np.arange(4), 10)
    logits = rng.normal(size=(40, 4)) + 2 * np.eye(4)[truth]
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    evaluation = faces.evaluate(probabilities, truth, ["a", "b", "c", "d"])
    assert evaluation.accuracy == pytest.approx(100 * accuracy_score(truth, probabilities.argmax(1)))
    assert evaluation.macro_f1 == pytest.approx(f1_score(truth, probabilities.argmax(1), average="macro"))
    assert evaluation.macro_auc == pytest.approx(roc_auc_score(truth, probabilities, multi_class="ovr"))
    assert evaluation.confusion.sum() == 40 and evaluation.confusion.trace() == round(evaluation.accuracy * 0.4)


def test_baseline_and_a_short_lstm_training_on_synthetic_faces(synthetic_home):
    from lstm_viz.models.core import layer_weights, numpy_keras_difference
    from lstm_viz.models.faces import train_faces
    from lstm_viz.training import Progress

    data = faces.load_faces(synthetic_home, min_faces_per_person=5)
    split = faces.split(data, test_size=0.3)
    baseline = faces.train_baseline(split, components=10)
    evaluation = faces.evaluate(faces.baseline_scores(baseline, split.test_x), split.test_y, data.names)
    assert evaluation.accuracy > 80  # the synthetic people differ in plain sight
    progress = Progress(0)
    result = train_faces(split, data.names, "course_scaled", progress, seed=0, epochs=2)
    assert progress.epochs_done == 2 and {"loss", "val_loss", "accuracy", "learning_rate"} <= set(result.history[0])
    assert result.probabilities.shape == (len(split.test_y), 3) and result.validation_images > 0
    np.testing.assert_allclose(result.probabilities.sum(axis=1), 1, atol=1e-5)
    assert result.first_layer.name == "lstm_1"
    x = result.scaling(split.test_x[:1])[0]
    assert numpy_keras_difference(layer_weights(result.first_layer), x) <= 1e-5


def test_the_quick_demo_learns_from_every_training_face_and_answers_from_both_sides(synthetic_home):
    """Issue 33's recipes: no faces held out (a fixed number of epochs, the rate falling along a cosine, the last
    weights kept), the face averaged over 2×2 blocks first, and the answer the mean of the softmax on a face and on
    its mirror image; the first layer reads the smaller image Keras makes, which the NumPy cell reads the same."""
    from lstm_viz.models.core import layer_weights, numpy_keras_difference
    from lstm_viz.models.faces import first_layer_input, probabilities, train_faces
    from lstm_viz.training import Progress

    data = faces.load_faces(synthetic_home, min_faces_per_person=5)
    split = faces.split(data, test_size=0.3)
    result = train_faces(split, data.names, "demo", Progress(0), seed=0, epochs=3)
    assert result.validation_images == 0 and result.fit_images == 2 * len(split.train_y)  # every face, mirrored
    assert result.epochs_done == result.best_epoch == 3 and "val_loss" not in result.history[-1]
    rates = [row["learning_rate"] for row in result.history]
    assert rates[0] > rates[1] > rates[2]  # the cosine's fall, epoch after epoch
    scaled = result.scaling(split.test_x)
    own = np.asarray(result.model.predict(scaled, verbose=0))
    mirrored = np.asarray(result.model.predict(scaled[:, :, ::-1], verbose=0))
    np.testing.assert_allclose(result.probabilities, (own + mirrored) / 2, atol=1e-6)
    np.testing.assert_allclose(probabilities(result, split.test_x), result.probabilities, atol=1e-6)
    assert not np.allclose(own, mirrored)  # (the two looks differ: the mean is not one of them)
    read = first_layer_input(result, scaled[0])
    assert read.shape == (31, 24)
    np.testing.assert_allclose(read[0, 0], scaled[0, :2, :2].mean(), atol=1e-5)  # the first 2×2 block's mean
    assert numpy_keras_difference(layer_weights(result.first_layer), read) <= 1e-5


def test_twelve_people_have_twelve_colours_and_russian_numbers():
    """Issue 35: with 12 people no two lines share a colour; bars, legends and cells in the page's number format."""
    from lstm_viz.i18n import Texts
    from lstm_viz.plots import faces as plots

    names = [f"Person {k}" for k in range(12)]
    colours = {plots.person_color(k) for k in range(12)}
    assert len(colours) == 12
    ru = Texts("ru")
    bars = plots.class_counts({"George W Bush": 530, "Colin Powell": 758}, ru).to_dict()
    assert bars["data"][0]["text"][0] == "530<br>41,1\u00a0%" and bars["layout"]["separators"] == ",\u00a0"
    lines = plots.probability_lines(np.full((3, 12), 1 / 12), names, "rows", ru).to_dict()["data"]
    assert len({(line["line"]["color"], line["line"]["dash"]) for line in lines}) == 12
    roc = {"Bush": (np.array([0, 1]), np.array([0, 1]), 0.983)}
    assert plots.roc_curves(roc, 0.983, ru).to_dict()["data"][1]["name"] == "Bush (AUC 0,983)"
    confusion = plots.confusion_heatmap(np.eye(12) * 3 + 1, names, True, ru).to_dict()
    assert confusion["data"][0]["text"][0][0] == "27\u00a0%" and confusion["layout"]["height"] >= 480


def test_the_levers_of_issue_33_build_an_lstm_on_the_whole_face():
    """bench/lfw_levers.py's variants: a face averaged over 2×2 blocks is read as 31 rows of 24 pixels; the mean and
    maximum head, the random flips and shifts and AdamW keep the model's input the whole 62×47 face."""
    import dataclasses

    import keras

    from lstm_viz.models.faces import build, schedule_callback

    recipe = dataclasses.replace(
        faces.FACE_RECIPES["improved"], pool=2, head="mean_max", random_flip=True, random_shift=0.05, weight_decay=0.01
    )
    model = build(12, recipe, seed=0)
    assert model.input_shape == (None, 62, 47) and model.output_shape == (None, 12)
    assert model.get_layer("pooled").output.shape[1:] == (31, 24)
    assert isinstance(model.optimizer, keras.optimizers.AdamW)
    cosine = dataclasses.replace(recipe, schedule="cosine", learning_rate=1e-3, warmup_epochs=2)
    rates = [schedule_callback(cosine, 10).schedule(epoch, None) for epoch in range(10)]
    assert rates[:3] == pytest.approx([5e-4, 1e-3, 1e-3]) and rates[-1] == pytest.approx(5e-5)
