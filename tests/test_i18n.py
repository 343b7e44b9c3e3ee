"""The interface in English and Russian (issue 8): one catalogue per language with the same keys and fields, and
every page rendered in both languages with no visible text left the same where it should differ."""

import json
import re
import string

import pytest
from streamlit.testing.v1 import AppTest

from lstm_viz.i18n import CATALOGUES, Plural, TextError, Texts, format_number, language
from tests.helpers import ROOT, chart_specs, open_page, scenes

# Words that are the same in both languages: names of methods, libraries and functions, units and symbols.
SHARED_WORDS = {
    "lstm", "rnn", "tanh", "relu", "leaky", "sin", "cos", "pca", "svm", "rbf", "auc", "roc", "mae", "rmse", "numpy",
    "keras", "softmax", "dense", "dropout", "adam", "macro", "csv", "lfw", "lstm_viz", "scikit", "learn", "eigenfaces",
    "return_sequences", "count_params", "classification_report", "precision", "recall", "support", "score",
    "avg", "weighted", "rows", "python", "lstmparams", "from_keras", "bdata", "alice", "bob", "carol", "example",
    "george", "bush", "colin", "powell", "tony", "blair", "donald", "rumsfeld", "gerhard", "schroeder", "ariel",
    "sharon", "hugo", "chavez", "float32",
    "mingru", "minlstm", "slstm", "xlstm", "mlstm", "feng", "katharopoulos", "exp", "max",  # the 2024 cells
    "english",  # the language switch names each language in its own words
    "lang", "lecture",  # URL parameters
    "earlystopping", "reducelronplateau", "stateful", "true",  # Keras names as written in code
    "hochreiter", "schmidhuber", "gers", "cummins", "elman", "cho", "greff", "reset_after", "gru", "simplernn",
    "cifg", "masking", "odyssey",  # authors and names of cells
    "viz", "pagedown", "pageup", "home", "end", "bidirectional", "npy", "log",  # name; keys; a Keras layer; −log p
    "seed", "one", "hot", "callback", "nan",  # terms Russian courses keep (issue 32; NaN)
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z_0-9]*")


def untranslated(text: str) -> list[str]:
    """The English words in a text that should have been translated."""
    text = re.sub(r"\$[^$]*\$|`[^`]*`|\{[^}]*\}|%\{[^}]*\}|<[^>]*>", " ", text)  # formulas, code, templates, tags
    text = re.sub(r":material/[a-z_]+:|:[a-z]+(?:-badge)?\[", " ", text)  # Streamlit's icons, colours and badges
    text = re.sub(
        r"«[^»]*»|\S*[/\\]\S*|\S+\.(?:txt|jpg)|\w+Error: [^)]*|\b\w+\.\w+\.\w+\b", " ", text
    )  # «names», paths, files, system errors, dotted names (keras.layers.LSTM)
    words = [w for w in WORD.findall(text) if len(w) >= 3 and not w.isupper() and "_" not in w]  # not ABC, x_t
    return [word for word in words if word.lower() not in SHARED_WORDS]


