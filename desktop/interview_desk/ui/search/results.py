"""Search results: a list of highlighted hits (rich text delegate) and "did you mean"."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from interview_desk.search.results import LIST_ROWS_FIRST
from interview_desk.ui.i18n import tr

HTML_ROLE = Qt.ItemDataRole.UserRole + 10
ID_ROLE = Qt.ItemDataRole.UserRole + 11

_Index = QModelIndex | QPersistentModelIndex
# The search package marks matches as <b class="hit">; tint them like a highlighter pen.
HIT_CSS_LIGHT = "b.hit { background-color: #fff0a8; }"
HIT_CSS_DARK = "b.hit { background-color: #5a4a12; }"
# A selected row draws white text on the selection blue: there a hit is a brighter
# marker with dark text of its own, readable in both themes (contrast about 13:1).
HIT_CSS_SELECTED = "b.hit { background-color: #ffe066; color: #1f2328; }"


@dataclass(frozen=True, slots=True)
class ResultRow:
    entry_id: str
    html: str = ""  # question line + snippet, already highlighted and script-converted
    tooltip: str = ""
    # Makes ``html`` when the list first asks for it (rows past the first screenfuls).
    later: Callable[[], str] | None = field(default=None, compare=False)


class ResultsModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ResultRow] = []
        self._html: list[str | None] = []

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._html = [r.html if r.later is None else None for r in rows]
        self.endResetModel()

    def append_rows(self, rows: list[ResultRow]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self._html.extend(r.html if r.later is None else None for r in rows)
        self.endInsertRows()

    def _row_html(self, i: int) -> str:
        text = self._html[i]
        if text is None:
            make = self._rows[i].later
            text = self._html[i] = make() if make is not None else ""
        return text

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == HTML_ROLE:
            return self._row_html(index.row())
        if role == ID_ROLE:
            return row.entry_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            doc = QTextDocument()
            doc.setHtml(self._row_html(index.row()))
            return doc.toPlainText()
        return None


def hit_css(option: QStyleOptionViewItem) -> str:
    """The match highlight for a row: by theme, and its own text colour when selected."""
    if option.state & QStyle.StateFlag.State_Selected:
        return HIT_CSS_SELECTED
    dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128
    return HIT_CSS_DARK if dark else HIT_CSS_LIGHT


class HtmlDelegate(QStyledItemDelegate):
    """Paints each row's HTML (question in bold, snippet with <b> highlights).

    A row's laid-out document is kept for the next ask with the same text, width, font
    and highlight: the list asks each row its size, then paints the visible ones, and
    laying a row out again for the paint was a good part of the GUI thread's time to
    show 50 new results.
    """

    _PADDING = 6
    _KEPT = 256  # documents: a few result lists' worth

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._docs: OrderedDict[tuple[str, int, str, str], QTextDocument] = OrderedDict()

    def _document(self, option: QStyleOptionViewItem, index: _Index) -> QTextDocument:
        html = index.data(HTML_ROLE) or ""
        width = max(option.rect.width(), 120)
        css = hit_css(option)
        key = (html, width, css, option.font.key())
        doc = self._docs.get(key)
        if doc is not None:
            self._docs.move_to_end(key)
            return doc
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDefaultStyleSheet(css)
        doc.setDocumentMargin(self._PADDING)
        doc.setHtml(html)
        doc.setTextWidth(width)
        self._docs[key] = doc
        if len(self._docs) > self._KEPT:
            self._docs.popitem(last=False)
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        doc = self._document(option, index)
        # As wide as the text was wrapped to: the row is painted in a rect this wide, so the
        # paint finds this very layout. (The widest line, idealWidth, made the rect narrower
        # than the wrap: the paint wrapped again, sometimes to a line more than the row
        # had room for, which the clip cut off.)
        return QSize(int(doc.textWidth()), int(doc.size().height()))


class ResultsView(QWidget):
    """Count, did-you-mean link and the hits; activating a hit emits its entry id."""

    sigEntryActivated = Signal(str)
    sigSuggestionActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._suggestion = ""
        self._pending: list[ResultRow] = []  # rows shown a turn after the first ones
        self._info_text: Callable[[], str] = str  # re-read when the language changes
        self.info = QLabel(objectName="resultsInfo")
        self.info.setWordWrap(True)
        self.suggestion = QLabel(objectName="didYouMean")
        self.suggestion.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion.setHidden(True)
        self.model = ResultsModel()
        self.list = QListView(objectName="resultsList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HtmlDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap rows on resize
        # Always there: a scroll bar that appears with the rows narrows them, and the list
        # then lays every row out again at the new width.
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        # Not laid out in batches (Qt's Batched mode): the turns were shorter (8 ms, not
        # 15), but until the last batch a click found no row under it.
        self.list.viewport().installEventFilter(self)  # the first rows painted: the rest
        self.list.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.info)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.list, 1)
        self.suggestion.linkActivated.connect(self._on_suggestion_link_activated)
        self.list.activated.connect(self._on_list_activated)
        self.list.clicked.connect(self._on_list_activated)
        # Arrow keys through the hits open each one, like the tree.
        self.list.selectionModel().currentChanged.connect(self._on_list_activated)

    def set_message(self, key: str) -> None:
        """Show the i18n string ``key`` above the (empty) list."""
        self._show_info(lambda: tr(key))

    def _show_info(self, text: Callable[[], str]) -> None:
        self._info_text = text
        self.info.setText(text())

    def set_results(self, query: str, rows: list[ResultRow], suggestion: str = "",
                    total: int = 0) -> None:
        """Show ``rows``: the first screenfuls at once, the others a turn of the event
        loop later, after the first are painted (laying out all 50 first held the first
        paint back by 23 ms)."""
        self._pending = rows[LIST_ROWS_FIRST:]
        self.model.set_rows(rows[:LIST_ROWS_FIRST])
        if self._pending and not self.list.isVisible():
            self._add_pending()  # nothing will be painted to wait for
        n, total = len(rows), max(total, len(rows))
        if not rows:
            self._show_info(lambda: tr("search.none", q=query))
        elif total > n:
            self._show_info(lambda: tr("search.count_of", n=n, total=total))
        else:
            self._show_info(lambda: tr("search.count", n=n))
        self._suggestion = suggestion
        self.suggestion.setHidden(not suggestion)
        self.retranslate()
        if rows:
            self.list.scrollToTop()

    def retranslate(self) -> None:
        self.info.setText(self._info_text())
        if self._suggestion:
            self.suggestion.setText(tr("search.did_you_mean", s=self._suggestion))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if (event.type() == QEvent.Type.Paint and self._pending
                and watched is self.list.viewport()):
            QTimer.singleShot(0, self, self._add_pending)  # once this paint is done
        return False

    @Slot()
    def _add_pending(self) -> None:
        rows, self._pending = self._pending, []
        self.model.append_rows(rows)

    def clear(self) -> None:
        self._pending = []
        self.model.set_rows([])
        self._info_text = str
        self.info.clear()
        self._suggestion = ""
        self.suggestion.setHidden(True)

    def entry_ids(self) -> list[str]:
        self._add_pending()  # every row, and a model index for each
        return [str(self.model.data(self.model.index(i), ID_ROLE))
                for i in range(self.model.rowCount())]

    def activate_row(self, row: int) -> None:
        self._add_pending()
        index = self.model.index(row)
        if index.isValid():
            self.list.setCurrentIndex(index)
            self._on_list_activated(index)

    @Slot(str)
    def _on_suggestion_link_activated(self, _link: str) -> None:
        if self._suggestion:
            self.sigSuggestionActivated.emit(self._suggestion)

    @Slot(QModelIndex)
    def _on_list_activated(self, index: QModelIndex, _previous: object = None) -> None:
        entry_id = index.data(ID_ROLE)
        if entry_id:
            self.sigEntryActivated.emit(entry_id)
