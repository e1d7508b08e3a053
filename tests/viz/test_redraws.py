"""A slider step redraws only what it changes, and each panel paints once per step."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from interview_desk.ui.viz.widgets import FrameThrottle


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Paint:
            key = watched.objectName()
            self.counts[key] = self.counts.get(key, 0) + 1
        return False


def _settle(rounds: int = 6) -> None:
    """Let the event loop deliver every pending redraw and paint."""
    for _ in range(rounds):
        QApplication.processEvents()


def test_a_slider_step_paints_each_changed_panel_once(qtbot, make_position_view) -> None:  # type: ignore[no-untyped-def]
    view = make_position_view()
    _settle()
    counter = _PaintCounter()
    for key, panel in view.panels.items():
        panel.viewport().setObjectName(key)
        panel.viewport().installEventFilter(counter)
    for slider, step in ((view.length, 3), (view.base, 7), (view.factor, 5), (view.dim, 2)):
        counter.counts.clear()
        with qtbot.waitSignal(view.sigSceneUpdated, timeout=3000):
            slider.slider.setValue(slider.slider.value() + step)
        _settle()
        # plots fitted to their new data before the paint, not during it: a range that
        # moved while painting made Qt paint the same panel two or three times
        assert counter.counts and max(counter.counts.values()) == 1, counter.counts
        assert "alibi" not in counter.counts  # its first 64 positions did not change


def test_a_slider_leaves_the_curves_it_does_not_move_alone(qtbot, make_position_view) -> None:  # type: ignore[no-untyped-def]
    view = make_position_view()
    _settle()
    sinusoidal, rope, t5 = (view.panels[k] for k in ("sinusoidal", "rope", "t5"))
    kept = [sinusoidal.learned_curve, *rope._decay_items[:2], t5.bi, t5.uni]
    before = [item.yData for item in kept]
    moved_before = rope._decay_items[2].yData
    with qtbot.waitSignal(view.sigSceneUpdated, timeout=3000):
        view.base.slider.setValue(view.base.slider.value() + 40)
    assert all(item.yData is data for item, data in zip(kept, before, strict=True))
    assert rope._decay_items[2].yData is not moved_before  # the curve for the set base moved


def test_the_first_change_of_a_burst_runs_at_the_next_turn_not_a_frame_later(qtbot) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    throttle = FrameThrottle(lambda: calls.append(1))
    for _ in range(5):
        throttle.trigger()
    QApplication.processEvents()  # one turn of the event loop, no waiting
    assert calls == [1]
    throttle.trigger()  # within the frame: coalesced into one call when it ends
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=2000)
    assert not throttle.pending
