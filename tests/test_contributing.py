"""CONTRIBUTING.md's layout tree names exactly the files of the package, each with a line saying
what it is for, so that it cannot go stale: a new module, a removed one or a renamed one fails
here, naming it."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "kzreforms"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
# One line of the tree: its indent, a file or folder name, and the description after it.
ENTRY = re.compile(r"^(?P<indent> *)(?P<name>[\w.]+/?)(?: {2,}(?P<what>\S.*))?$")


def _tree() -> str:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    section = text.split("\n## Layout\n", 1)[1]
    match = re.search(r"```text\nkzreforms/\n(.*?)```", section, re.DOTALL)
    assert match, "CONTRIBUTING.md, ## Layout: no ```text block starting with kzreforms/"
    return match.group(1)


def named() -> dict[str, str]:
    """The tree's files, as paths inside the package (`browse/app.py`), and what each is for."""
    files: dict[str, str] = {}
    folders: list[tuple[int, str]] = []  # the folders the next line may be in: (indent, path)
    for line in _tree().splitlines():
        entry = ENTRY.match(line)
        assert entry, f"CONTRIBUTING.md, ## Layout: not a line of the tree: {line!r}"
        indent, name = len(entry["indent"]), entry["name"]
        folders = [(depth, path) for depth, path in folders if depth < indent]
        path = "".join(folder for _, folder in folders) + name
        if name.endswith("/"):
            folders.append((indent, name))
        assert path not in files, f"CONTRIBUTING.md, ## Layout: {path} is named twice"
        files[path] = entry["what"] or ""
    return files


def existing() -> set[str]:
    """Every file and folder of the package, but compiled bytecode."""
    return {
        path.relative_to(PACKAGE).as_posix() + ("/" if path.is_dir() else "")
        for path in PACKAGE.rglob("*")
        if "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_the_layout_names_exactly_the_files_of_the_package() -> None:
    tree, real = set(named()), existing()
    missing, extra = sorted(real - tree), sorted(tree - real)
    assert (missing, extra) == ([], []), (
        f"CONTRIBUTING.md, ## Layout: give these files of kzreforms/ a line: {missing}; "
        f"these lines name files that kzreforms/ does not have: {extra}"
    )


def test_every_file_in_the_layout_says_what_it_is_for() -> None:
    assert [path for path, what in named().items() if len(what.split()) < 2] == []


def test_contributing_names_no_module_that_was_renamed() -> None:
    """schema.py is validation.py, shapes.py is schemas.py."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    assert re.findall(r"\b(schema|shapes)\.py\b", text) == []


def _imports(path: Path, package: Path) -> set[str]:
    """The kzreforms modules that a module imports (relative imports, type-only ones included)."""
    import ast

    parts = path.relative_to(package.parent).with_suffix("").parts
    here = list(parts if path.name == "__init__.py" else parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = ".".join(here[: len(here) - node.level + 1])
            names = [f"{base}.{node.module}"] if node.module else [f"{base}.{a.name}" for a in node.names]
            found.update(name.removesuffix(".__init__") for name in names)
    return found


def test_no_import_cycle_outside_browse() -> None:
    """Dependencies point down (library <- presentation <- command line); only browse/app and
    browse/screens import each other, as Textual apps do."""
    package = ROOT / "kzreforms"
    modules = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules[".".join(parts).removesuffix(".__init__")] = path
    graph = {name: _imports(path, package) & set(modules) - {name} for name, path in modules.items()}
    cycles = []

    def visit(name: str, path: list[str]) -> None:
        for imported in graph[name]:
            if imported in path:
                cycles.append(path[path.index(imported) :])
            else:
                visit(imported, [*path, imported])

    for name in graph:
        visit(name, [name])
    assert [cycle for cycle in cycles if not all(".browse." in part for part in cycle)] == []
