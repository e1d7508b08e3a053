"""Helpers for the study-mode window tests."""

from __future__ import annotations

import pytest

from interview_desk.store import UserStore, default_path


def settled(qtbot, window) -> None:
    """Wait until the store's writer thread has run everything queued so far."""
    done: list[object] = []
    window.desk.user_data.run(lambda _store: True, done.append, pytest.fail)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)


def own_store() -> UserStore:
    """A second connection to the window's data file (WAL), as another process would
    open it: the window's own store belongs to its writer thread."""
    return UserStore.open(default_path())
