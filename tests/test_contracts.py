"""The import-linter contracts in pyproject.toml bite: a copy of the package with one
violating import fails ``lint-imports``; the real tree passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "desktop")}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", "pyproject.toml"],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("contracts") / "pristine"
    shutil.copytree(REPO / "desktop" / "interview_desk", tree / "desktop" / "interview_desk",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tree / "pyproject.toml")
    return tree


@pytest.fixture
def tree(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "tree"
    shutil.copytree(pristine, copy)
    return copy


def test_the_real_tree_keeps_every_contract(pristine: Path) -> None:
    proc = _lint(pristine)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


@pytest.mark.parametrize("module, line, contract", [
    # Qt straight into a top-level module, or into the core through one (indirect).
    ("settings.py", "import PySide6.QtCore", "Only the ui package touches Qt"),
    ("paths.py", "import pyqtgraph", "Only the ui package touches Qt"),
    ("script.py", "from interview_desk.ui import widgets", "Only the ui package touches Qt"),
    ("cli/corpus.py", "import PySide6.QtWidgets", "Only the ui package touches Qt"),
    # Indirect only: the package root is no source, but paths imports it.
    ("__init__.py", "import PySide6.QtCore", "Only the ui package touches Qt"),
    # The core never reaches up into the ui, the command line or the self-test.
    ("corpus/model.py", "import interview_desk.ui.widgets", "do not import the ui"),
    ("errors.py", "import interview_desk.cli.output", "do not import the ui"),
    # Layers: sibling packages stay independent; lower layers never import higher ones.
    ("search/hits.py", "import interview_desk.tutor.prompt", "Core layers"),
    ("store/records.py", "import interview_desk.render", "Core layers"),
    ("corpus/model.py", "import interview_desk.search", "Core layers"),
    ("settings.py", "import interview_desk.corpus", "Core layers"),
    ("paths.py", "import interview_desk.settings", "Core layers"),
    ("tutor/prompt.py", "import interview_desk.model_attention.runner", "Core layers"),
    ("model_attention/analysis.py", "import PySide6.QtCore", "Only the ui package touches Qt"),
])
def test_a_violating_import_breaks_its_contract(tree: Path, module: str, line: str,
                                                contract: str) -> None:
    target = tree / "desktop" / "interview_desk" / module
    target.write_text(f"{target.read_text(encoding='utf-8')}\n{line}\n", encoding="utf-8")
    proc = _lint(tree)
    assert proc.returncode != 0, proc.stdout
    broken = [row for row in proc.stdout.splitlines() if " BROKEN" in row]
    assert any(contract in row for row in broken), proc.stdout
