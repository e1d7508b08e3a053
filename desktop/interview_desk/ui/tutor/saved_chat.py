"""``SavedChat``: the open entry's saved draft and conversation in the chat view.

Read and cleared through ``UserData`` (the store's writer thread); answers arrive on the
GUI thread and only the latest request is shown, so paging quickly through entries
never shows another entry's chat.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from interview_desk.corpus.model import Entry
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.report import user_message
from interview_desk.ui.runtime.user_data import ChatHistory, UserData
from interview_desk.ui.runtime.workers import Latest
from interview_desk.ui.tutor.chat_view import ChatItem, ChatView, history_items


class SavedChat:
    def __init__(self, user_data: UserData | None, chat: ChatView, owner: QObject, *,
                 on_loaded: Callable[[], None] | None = None) -> None:
        self._user_data = user_data
        self._chat = chat
        self._owner = owner  # callbacks are skipped once it is deleted
        self._on_loaded = on_loaded  # after what was saved is shown
        self._latest = Latest()
        self._entry: Entry | None = None
        self.has_draft = False  # a machine draft is saved for the entry shown

    def show(self, entry: Entry | None) -> None:
        """Empty the view for ``entry``, then fill in what was saved (answer comes later)."""
        if entry is None or self._entry is None or entry.id != self._entry.id:
            self.has_draft = False  # until the store says otherwise
        self._entry = entry
        self._chat.set_items([])
        if self._user_data is None:
            self._latest.drop()
            return
        self._user_data.chat_history(entry.id if entry else None,
                                     with_draft=entry is not None and not entry.answered,
                                     on_done=self._on_history_loaded,
                                     on_error=self._on_history_failed, context=self._owner,
                                     latest=self._latest)

    def clear(self, on_cleared: Callable[[str | None], None]) -> None:
        """Delete the open entry's conversation; ``on_cleared(entry_id)`` once it is gone."""
        entry = self._entry
        key = entry.id if entry else None

        def cleared() -> None:
            on_cleared(key)
            if entry is self._entry:
                self.show(entry)  # the draft, if any, stays

        if self._user_data is None:
            cleared()
            return
        self._user_data.clear_conversation(key, cleared, self._on_clear_failed,
                                           context=self._owner)

    def _on_history_loaded(self, history: ChatHistory) -> None:
        # Anything asked since the request (a fast first question) stays below the history.
        self._chat.set_items(history_items(history) + self._chat.items)
        self.has_draft = history.draft is not None
        if self._on_loaded is not None:
            self._on_loaded()

    def _on_history_failed(self, exc: BaseException) -> None:
        self._chat.add(ChatItem("notice", tr("tutor.unreadable", error=user_message(exc))))

    def _on_clear_failed(self, exc: BaseException) -> None:
        self._chat.add(ChatItem("notice", user_message(exc)))