def visible_texts(at) -> list[tuple[str, str]]:
    """(where, text) for every text a user sees on the page, in page order: headings, markdown, captions, alerts,
    widget labels, help, placeholders and options, metric labels, tabs, expanders, table headers, chart texts."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        texts += [(kind, element.value) for element in at.get(kind)]
    for kind in ("button", "download_button", "slider", "select_slider", "number_input", "text_input", "toggle",
                 "checkbox", "radio", "selectbox", "metric", "tab", "expandable"):  # fmt: skip
        for element in at.get(kind):
            proto = element.proto
            for name in ("label", "help", "placeholder"):
                value = getattr(proto, name, "")
                if isinstance(value, str) and value:
                    texts.append((f"{kind}.{name}", value))
            if kind in ("radio", "selectbox"):
                texts += [(f"{kind}.option", option) for option in proto.options]
    for frame in at.get("arrow_data_frame"):
        texts += [("table column", str(column)) for column in frame.value.columns]
    for spec in chart_specs(at):
        layout = spec.get("layout", {})
        for name, value in layout.items():
            if isinstance(value, dict) and isinstance(value.get("title"), dict):
                texts.append((f"chart {name}", value["title"].get("text", "")))
        texts += [("chart annotation", a.get("text", "")) for a in layout.get("annotations", [])]
        texts += [("chart trace", trace.get("name", "")) for trace in spec.get("data", []) if trace.get("name")]
    for name, data in scenes(at).items():  # the browser's scenes: their texts arrive as data
        texts += [(f"scene {name} text", text) for text in data["texts"].values()]
        texts += [(f"scene {name} target", target["title"]) for target in data["targets"]]
        for cell in data["cells"]:
            texts += [(f"scene {name} cell", cell["title"]), (f"scene {name} kind", cell["kind_name"])]
            texts += [(f"scene {name} part", part["word"]) for part in cell["parts"]]
            texts += [(f"scene {name} note", note["template"]) for note in cell["notes"]]
            texts += [(f"scene {name} panel", panel["title"]) for panel in cell["panels"]]
    return [(where, text) for where, text in texts if text]


def compare(english, russian):
    """Texts that are the same in both renders yet hold English words; and a check that both drew the same page."""
    assert len(english) == len(russian), "both languages draw the same elements"
    same = [(where, en) for (where, en), (_, ru) in zip(english, russian) if en == ru and untranslated(en)]
    assert not same, "untranslated: " + json.dumps(same[:10], ensure_ascii=False)
    leftover = [(where, ru, untranslated(ru)) for where, ru in russian if untranslated(ru)]
    assert not leftover, "English words on the Russian page: " + json.dumps(leftover[:10], ensure_ascii=False)


def render(page, lang, setup=None):
    at = open_page(page)
    if setup:
        setup(at)
    at.radio(key="lang").set_value(lang).run()  # switched in the sidebar, as a user does
    assert not at.exception, at.exception
    return at


pytestmark = pytest.mark.usefixtures("synthetic_faces")  # the faces pages read a synthetic LFW folder


def test_every_catalogue_module_is_read():
    from lstm_viz.locales import PARTS

    for lang in CATALOGUES:
        files = {path.stem for path in (ROOT / "lstm_viz" / "locales" / lang).glob("*.py")} - {"__init__"}
        assert files == set(PARTS), lang


def test_the_catalogues_have_the_same_keys_and_fields():
    english, russian = CATALOGUES["en"], CATALOGUES["ru"]
    assert set(english) == set(russian)
    fields = string.Formatter()
    for key, text in english.items():
        ours = {f[1] for f in fields.parse(text) if f[1]}
        theirs = {f[1] for f in fields.parse(russian[key]) if f[1]}
        assert ours == theirs, key
    assert language("RU") == "ru" and language("xx") == "en" and language(None) == "en"
    with pytest.raises(KeyError):
        Texts("ru")("no.such.key")


def few_faces(at):
    at.number_input(key="min_faces").set_value(10).run()  # the synthetic folder's three people


def make_a_sample(at):
    """A model trained on this server, opened: the layer table, the parity and the unit summary."""
    at.radio(key="own_source").set_value("sample").run()
    if any(button.key == "own_make_sample" for button in at.button):  # (the English render made it already)
        at.button(key="own_make_sample").click().run()
        at.session_state["own_sample_job"].wait(120)  # (it trains in the background)
        at.run()


def solve_a_challenge(at):
    """A multi-unit challenge, solved with its hints shown: every text of the page at once."""
    at.selectbox(key="ch_pick").set_value("rising_edge").run()
    for _ in range(3):
        at.button(key="ch_hint").click().run()
    at.button(key="ch_apply").click().run()


@pytest.mark.parametrize(
    "page, setup",
    [
        ("explorer", None),
        ("alphabet", None),
        ("faces", few_faces),
        ("forecasting", None),
        ("why-lstm", None),
        ("challenges", None),
        ("challenges", solve_a_challenge),
        ("lectures", None),
        ("your-model", None),
        ("your-model", make_a_sample),
        ("faces-lab", None),
    ],
)
def test_every_page_in_both_languages(page, setup):
    compare(visible_texts(render(page, "en", setup)), visible_texts(render(page, "ru", setup)))


def test_a_missing_dataset_is_explained_in_russian():
    """The default minimum (70) finds too few images in the synthetic folder: the message, in both languages."""
    compare(visible_texts(render("faces", "en")), visible_texts(render("faces", "ru")))


def train_alphabet(at):
    at.radio(key="variant").set_value(1).run()
    at.radio(key="recipe").set_value("fast").run()
    at.number_input(key="epochs_1_fast").set_value(2).run()
    at.button(key="train").click().run()
    if "alphabet_job" in at.session_state:  # (the second language's session finds the first one's run)
        at.session_state["alphabet_job"].wait(120)
    at.run()
    at.text_input(key="try_1").input("K").run()


def train_forecaster(at):
    at.number_input(key="fc_points").set_value(120).run()
    at.number_input(key="fc_window").set_value(10).run()
    at.number_input(key="fc_epochs").set_value(1).run()
    at.button(key="fc_train").click().run()
    if "forecast_job" in at.session_state:
        at.session_state["forecast_job"].wait(120)
    at.run()


def train_faces_for_the_lab(at):
    """A two-epoch quick demo trained on the faces page, then every section of the lab, shifts measured."""
    at.switch_page("pages/faces.py").run()
    few_faces(at)
    at.radio(key="faces_recipe").set_value("demo").run()
    at.number_input(key="faces_epochs_demo").set_value(2).run()
    at.button(key="faces_train").click().run()
    if "faces_job" in at.session_state:  # (the second language's session finds the first one's run stored)
        at.session_state["faces_job"].wait(180)
    at.switch_page("pages/faces-lab.py").run()
    at.button(key="lab_shift").click().run()


@pytest.mark.parametrize(
    "page, setup",
    [("alphabet", train_alphabet), ("forecasting", train_forecaster), ("faces-lab", train_faces_for_the_lab)],
)
def test_trained_results_in_both_languages(page, setup):
    compare(visible_texts(render(page, "en", setup)), visible_texts(render(page, "ru", setup)))


def test_a_link_keeps_the_language_across_pages():
    at = open_page("explorer")
    at.radio(key="lang").set_value("ru").run()
    assert at.query_params["lang"] == "ru" and at.title[0].value == "Исследователь ячейки LSTM"
    at.switch_page("pages/why-lstm.py").run()  # (the browser test checks the address bar after a page change)
    assert at.title[0].value == "Зачем LSTM?" and at.radio(key="lang").value == "ru"
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Why LSTM?"
    at.switch_page("pages/explorer.py").run()
    assert at.title[0].value == "LSTM cell explorer" and "lang" not in at.query_params


def test_a_link_opens_in_russian_and_in_lecture_mode():
    at = AppTest.from_file(str(ROOT / "app_main.py"), default_timeout=60)
    at.query_params.update(lang="ru", lecture="1", seq="step", t="3")
    at.run()
    assert not at.exception and at.title[0].value == "Исследователь ячейки LSTM"
    data = scenes(at)["explorer_scene"]
    assert at.toggle(key="lecture").value and data["start"]["t"] == 3 and data["lecture"] and data["lang"] == "ru"
    assert data["number"]["decimal"] == "," and data["texts"]["play"] == "Пуск"
    assert not [e for e in at.expander if "код" in e.label]  # lecture mode hides the code
    assert at.query_params["lecture"] == "1" and at.query_params["lang"] == "ru"


def test_numbers_follow_the_language():
    english, russian = Texts("en"), Texts("ru")
    assert english.number(0.9) == "0.90" and russian.number(0.9) == "0,90"
    assert english.number(222_599, "") == "222,599" and russian.number(222_599, "") == "222\u00a0599"
    assert russian.number(0.411, ".1%") == "41,1\u00a0%" and english.number(0.411, ".1%") == "41.1%"
    assert russian.numbers([0.5, 0.7]) == "0,50; 0,70" and english.numbers([0.5, 0.7]) == "0.50, 0.70"
    assert format_number(1288, "", "ru") == "1288" and format_number(-0.001, ".2f", "ru") == "0,00"
    assert russian("why_lstm.gradients.summary", steps=40, rnn=4.1e-4, gru=1e-3, lstm=2.8e-8, path=1e-6).count(",") >= 4
    assert russian.separators == ",\u00a0" and english.separators == ".,"


def test_no_catalogue_formats_its_own_thousands():
    for lang, table in CATALOGUES.items():
        assert not [key for key, text in table.items() if ":," in text], lang


def test_plurals_in_russian():
    tr = Texts("ru")
    assert [tr.plural(n, "letter") for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "букву", "буквы", "букв", "букв", "букву", "буквы", "букв"]  # fmt: skip
    assert Texts("en").plural(1, "letter") == "letter" and Texts("en").plural(3, "letter") == "letters"
    error = TextError("letters.exactly", variant=2, count=3, typed=1, letters=Plural(3, "letter"))
    assert error.text(tr) == "Вариант 2 читает ровно 3 буквы; вы ввели 1."


def test_russian_terms_of_the_course():
    ru = CATALOGUES["ru"]
    everything = " ".join(ru.values())
    for calque in (
        "трасса",
        "шаблон",
        "деление",
        "на проверке",
        "настоящего человека",
        "градиенты выживают",
        "Самостоятельно",
        "Скрытые нейроны",
        "Остановлено после эпох",
        "выход h",
        "краткосрочный выход",
    ):
        assert calque.lower() not in everything.lower(), calque
    assert ru["part.lstm.h"] == "скрытое состояние" and ru["explorer.title"] == "Исследователь ячейки LSTM"
