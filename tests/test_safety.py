"""Safety of a server many students share (issue 7): no raw HTML from user text, no unsafe model loading, data
paths from configuration only, XSRF protection on."""

import re
import tomllib

from tests.helpers import ROOT

SOURCES = sorted([ROOT / "app_main.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py"),
                  *(ROOT / "lstm_viz").rglob("*.py")])  # fmt: skip
SCENE_JS = sorted([*(ROOT / "lstm_viz" / "scene").glob("*.js"), *(ROOT / "ui" / "browser").glob("*.js")])


def source_text():
    return {path.relative_to(ROOT).as_posix(): path.read_text() for path in SOURCES}


def test_no_raw_html_from_anything_a_user_typed():
    """Markdown with unsafe_allow_html would render a student's <script> as markup: nothing uses it. The one raw
    HTML is lecture mode's style sheet, a constant."""
    texts = source_text()
    assert [name for name, text in texts.items() if "unsafe_allow_html" in text] == []
    calls = [(name, call) for name, text in texts.items() for call in re.findall(r"st\.html\(([^)]*)\)", text)]
    assert sorted(calls) == [
        ("pages/why-lstm.py", "family_plot.picture(tr"),
        ("ui/lecture.py", "BAR_CSS"),
        ("ui/page.py", "BASE_CSS"),
        ("ui/page.py", "LECTURE_CSS"),
        ("ui/page.py", 'UPLOADER_CSS.replace("{drop}", tr("app.uploader_drop"'),
    ]
    from lstm_viz.i18n import LANGUAGES, Texts
    from ui.lecture import BAR_CSS
    from ui.page import BASE_CSS, LECTURE_CSS, UPLOADER_CSS

    # the uploader's words come from our own catalogues (never from a user) and go into a CSS string
    for lang in LANGUAGES:
        for key in ("app.uploader_drop", "app.uploader_browse"):
            assert not re.search(r'[<>"\\{}]', Texts(lang)(key)), (lang, key)
    # the family tree (issue 30): our catalogues' words, escaped, in a fixed set of tags, with its own style sheet
    from lstm_viz.plots.family import picture

    for lang in LANGUAGES:
        html = picture(Texts(lang))
        assert "<script" not in html.lower() and "javascript:" not in html.lower()
        assert set(re.findall(r"<(\w+)", html)) <= {"style", "div", "section", "h4", "p", "b"}
    for css in (LECTURE_CSS, BAR_CSS, BASE_CSS, UPLOADER_CSS):
        assert css.startswith("<style>") and css.rstrip().endswith("</style>")
        assert "<script" not in css.lower() and css.count("<") == 2  # a style sheet and nothing else


UPLOADS = {"pages/lectures.py", "pages/your-model.py", "pages/neurons.py"}  # neurons: corpus.yours checks the text


def test_models_are_loaded_only_in_safe_mode_and_code_never_evaluated():
    for name, text in source_text().items():
        for call in re.findall(r"load_model\([^)]*\)", text):
            assert "safe_mode=False" not in call, (name, call)
        assert not re.search(r"\b(eval|exec)\(|pickle\.loads?\(", text), name
        if "file_uploader(" in text:  # uploads only where a parser with limits reads them (tests/test_lectures.py)
            assert name in UPLOADS, name


def test_data_paths_come_from_configuration_not_from_page_inputs():
    """The faces page reads LFW from $LSTM_VIZ_DATA_HOME (or scikit-learn's default): no page takes a path."""
    for name, text in source_text().items():
        if name.startswith("pages/"):
            assert not re.search(r"(data_home|path|folder)\s*=\s*st\.", text), name
    assert "os.environ.get(DATA_HOME_VARIABLE)" in (ROOT / "lstm_viz" / "faces.py").read_text()


def test_server_config_keeps_xsrf_on():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] in ("type", "none", False)  # no tracebacks to the browser
    assert config["runner"]["postScriptGC"] is False  # see ui/server.py


def test_the_scene_never_parses_html():
    """Components v2 JavaScript runs with the page's privileges and Streamlit sanitises nothing: the renderer puts
    every text (titles, notes, and anything from a link or an upload) in with textContent or createTextNode."""
    assert SCENE_JS
    for path in SCENE_JS:
        text = path.read_text()
        if path.name == "follow.js":  # the one request a component makes: the class's route, on the app's own origin
            from lstm_viz.routes import PATH

            assert PATH.startswith("/") and not PATH.startswith("//") and text.count("fetch(") == 1
            text = text.replace("fetch(looks.path", "")
        for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                       "fetch(", "XMLHttpRequest", "import("):  # fmt: skip
            assert unsafe not in text, (path.name, unsafe)


def test_nothing_is_fetched_from_a_network_at_run_time():
    """Lecture halls are often offline: no page or renderer names an http(s) address to load."""
    for path in [*SOURCES, *SCENE_JS, ROOT / "lstm_viz" / "scene" / "scene.css"]:
        text = path.read_text()
        assert not re.search(r"(src|href)\s*=\s*[\"']https?://|url\(\s*[\"']?https?://|@import", text), path
