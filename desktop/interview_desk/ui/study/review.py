"""The review screen: question first, think or type, Space shows the reference answer
(rendered by the reader's own ``ReaderView``) beside what was typed, 1-4 rate with each
button showing its next interval, Ctrl+Z undoes, @ suspends, - buries, N edits the note.

The session runs from a ``Batch`` loaded once on the store thread: the next card's
intervals are computed here (FSRS is microseconds) and writes go to the store in order,
so moving to the next card never waits for the disk.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from interview_desk.corpus.model import Entry
from interview_desk.script import convert
from interview_desk.store.reviews import STATE_NEW, CardRecord
from interview_desk.study import Deck, Grade, Outcome, format_interval
from interview_desk.study.clock import utc_now
from interview_desk.study.scheduler import make_scheduler, preview
from interview_desk.ui.i18n import tr
from interview_desk.ui.reader.view import ReaderView
from interview_desk.ui.runtime.desk import Desk
from interview_desk.ui.shell.geometry import resize_within_screen
from interview_desk.ui.study.access import Batch, LogId, StudyAccess
from interview_desk.ui.study.deck_dialog import DeckDialog
from interview_desk.ui.study.deck_names import deck_label, fill_deck_box, relabel_deck_box
from interview_desk.ui.study.keys import REVIEW_KEYS, hint_line
from interview_desk.ui.study.notes import NoteEditor
from interview_desk.ui.widgets import titled

_GRADE_KEYS = {Grade.AGAIN: "study.again", Grade.HARD: "study.hard", Grade.GOOD: "study.good",
               Grade.EASY: "study.easy"}
_REVIEW = 2


@dataclass
class _Undo:
    kind: str  # "rate" | "suspend" | "bury"
    entry_id: str
    prev: CardRecord | None = None
    log: LogId | None = None


class ReviewScreen(QWidget):
    """A window of its own (so its single-key shortcuts never reach the main window)."""

    sigSessionChanged = Signal()  # rated, undone, suspended or buried: due counts changed
    sigDraftAllRequested = Signal(str)  # "Draft all unanswered" for this deck (its name)

    def __init__(self, desk: Desk, access: StudyAccess, parent: QWidget | None = None, *,
                 script: str = "original", theme: str = "light",
                 clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reviewScreen")
        self._desk, self._access, self._clock = desk, access, clock
        self._script, self._theme = script, theme
        self._batch: Batch | None = None
        self._items: list[str] = []
        self._cards: dict[str, CardRecord] = {}
        self._current: Entry | None = None
        self._preview: dict[Grade, Outcome] = {}
        self._revealed = False
        self._shown_at = 0.0
        self._undo: list[_Undo] = []
        self._loading = False
        self._rated_since_load = 0
        self._build()
        self._bind_keys()
        self.retranslate()
        resize_within_screen(self, QSize(1100, 720))

    # -- construction ------------------------------------------------------------------
    def _build(self) -> None:
        self.deck_box = QComboBox(objectName="studyDeck")
        self.deck_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.deck_box.activated.connect(lambda _i: self.load(self.deck_box.currentData()))
        self.counts = QLabel(objectName="studyCounts")
        self.options_button = QPushButton(objectName="studyDeckOptions")
        self.options_button.clicked.connect(self.edit_deck)
        self.draft_button = QPushButton(objectName="studyDeckDraft")
        self.draft_button.clicked.connect(self._on_draft_clicked)
        top = QHBoxLayout()
        top.addWidget(self.deck_box)
        top.addWidget(self.options_button)
        top.addWidget(self.draft_button)
        top.addStretch(1)
        top.addWidget(self.counts)

        self.question = QLabel(objectName="studyQuestion")
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.question.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.question.setFont(font)

        self.typed = QPlainTextEdit(objectName="studyTyped")
        self.typed.setTabChangesFocus(True)
        self.reader = ReaderView()
        self.reader.set_theme(self._theme)
        self.reader.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.split = QSplitter(Qt.Orientation.Horizontal, objectName="studySplit")
        self.split.addWidget(titled(self.typed, "study.your_answer"))
        self.reader_box = titled(self.reader, "study.reference")
        self.split.addWidget(self.reader_box)
        self.split.setSizes([380, 700])

        self.show_button = QPushButton(objectName="studyShow")
        self.show_button.clicked.connect(self.reveal)
        self.grade_buttons: dict[Grade, QPushButton] = {}
        grades = QHBoxLayout()
        for grade in Grade:
            button = QPushButton(objectName=f"studyGrade{int(grade)}")
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _c=False, g=grade: self.rate(g))
            grades.addWidget(button)
            self.grade_buttons[grade] = button
        self.grade_bar = QWidget()
        self.grade_bar.setLayout(grades)
        self.actions_bar = QStackedWidget()
        self.actions_bar.addWidget(self.show_button)
        self.actions_bar.addWidget(self.grade_bar)
        self.actions_bar.setMaximumHeight(60)

        # The window's own note editor (autosave, "Saved", merges with another instance
        # shown: ui/shell/window.py), and its text box for focus and keys.
        self.note_editor = NoteEditor(placeholder="study.note_here")
        self.note_editor.setObjectName("studyNote")
        self.note = self.note_editor.editor
        self.note.setMaximumHeight(90)
        self.note_editor.sigNoteEdited.connect(self._desk.save_note)
        self._desk.sigNoteSaved.connect(self.note_editor.mark_saved)
        self._desk.sigNoteNotSaved.connect(self.note_editor.mark_not_saved)
        self._render_timer = QTimer(self, singleShot=True, interval=40)
        self._render_timer.timeout.connect(self._render_answer)
        self.unanswered = QLabel(objectName="studyUnanswered")
        self.unanswered.setWordWrap(True)
        self.unanswered.hide()
        self.hint = QLabel(objectName="studyHint")
        self.hint.setWordWrap(True)

        self.card_page = QWidget()
        card = QVBoxLayout(self.card_page)
        card.setContentsMargins(0, 0, 0, 0)
        card.addWidget(self.question)
        card.addWidget(self.split, 1)
        card.addWidget(self.actions_bar)
        card.addWidget(self.unanswered)
        card.addWidget(self.note_editor)
        self.done = QLabel(objectName="studyDone")
        self.done.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.card_page)
        self.pages.addWidget(self.done)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.hint)
        self.setTabOrder(self.show_button, self.typed)

    def _bind_keys(self) -> None:
        def key(seq: str, slot: Callable[[], object]) -> None:
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

        key("Ctrl+Return", self.reveal)
        key("Ctrl+Enter", self.reveal)
        for grade in Grade:
            key(str(int(grade)), partial(self.rate, grade))  # rate() waits for the answer
        key("Ctrl+Z", self.undo)
        key("@", self.suspend)
        key("-", self.bury)
        key("N", lambda: self.note.setFocus(Qt.FocusReason.ShortcutFocusReason))
        key("Escape", self._on_escape)
        key("O", self.edit_deck)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("study.title"))
        self.show_button.setText(tr("study.show"))
        self.options_button.setText(tr("study.deck_options"))
        self.draft_button.setText(tr("study.deck_draft"))
        self.draft_button.setToolTip(tr("study.deck_draft_tip"))
        self.typed.setPlaceholderText(tr("study.type_here"))
        self.note_editor.retranslate()
        self.hint.setText(hint_line(REVIEW_KEYS))
        self.unanswered.setText(tr("study.unanswered"))
        relabel_deck_box(self.deck_box)
        self._label_buttons()
        self._update_counts()

    # -- loading -----------------------------------------------------------------------
    def load(self, deck_name: str | None = None) -> None:
        """(Re)load today's queue for a deck; the first card shows when it arrives."""
        self._loading = True
        self._access.load(deck_name, self._clock(), self._on_batch_loaded,
                          self._on_batch_failed)

    def _on_batch_loaded(self, batch: Batch) -> None:
        self._loading = False
        self._rated_since_load = 0  # an empty reload ends the session instead of looping
        self._batch = batch
        self._items = [i.entry_id for i in batch.queue.items]
        self._cards = dict(batch.cards)
        fill_deck_box(self.deck_box, batch.decks, batch.deck.name)
        self._show_next()

    def _on_batch_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._finish(str(exc))

    def edit_deck(self) -> DeckDialog | None:
        """Deck options; saving reloads today's queue with them (returns the dialog)."""
        if self.deck is None:
            return None
        dialog = DeckDialog(self.deck, self)
        dialog.accepted.connect(lambda: self._access.save_deck(
            dialog.deck(), lambda saved: self.load(saved.name)))
        dialog.open()
        return dialog

    def _on_draft_clicked(self) -> None:
        if self.deck is not None:
            self.sigDraftAllRequested.emit(self.deck.name)

    @property
    def deck(self) -> Deck | None:
        return self._batch.deck if self._batch else None

    @property
    def current_entry_id(self) -> str:
        return self._current.id if self._current else ""

    @property
    def revealed(self) -> bool:
        return self._revealed

    # -- one card ----------------------------------------------------------------------
    def _show_next(self) -> None:
        self.note_editor.flush()
        entry = None
        while self._items and entry is None:
            entry = self._desk.entry(self._items[0])
            if entry is None:  # no longer in the corpus (a folder was removed)
                self._items.pop(0)
        if entry is None:
            self._current = None
            if self._batch is not None and not self._loading and self._rated_since_load:
                self.load(self._batch.deck.name)  # learning cards may be due again
                return
            self._finish(tr("study.done", deck=deck_label(self.deck.name) if self.deck else ""))
            return
        self._show_card(entry)

    def _show_card(self, entry: Entry) -> None:
        self._current = entry
        self._revealed = False
        self.pages.setCurrentWidget(self.card_page)
        self.question.setText(convert(entry.question, self._script))
        self.typed.setReadOnly(False)
        self.typed.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.typed.clear()
        self.reader_box.hide()
        self.unanswered.hide()
        # Rendered while the learner reads the question, started after the question is
        # painted: a render holding the GIL must not delay showing the next card.
        self._render_timer.start()
        self.note_editor.set_entry(entry.id, self._desk.marks.notes.get(entry.id, ""))
        deck = self.deck
        self._preview = preview(make_scheduler(deck.options if deck else Deck("", "").options),
                                self._cards.get(entry.id), entry.id, self._clock())
        self._label_buttons()
        self.actions_bar.setCurrentWidget(self.show_button)
        self.show_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._shown_at = time.monotonic()
        self._update_counts()

    def _finish(self, message: str) -> None:
        self._current = None
        self.note_editor.set_entry(None, "")
        self._revealed = False
        self.done.setText(message)
        self.pages.setCurrentWidget(self.done)
        self._update_counts()

    def _render_answer(self) -> None:
        entry = self._current
        if entry is not None and self.reader.entry_id != entry.id:
            draft = self._batch.drafts.get(entry.id) if self._batch else None
            self.reader.show_entry(entry, script=self._script, theme=self._theme, draft=draft)

    @Slot()
    def reveal(self) -> None:
        if self._current is None or self._revealed:
            return
        if self._render_timer.isActive():  # revealed at once: render now
            self._render_timer.stop()
            self._render_answer()
        self._revealed = True
        self.typed.setReadOnly(True)
        self.typed.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # digits must reach the shortcuts
        self.reader_box.show()
        entry = self._current
        has_draft = bool(self._batch and self._batch.drafts.get(entry.id))
        self.unanswered.setVisible(not entry.answered and not has_draft)
        self.actions_bar.setCurrentWidget(self.grade_bar)
        self.grade_buttons[Grade.GOOD].setFocus(Qt.FocusReason.OtherFocusReason)

    def rate(self, grade: Grade) -> None:
        if self._current is None or not self._revealed:
            return
        entry_id = self._current.id
        result = self._preview[grade]
        at = self._clock()
        prev = self._cards.get(entry_id)
        duration = int((time.monotonic() - self._shown_at) * 1000)
        log = self._access.commit(result, prev, at, duration)
        self._undo.append(_Undo("rate", entry_id, prev, log))
        self._rated_since_load += 1
        self._cards[entry_id] = result.card
        self._items.pop(0)
        self._requeue(entry_id, result.card, at)
        self.sigSessionChanged.emit()
        self._show_next()

    def _requeue(self, entry_id: str, card: CardRecord, at: datetime) -> None:
        """A learning card due within the learn-ahead window comes back this session."""
        deck = self.deck
        if card.state in (STATE_NEW, _REVIEW) or deck is None or card.due is None:
            return
        ahead = at + timedelta(minutes=deck.options.learn_ahead_minutes)
        if card.due > ahead.timestamp():
            return
        dues = [self._cards[i].due or 0 if i in self._cards and self._cards[i].state in (1, 3)
                else float("inf") for i in self._items]
        # Learning cards in due order among the others, but never straight back.
        position = max(1 if self._items else 0, bisect.bisect_right(dues, card.due))
        self._items.insert(min(position, len(self._items)), entry_id)

    def undo(self) -> None:
        if not self._undo:
            self._desk.sigNoticeRaised.emit(tr("study.nothing_to_undo"))
            return
        step = self._undo.pop()
        if step.kind == "rate" and step.log is not None:
            self._access.undo(step.log)
            if step.prev is None:
                self._cards.pop(step.entry_id, None)
            else:
                self._cards[step.entry_id] = step.prev
        elif step.kind == "suspend":
            self._access.suspend(step.entry_id, False)
        elif step.kind == "bury":
            self._access.unbury(step.entry_id)
        if step.entry_id in self._items:
            self._items.remove(step.entry_id)
        self._items.insert(0, step.entry_id)
        self.sigSessionChanged.emit()
        self._show_next()

    def suspend(self) -> None:
        self._set_aside("suspend")

    def bury(self) -> None:
        self._set_aside("bury")

    def _set_aside(self, kind: str) -> None:
        if self._current is None or self.deck is None:
            return
        entry_id = self._current.id
        if kind == "suspend":
            self._access.suspend(entry_id, True)
        else:
            self._access.bury(entry_id, self._clock(), self.deck)
        self._undo.append(_Undo(kind, entry_id))
        self._items.remove(entry_id)
        self._desk.sigNoticeRaised.emit(tr("study.suspended" if kind == "suspend"
                                             else "study.buried"))
        self.sigSessionChanged.emit()
        self._show_next()

    # -- bits ----------------------------------------------------------------------------
    def _label_buttons(self) -> None:
        for grade, button in self.grade_buttons.items():
            shown = self._preview.get(grade)
            when = format_interval(shown.interval_days) if shown else ""
            button.setText(f"{tr(_GRADE_KEYS[grade])} ({int(grade)})\n{when}")

    def _update_counts(self) -> None:
        new = sum(1 for i in self._items if i not in self._cards
                  or self._cards[i].state == STATE_NEW)
        review = sum(1 for i in self._items if i in self._cards
                     and self._cards[i].state == _REVIEW)
        self.counts.setText(tr("study.counts", new=new, learning=len(self._items) - new - review,
                               review=review))

    def interval_labels(self) -> dict[Grade, str]:
        return {g: b.text().split("\n")[-1] for g, b in self.grade_buttons.items()}

    def _on_escape(self) -> None:
        if self.typed.hasFocus() or self.note.hasFocus():
            target = self.grade_buttons[Grade.GOOD] if self._revealed else self.show_button
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.note_editor.flush()
        super().closeEvent(event)
