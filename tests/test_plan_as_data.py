"""Nothing in code names a province, a unit code, an indicator id or a year, and no code branches on the language.

Read from the code itself (string constants that are not docstrings, and comparisons), so that a second
plan is a folder: the plan's facts live in its YAML, the words in partrack/words/<lang>/*.yaml.
"""

import ast
import re
from pathlib import Path

import pytest

from conftest import BUNDLED_CATALOGUE, BUNDLED_UNITS, REPO

CODE = sorted(p for p in (REPO / "lib" / "partrack").rglob("*.py") if "plans" not in p.parts)
# The forms a period is written in, shown to people as examples ("2024-Q3"): not a plan's year.
PERIOD_FORMS = {("periods.py", "2024"), ("periods.py", "2024-H1"), ("periods.py", "2024-Q3"), ("periods.py", "2024-06")}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]  # fmt: skip


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(REPO / "lib")))
def test_no_plan_fact_in_code(path):
    ids = {i.id for i in BUNDLED_CATALOGUE.indicators}
    codes = {u.code for u in BUNDLED_UNITS}
    found = []
    for line, text in _strings(path):
        if text in ids or text in codes or "Nam Định" in text or "NAM ĐỊNH" in text:
            found.append((line, text))
        elif re.search(r"(?<![\d.-])20(2[0-9]|30)(?![\d])", text) and (path.name, text) not in PERIOD_FORMS:
            found.append((line, text))
    assert found == []


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(REPO / "lib")))
def test_no_branch_on_the_language(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    branches = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and any(isinstance(c, ast.Constant) and c.value in ("vi", "en") for c in [node.left, *node.comparators])
    ]
    assert branches == [], "words come from partrack/words/<lang>/*.yaml"
