"""No "seed" wording where a user can see it: the source documents are cited by their titles
in every text the app shows (forms, messages, data files, exports), never by a file number."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = re.compile(r"\bseeds?\b", re.IGNORECASE)
# The demo generator's random-number seed (a command-line option and its record), not a
# source document.
ALLOWED = {("cli.py", "--seed"), ("demo/__init__.py", "demo_seed"), ("demo/generator.py", "seed")}


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def shown_strings() -> Iterator[tuple[str, str]]:
    """Every string in the package that is not a docstring (docstrings are for developers)."""
    package = ROOT / "remedy_tui"
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        name = path.relative_to(package).as_posix()
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
                and (name, node.value) not in ALLOWED
            ):
                yield name, node.value


def data_texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from data_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from data_texts(item)


def test_no_text_the_app_shows_says_seed() -> None:
    found = [(name, text[:80]) for name, text in shown_strings() if SEED.search(text)]
    assert found == []


def test_no_data_file_says_seed() -> None:
    found = [
        (path.name, text[:80])
        for path in sorted((ROOT / "data").rglob("*.json"))
        for text in data_texts(json.loads(path.read_text(encoding="utf-8")))
        if SEED.search(text)
    ]
    assert found == []
