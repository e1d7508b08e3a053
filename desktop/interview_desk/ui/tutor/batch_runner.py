"""``DraftBatchRunner``: "Draft all unanswered" for a section, a source or a deck, in the
background.

It drives the Qt-free ``study.drafts.DraftBatch`` one entry at a time on the tutor's
``ModelOwner`` (the model is loaded once, by the panel, and shared): each draft is one
job in the "batch" group of the owner's worker, so the panel's Stop leaves it alone and
questions asked meanwhile simply wait their turn. The owner saves each good draft
through the store's writer as it completes, so a crash mid-batch keeps the finished ones.
Opening entries or other screens does not touch it; only its own Pause and Cancel do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from interview_desk.corpus.model import Corpus
from interview_desk.study.drafts import (
    ERROR,
    BatchState,
    DraftBatch,
    draft_failure,
    keep_draft,
    plan_drafts,
)
from interview_desk.tutor.session import Reply
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.report import user_message
from interview_desk.ui.runtime.user_data import UserData
from interview_desk.ui.runtime.workers import Task
from interview_desk.ui.tutor.panel import TutorPanel
from interview_desk.ui.tutor.worker import BATCH, DraftJob, Reading


class DraftBatchRunner(QObject):
    sigChanged = Signal()  # progress, state or the entry being drafted changed
    sigDraftSaved = Signal(str)  # entry id: its draft is in the user's file now
    sigRefused = Signal(str)  # a batch could not start (one line, for the status bar)

    def __init__(
        self,
        tutor: Callable[[], TutorPanel | None],
        corpus: Callable[[], Corpus | None],
        user_data: UserData,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tutor, self._corpus, self._user_data = tutor, corpus, user_data
        self.batch: DraftBatch | None = None
        self.tokens = 0  # pieces streamed for the entry being drafted (a sign of life)
        self._task: Task | None = None
        self._starting = False  # reading which entries already have a draft

    @property
    def running(self) -> bool:
        """A batch is under way (running or paused)."""
        return self._starting or (self.batch is not None and not self.batch.finished_state)

    def start(self, title: str, entry_ids: list[str]) -> bool:
        """Draft the unanswered entries among ``entry_ids`` that have no draft yet.
        False (and ``sigRefused``) while another batch runs or before the tutor is ready."""
        if self.running:
            self.sigRefused.emit(tr("batch.already"))
            return False
        corpus = self._corpus()
        if corpus is None or self._tutor() is None:
            self.sigRefused.emit(tr("batch.not_ready"))
            return False
        entries = [e for e in (corpus.get(i) for i in entry_ids) if e is not None]
        self._starting = True

        def planned(drafted: set[str] | None) -> None:
            self._starting = False
            self.batch = DraftBatch(title, plan_drafts(entries, drafted or set()))
            self.sigChanged.emit()
            self._go()

        # Read on the store's thread, in order with the drafts being written.
        self._user_data.run(lambda s: set(s.drafts()), planned, self._on_plan_failed, context=self)
        return True

    def pause(self) -> None:
        batch = self.batch
        if batch is not None and batch.pause() is not None:
            self._stop_task()  # its entry goes back to the head of the queue
        self.sigChanged.emit()

    def resume(self) -> None:
        if self.batch is not None and self.batch.resume():
            self.sigChanged.emit()
            self._go()

    def cancel(self) -> None:
        if self.batch is not None:
            self.batch.cancel()
            self._stop_task()
            self.sigChanged.emit()

    def dismiss(self) -> None:
        """Forget a finished batch (its summary is closed)."""
        if self.batch is not None and self.batch.finished_state:
            self.batch = None
            self.sigChanged.emit()

    # -- internals --------------------------------------------------------------------
    def _stop_task(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()

    def _go(self) -> None:
        """Make sure the model is loaded, then draft the next entry."""
        tutor = self._tutor()
        if tutor is None or self.batch is None or self.batch.state is not BatchState.RUNNING:
            return
        tutor.when_loaded(self._next, self._on_model_failed)

    def _next(self) -> None:
        tutor, batch = self._tutor(), self.batch
        if tutor is None or batch is None or self._task is not None:
            return
        entry = batch.next()
        self.sigChanged.emit()
        if entry is None:
            return
        self.tokens = 0
        task: list[Task] = []  # this attempt's task, for its callbacks

        def current() -> bool:
            return bool(task) and task[0] is self._task

        def finished(reply: Reply | None) -> None:
            if not current():  # paused or cancelled meanwhile
                if reply is not None and keep_draft(reply) and batch.saved_late(entry.id):
                    self.sigDraftSaved.emit(entry.id)  # it finished first: saved
                    self.sigChanged.emit()
                return
            self._task = None
            if reply is None or reply.cancelled:  # stopped from elsewhere: hold, not stall
                batch.pause()
                self.sigChanged.emit()
                return
            reason = draft_failure(reply)
            if reason is None:
                batch.finished(entry.id)
                self.sigDraftSaved.emit(entry.id)
            else:
                batch.fail(reason)
            self._next()

        def failed(exc: BaseException) -> None:
            if current():
                self._task = None
                batch.fail(ERROR, user_message(exc))
                self._next()

        def piece(item: str | Reading) -> None:
            if current() and isinstance(item, str):
                self.tokens += 1

        self._task = tutor.model.generate(
            DraftJob(entry, tutor.gen_params()),
            on_token=piece,
            on_finished=finished,
            on_failed=failed,
            context=self,
            group=BATCH,
        )
        task.append(self._task)

    def _on_model_failed(self, message: str) -> None:
        batch = self.batch
        if batch is not None and not batch.finished_state:
            batch.cancel()
            self.sigRefused.emit(message)
            self.sigChanged.emit()

    def _on_plan_failed(self, exc: BaseException) -> None:
        self._starting = False
        self.sigRefused.emit(user_message(exc))
        self.sigChanged.emit()
