"""``UserData``: the one owner of the user's file. Reads answer on the GUI thread, every
store call runs on the writer thread, and the model thread's ``ChatLog`` waits for it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_desk.store import UserStore
from interview_desk.ui.runtime.user_data import ChatHistory, Opened, UserData


@pytest.fixture
def data(qtbot, tmp_path: Path) -> Iterator[UserData]:
    d = UserData(tmp_path / "user.sqlite3")
    opened: list[Opened] = []
    d.open(opened.append, pytest.fail)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert opened[0].recovery_message is None and not opened[0].marks.bookmarked
    yield d
    d.close()


def test_model_thread_writes_and_gui_reads_through_the_writer(qtbot, data: UserData,
                                                             tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    def model_thread() -> None:  # as the tutor's ModelOwner does after a reply
        data.chat_log.add_exchange("e1", "why?", "because [1]", model="m.gguf",
                                   citations=[{"n": 1, "id": "e2", "question": "q"}])
        data.chat_log.save_draft("e1", "a draft", "m.gguf")
        seen.extend(data.chat_log.conversation("e1"))

    seen: list[object] = []
    t = threading.Thread(target=model_thread, name="tutor-model")
    t.start()
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=5000)
    assert [m.role for m in seen] == ["user", "assistant"]  # type: ignore[attr-defined]

    owner = QWidget()
    qtbot.addWidget(owner)
    got: list[ChatHistory] = []
    data.chat_history("e1", with_draft=True, on_done=got.append, on_error=pytest.fail,
                      context=owner)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got[0].draft is not None and got[0].draft.text == "a draft"
    assert [m.content for m in got[0].messages] == ["why?", "because [1]"]
    assert got[0].messages[1].citations[0]["id"] == "e2"

    cleared: list[bool] = []
    data.clear_conversation("e1", lambda: cleared.append(True), pytest.fail, owner)
    qtbot.waitUntil(lambda: bool(cleared), timeout=5000)
    assert data.close()
    with UserStore.open(tmp_path / "user.sqlite3") as other:  # what reached the disk
        assert other.conversation("e1") == [] and other.draft("e1") is not None


def test_the_gui_thread_never_waits_on_the_store(data: UserData) -> None:
    with pytest.raises(RuntimeError, match="GUI thread"):
        data.chat_log.conversation(None)


def test_after_close_writes_are_refused_with_a_message(qtbot, data: UserData) -> None:
    data.close()
    errors: list[BaseException] = []
    data.set_bookmark("e1", True, errors.append)
    assert len(errors) == 1 and "closing" in str(errors[0])
