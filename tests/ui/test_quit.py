"""Quitting: the window's Desk finishes the user's writes but never waits for the search
thread (an index build or jieba warm-up is a cache that may be abandoned)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from interview_desk.store import UserStore
from interview_desk.ui.runtime.desk import Desk


def test_close_saves_the_writes_and_does_not_wait_for_the_search_thread(
        qtbot, tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite3"
    desk = Desk(store_path=path)
    opened: list[object] = []
    desk.user_data.open(opened.append, pytest.fail)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)

    release = threading.Event()
    state: dict[str, bool] = {}

    def long_search_job() -> None:  # stands in for a build the user quits during
        state["started"] = True
        release.wait(10)
        state["finished"] = True

    desk.search_worker.submit(long_search_job)
    qtbot.waitUntil(lambda: state.get("started", False), timeout=5000)
    desk.set_bookmark("000-0001", True)
    desk.save_note("000-0001", "written just before quitting")
    desk.close()
    finished_before_close_returned = state.get("finished", False)
    release.set()

    assert not finished_before_close_returned  # close did not join the search thread
    with UserStore.open(path) as store:  # ...but the user's writes are on disk
        assert store.bookmarks() == ["000-0001"]
        assert store.notes() == {"000-0001": "written just before quitting"}
