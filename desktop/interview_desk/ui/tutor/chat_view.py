"""The conversation as HTML in a ``QTextBrowser``: bubbles, source cards, streaming text,
replies rendered like the reader's notes (Markdown, code, math), citations as links.

Citations [n] become links to ``entry:<id>``; clicking one emits ``sigEntryClicked``.
Colours come from the reader's palette for the widget's (light or dark) colours.
While a reply streams, repaints are coalesced by a short timer so that a fast model
does not re-layout the view for every token.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QRectF, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QTextBrowser, QWidget

from interview_desk.render.document import render_markdown
from interview_desk.render.limits import cap_text
from interview_desk.render.theme import Palette, palette
from interview_desk.tutor.prompt import Source
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.user_data import ChatHistory
from interview_desk.ui.tutor.source_cards import cards_html

_CITE = re.compile(r"\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]")
_BODY = re.compile(r"^<html><body[^>]*>\n?|</body></html>$")
REPAINT_MS = 50
ADD_MODEL_URL = "action:add-model"  # an inline link the panel answers


@dataclass
class ChatItem:
    role: str  # user | assistant | draft | notice
    text: str
    sources: list[Source] = field(default_factory=list)  # cited
    model: str = ""
    streaming: bool = False
    context: list[Source] = field(default_factory=list)  # offered to the model
    key: str = ""  # an i18n key: the text is re-read in the current language when shown
    query: str = ""  # what was asked: the source cards highlight its words
    reading: tuple[int, int] = (0, 0)  # prompt tokens read / to read, while streaming
    link: str = ""  # a notice's action link (ADD_MODEL_URL) and its i18n key after "|"
    _rendered: tuple[tuple[str, str], str, dict[str, Any]] | None = field(
        default=None, repr=False, compare=False)


def with_link(text: str, url: str, label: str, colour: str) -> str:
    """Rich text: ``text`` followed by a link ``label`` to ``url`` (an action)."""
    return (f'{html.escape(text)} <a href="{url}" style="color:{colour}">'
            f"{html.escape(label)}</a>")


def _link_citations(escaped: str, sources: list[Source], p: Palette) -> str:
    """``escaped`` HTML with each known citation number turned into a link."""
    by_number = {s.number: s for s in sources}

    def one(n_text: str) -> str:
        source = by_number.get(int(n_text))
        if source is None:
            return n_text
        title = html.escape(source.question, quote=True)
        return (f'<a href="entry:{source.entry_id}" title="{title}" '
                f'style="color:{p.link}">{n_text}</a>')

    def replace(m: re.Match[str]) -> str:
        parts = re.split(r"(\s*[,，、]\s*)", m.group(1))
        return "[" + "".join(one(x) if x.strip().isdigit() else x for x in parts) + "]"

    return _CITE.sub(replace, escaped)


def _linked(text: str, sources: list[Source], p: Palette) -> str:
    escaped = html.escape(cap_text(text))  # a streamed 1 MB data: URI froze the window
    return _link_citations(escaped, sources, p).replace("\n", "<br>")


def _markdown(item: ChatItem, text: str, theme: str) -> tuple[str, dict[str, Any]]:
    """The reply through the reader's renderer (code, tables, math), cached per item."""
    key = (text, theme)
    if item._rendered is not None and item._rendered[0] == key:
        return item._rendered[1], item._rendered[2]
    doc = render_markdown(text, theme=theme)
    body = _BODY.sub("", doc.html_at(1.0))
    item._rendered = (key, body, dict(doc.math))
    return body, item._rendered[2]


def item_html(item: ChatItem, p: Palette | None = None,
              math: dict[str, Any] | None = None) -> str:
    """One chat item as HTML in palette ``p``; math images it uses go into ``math``."""
    p = p or palette("light")
    text = tr(item.key) if item.key else item.text
    if item.role == "notice":
        link = ""
        if item.link:
            url, key = item.link.split("|", 1)
            link = f' <a href="{url}" style="color:{p.link}">{html.escape(tr(key))}</a>'
        return (f'<p><i><font color="{p.draft_border}">{_linked(text, [], p)}</font></i>'
                f"{link}</p>")
    if item.role == "user":
        return (f'<table width="100%" cellpadding="6"><tr>'
                f'<td style="background-color:{p.header_bg}; color:{p.text}">'
                f"<b>{tr('tutor.you')}</b><br>{_linked(text, [], p)}</td></tr></table>")
    label, colour = tr("tutor.speaker"), p.code_bg
    if item.role == "draft":
        label, colour = tr("tutor.drafted"), p.draft_bg
    model = (f' <font color="{p.muted}">({html.escape(item.model)})</font>'
             if item.model else "")
    cards = ""
    if item.streaming:
        cards = cards_html(item.context, item.query, p, tr("tutor.reading_sources",
                                                           n=len(item.context)))
        done, total = item.reading
        status = tr("tutor.reading_tokens", done=done, total=total) if total else \
            tr("tutor.reading") if item.context else "…"
        body = _linked(text, item.sources, p) if text else \
            f'<font color="{p.muted}"><i>{html.escape(status)}</i></font>'
        body += " ▍"
    elif text:
        rendered, images = _markdown(item, text, p.name)
        if math is not None:
            math.update(images)
        body = _link_citations(rendered, item.sources or item.context, p)
    else:
        body = "…"
    if not item.streaming:  # evidence first, then the answer, as while it streamed
        listed, title = (item.sources, tr("tutor.sources")) if item.sources else \
            (item.context, tr("tutor.offered"))
        cards = cards_html(listed, item.query, p, title)
    return (f'{cards}<table width="100%" cellpadding="6"><tr>'
            f'<td style="background-color:{colour}; color:{p.text}">'
            f"<b>{label}</b>{model}<br>{body}</td></tr></table>")


