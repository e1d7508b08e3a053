"""Token labels on a plot axis that never overlap: every k-th token, k from the pixels.

A fixed "at most N labels" rule still overlaps in a short dock (ten rows in 90 px) and
wastes room in a tall one, so the stride follows the axis's current length in pixels
and the widest (shortened) label, and is recomputed whenever the view is resized or
its range changes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QObject
from PySide6.QtGui import QFontMetrics

from interview_desk.ui.viz.steady import round_up

GAP_PX = 6  # clear space between neighbouring labels


def shorten(token: str, width: int) -> str:
    return token if len(token) <= width else token[: width - 1] + "…"


def label_stride(cell_px: float, label_px: float) -> int:
    """Show every k-th label so that labels ``label_px`` long fit cells ``cell_px`` apart."""
    if cell_px <= 0:
        return 1
    return max(1, math.ceil((label_px + GAP_PX) / cell_px))


def nice_step(at_least: float) -> float:
    """The smallest 1, 2 or 5 × 10^k that is at least ``at_least`` (> 0)."""
    return round_up(at_least, (1, 2, 5, 10))


def token_ticks(tokens: Sequence[str], stride: int, width: int,
                offset: float = 0.5, pitch: float = 1.0) -> list[tuple[float, str]]:
    """Ticks at cell centres (``i * pitch + offset``) for every ``stride``-th shortened
    token."""
    return [(i * pitch + offset, shorten(tokens[i], width))
            for i in range(0, len(tokens), stride)]


class TokenAxis(QObject):
    """Keeps one axis of ``plot`` labelled with tokens, thinned to what fits."""

    def __init__(self, plot: pg.PlotItem, side: str, *, width: int,
                 offset: float = 0.5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = plot.getViewBox()
        self._axis = plot.getAxis(side)
        self._horizontal = side in ("bottom", "top")
        self._width = width
        self._offset = offset
        self._pitch = 1.0  # data units from one cell to the next
        self._tokens: Sequence[str] | None = None
        self._shown: list[tuple[float, str]] | None = None
        self._view.sigResized.connect(self.refit)
        self._view.sigRangeChanged.connect(self.refit)

    def set_tokens(self, tokens: Sequence[str] | None, *, pitch: float = 1.0,
                   offset: float | None = None) -> None:
        """Label with ``tokens``, one per cell ``pitch`` data units apart (the first
        centred at ``offset``, by default this axis's own); ``None`` goes back to
        numeric ticks."""
        self._tokens = tokens
        self._pitch = pitch
        if offset is not None:
            self._offset = offset
        self._shown = None
        if tokens is None:
            self._axis.setTicks(None)
            return
        self.refit()

    def stride(self) -> int:
        tokens = self._tokens
        if not tokens:
            return 1
        (x0, x1), (y0, y1) = self._view.viewRange()
        span = (x1 - x0) if self._horizontal else (y1 - y0)
        pixels = self._view.width() if self._horizontal else self._view.height()
        if span <= 0 or pixels <= 0:
            return 1
        metrics = QFontMetrics(self._axis.style["tickFont"] or self._axis.font())
        if self._horizontal:
            label_px = max(metrics.horizontalAdvance(shorten(t, self._width)) for t in tokens)
        else:
            label_px = metrics.height()
        return label_stride(pixels / span * self._pitch, label_px)

    def shown(self) -> list[tuple[float, str]]:
        """The (position, label) ticks on the axis now."""
        return list(self._shown or [])

    def refit(self, *_args: object) -> None:
        if self._tokens is None:
            return
        ticks = token_ticks(self._tokens, self.stride(), self._width, self._offset,
                            self._pitch)
        if ticks != self._shown:
            self._shown = ticks
            self._axis.setTicks([ticks, []])
