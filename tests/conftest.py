"""Test-wide setup: headless Qt and a private per-user folder for every test session."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the real user's data, cache or config: one throwaway home per session.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="interview-desk-tests-"))
os.environ["INTERVIEW_DESK_HOME"] = str(_SESSION_HOME)

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "desktop"))

import pytest  # noqa: E402


@pytest.fixture
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty per-user home for one test (data, cache, config, log)."""
    home = tmp_path / "home"
    monkeypatch.setenv("INTERVIEW_DESK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT
