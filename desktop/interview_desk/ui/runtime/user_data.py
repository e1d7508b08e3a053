"""``UserData``: the one owner of the user's SQLite file in the GUI.

The ``UserStore`` is opened, read, written and closed on one writer thread only
(Anki's taskman shape: writes in order, one connection). Every consumer goes through
this facade:

* GUI code calls the plain methods; reads answer through callbacks on the GUI thread.
* The tutor's model thread uses ``ChatLog`` (``user_data.chat_log``): its calls still
  execute on the store thread, the model thread just waits for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from interview_desk.store import Draft, Message, NoteConflict, UserStore
from interview_desk.ui.runtime.marks import Marks
from interview_desk.ui.runtime.workers import ErrorCallback, Latest, SerialWorker


@dataclass(frozen=True)
class Opened:
    """What the window needs once the file is open."""

    marks: Marks
    recovery_message: str | None  # one line when a damaged file was set aside


@dataclass(frozen=True)
class NoteSaved:
    written: bool  # False: no data file is open this session
    conflict: NoteConflict | None = None  # another instance had changed the note


@dataclass(frozen=True)
class ChatHistory:
    """The saved draft (asked for unanswered entries only) and the conversation."""

    draft: Draft | None = None
    messages: list[Message] = field(default_factory=list)


class UserData:
    """The user's bookmarks, progress, notes, chats and drafts, behind one writer thread."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._worker = SerialWorker("store-writer")
        self._store: UserStore | None = None  # touched only on the writer thread
        self.chat_log = ChatLog(self)

    # -- life cycle ----------------------------------------------------------------
    def open(self, on_done: Callable[[Opened], None], on_error: ErrorCallback) -> None:
        self._worker.submit(self._open, on_done, on_error)

    def _open(self) -> Opened:
        store = self._store = UserStore.open(self._path)
        store.bind_to_current_thread()  # a stray call from another thread fails loudly
        progress = store.progress_all()
        marks = Marks(
            bookmarked=set(store.bookmarks()),
            seen={k for k, p in progress.items() if p.seen},
            known={k for k, p in progress.items() if p.known},
            notes=store.notes(),
        )
        return Opened(marks, store.recovery_message)

    def close(self, timeout: float = 10.0) -> bool:
        """Run the queued writes, close the file, end the thread."""
        if self._worker.closed:
            return True
        self._worker.submit(self._close)
        return self._worker.close(timeout)

    def _close(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            store.close()

    # -- plumbing ------------------------------------------------------------------
    def _with_store(self, fn: Callable[[UserStore], Any]) -> Callable[[], Any]:
        """A job for the writer thread; without an open file (it failed) it does nothing,
        the user was told at start-up and marks live on for this session."""

        def job() -> Any:
            return fn(self._store) if self._store is not None else None

        return job

    def _submit(self, fn: Callable[[UserStore], Any], on_done: Callable[[Any], None] | None,
                on_error: ErrorCallback | None, *, context: QObject | None = None,
                latest: Latest | None = None) -> None:
        self._worker.submit(self._with_store(fn), on_done, on_error, context=context,
                            latest=latest)

    def _call(self, fn: Callable[[UserStore], Any]) -> Any:
        return self._worker.call(self._with_store(fn))

    # -- marks and notes (GUI; the window's Marks already changed) -----------------
    def set_bookmark(self, entry_id: str, on: bool, on_error: ErrorCallback) -> None:
        self._submit(lambda s: s.set_bookmark(entry_id, on), None, on_error)

    def set_known(self, entry_id: str, known: bool, on_error: ErrorCallback) -> None:
        self._submit(lambda s: s.set_known(entry_id, known), None, on_error)

    def mark_seen(self, entry_id: str, on_error: ErrorCallback) -> None:
        self._submit(lambda s: s.mark_seen(entry_id), None, on_error)

    def save_note(self, entry_id: str, text: str, base: str,
                  on_done: Callable[[NoteSaved], None], on_error: ErrorCallback) -> None:
        """Save ``text`` typed over ``base`` (the text this window last knew stored).

        ``on_done`` says whether it was written (not when the file failed to open at
        start-up: the editor must not say "Saved" then) and any conflict with another
        instance's change (both texts are kept).
        """

        def write(s: UserStore) -> NoteSaved:
            return NoteSaved(True, s.save_note(entry_id, text, base))

        self._submit(write, lambda saved: on_done(saved or NoteSaved(False)), on_error)

    # -- study mode (GUI; ui/study/access.py) --------------------------------------
    def run(self, fn: Callable[[UserStore], Any], on_done: Callable[[Any], None] | None,
            on_error: ErrorCallback | None, *, context: QObject | None = None) -> None:
        """``fn(store)`` on the writer thread, in order with every other write; on_done
        gets None when the file could not be opened."""
        self._submit(fn, on_done, on_error, context=context)

    # -- tutor chats (GUI) ---------------------------------------------------------
    def chat_history(self, entry_id: str | None, *, with_draft: bool,
                     on_done: Callable[[ChatHistory], None], on_error: ErrorCallback,
                     context: QObject, latest: Latest | None = None) -> None:
        def read(s: UserStore) -> ChatHistory:
            draft = s.draft(entry_id) if with_draft and entry_id is not None else None
            return ChatHistory(draft, s.conversation(entry_id))

        self._submit(read, lambda h: on_done(h or ChatHistory()), on_error, context=context,
                     latest=latest)

    def clear_conversation(self, entry_id: str | None, on_done: Callable[[], None],
                           on_error: ErrorCallback, context: QObject) -> None:
        self._submit(lambda s: s.clear_conversation(entry_id), lambda _: on_done(), on_error,
                     context=context)


class ChatLog:
    """What the tutor's model thread reads and writes; each call runs on the store's
    writer thread and waits for it there (never call these on the GUI thread)."""

    def __init__(self, data: UserData) -> None:
        self._data = data

    def conversation(self, entry_id: str | None) -> list[Message]:
        return self._data._call(lambda s: s.conversation(entry_id)) or []

    def add_exchange(self, entry_id: str | None, question: str, answer: str, *, model: str,
                     citations: list[dict[str, Any]]) -> None:
        def add(s: UserStore) -> None:
            s.add_message(entry_id, "user", question, model=model)
            s.add_message(entry_id, "assistant", answer, model=model, citations=citations)

        self._data._call(add)

    def save_draft(self, entry_id: str, text: str, model: str) -> None:
        self._data._call(lambda s: s.save_draft(entry_id, text, model))
