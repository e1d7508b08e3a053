"""Search as you type: debounce, run the query on the search thread, keep only the latest.

Each keystroke restarts a ~150 ms timer; when it fires the query goes to the search
worker as the latest request (``workers.Latest``): a result that is no longer current
(the user typed on) is dropped, and a queued query that is already stale is skipped
before it runs, so a fast typist never waits behind old searches. A whole query put in
the box at once (a suggestion, the start-up probe) skips the timer: ``run_query``.
"""

from __future__ import annotations

import functools
import html
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from interview_desk.script import convert, nfkc
from interview_desk.search.results import LIST_ROWS, LIST_ROWS_FIRST
from interview_desk.ui.runtime.desk import Desk
from interview_desk.ui.runtime.workers import Latest
from interview_desk.ui.search.bar import SearchFilters
from interview_desk.ui.search.results import ResultRow

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150


def make_query(index: Any, query: str, filters: SearchFilters, limit: int) -> Any:
    """Run one query against the search package's index (on the search thread)."""
    return index.search(query, limit=limit, source=filters.source,
                        min_difficulty=filters.min_difficulty or None,
                        answered=True if filters.answered_only else None)


def row_html(hit: Any, script: str) -> str:
    """A list row: question line, then the highlighted snippet and the section."""
    question = convert(hit.question_html, script)
    snippet = convert(hit.snippet_html or "", script)
    where = html.escape(convert(nfkc(hit.section), script))
    if hit.snippet_from == "notes":
        where = f"✎ {where}"
    parts = [f"<div style='font-weight:600'>{question}</div>"]
    if snippet:
        parts.append(f"<div>{snippet}</div>")
    if where:
        parts.append(f"<div style='font-size:small; color:gray'>{where}</div>")
    return "".join(parts)


def rows_for(results: Any, script: str, first: int = LIST_ROWS_FIRST) -> list[ResultRow]:
    """List rows for the hits: the ``first`` made now (on the search thread), the rest
    when the list first asks for them (pure work on the hits' stored text)."""
    return [ResultRow(hit.entry_id, row_html(hit, script)) if i < first
            else ResultRow(hit.entry_id, later=functools.partial(row_html, hit, script))
            for i, hit in enumerate(results.hits)]


class SearchController(QObject):
    sigResultsReady = Signal(str, object, str, int)  # query, rows, suggestion, total
    sigCleared = Signal()
    sigSearchStarted = Signal(str)

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._query = ""
        self._filters = SearchFilters()
        self._script = "original"
        self._latest = Latest()
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def query(self) -> str:
        return self._query

    def set_script(self, script: str) -> None:
        self._script = script

    @Slot(str)
    def set_query(self, text: str) -> None:
        text = text.strip()
        if text == self._query and self._timer.isActive():
            return
        self._query = text
        self._latest.drop()  # anything in flight is now stale
        if not text:
            self._timer.stop()
            self.sigCleared.emit()
            return
        self._timer.start()

    @Slot(str)
    def run_query(self, text: str) -> None:
        """Search ``text`` now, without the debounce (once the index is ready if not yet)."""
        self.set_query(text)
        if self._timer.isActive():
            self._timer.stop()
            self._on_timer_timeout()

    @Slot(object)
    def set_filters(self, filters: SearchFilters) -> None:
        self._filters = filters
        if self._query:
            self._latest.drop()
            self._timer.start()

    def refresh(self) -> None:
        """Run the current query again now (index became ready, script changed)."""
        if self._query:
            self._latest.drop()
            self._timer.stop()
            self._on_timer_timeout()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not self._query or self._desk.index is None:
            return
        query, filters, script = self._query, self._filters, self._script
        self.sigSearchStarted.emit(query)

        def search(index: Any) -> tuple[Any, list[ResultRow]]:
            # The first rows (their snippets are made when first asked for) on this thread too.
            results = make_query(index, query, filters, LIST_ROWS)
            return results, rows_for(results, script)

        def done(found: tuple[Any, list[ResultRow]]) -> None:
            results, rows = found
            suggestion = convert(results.suggestion or "", script)
            self.sigResultsReady.emit(query, rows, suggestion, results.total)
            for notice in results.notices:
                self._desk.sigNoticeRaised.emit(notice)

        def failed(exc: BaseException) -> None:
            self._desk.sigErrorRaised.emit(exc, "status")
            self.sigResultsReady.emit(query, [], "", 0)

        self._desk.run_search(search, done, failed, context=self, latest=self._latest)
