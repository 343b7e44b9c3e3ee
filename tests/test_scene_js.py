"""The scene's JavaScript: its ES modules bundled into one text (lstm_viz/scene/bundle.py), and its pure parts (the
number format, the player's steps and keys) tested by Node: ``node --test tests/js/*.test.mjs`` runs here, so the
README's ``python -m pytest`` covers them. Without node the Node tests are skipped, or fail under CI."""

import os
import re
import shutil
import subprocess

import pytest

from lstm_viz import scene
from lstm_viz.lectures.offline import LECTURE_JS
from lstm_viz.scene import FOLDER
from lstm_viz.scene import offline as scene_offline
from lstm_viz.scene.bundle import BundleError, blank, bundle, modules
from tests.helpers import ROOT

NODE_TESTS = sorted((ROOT / "tests" / "js").glob("*.test.mjs"))
IMPORT_STATEMENT = re.compile(r"^\s*import\b", re.M)
SCENE_PARTS = [
    "format",
    "access",
    "bars",
    "matrix",
    "charts",
    "steps",
    "controls",
    "diagram",
    "equations",
    "stack",
    "training",
    "scene",
]


def node() -> str:
    path = shutil.which("node")
    if path is None:
        message = "no node (apt-get install nodejs; .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the Node tests, never skip them
        pytest.skip(message)
    return path


def files(folder, **texts):
    for name, text in texts.items():
        (folder / f"{name}.js").write_text(text, encoding="utf-8")
    return folder


def code(text):
    """A bundle without its "// ---- folder/file.js" lines (a test's folder is named after the test)."""
    return re.sub(r"^// ---- .*\n", "", text, flags=re.M)


def labels(entry):
    return [module.label.split("/")[-1] for module in modules(entry)]


# --- the Node tests ----------------------------------------------------------------------------------------------


