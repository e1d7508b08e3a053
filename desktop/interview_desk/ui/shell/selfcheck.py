"""Self-test part "window": the real window, offscreen, on a throwaway data file.

Shows the window, waits for the corpus, the user store and the search index, types a
query, opens the best hit in the reader and bookmarks it, then closes (draining the
writer thread) and checks the bookmark reached the file. The user's own data file and
window.ini are never touched; the search index cache is the user's (it is a cache).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from interview_desk.ui.runtime import desk as desk_states

TIMEOUT_S = 180.0  # a first index build on a slow machine


def _wait_until(app: QApplication, predicate: Callable[[], bool], what: str) -> float:
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > TIMEOUT_S:
            raise RuntimeError(f"timed out after {TIMEOUT_S:.0f} s waiting for {what}")
        app.processEvents()
        time.sleep(0.005)
    return time.perf_counter() - start


def check() -> str:
    from interview_desk.store import FILE_NAME, UserStore
    from interview_desk.ui.shell.app import create_application, create_window

    app = create_application([])
    with tempfile.TemporaryDirectory(prefix="interview-desk-window-") as tmp:
        store_path = Path(tmp) / FILE_NAME
        settings = QSettings(str(Path(tmp) / "window.ini"), QSettings.Format.IniFormat)
        started = time.perf_counter()
        window = create_window(app, store_path=store_path, view_settings=settings)
        try:
            window.show()
            shown = time.perf_counter() - started
            window.start()
            _wait_until(app, lambda: window.desk.corpus is not None
                        and window.desk.marks_loaded, "the corpus and the data file")
            _wait_until(app, lambda: window.centre.reader is not None, "the reader")
            _wait_until(app, lambda: window.desk.index_state != desk_states.INDEX_OPENING
                        and window.desk.index_state != desk_states.INDEX_WAITING,
                        "the search index")
            if window.desk.index_state != desk_states.INDEX_READY:
                raise RuntimeError(f"search index is {window.desk.index_state}")
            window.search_bar.set_query("attention")
            _wait_until(app, lambda: bool(window.results.entry_ids()), "search results")
            hits = len(window.results.entry_ids())
            window.results.activate_row(0)
            entry_id = window.results.entry_ids()[0]
            _wait_until(app, lambda: window.centre.reader.entry_id == entry_id, "the reader")
            if not window.centre.reader.toPlainText().strip():
                raise RuntimeError(f"the reader shows nothing for {entry_id}")
            window.actions_["bookmark"].trigger()
        finally:
            window.close()
            window.desk.close()
            window.deleteLater()
        with UserStore.open(store_path) as store:
            if entry_id not in store.bookmarks():
                raise RuntimeError("a bookmark made in the window did not reach the data file")
    return (f"shown in {shown:.2f} s; 'attention' -> {hits} hits; "
            f"opened {entry_id}, bookmark saved")
