"""Fixtures that start the real window on a private home: real corpus, SQLite, index.

Each test gets its own data and config folders (so bookmarks, notes and QSettings start
empty), while the search index cache is shared by the session: it only depends on the
corpus, and building it for every test would only measure Whoosh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from interview_desk.ui.runtime import desk as desk_states
from interview_desk.ui.shell.app import create_application, create_window
from interview_desk.ui.shell.window import MainWindow

WAIT_MS = 120_000  # first index build on 2 busy cores


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ui-cache")


@pytest.fixture
def desk_home(tmp_path: Path, shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "cache").symlink_to(shared_cache, target_is_directory=True)
    monkeypatch.setenv("INTERVIEW_DESK_HOME", str(home))
    return home


@pytest.fixture
def make_window(qtbot, qapp: QApplication, desk_home: Path
                ) -> Iterator[Callable[..., MainWindow]]:
    """Start a window like ``run_gui`` does and wait until it has loaded."""
    windows: list[MainWindow] = []
    # The window applies theme, palette and fonts to the shared QApplication; put them
    # back afterwards so later tests (visualizer examples, reader) see the defaults.
    saved_palette, saved_font = qapp.palette(), qapp.font()
    saved_style = qapp.style().name()

    def start(wait_index: bool = True) -> MainWindow:
        app = create_application([])
        window = create_window(app)
        qtbot.addWidget(window)
        window.show()
        window.start()
        windows.append(window)
        qtbot.waitUntil(lambda: window.desk.corpus is not None and window.desk.marks_loaded
                        and window.centre.reader is not None, timeout=WAIT_MS)
        if wait_index:
            qtbot.waitUntil(lambda: window.desk.index_state in (
                desk_states.INDEX_READY, desk_states.INDEX_FAILED),
                timeout=WAIT_MS)
        return window

    yield start
    for window in windows:
        if window.isVisible():
            window.close()
        window.desk.close()
    qapp.setStyle(saved_style)
    qapp.setPalette(saved_palette)
    qapp.setFont(saved_font)


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()
