"""``ReplyBubble``: the chat bubble of the request running, wherever the learner goes.

A reply belongs to the entry it was asked about. The bubble keeps collecting the
sources, the reading progress and the text even while another entry's chat is shown,
comes back when that entry does, and says where the reply went when it ends unseen.
"""

from __future__ import annotations

from interview_desk.corpus.model import Entry
from interview_desk.tutor.session import Reply
from interview_desk.ui.i18n import tr
from interview_desk.ui.tutor.chat_view import ChatItem, ChatView
from interview_desk.ui.tutor.worker import AskJob, DraftJob, Reading


class ReplyBubble:
    def __init__(self, chat: ChatView) -> None:
        self._chat = chat
        self.job: AskJob | DraftJob | None = None
        self.item: ChatItem | None = None

    def start(self, job: AskJob | DraftJob, item: ChatItem) -> None:
        self.job, self.item = job, item

    @property
    def shown(self) -> bool:
        return self.item is not None and any(i is self.item for i in self._chat.items)

    def entry_shown(self, entry: Entry | None) -> None:
        """The chat now shows ``entry``: bring the bubble back, or say where it is."""
        job, item = self.job, self.item
        if job is None or item is None:
            return
        if (job.entry.id if job.entry else None) == (entry.id if entry else None):
            self._chat.add(item)
        elif job.entry is not None:
            self._chat.add(ChatItem("notice", tr("tutor.elsewhere",
                                                 question=job.entry.question.strip())))

    def received(self, piece: str | Reading) -> str | None:
        """Take one streamed item; the text piece, if it was one."""
        item = self.item
        if item is None:
            return None
        text = None
        if isinstance(piece, Reading):
            item.context = list(piece.sources)
            item.reading = (piece.done, piece.total)
        else:
            item.text += piece
            text = piece
        if self.shown:
            self._chat.schedule_repaint()
        return text

    def finished(self, reply: Reply) -> None:
        """Fill the bubble with the final reply and say how it ended."""
        if self.item is not None:
            self.item.text, self.item.sources = reply.text, reply.citations
            self.item.context, self.item.model = reply.context, reply.model
        key = ""
        if reply.looped:
            key = "tutor.looped_draft" if reply.drafted_for else "tutor.looped"
        elif reply.cancelled:
            key = "tutor.stopped"
        job, shown = self.job, self.shown
        self.end(tr(key) if key else "", key)
        if not key and not shown and job is not None and job.entry is not None:
            self._chat.add(ChatItem("notice", tr("tutor.elsewhere_done",
                                                 question=job.entry.question.strip())))

    def end(self, notice: str = "", key: str = "") -> None:
        """Close the bubble (where it is shown) with an optional notice."""
        item, shown = self.item, self.shown
        if item is not None:
            item.streaming = False
        if notice and shown:
            self._chat.add(ChatItem("notice", notice, key=key))
        elif shown:
            self._chat.repaint_now()
        self.job = self.item = None
