"""The status bar's place for "Draft all unanswered": "Drafting 2 of 5: <question>" with a
bar, Pause/Resume and Cancel while it runs; a summary (saved, failed with the reasons in
the tooltip, skipped) with a close button once it ends. Hidden when no batch exists."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from interview_desk.study.drafts import EMPTY, ERROR, REPETITION, BatchState, DraftBatch, Failure
from interview_desk.ui.i18n import tr
from interview_desk.ui.tutor.batch_runner import DraftBatchRunner

QUESTION_CHARS = 48  # the question being drafted, cut to fit the status bar
REASON_KEYS = {
    REPETITION: "batch.reason_repetition",
    EMPTY: "batch.reason_empty",
    ERROR: "batch.reason_error",
}


def failure_text(f: Failure) -> str:
    reason = tr(REASON_KEYS.get(f.reason, "batch.reason_error"), detail=f.detail)
    return tr("batch.failed_line", question=f.question.strip(), reason=reason)


def summary_text(batch: DraftBatch) -> str:
    key = "batch.cancelled" if batch.state is BatchState.CANCELLED else "batch.done"
    return tr(
        key,
        title=batch.title,
        saved=len(batch.saved),
        failed=len(batch.failed),
        skipped=batch.skipped,
        left=batch.remaining,
    )


def progress_text(batch: DraftBatch) -> str:
    entry = batch.current
    if batch.state is BatchState.PAUSED:
        return tr("batch.paused", n=batch.position, total=batch.total, title=batch.title)
    if entry is None:  # the model is loading, or the next draft is being queued
        return tr("batch.waiting", title=batch.title)
    question = entry.question.strip()
    if len(question) > QUESTION_CHARS:
        question = question[: QUESTION_CHARS - 1] + "…"
    return tr("batch.drafting", n=batch.position, total=batch.total, question=question)


class DraftBatchBar(QWidget):
    def __init__(self, runner: DraftBatchRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="draftBatch")
        self._runner = runner
        self.label = QLabel(objectName="draftBatchLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(objectName="draftBatchProgress")
        self.bar.setMaximumWidth(110)
        self.bar.setMaximumHeight(14)
        self.bar.setFormat("%v / %m")
        self.pause_button = QToolButton(objectName="draftBatchPause")
        self.cancel_button = QToolButton(objectName="draftBatchCancel")
        self.close_button = QToolButton(text="×", objectName="draftBatchClose")
        for button in (self.pause_button, self.cancel_button, self.close_button):
            button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.pause_button)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.close_button)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.cancel_button.clicked.connect(runner.cancel)
        self.close_button.clicked.connect(runner.dismiss)
        runner.sigChanged.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        batch = self._runner.batch
        self.setVisible(batch is not None)
        if batch is None:
            return
        ended = batch.finished_state
        self.bar.setRange(0, max(batch.total, 1))
        self.bar.setValue(batch.completed)
        self.bar.setVisible(not ended)
        self.pause_button.setVisible(not ended)
        self.cancel_button.setVisible(not ended)
        self.close_button.setVisible(ended)
        paused = batch.state is BatchState.PAUSED
        self.pause_button.setText(tr("batch.resume") if paused else tr("batch.pause"))
        self.cancel_button.setText(tr("batch.cancel"))
        self.close_button.setToolTip(tr("batch.close"))
        self.label.setText(summary_text(batch) if ended else progress_text(batch))
        lines = [
            tr(
                "batch.tip",
                title=batch.title,
                total=batch.total,
                skipped=batch.skipped,
                answered=batch.plan.answered,
            )
        ]
        lines += [failure_text(f) for f in batch.failed]
        self.setToolTip("\n".join(lines))

    def retranslate(self) -> None:
        self.refresh()

    @Slot()
    def _on_pause_clicked(self) -> None:
        batch = self._runner.batch
        if batch is not None and batch.state is BatchState.PAUSED:
            self._runner.resume()
        else:
            self._runner.pause()
