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


def _hold_shown_widgets() -> None:
    """Keep ``qtbot.addWidget``'s widgets alive until the test's fixtures are torn down.

    pytest-qt holds them by weak reference only, so once a test function returns, a window
    it showed lives on through reference cycles alone, and pytest-qt's event processing
    after the call still paints it. A full run crashed there in 3 of ~10 fresh clones
    (``test_legends_sit_outside_the_plotted_area``): the core file shows the painter's
    device destroyed with a painter still on it (``QPaintDevice`` vtable, painters = 1)
    and the widget freed, i.e. the window deleted in the middle of its own paint event,
    which a garbage collection set off by the Python paint code can do. With a strong
    reference the window is closed by pytest-qt's teardown before it can be collected,
    and no collection runs inside pytest-qt's own event processing.
    """
    import gc

    from pytestqt import plugin as qt_plugin
    from pytestqt.qtbot import QtBot

    add_widget = QtBot.addWidget

    def add_and_hold(self: QtBot, widget: object, **kwargs: object) -> None:
        add_widget(self, widget, **kwargs)  # type: ignore[arg-type]
        self.__dict__.setdefault("_desk_held", []).append(widget)

    QtBot.addWidget = QtBot.add_widget = add_and_hold  # type: ignore[method-assign]

    process_events = qt_plugin._process_events

    def process_events_without_collecting() -> None:
        enabled = gc.isenabled()
        gc.disable()
        try:
            process_events()
        finally:
            if enabled:
                gc.enable()

    qt_plugin._process_events = process_events_without_collecting


_hold_shown_widgets()


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
