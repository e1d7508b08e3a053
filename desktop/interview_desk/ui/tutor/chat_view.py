"""The conversation as HTML in a ``QTextBrowser``: bubbles, streaming text, citations.

Citations [n] become links to ``entry:<id>``; clicking one emits ``sigEntryClicked``.
While a reply streams, repaints are coalesced by a short timer so that a fast model
does not re-layout the view for every token.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal, Slot
from PySide6.QtWidgets import QTextBrowser, QWidget

from interview_desk.tutor.prompt import Source
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.user_data import ChatHistory

_CITE = re.compile(r"\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]")
REPAINT_MS = 50


@dataclass
class ChatItem:
    role: str  # user | assistant | draft | notice
    text: str
    sources: list[Source] = field(default_factory=list)  # cited
    model: str = ""
    streaming: bool = False
    context: list[Source] = field(default_factory=list)  # offered to the model
    key: str = ""  # an i18n key: the text is re-read in the current language when shown


def _linked(text: str, sources: list[Source]) -> str:
    """Escaped text with each known citation number turned into a link."""
    by_number = {s.number: s for s in sources}

    def one(n_text: str) -> str:
        n = int(n_text)
        source = by_number.get(n)
        if source is None:
            return n_text
        title = html.escape(source.question, quote=True)
        return f'<a href="entry:{source.entry_id}" title="{title}">{n}</a>'

    out = []
    pos = 0
    escaped = html.escape(text)
    for m in _CITE.finditer(escaped):
        out.append(escaped[pos:m.start()])
        parts = re.split(r"(\s*[,，、]\s*)", m.group(1))
        out.append("[" + "".join(one(p) if p.strip().isdigit() else p for p in parts) + "]")
        pos = m.end()
    out.append(escaped[pos:])
    return "".join(out).replace("\n", "<br>")


def item_html(item: ChatItem) -> str:
    text = tr(item.key) if item.key else item.text
    body = _linked(text, item.sources) if text else "…"
    if item.streaming:
        body += " ▍"
    if item.role == "user":
        return (f'<table width="100%" cellpadding="6"><tr><td bgcolor="#dbeafe">'
                f"<b>{tr('tutor.you')}</b><br>{body}</td></tr></table>")
    if item.role == "notice":
        return f'<p><i><font color="#b45309">{body}</font></i></p>'
    label = tr("tutor.speaker")
    colour = "#f3f4f6"
    if item.role == "draft":
        label = tr("tutor.drafted")
        colour = "#fef3c7"
    model = f' <font color="#6b7280">({html.escape(item.model)})</font>' if item.model else ""
    sources = ""
    listed, title = (item.sources, tr("tutor.sources")) if item.sources else \
        (item.context, tr("tutor.offered"))
    if listed and not item.streaming:
        links = "<br>".join(
            f'[{s.number}] <a href="entry:{s.entry_id}">{html.escape(s.question)}</a>'
            for s in listed)
        sources = f'<br><font size="-1"><b>{title}</b><br>{links}</font>'
    return (f'<table width="100%" cellpadding="6"><tr><td bgcolor="{colour}">'
            f"<b>{label}</b>{model}<br>{body}{sources}</td></tr></table>")


def _sources(citations: list[dict[str, Any]]) -> list[Source]:
    return [Source(c["n"], c["id"], str(c.get("question", ""))) for c in citations
            if isinstance(c.get("n"), int) and isinstance(c.get("id"), str)]


def history_items(history: ChatHistory) -> list[ChatItem]:
    """The saved draft and conversation (read by ``UserData.chat_history``) as chat items."""
    items: list[ChatItem] = []
    if history.draft is not None:
        items.append(ChatItem("draft", history.draft.text, model=history.draft.model))
    items.extend(ChatItem(m.role, m.content, _sources(m.citations), m.model)
                 for m in history.messages if m.role in ("user", "assistant"))
    return items


class ChatView(QTextBrowser):
    sigEntryClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="tutorChat")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.items: list[ChatItem] = []
        self._timer = QTimer(self, singleShot=True, interval=REPAINT_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.anchorClicked.connect(self._on_anchor_clicked)

    def set_items(self, items: list[ChatItem]) -> None:
        self.items = items
        self.repaint_now()

    def add(self, item: ChatItem) -> ChatItem:
        self.items.append(item)
        self.repaint_now()
        return item

    def append_text(self, piece: str) -> None:
        if self.items and self.items[-1].streaming:
            self.items[-1].text += piece
            if not self._timer.isActive():
                self._timer.start()

    def finish_streaming(self, text: str | None = None, sources: list[Source] | None = None,
                         model: str = "", context: list[Source] | None = None) -> None:
        if self.items and self.items[-1].streaming:
            item = self.items[-1]
            item.streaming = False
            if text is not None:
                item.text = text
            item.sources = sources or []
            item.context = context or []
            item.model = model or item.model
        self.repaint_now()

    def repaint_now(self) -> None:
        self._timer.stop()
        self.setHtml("".join(item_html(i) for i in self.items))
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.repaint_now()

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "entry":
            self.sigEntryClicked.emit(url.path())
