"""All four position panels: sinusoidal, RoPE, ALiBi and T5 buckets side by side.

Run: python examples/position_overview.py [--dark] [--screenshot out.png]
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from _runner import run
from interview_desk.ui.viz.position_view import PositionView


def build() -> QWidget:
    view = PositionView()
    view.apply_settings({"panel": "all", "length": 128, "dim": 64})
    return view


def main(argv: Sequence[str] | None = None) -> int:
    return run(build, argv, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
