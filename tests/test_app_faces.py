"""The faces page through AppTest, on a small synthetic LFW folder (fast) and with the data missing."""

from streamlit.testing.v1 import AppTest

from lstm_viz import faces
from tests.helpers import open_page


def open_faces(monkeypatch, home) -> AppTest:
    monkeypatch.setenv(faces.DATA_HOME_VARIABLE, home)
    return open_page("faces")


def test_missing_data_explains_and_offers_a_download(monkeypatch, tmp_path):
    at = open_faces(monkeypatch, str(tmp_path))
    message = at.warning[0].value
    assert "not on this machine" in message and str(tmp_path) in message and faces.DATA_HOME_VARIABLE in message
    assert any(b.label.startswith("Download LFW") for b in at.button)


def test_a_failed_download_keeps_the_page_and_says_why(monkeypatch, tmp_path):
    import sklearn.datasets

    def offline(**kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr(sklearn.datasets, "fetch_lfw_people", offline)
    at = open_faces(monkeypatch, str(tmp_path))
    at.button[[b.label for b in at.button].index("Download LFW with scikit-learn (about 200 MB)")].click().run()
    assert not at.exception
    assert any("The download failed" in e.value for e in at.error)


def test_renders_the_data_and_does_not_train_on_load(monkeypatch, synthetic_home):
    at = open_faces(monkeypatch, synthetic_home)
    at.number_input(key="min_faces").set_value(5).run()
    assert not at.exception and "faces_job" not in at.session_state
    assert any("36 images of 3 people, 62×47 pixels" in m.value for m in at.markdown)
    assert any("Nothing trained yet" in i.value for i in at.info)
    assert any("Total **" in m.value and "gives **131,584**" in m.value for m in at.markdown)
    assert any("always answering **Alice Example** scores 37.50% (3/8)" in i.value for i in at.info)


def test_quick_training_then_results_and_baseline(monkeypatch, synthetic_home):
    at = open_faces(monkeypatch, synthetic_home)
    at.number_input(key="min_faces").set_value(5).run()
    at.radio(key="faces_recipe").set_value("demo").run()
    at.number_input(key="faces_epochs_demo").set_value(2).run()
    before = [c.value for c in at.caption if "estimated from the 28 training faces" in c.value]
    assert before and "About " in before[0] and "test machine" in before[0]  # said before Train
    at.button(key="faces_train").click().run()
    assert at.session_state["faces_job"].wait(180).status == "done"
    at.run()
    assert not at.exception
    after = [c.value for c in at.caption if "estimated from the 28 training faces" in c.value]
    assert after and "finished on this server" in after[0]  # the server's own speed, once a run has finished
    labels = {m.label: m.value for m in at.metric}
    assert labels["Document 001's accuracy"] == "41.09%" and labels["Chance"] == "33.33%"
    assert 0 <= float(labels["Test accuracy"].rstrip("%")) <= 100
    at.button[[b.label for b in at.button].index("Fit the PCA + SVM baseline")].click().run()
    assert not at.exception
    table = at.dataframe[-1].value
    first = str(table["model"].iloc[0])
    assert first.startswith("PCA (") and first.endswith("eigenfaces) + RBF SVM")
    assert "Document 001's LSTM (the document's numbers)" not in list(table["model"])  # only for its 7 people


def test_a_minimum_that_leaves_one_person_says_so(monkeypatch, synthetic_home):
    at = open_faces(monkeypatch, synthetic_home)
    at.number_input(key="min_faces").set_value(13).run()
    assert not at.exception
    assert any("lower the minimum" in w.value for w in at.warning)
    assert not any(b.label.startswith("Download LFW") for b in at.button)
