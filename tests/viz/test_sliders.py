"""Every slider position maps inside its bounds (log sliders rounded past their ends)."""

from __future__ import annotations

import pytest

from interview_desk.ui.viz.attention_view import AttentionView
from interview_desk.ui.viz.position_view import PositionView
from interview_desk.ui.viz.widgets import ValueSlider


def _sliders(view: AttentionView | PositionView) -> list[ValueSlider]:
    found = view.findChildren(ValueSlider)
    assert found
    return found


@pytest.mark.parametrize("make", [AttentionView, PositionView])
def test_every_position_of_every_slider_stays_inside_its_range(qtbot, make) -> None:  # type: ignore[no-untyped-def]
    view = make()
    qtbot.addWidget(view)
    for slider in _sliders(view):
        lo, hi = slider._min, slider._max
        for position in range(slider.slider.minimum(), slider.slider.maximum() + 1):
            slider.slider.setValue(position)
            assert lo <= slider.value() <= hi, (lo, hi, position, slider.value())
        assert slider.value() == hi  # the right end is the maximum itself


def test_rope_base_at_its_maximum_draws_without_an_error(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = PositionView()
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.sigSceneUpdated, timeout=2000):
        view.base.slider.setValue(view.base.slider.maximum())
    assert view.settings().base == 1e7
    assert "must be" not in view.status.text()
    assert "10,000,000" in view.status.text()
