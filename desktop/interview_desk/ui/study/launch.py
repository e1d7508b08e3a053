"""Study mode in the main window: opens the review, mock interview and statistics
windows, and keeps the status bar's "N due today" and the tree's due marks current."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from interview_desk.study.clock import utc_now
from interview_desk.ui.browse.tree import SourceTree
from interview_desk.ui.runtime.desk import Desk
from interview_desk.ui.shell.statusbar import DueLabel
from interview_desk.ui.shell.theme import effective_theme
from interview_desk.ui.study.access import StudyAccess
from interview_desk.ui.study.mock_view import MockWindow
from interview_desk.ui.study.review import ReviewScreen

if TYPE_CHECKING:
    from interview_desk.ui.study.stats_view import StatsWindow
    from interview_desk.ui.tutor.worker import ModelOwner


class StudyLauncher:
    def __init__(self, window: QWidget, desk: Desk, due_label: DueLabel,
                 tree: SourceTree, model: Callable[[], ModelOwner | None]) -> None:
        self._window, self._desk = window, desk
        self._model = model  # the tutor's model owner (the mock interview's critic uses it)
        self._due_label, self._tree = due_label, tree
        self.access = StudyAccess(desk)
        self.review: ReviewScreen | None = None
        self.stats: StatsWindow | None = None
        self.mock: MockWindow | None = None
        # "Draft all unanswered" for a deck: (deck name, its entry ids); set by the window
        self.draft_all: Callable[[str, list[str]], object] | None = None
        self._due_timer = QTimer(window, singleShot=True, interval=300)
        self._due_timer.timeout.connect(self.refresh_due)
        desk.sigCorpusLoaded.connect(lambda _c: self.refresh_due())

    def _ready(self) -> bool:
        return self._desk.corpus is not None and self._desk.marks_loaded

    def _theme(self) -> str:
        app = QApplication.instance()
        choice = getattr(self._window, "theme_choice", "system")
        return effective_theme(choice, app) if isinstance(app, QApplication) else "light"

    def refresh_due(self) -> None:
        if not self._ready():
            return

        def shown(ids: list[str]) -> None:
            self._due_label.set_count(len(ids))
            self._tree.set_due(set(ids))

        self.access.due_ids(utc_now(), shown)

    def open_review(self, script: str, deck: str | None = None) -> ReviewScreen:
        if self.review is not None:
            self.review.close()
            self.review.deleteLater()
        self.review = ReviewScreen(self._desk, self.access, self._window, script=script,
                                   theme=self._theme())
        self.review.sigSessionChanged.connect(self._due_timer.start)
        self.review.sigDraftAllRequested.connect(self.draft_deck)
        self.review.show()
        self.review.raise_()
        self.review.activateWindow()
        self.review.load(deck)
        return self.review

    def draft_deck(self, deck_name: str) -> None:
        """Draft the deck's unanswered entries in the background (the window's batch)."""
        draft_all = self.draft_all
        if draft_all is None:
            return

        def got(ids: list[str]) -> None:
            draft_all(deck_name, ids)

        self.access.deck_ids(deck_name, got)

    def open_stats(self, deck: str | None = None) -> StatsWindow:
        from interview_desk.ui.study.stats_view import StatsWindow  # pyqtgraph: on demand

        if self.stats is not None:
            self.stats.close()
            self.stats.deleteLater()
        stats = StatsWindow(self.access, self._window, theme=self._theme())
        self.stats = stats
        stats.show()
        stats.load(deck)
        return stats

    def open_mock(self, script: str) -> MockWindow:
        if self.mock is not None:
            self.mock.close()
            self.mock.deleteLater()
        self.mock = MockWindow(self._desk, self.access, self._window, script=script,
                               model=self._model)
        self.mock.sigCardsSentBack.connect(lambda _n: self._due_timer.start())
        self.mock.show()
        self.mock.raise_()
        self.mock.activateWindow()
        return self.mock

    def retranslate(self) -> None:
        for win in (self.review, self.stats, self.mock):
            if win is not None:
                win.retranslate()

    def close(self) -> None:
        """Close the study windows (their last writes are queued before the store closes)."""
        for win in (self.review, self.stats, self.mock):
            if win is not None:
                win.close()
        self._due_timer.stop()
        self.access.closed = True
