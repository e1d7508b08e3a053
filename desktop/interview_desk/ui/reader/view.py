"""The reader: a QTextBrowser showing a rendered answer, with math, zoom, find and links.

Rendering (Markdown, Pygments, ziamath) runs on Qt's thread pool; only the finished HTML
is set on the GUI thread. Math arrives as SVG and is rasterised here with QtSvg at the
zoom and the screen's device-pixel ratio, so formulas stay sharp when zoomed, and the
HTML carries the matching sizes (``RenderedDoc.html_at``).
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QPoint,
    QRectF,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from interview_desk.corpus.model import Entry
from interview_desk.render import EntryLabels, RenderedDoc, render_entry
from interview_desk.render.html import REPAIRED_TIP
from interview_desk.render.math import TextMetrics
from interview_desk.render.theme import BODY_PX, palette
from interview_desk.ui.i18n import tr
from interview_desk.ui.reader.source_text import SourceTextDialog
from interview_desk.ui.runtime.workers import Latest, run_in_pool

log = logging.getLogger(__name__)

ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 0.5, 3.0, 1.15
# First installed family wins; Qt falls back per glyph through the rest.
_FAMILIES = {
    "simplified": ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei UI",
                   "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK TC"],
    "traditional": ["Noto Sans CJK TC", "Source Han Sans TC", "Microsoft JhengHei UI",
                    "Microsoft JhengHei", "PingFang TC", "Noto Sans CJK SC"],
}


class ReaderView(QTextBrowser):
    """Shows a ``RenderedDoc``. Internal links ``entry:ID`` emit ``sigEntryLinkActivated``;
    web links are never fetched, only reported through ``sigExternalLinkActivated``."""

    sigEntryLinkActivated = Signal(str)
    sigExternalLinkActivated = Signal(str)
    sigDocumentShown = Signal(str)  # entry id ("" for plain Markdown)
    sigMathShown = Signal(str)  # entry id: its formulas, rendered after the text, are in
    sigZoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._on_self_anchor_clicked)
        self._render = Latest()  # only the last asked-for entry is shown
        self._doc: RenderedDoc | None = None
        self._entry: Entry | None = None
        self._entry_id = ""
        self._script = "original"
        self._theme = "light"
        self._draft: str | None = None
        self._zoom = 1.0
        self._rasters: dict[tuple[str, float, TextMetrics, float, float], QImage] = {}
        self._fit_width = float("inf")  # display formulas shrink to this width
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(120)
        self._refit_timer.timeout.connect(self._on_refit_timer_timeout)
        self._text = TextMetrics.estimate(BODY_PX)  # measured when the font is set
        self.document().setDocumentMargin(18)
        self._apply_font("simplified")

    # -- public API ----------------------------------------------------------------
    @property
    def rendered(self) -> RenderedDoc | None:
        return self._doc

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def entry_id(self) -> str:
        return self._entry_id

    def show_entry(self, entry: Entry, *, script: str | None = None, theme: str | None = None,
                   draft: str | None = None) -> None:
        """Render ``entry`` on the thread pool and show it when ready (latest call wins).

        Text first: the page comes with the formulas already in the math cache, the rest
        as TeX source; when any were missing, a second render brings them (a cold
        formula costs ziamath tens of milliseconds, a math-heavy answer over 300 ms).
        """
        self._entry, self._draft = entry, draft
        self._script = script or self._script
        self._theme = theme or self._theme
        script, theme = self._script, self._theme
        labels = entry_labels()

        def render(cached_math_only: bool) -> RenderedDoc:
            return render_entry(entry, script=script, theme=theme, draft=draft,
                                cached_math_only=cached_math_only, labels=labels)

        def on_text(doc: RenderedDoc) -> None:
            self.show_doc(doc, entry.id)
            if doc.math_pending:
                run_in_pool(lambda: render(False), on_math, on_error, context=self,
                            latest=self._render)

        def on_math(doc: RenderedDoc) -> None:  # same page, now with its formulas
            self._doc = doc
            self._set_html(keep_scroll=True)
            self.sigMathShown.emit(entry.id)

        def on_error(exc: BaseException) -> None:
            self._show_render_error(entry.id, exc)

        run_in_pool(lambda: render(True), on_text, on_error, context=self,
                    latest=self._render)

    def show_doc(self, doc: RenderedDoc, entry_id: str = "") -> None:
        """Show an already rendered document now (tests, self-test, prepared docs)."""
        self._render.drop()  # a render still in flight must not replace this one
        self._doc, self._entry_id = doc, entry_id
        self._theme = doc.theme
        self._apply_colors()
        self._apply_font(doc.han)
        self._set_html(keep_scroll=False)
        self.sigDocumentShown.emit(entry_id)

    def retranslate(self) -> None:
        """Re-render the current entry: its 'no answer' and draft lines are in the UI's language."""
        if self._entry is not None:
            self.show_entry(self._entry, draft=self._draft)

    def set_theme(self, theme: str) -> None:
        """Re-render the current entry for ``light`` or ``dark``."""
        if theme == self._theme:
            return
        self._theme = theme
        self._apply_colors()
        if self._entry is not None:
            self.show_entry(self._entry, draft=self._draft)

    def set_script(self, script: str) -> None:
        if script == self._script:
            return
        self._script = script
        if self._entry is not None:
            self.show_entry(self._entry, draft=self._draft)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def zoom_reset(self) -> None:
        self.set_zoom(1.0)

    def set_zoom(self, factor: float) -> None:
        factor = round(min(ZOOM_MAX, max(ZOOM_MIN, factor)), 3)
        if math.isclose(factor, self._zoom):
            return
        self._zoom = factor
        self._apply_font(self._doc.han if self._doc else "simplified")
        self._set_html(keep_scroll=True)
        self.sigZoomChanged.emit(factor)

    def find_text(self, text: str, backwards: bool = False) -> bool:
        """Select the next (or previous) match, wrapping around; False if none."""
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        if self.find(text, flags):
            return True
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if backwards
                            else QTextCursor.MoveOperation.Start)
        self.setTextCursor(cursor)
        return self.find(text, flags)

    def selected_text(self) -> str:
        return self.textCursor().selectedText().replace("\u2029", "\n")

    # -- Qt overrides --------------------------------------------------------------
    def loadResource(self, kind: int, url: QUrl | str) -> object:
        qurl = QUrl(url) if isinstance(url, str) else url
        if qurl.scheme() == "math" and self._doc is not None:
            image = self._raster(qurl.path())
            if image is not None:
                return image
        if qurl.scheme() in ("http", "https", "ftp"):
            return None  # offline: never fetch
        return super().loadResource(kind, qurl)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QTextEdit's own zoom keys only scale fonts; route them to ours (math too).
        if event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Only a wide display formula cares about the width; re-set the page (debounced)
        # when one no longer fits, or could now be shown larger.
        if self._doc is not None:
            widest = self._doc.widest_display(self._zoom)
            if widest > min(self._fit_width, self._available_width()):
                self._refit_timer.start()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.angleDelta().y() > 0:
                self.zoom_in()
            elif event.angleDelta().y() < 0:
                self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    # -- source text and rebuilt formulas ---------------------------------------------
    def show_source_text(self) -> SourceTextDialog | None:
        """Open the current answer exactly as its document has it (None: no entry)."""
        if self._entry is None:
            return None
        dialog = SourceTextDialog(self._entry, self)
        dialog.setModal(False)
        dialog.show()
        return dialog

    def tooltip_at(self, point: QPoint) -> str:
        """The tooltip for viewport point ``point``: a rebuilt formula says so."""
        cursor = self.cursorForPosition(point)
        formats = [cursor.charFormat()]
        if cursor.movePosition(QTextCursor.MoveOperation.NextCharacter,
                               QTextCursor.MoveMode.KeepAnchor):
            formats.append(cursor.charFormat())  # the image right of the hit position
        for fmt in formats:
            if fmt.toolTip() == REPAIRED_TIP:
                return tr("reader.repaired_formula")
            if fmt.toolTip():
                return fmt.toolTip()
        return ""

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self._entry is not None and self._entry.answered:
            menu.addSeparator()
            action = menu.addAction(tr("reader.show_source"))
            action.setObjectName("showSourceText")
            action.triggered.connect(self.show_source_text)
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- internals -----------------------------------------------------------------
    def _raster(self, name: str) -> QImage | None:
        image = self._doc.math.get(name) if self._doc else None
        if image is None:
            return None
        dpr = max(1.0, self.devicePixelRatioF())
        key = (name, self._zoom, self._text, self._fit_width, dpr)
        cached = self._rasters.get(key)
        if cached is not None:
            return cached
        width, height, top = image.box(self._zoom, self._text, self._fit_width)
        raster = QImage(max(1, math.ceil(width * dpr)), max(1, math.ceil(height * dpr)),
                        QImage.Format.Format_ARGB32_Premultiplied)
        raster.fill(QColor(0, 0, 0, 0))
        renderer = QSvgRenderer(QByteArray(image.svg))
        if not renderer.isValid():
            log.warning("reader: invalid SVG for formula %s", name)
            return None
        painter = QPainter(raster)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # the formula itself, without the baseline padding of inline ones
        drawn = height if image.display else (image.ascent + image.descent) * self._zoom
        renderer.render(painter, QRectF(0, top * dpr, width * dpr, drawn * dpr))
        painter.end()
        raster.setDevicePixelRatio(dpr)
        if len(self._rasters) > 512:  # zooming through many sizes; start over
            self._rasters.clear()
        self._rasters[key] = raster
        return raster

    def _set_html(self, *, keep_scroll: bool) -> None:
        if self._doc is None:
            return
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if keep_scroll and bar.maximum() else 0.0
        self._fit_width = self._available_width()
        self.setHtml(self._doc.html_at(self._zoom, self._text, self._fit_width))
        if keep_scroll:
            bar.setValue(round(fraction * bar.maximum()))

    def _available_width(self) -> float:
        # Room for a centred formula: the inside less a scroll bar (shown or about to be,
        # it appears only after the page is set), the page margins and a list indent.
        inside = self.contentsRect().width() - self.verticalScrollBar().sizeHint().width()
        return max(80.0, inside - 2 * self.document().documentMargin() - 40)

    @Slot()
    def _on_refit_timer_timeout(self) -> None:
        if abs(self._available_width() - self._fit_width) >= 1:
            self._set_html(keep_scroll=True)

    def _apply_font(self, han: str) -> None:
        font = QFont(self.font())
        font.setFamilies(_FAMILIES.get(han, _FAMILIES["simplified"]))
        font.setPixelSize(max(6, round(BODY_PX * self._zoom)))
        self.document().setDefaultFont(font)
        metrics = QFontMetricsF(font)
        self._text = TextMetrics(metrics.ascent(), metrics.descent(),
                                 QFontMetrics(font).xHeight() / 2)

    def _apply_colors(self) -> None:
        p = palette(self._theme)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Base, QColor(p.background))
        pal.setColor(QPalette.ColorRole.Text, QColor(p.text))
        pal.setColor(QPalette.ColorRole.Link, QColor(p.link))
        self.setPalette(pal)

    def _show_render_error(self, entry_id: str, exc: BaseException) -> None:
        log.error("rendering %s failed", entry_id, exc_info=exc)
        self.setPlainText(tr("reader.render_failed", message=f"{type(exc).__name__}: {exc}"))

    @Slot(QUrl)
    def _on_self_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "entry":
            self.sigEntryLinkActivated.emit(url.path())
        elif url.scheme() in ("http", "https", "mailto"):
            self.sigExternalLinkActivated.emit(url.toString())
        elif url.hasFragment() and not url.scheme():
            self.scrollToAnchor(url.fragment())


def entry_labels() -> EntryLabels:
    return EntryLabels(no_answer=tr("reader.no_answer"), draft=tr("reader.draft_label"))
