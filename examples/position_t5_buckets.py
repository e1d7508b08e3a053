"""T5 relative-position buckets: exact near the diagonal, log-spaced far away.

Run: python examples/position_t5_buckets.py [--dark] [--screenshot out.png]
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from _runner import run
from interview_desk.ui.viz.position_view import PositionView


def build() -> QWidget:
    view = PositionView()
    view.apply_settings({"panel": "t5", "length": 256})
    return view


def main(argv: Sequence[str] | None = None) -> int:
    return run(build, argv, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
