"""A tiny bundler for the browser's ES modules: one text from an entry file and the files it imports.

Streamlit's components v2 take a component's JavaScript as one text (files by path only work for an installed
package with a manifest), and an offline HTML file holds its script inline, so the modules written as files
(``import { a, b } from "./format.js";``, ``export function a``) are flattened into one module scope here:

* the ``import`` statements are followed from the entry, depth first: each file comes after the files it imports,
  the entry last, and a file that the entry does not reach is left out; a circular import is an error;
* the import statements are dropped, and ``export`` is dropped from declarations (the entry keeps its
  ``export default``, which the component calls, unless ``default_export`` is False);
* since every file then shares one scope, a name declared at the top level of two files is an error, and so is a
  file using a name another file exports without importing it (it would work bundled and fail as a module).

Only this subset of module syntax is accepted (anything else raises ``BundleError``): named imports of relative
``.js`` files, ``export`` in front of a declaration (``function``, ``class``, ``const``, ``let``, ``var``) and
``export default``. The JavaScript is not parsed: comments, strings, template literals and regular expressions are
blanked out by a small scanner, then statements are read at the top level (brace depth 0) at the start of a line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from lstm_viz.scene.scan import BundleError, blank, depths

__all__ = ["BundleError", "blank", "bundle", "cached", "depths", "modules", "read"]

IDENT = r"[A-Za-z_$][\w$]*"
IMPORT = re.compile(
    r"import\s*\{(?P<names>[^}]*)\}\s*from\s*(?P<quote>[\"'])(?P<path>\.\.?/[^\"'\n]+\.js)(?P=quote)[ \t]*;?[ \t]*\n?"
)
LINE_START_KEYWORD = re.compile(r"^[ \t]*(?P<word>import|export)\b", re.M)
DECLARATION = re.compile(
    rf"^(?P<export>export\s+(?P<default>default\s+)?)?(?:(?:async\s+)?function\b\s*\*?\s*(?P<function>{IDENT})?"
    rf"|class\s+(?P<class>{IDENT})|(?P<binding>const|let|var)\s+)",
    re.M,
)
DEFAULT_NAME = re.compile(rf"export\s+default\s+(?P<name>{IDENT})\s*;[ \t]*\n?")
NOT_A_PROPERTY = r"(?<![\w$])(?:(?<=\.\.\.)|(?<!\.))"  # a name, not .name (but ...name spreads it)


@dataclass
class Module:
    path: Path
    label: str  # for messages and the bundle's comments: "scene/format.js"
    source: str
    imports: list[tuple[tuple[str, ...], Path]] = field(default_factory=list)  # (names, file), in the file's order
    exports: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # declared at the top level
    default: tuple[int, int, str | None] | None = None  # what to cut to drop `export default`, and its name
    cuts: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, replacement) of import/export text
    blank: str = ""


def _declared(code: str, start: int, label: str) -> list[str]:
    """The names a const/let/var statement starting at ``start`` (after the keyword) declares."""
    names, depth, i, expect = [], 0, start, True
    while i < len(code):
        c = code[i]
        if expect and not c.isspace():
            match = re.match(IDENT, code[i:])
            if not match:
                raise BundleError(f"{label}: a top-level destructuring declaration is not supported")
            names.append(match.group())
            i += match.end()
            expect = False
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and c == ",":
            expect = True
        elif depth == 0 and c == ";":
            break
        i += 1
    return names


def read(path: Path, label: str) -> Module:
    """One file's imports, exports and top-level names, and the import/export text to cut out."""
    source = path.read_text(encoding="utf-8")
    module = Module(path, label, source)
    code = module.blank = blank(source)
    depth = depths(code)
    if re.search(r"\bimport\s*\(", code):
        raise BundleError(f"{label}: a dynamic import is not supported")
    keywords = [m for m in re.finditer(rf"{NOT_A_PROPERTY}\b(import|export)\b", code)]
    at_line_start = {m.start("word") for m in LINE_START_KEYWORD.finditer(code)}
    for match in keywords:
        if match.start() not in at_line_start or depth[match.start()] != 0:
            raise BundleError(f"{label}: `{match.group()}` must start a top-level line")
        if match.group() == "import":
            found = IMPORT.match(source, match.start())
            if not found:
                raise BundleError(f'{label}: only `import {{ a, b }} from "./file.js";` is supported')
            names = tuple(name.strip() for name in found["names"].split(",") if name.strip())
            for name in names:
                if not re.fullmatch(IDENT, name):
                    raise BundleError(f"{label}: import {name!r} is not supported (no `as`, no default import)")
            module.imports.append((names, (path.parent / found["path"]).resolve()))
            module.cuts.append((found.start(), found.end(), ""))
    for match in DECLARATION.finditer(code):
        if depth[match.start()] != 0:
            continue
        exported, default = bool(match["export"]), bool(match["default"])
        if match["binding"]:
            if default:
                raise BundleError(f"{label}: `export default {match['binding']}` is not JavaScript")
            names = _declared(code, match.end(), label)
        else:
            names = [name for name in (match["function"], match["class"]) if name]
            if not names and not default:
                raise BundleError(f"{label}: a function or class at the top level needs a name")
        clash = module.names.intersection(names)
        if clash:
            raise BundleError(f"{label}: {', '.join(sorted(clash))} declared twice")
        module.names.update(names)
        if default:
            if module.default:
                raise BundleError(f"{label}: two default exports")
            module.default = (match.start(), match.end("export"), names[0] if names else None)
        elif exported:
            module.exports.update(names)
            module.cuts.append((match.start(), match.end("export"), ""))
    exports = [m for m in keywords if m.group() == "export"]
    declared = {m.start() for m in DECLARATION.finditer(code) if m["export"]}
    for match in exports:
        if match.start() in declared:
            continue
        found = DEFAULT_NAME.match(code, match.start())
        if not found:
            raise BundleError(f"{label}: only `export` before a declaration and `export default name;` are supported")
        if module.default:
            raise BundleError(f"{label}: two default exports")
        module.default = (found.start(), found.end(), found["name"])
    return module


