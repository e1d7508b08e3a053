"""Visualizer fixtures: the position view as the benchmarks and the learner see it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from interview_desk.ui.viz.position_view import PositionView


@pytest.fixture
def make_position_view(qtbot) -> Callable[[], PositionView]:  # type: ignore[no-untyped-def]
    """A new position view at 1280x800, shown, with all panels at 512 tokens, dim 64, PI."""

    def make() -> PositionView:
        view = PositionView()
        qtbot.addWidget(view)
        view.resize(1280, 800)
        view.show()
        qtbot.waitExposed(view)
        view.apply_settings({"panel": "all", "length": 512, "dim": 64, "scaling": "pi"})
        return view

    return make
