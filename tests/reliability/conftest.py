"""The breakage suite: every fault a learner's machine throws, one family per module.

Each case drives the real command line in a subprocess (a hang or a crash must show as
one, not take pytest down), with a hard timeout, and asserts the exact outcome: exit 0
or 2, never 1 (our bug) or a signal, at most one line on stderr, no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HANG_S = 60.0  # generous on 2 busy cores; a real hang is minutes or forever


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `pytest -m reliability` runs the suite alone.
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.reliability)


@dataclass(frozen=True)
class Run:
    rc: int | None  # None: killed at the timeout (a hang)
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def cli(home: Path, *args: str, stdin: str | None = None, timeout: float = HANG_S,
        env: dict[str, str] | None = None) -> Run:
    """``interview-desk ARGS`` in a fresh process on ``home``."""
    full_env = dict(os.environ, INTERVIEW_DESK_HOME=str(home),
                    PYTHONPATH=str(REPO / "desktop"), QT_QPA_PLATFORM="offscreen")
    full_env.update(env or {})
    try:
        p = subprocess.run([sys.executable, "-m", "interview_desk", *args], input=stdin,
                           capture_output=True, text=True, timeout=timeout, env=full_env,
                           errors="replace")
    except subprocess.TimeoutExpired as exc:
        return Run(None, str(exc.stdout or ""), str(exc.stderr or ""))
    return Run(p.returncode, p.stdout, p.stderr)


def assert_clean(run: Run, *, rc: int = 0) -> None:
    """Finished (no hang), the expected exit status, no traceback on stderr."""
    assert run.rc is not None, "hung: killed at the timeout"
    assert "Traceback" not in run.err, run.err
    assert run.rc == rc, (run.rc, run.err)


def assert_refused(run: Run, *fragments: str) -> str:
    """Exit 2 with exactly one line naming the problem; returns that line."""
    assert_clean(run, rc=2)
    lines = run.err_lines
    assert len(lines) == 1, run.err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One search index and jieba cache for the suite: they depend on the corpus only."""
    return tmp_path_factory.mktemp("reliability-cache")


@pytest.fixture
def home(tmp_path: Path, shared_cache: Path) -> Path:
    """A fresh per-user home whose cache folder is the shared one."""
    h = tmp_path / "home"
    h.mkdir()
    (h / "cache").symlink_to(shared_cache, target_is_directory=True)
    return h


@pytest.fixture
def bare_home(tmp_path: Path) -> Path:
    """A fresh home with a cache of its own, for tests that damage the cache."""
    h = tmp_path / "bare-home"
    h.mkdir()
    return h


def fill_disk(path: Path) -> None:
    """Write zeros to ``path`` until its file system is full (the next write: ENOSPC)."""
    with path.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