def _label(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def modules(entry: Path) -> list[Module]:
    """The entry and every file it reaches, each after the files it imports (the entry last)."""
    entry = Path(entry).resolve()
    done: dict[Path, Module] = {}
    visiting: list[Path] = []

    def visit(path: Path) -> None:
        if path in done:
            return
        if path in visiting:
            cycle = [*visiting[visiting.index(path) :], path]
            raise BundleError("circular import: " + " → ".join(_label(p) for p in cycle))
        if not path.is_file():
            importer = _label(visiting[-1]) if visiting else "the entry"
            raise BundleError(f"{importer} imports {path.name}, which is not there")
        visiting.append(path)
        module = read(path, _label(path))
        for _, target in module.imports:
            visit(target)
        visiting.pop()
        done[path] = module

    visit(entry)
    return list(done.values())


def check(mods: list[Module]) -> None:
    """One scope for all: no name declared twice, every import exported, every other file's export imported."""
    by_path = {module.path: module for module in mods}
    owner: dict[str, Module] = {}
    for module in mods:
        for name in sorted(module.names):
            if name in owner:
                raise BundleError(
                    f"{name} is declared at the top level of both {owner[name].label} and {module.label}: "
                    "bundled they share one scope (rename one)"
                )
            owner[name] = module
    exported = {name: module for module in mods for name in module.exports}
    for module in mods:
        imported = set()
        for names, path in module.imports:
            source = by_path[path]
            for name in names:
                if name not in source.exports:
                    raise BundleError(f"{module.label} imports {name} from {source.label}, which does not export it")
            imported.update(names)
        for name, source in exported.items():
            if source is module or name in imported:
                continue
            if re.search(rf"{NOT_A_PROPERTY}{re.escape(name)}(?![\w$])(?!\s*:(?!:))", module.blank):
                raise BundleError(f"{module.label} uses {name} from {source.label} without importing it")


def _body(module: Module, keep_default: bool) -> str:
    cuts = list(module.cuts)
    if module.default and not keep_default:
        start, end, name = module.default
        if not name:
            raise BundleError(f"{module.label}: an anonymous default export can only be the entry's")
        cuts.append((start, end, ""))  # `export default name;` goes, `export default function name(` keeps its function
    text, position = [], 0
    for start, end, replacement in sorted(cuts):
        text.append(module.source[position:start])
        text.append(replacement)
        position = end
    text.append(module.source[position:])
    return "".join(text).strip("\n")


def bundle(entry: Path, default_export: bool = True) -> str:
    """The entry and the files it imports as one script (see the module's text); the entry's ``export default``
    stays when ``default_export`` (a component's), and goes otherwise (an inline script that calls it itself)."""
    mods = modules(entry)
    check(mods)
    parts = []
    for module in mods:
        is_entry = module is mods[-1]
        parts.append(f"// ---- {module.label}\n{_body(module, keep_default=is_entry and default_export)}\n")
    return "\n".join(parts)


@functools.cache
def cached(entry: Path, default_export: bool = True) -> str:
    """``bundle``, once per process (the files do not change while the app runs)."""
    return bundle(entry, default_export)