def _sources(citations: list[dict[str, Any]], offered: bool) -> list[Source]:
    found = [(Source.from_json(c), bool(c.get("offered"))) for c in citations]
    return [s for s, was_offered in found if s is not None and was_offered == offered]


def history_items(history: ChatHistory) -> list[ChatItem]:
    """The saved draft and conversation (read by ``UserData.chat_history``) as chat items;
    a reply's offered sources come back with it (stored in its citations column)."""
    items: list[ChatItem] = []
    if history.draft is not None:
        items.append(ChatItem("draft", history.draft.text, model=history.draft.model))
    question = ""
    for m in history.messages:
        if m.role == "user":
            question = m.content
            items.append(ChatItem("user", m.content))
        elif m.role == "assistant":
            cited = _sources(m.citations, offered=False)
            items.append(ChatItem("assistant", m.content, cited, m.model,
                                  context=cited + _sources(m.citations, offered=True),
                                  query=question))
    return items


def palette_of(widget: QWidget) -> Palette:
    """The reader's palette matching ``widget``'s (the app's) light or dark colours."""
    dark = widget.palette().color(QPalette.ColorRole.Base).lightness() < 128
    return palette("dark" if dark else "light")


class ChatView(QTextBrowser):
    sigEntryClicked = Signal(str)
    sigActionClicked = Signal(str)  # an inline action link (ADD_MODEL_URL)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="tutorChat")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.items: list[ChatItem] = []
        # the notes the next question will carry, shown after the chat until it is asked
        # (sources, the words their cards highlight)
        self.preview: tuple[list[Source], str] = ([], "")
        self._math: dict[str, Any] = {}
        self._timer = QTimer(self, singleShot=True, interval=REPAINT_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.anchorClicked.connect(self._on_anchor_clicked)

    @property
    def theme_palette(self) -> Palette:
        return palette_of(self)

    def set_items(self, items: list[ChatItem]) -> None:
        self.items = items
        self.repaint_now()

    def set_preview(self, sources: list[Source], query: str) -> None:
        """Cards for ``sources`` after the chat, titled as the notes the tutor will use
        ([] clears them); not while a reply streams, which shows its own."""
        if (sources, query) != self.preview:
            self.preview = (sources, query)
            self.repaint_now()

    def add(self, item: ChatItem) -> ChatItem:
        self.items.append(item)
        self.repaint_now()
        return item

    def schedule_repaint(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def append_text(self, piece: str) -> None:
        if self.items and self.items[-1].streaming:
            self.items[-1].text += piece
            self.schedule_repaint()
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
        p = self.theme_palette
        self._math = {}
        self.document().setDefaultStyleSheet(f"a {{ color: {p.link}; }}")
        sources, query = self.preview
        streaming = bool(self.items) and self.items[-1].streaming
        preview = "" if streaming else cards_html(sources, query, p, tr("tutor.will_use",
                                                                        n=len(sources)))
        self.setHtml(f'<body style="color:{p.text}; background-color:{p.background}">'
                     + "".join(item_html(i, p, self._math) for i in self.items) + preview
                     + "</body>")
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the theme was switched
            self.repaint_now()

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        qurl = QUrl(url) if isinstance(url, str) else url
        image = self._math.get(qurl.path()) if qurl.scheme() == "math" else None
        if image is not None:
            return _raster(image)
        if qurl.scheme() in ("http", "https", "ftp"):
            return None  # offline: never fetch
        return super().loadResource(kind, qurl)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.repaint_now()

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "entry":
            self.sigEntryClicked.emit(url.path())
        elif url.scheme() == "action":
            self.sigActionClicked.emit(url.toString())


def _raster(image: Any) -> QImage:
    """A formula's SVG drawn at its size (the reader's view also fits it to the baseline;
    a chat reply only needs it legible)."""
    width, height = max(1, round(image.width)), max(1, round(image.ascent + image.descent))
    raster = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    raster.fill(QColor(0, 0, 0, 0))
    painter = QPainter(raster)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(image.svg)).render(painter, QRectF(0, 0, width, height))
    painter.end()
    return raster
