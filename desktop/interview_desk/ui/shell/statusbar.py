"""Status bar widgets: study progress, the search index's state, the Chinese script mode."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime import desk


class ProgressLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="progressLabel")
        self._counts: dict[str, int] = {}

    def set_counts(self, counts: dict[str, int]) -> None:
        self._counts = counts
        self.retranslate()

    def retranslate(self) -> None:
        if self._counts:
            self.setText(tr("status.progress", **self._counts))
        else:
            self.setText(tr("status.loading_corpus"))


class DueLabel(QLabel):
    """"N due today" (study mode); hidden until the count is known."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="dueLabel")
        self._count: int | None = None
        self.hide()

    def set_count(self, count: int | None) -> None:
        self._count = count
        self.setVisible(count is not None)
        self.retranslate()

    def retranslate(self) -> None:
        if self._count is not None:
            self.setText(tr("status.due", n=self._count))


_INDEX_KEYS = {
    desk.INDEX_WAITING: "status.index_opening",
    desk.INDEX_OPENING: "status.index_opening",
    desk.INDEX_READY: "status.index_ready",
    desk.INDEX_FAILED: "status.index_failed",
}


class IndexState(QWidget):
    """"Index: building…" with a busy bar while the index opens or builds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(objectName="indexState")
        self.busy = QProgressBar(objectName="indexBusy")
        self.busy.setRange(0, 0)  # indeterminate until the index reports progress
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(12)
        self.busy.setTextVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.busy)
        layout.addWidget(self.label)
        self._state = desk.INDEX_WAITING
        self._entries = 0
        self._building = False
        self.retranslate()

    @property
    def state(self) -> str:
        return self._state

    def set_state(self, state: str, entries: int = 0, building: bool = False) -> None:
        self._state, self._entries, self._building = state, entries, building
        self.retranslate()

    def set_progress(self, done: int, total: int) -> None:
        self._building = True
        self.busy.setRange(0, max(total, 1))
        self.busy.setValue(done)
        self.retranslate()

    def retranslate(self) -> None:
        key = _INDEX_KEYS.get(self._state, "status.index_opening")
        if self._state == desk.INDEX_OPENING and self._building:
            key = "status.index_building"
        self.label.setText(tr(key, n=self._entries))
        self.busy.setVisible(self._state in (desk.INDEX_WAITING, desk.INDEX_OPENING))


class ScriptIndicator(QToolButton):
    """原文 / 简 / 繁 (As written / Simplified / Traditional); a click asks for the next
    mode through ``clicked``, which the window wires to the same action as Ctrl+Shift+S."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="scriptIndicator")
        self.setAutoRaise(True)
        self._script = "original"
        self.retranslate()

    @property
    def script(self) -> str:
        return self._script

    def set_script(self, script: str) -> None:
        self._script = script
        self.retranslate()

    def retranslate(self) -> None:
        mode = tr(f"script.{self._script}")
        self.setText(mode)
        self.setToolTip(tr("script.tip", mode=mode))
        self.setAccessibleName(tr("script.tip", mode=mode))
