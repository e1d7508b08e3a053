"""Self-attention basics: one head, no mask, scores before softmax next to weights after.

Run: python examples/attention_basics.py [--dark] [--screenshot out.png]
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from _runner import run
from interview_desk.ui.viz.attention_view import AttentionView


def build() -> QWidget:
    view = AttentionView()
    view.apply_settings({"n_heads": 1, "n_kv_heads": 1, "d_model": 32, "mask": "none",
                         "position": "none", "text": "The cat sat on the mat because it was warm"})
    return view


def main(argv: Sequence[str] | None = None) -> int:
    return run(build, argv, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