def test_the_node_tests_pass():
    assert [path.name for path in NODE_TESTS] == [
        "format.test.mjs",
        "modules.test.mjs",
        "player.test.mjs",
        "stack.test.mjs",
        "steps.test.mjs",
    ]
    result = subprocess.run(
        [node(), "--test", "--test-reporter=tap", *map(str, NODE_TESTS)],  # TAP: the counts below, on Node 18 to 22
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    counts = {name: int(n) for name, n in re.findall(r"^# (tests|pass|fail) (\d+)$", output, re.M)}
    assert counts["fail"] == 0 and counts["pass"] == counts["tests"] >= 35, counts


def test_every_bundle_is_valid_javascript_in_one_scope(tmp_path):
    """node --check parses a bundle as a module: a name declared twice in the flattened scope is a syntax error."""
    for name, text in [
        ("renderer.mjs", scene.renderer()),
        ("offline.mjs", bundle(scene_offline.BOOT, default_export=False)),
        ("lecture.mjs", bundle(LECTURE_JS, default_export=False)),
    ]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = subprocess.run([node(), "--check", str(path)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, (name, result.stderr)


# --- the app's bundles -------------------------------------------------------------------------------------------


def test_the_renderer_is_its_modules_bundled_once_with_the_default_export():
    text = scene.renderer()
    assert scene.renderer() is text  # once per process
    assert re.findall(r"^// ---- scene/(\w+)\.js$", text, re.M) == SCENE_PARTS  # each after what it imports
    assert not IMPORT_STATEMENT.search(text)
    assert re.findall(r"^export\b.*$", text, re.M) == ["export default mount;"]
    assert text.rstrip().endswith("export default mount;")
    assert "offline.js" not in text and "lecture.js" not in text  # not reached from scene.js


def test_the_offline_files_hold_the_renderer_and_their_start_with_no_import_or_export():
    for entry, last in [(scene_offline.BOOT, "scene/offline.js"), (LECTURE_JS, "lectures/lecture.js")]:
        text = bundle(entry, default_export=False)
        parts = re.findall(r"^// ---- (\S+)$", text, re.M)
        assert parts == [f"scene/{name}.js" for name in SCENE_PARTS] + [last]
        assert not IMPORT_STATEMENT.search(text)
        assert not re.search(r"^\s*export\b", text, re.M)
        assert "function mount(component)" in text


def test_every_scene_module_imports_what_it_uses():
    """No file of the renderer relies on a global from another file: each names its imports."""
    found = {module.label: module for module in modules(FOLDER / "scene.js")}
    assert set(found) == {f"scene/{name}.js" for name in SCENE_PARTS}
    assert found["scene/format.js"].imports == []
    assert {"formatNumber", "el"} <= found["scene/format.js"].exports
    controls = found["scene/controls.js"]
    assert [(names, path.name) for names, path in controls.imports] == [
        (("el", "fillTemplate", "formatNumber", "formatVector", "richText", "svgEl"), "format.js"),
        (("SPEEDS", "dueTime", "keyAction", "nextStep"), "steps.js"),
    ]


# --- the bundler -------------------------------------------------------------------------------------------------


def test_modules_come_after_what_they_import_and_unreached_files_stay_out(tmp_path):
    files(
        tmp_path,
        main='import { b } from "./b.js";\nimport { a } from "./a.js";\nexport default function () { a(b); }\n',
        a='import { c } from "./c.js";\nexport function a(x) { return c(x); }\n',
        b='import { c } from "./c.js";\nexport const b = c(1);\n',
        c="export function c(x) { return x; }\n",
        unused="export function unused() {}\n",
    )
    assert labels(tmp_path / "main.js") == ["c.js", "b.js", "a.js", "main.js"]
    text = bundle(tmp_path / "main.js")
    assert "unused" not in text
    assert text.index("function c(") < text.index("const b =") < text.index("function a(")


def test_imports_and_exports_are_stripped_and_the_entry_keeps_its_default(tmp_path):
    files(
        tmp_path,
        main='import {\n  one,\n  two,\n} from "./lib.js";\n\n'
        "function mount() { return one + two(); }\n\nexport default mount;\n",
        lib="export const one = 1, three = 3;\nexport function two() { return 2; }\nexport class Three {}\n",
    )
    text = code(bundle(tmp_path / "main.js"))
    assert not IMPORT_STATEMENT.search(text) and "from " not in text
    assert "const one = 1, three = 3;" in text and "\nfunction two()" in text and "\nclass Three {}" in text
    assert re.findall(r"\bexport\b.*", text) == ["export default mount;"]
    assert "export" not in code(bundle(tmp_path / "main.js", default_export=False))


def test_a_default_export_of_an_imported_file_is_dropped_but_its_function_kept(tmp_path):
    files(
        tmp_path,
        main='import { mount } from "./scene.js";\nmount();\n',
        scene="export function mount() {}\nexport default mount;\n",
        named='import { go } from "./go.js";\ngo();\n',
        go="export default function go() {}\n",
    )
    text = code(bundle(tmp_path / "main.js", default_export=False))
    assert "export" not in text and "function mount() {}" in text
    with pytest.raises(BundleError, match="does not export it"):
        bundle(tmp_path / "named.js")  # a default export is not a named one


def test_a_circular_import_raises(tmp_path):
    files(
        tmp_path,
        main='import { a } from "./a.js";\na();\n',
        a='import { b } from "./b.js";\nexport function a() { b(); }\n',
        b='import { a } from "./a.js";\nexport function b() { a(); }\n',
    )
    with pytest.raises(BundleError, match=r"circular import: \w+/a\.js → \w+/b\.js → \w+/a\.js"):
        bundle(tmp_path / "main.js")


def test_a_name_declared_in_two_modules_raises(tmp_path):
    files(
        tmp_path,
        main='import { a } from "./a.js";\nimport { b } from "./b.js";\na(); b();\n',
        a="const SIZE = 1;\nexport function a() { return SIZE; }\n",
        b="const WIDTH = 2, SIZE = 3;\nexport function b() { return SIZE + WIDTH; }\n",
    )
    with pytest.raises(BundleError, match=r"SIZE is declared at the top level of both \w+/a\.js and \w+/b\.js"):
        bundle(tmp_path / "main.js")


def test_a_name_used_from_another_module_without_an_import_raises(tmp_path):
    files(
        tmp_path,
        main='import { a } from "./a.js";\nimport { b } from "./b.js";\na(); b();\n',
        a='export function a() { return "a"; }\n',
        b="export function b() { return a(); }\n",  # works bundled, fails as a module
    )
    with pytest.raises(BundleError, match=r"\w+/b\.js uses a from \w+/a\.js without importing it"):
        bundle(tmp_path / "main.js")
    (tmp_path / "b.js").write_text("export function b(x) { return x.a + { a: 1 }.a; }\n")  # properties are not uses
    assert "function b(x)" in bundle(tmp_path / "main.js")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('import * as lib from "./lib.js";\n', "only `import { a, b } from"),
        ('import lib from "./lib.js";\n', "only `import { a, b } from"),
        ('import { one as uno } from "./lib.js";\n', "no `as`"),
        ('import { one } from "lib";\n', "only `import { a, b } from"),
        ('import { nope } from "./lib.js";\n', "imports nope from \\w+/lib.js, which does not export it"),
        ('import { one } from "./missing.js";\n', "imports missing.js, which is not there"),
        ("const one = 1;\nexport { one };\n", "only `export` before a declaration"),
        ('function f() { import("./lib.js"); }\n', "dynamic import"),
        ("function f() {\n  export const x = 1;\n}\n", "must start a top-level line"),
        ("const { a, b } = {};\n", "destructuring"),
        ("export default function a() {}\nexport default function b() {}\n", "two default exports"),
        ("function a() {}\nexport default a;\nexport default a;\n", "two default exports"),
        ("const a = 1;\nfunction a() {}\n", "a declared twice"),
    ],
)
def test_module_syntax_outside_the_supported_subset_raises(tmp_path, text, message):
    files(tmp_path, main=text, lib="export const one = 1;\n")
    with pytest.raises(BundleError, match=message):
        bundle(tmp_path / "main.js")


def test_comments_strings_templates_and_regular_expressions_are_not_code():
    source = (
        '// import { x } from "./x.js";\n'
        'const text = "export { a }", other = \'{ "}\';\n'
        "/* { */ const re = /\\{([a-z_]+)\\}/g, half = 1 / 2;\n"
        "const t = `${f({ a: `}` })} {`;\n"
    )
    code = blank(source)
    assert len(code) == len(source) and code.count("\n") == source.count("\n")
    assert "import" not in code and "export" not in code
    assert code.count("{") == code.count("}") == 0  # the braces left are all inside literals or comments
    assert "half = 1 / 2;" in code  # a division stays code
