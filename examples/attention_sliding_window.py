"""Sliding-window mask (Mistral, Longformer): each token sees the last 4 tokens only.

Run: python examples/attention_sliding_window.py [--dark] [--screenshot out.png]
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from _runner import run
from interview_desk.ui.viz.attention_view import AttentionView


def build() -> QWidget:
    view = AttentionView()
    view.apply_settings({"n_heads": 4, "n_kv_heads": 4, "mask": "sliding", "window": 4,
                         "text": "a sliding window keeps attention cost linear in the "
                                 "sequence length while stacked layers still see far back"})
    return view


def main(argv: Sequence[str] | None = None) -> int:
    return run(build, argv, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
