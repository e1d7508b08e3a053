"""RoPE long-range decay: base 10,000 vs 500,000 and NTK scaling x4 past the trained length.

Run: python examples/position_rope_scaling.py [--dark] [--screenshot out.png]
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from _runner import run
from interview_desk.ui.viz.position_view import PositionView


def build() -> QWidget:
    view = PositionView()
    view.apply_settings({"panel": "rope", "length": 2048, "dim": 64, "base": 10000.0,
                         "scaling": "ntk", "factor": 4.0})
    return view


def main(argv: Sequence[str] | None = None) -> int:
    return run(build, argv, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
