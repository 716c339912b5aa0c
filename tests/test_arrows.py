"""The arrows between the apps run one way: consultants → questionnaire → advisor. advisor/ names neither
of the others, not even through apps.get_model."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ADVISOR_MODULES = sorted(path for path in (ROOT / "advisor").rglob("*.py") if "migrations" not in path.parts)


def imported_and_called(path: Path) -> tuple[set[str], set[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    called = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    return imported, called


@pytest.mark.parametrize("path", ADVISOR_MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_advisor_imports_neither_questionnaire_nor_consultants(path: Path):
    imported, called = imported_and_called(path)

    assert [name for name in imported if name.split(".")[0] in ("questionnaire", "consultants")] == []
    assert "get_model" not in called
