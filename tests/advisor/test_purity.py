"""The scoring core is plain Python: importing it must not pull in Django."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_MODULES = [
    "advisor.vocabulary",
    "advisor.domain",
    "advisor.weights",
    "advisor.scoring",
    "advisor.reasons",
    "advisor.verdict",
    "advisor.split",
    "advisor.flip",
    "advisor.flip_words",
    "advisor.plan",
    "advisor.cautions",
    "advisor.money",
    "advisor.weight_fields",
    "advisor.presenters",
    "advisor.impact",
]


def test_importing_the_pure_modules_loads_no_django() -> None:
    # A fresh interpreter: this test process has Django loaded already (pytest-django).
    script = (
        "import importlib, json, sys\n"
        f"for name in {PURE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(name for name in sys.modules if name == 'django' or name.startswith('django.'))))\n"
    )

    finished = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )

    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout) == []


@pytest.mark.parametrize("module", PURE_MODULES)
def test_the_pure_modules_import_only_the_standard_library_pydantic_and_each_other(module: str) -> None:
    tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }

    third_party = imported - set(sys.stdlib_module_names) - {"advisor", "pydantic"}
    assert third_party == set()
    advisor_imports = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } & {f"advisor.{name}" for name in ("models", "admin", "api", "selectors", "services", "apps")}
    assert advisor_imports == set()
