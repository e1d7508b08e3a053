"""Test-wide setup: headless Qt and a private per-user folder for every test session."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parents[1]
_DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _locate_default_model() -> str | None:
    """The real default model, looked for before the tests hide the user's folders.

    ``scripts/setup.sh`` fetches it into the real user models folder; developers may
    also keep it in the checkout's ``models/``. Tests read ``INTERVIEW_DESK_TEST_MODEL``.
    """
    import platformdirs

    candidates = [
        os.environ.get("INTERVIEW_DESK_TEST_MODEL", ""),
        str(REPO_ROOT / "models" / _DEFAULT_MODEL_FILE),
        str(Path(platformdirs.user_data_dir("interview-desk", appauthor=False))
            / "models" / _DEFAULT_MODEL_FILE),
    ]
    return next((c for c in candidates if c and Path(c).is_file()), None)


_model = _locate_default_model()
if _model:
    os.environ["INTERVIEW_DESK_TEST_MODEL"] = _model
# Never touch the real user's data, cache or config: one throwaway home per session.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="interview-desk-tests-"))
os.environ["INTERVIEW_DESK_HOME"] = str(_SESSION_HOME)

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


@pytest.fixture(params=["en", "zh"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """The core's errors worded in English, then in Chinese (English again afterwards:
    the language is process-wide)."""
    from interview_desk.strings import set_language

    set_language(request.param)
    yield request.param
    set_language("en")


class Mounts:
    """Real tmpfs mounts for one test (a full disk, a read-only folder): root only, the
    test is skipped where mounting is not allowed; each is unmounted after the test."""

    def __init__(self) -> None:
        self.made: list[Path] = []

    def tmpfs(self, folder: Path, options: str = "size=1m") -> Path:
        """A fresh tmpfs at ``folder`` (made, with its parents), ``options`` as mount's."""
        if not sys.platform.startswith("linux"):
            pytest.skip("tmpfs mounts are Linux's")
        folder.mkdir(parents=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                              capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip("cannot mount a tmpfs here (not root)")
        self.made.append(folder)
        return folder

    def read_only(self, folder: Path) -> None:
        """Remount the tmpfs at ``folder`` read-only (after filling it)."""
        done = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True,
                              check=False)
        assert done.returncode == 0, done.stderr

    def unmount_all(self) -> None:
        for folder in reversed(self.made):
            subprocess.run(["umount", "-l", str(folder)], check=False)
        self.made.clear()


@pytest.fixture
def mounts() -> Iterator[Mounts]:
    made = Mounts()
    yield made
    made.unmount_all()
