"""Small shared pieces: a debouncing timer for typing, a frame throttle for sliders, a
labelled slider, and the export dialog the attention views share."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSlider,
    QWidget,
)

from interview_desk.errors import DeskError
from interview_desk.ui.i18n import tr

REDRAW_INTERVAL_MS = 16  # one frame: a dragged slider redraws at most this often


class Debouncer(QObject):
    """Coalesces bursts of changes into one call per interval (trailing edge).

    The first change starts the timer; later changes within the interval only update
    what the callback will read, so the call always sees the final value (typing: the
    text is re-tokenized once the burst ends).
    """

    def __init__(self, callback: Callable[[], None], interval_ms: int = REDRAW_INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True, interval=interval_ms)
        self._timer.timeout.connect(callback)

    def trigger(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Run the pending call now (tests, presets, programmatic changes)."""
        if self._timer.isActive():
            self._timer.stop()
            self._timer.timeout.emit()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()


class FrameThrottle(QObject):
    """At most one call per frame, without a frame of added delay (leading edge).

    The first change of a burst runs at the next turn of the event loop; changes that
    arrive sooner than one interval after the last call started are coalesced into one
    call when that interval ends. A dragged slider so never queues redraws, the event
    loop paints between two of them, and the last call always sees the final value.
    """

    def __init__(self, callback: Callable[[], None], interval_ms: int = REDRAW_INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._callback = callback
        self._interval = interval_ms
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.run_now)
        self._since = QElapsedTimer()  # started when the last call started

    def trigger(self) -> None:
        if self._timer.isActive():
            return
        wait = self._interval - self._since.elapsed() if self._since.isValid() else 0
        self._timer.start(max(0, wait))

    def run_now(self) -> None:
        """Call now (a pending call is dropped: this one reads the same state)."""
        self._timer.stop()
        self._since.start()
        self._callback()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()


class ValueSlider(QWidget):
    """A horizontal slider over a value range (linear or log), with a value label.

    ``sigValueChanged(float)`` fires on every step; users of it throttle with a FrameThrottle.
    """

    sigValueChanged = Signal(float)

    def __init__(self, minimum: float, maximum: float, value: float, *, log: bool = False,
                 steps: int = 200, decimals: int = 2, integer: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._min, self._max, self._log, self._steps = minimum, maximum, log, steps
        self._decimals, self._integer = decimals, integer
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, steps)
        self.slider.setMinimumWidth(90)
        self.label = QLabel()
        self.label.setMinimumWidth(48)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.setValue(value)

    def _to_value(self, position: int) -> float:
        if position <= 0:  # the ends are the bounds themselves, not exp(log(bound))
            return float(self._min)
        if position >= self._steps:
            return float(self._max)
        t = position / self._steps
        if self._log:
            value = math.exp(math.log(self._min) + t * (math.log(self._max) - math.log(self._min)))
        else:
            value = self._min + t * (self._max - self._min)
        if self._integer:
            value = round(value)
        # exp(log(...)) can land a hair outside the range (1e7 -> 10000000.000000002), which
        # the settings' own bounds then reject: every position must map inside [min, max].
        return float(min(max(value, self._min), self._max))

    def _to_position(self, value: float) -> int:
        value = min(max(value, self._min), self._max)
        if self._log:
            lo, hi = math.log(self._min), math.log(self._max)
            t = (math.log(value) - lo) / (hi - lo)
        else:
            t = (value - self._min) / (self._max - self._min)
        return round(t * self._steps)

    def value(self) -> float:
        return self._value

    def setValue(self, value: float) -> None:
        self._value = float(round(value)) if self._integer else float(value)
        self._update_label()
        self.slider.blockSignals(True)
        self.slider.setValue(self._to_position(value))
        self.slider.blockSignals(False)

    def _update_label(self) -> None:
        v = self._value
        if self._integer:
            self.label.setText(f"{int(v):,}")
        elif abs(v) >= 1000:
            self.label.setText(f"{v:,.0f}")
        else:
            self.label.setText(f"{v:.{self._decimals}f}")

    def _on_slider_value_changed(self, position: int) -> None:
        self._value = self._to_value(position)
        self._update_label()
        self.sigValueChanged.emit(self._value)


def set_status(status: QLabel, text: str, error: bool = False) -> None:
    """A view's status line, red for an error; the style sheet is set only when it
    changes (each set re-polishes the label, a slider step's worth of work)."""
    style = "color: #d03030;" if error else ""
    if status.styleSheet() != style:
        status.setStyleSheet(style)
    status.setText(text)
    status.setToolTip(text)  # the whole text, where the label is too narrow for it


def export_with_dialog(parent: QWidget, kind: str, stem: str,
                       write: Callable[[Path], object]) -> None:
    """Ask where to save a PNG or CSV export (``kind``), then ``write`` it there; a
    failure is one message box, the view stays as it was."""
    suffix = tr({"png": "att.png_filter", "csv": "att.csv_filter"}[kind])
    path, _ = QFileDialog.getSaveFileName(parent, tr("att.export"),
                                          str(Path.home() / f"{stem}.{kind}"), suffix)
    if not path:
        return
    try:
        write(Path(path))
    except DeskError as exc:
        QMessageBox.warning(parent, tr("att.export"), str(exc))
