"""What the Model mode imports must reach the installer: nothing it loads is excluded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "packaging"))

import bundle_rules  # noqa: E402


def _modules_after(imports: str) -> set[str]:
    code = f"import sys; {imports}; print('\\n'.join(sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO / "desktop")}, timeout=120, check=True)
    return set(proc.stdout.split())


def test_nothing_the_model_mode_imports_is_excluded_from_the_bundle() -> None:
    # minus what the interpreter itself loads (site hooks such as _distutils_hack)
    loaded = _modules_after("import interview_desk.model_attention.runner, "
                            "interview_desk.cli.attention") - _modules_after("pass")
    excluded = [m for m in bundle_rules.PYTHON_EXCLUDES
                if m in loaded or any(name.startswith(m + ".") for name in loaded)]
    assert excluded == []
    assert "gguf" in loaded and "PySide6" not in loaded  # the core stays Qt-free
