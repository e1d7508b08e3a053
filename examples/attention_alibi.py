"""Attention with ALiBi: each head penalises distance with its own slope.

Run: python examples/attention_alibi.py [--dark] [--screenshot out.png]
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from _runner import run
from interview_desk.ui.viz.attention_view import AttentionView


def build() -> QWidget:
    view = AttentionView()
    view.apply_settings({"n_heads": 8, "n_kv_heads": 8, "d_model": 64, "mask": "causal",
                         "position": "alibi",
                         "text": "ALiBi adds a linear distance penalty so far tokens fade "
                                 "head by head and longer inputs still work"})
    view.controls.head.setValue(1)
    view.select_query(16)  # "still": the bars fall off with distance
    return view


def main(argv: Sequence[str] | None = None) -> int:
    return run(build, argv, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
