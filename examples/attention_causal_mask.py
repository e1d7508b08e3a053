"""Causal mask: four heads; every token sees only itself and earlier tokens.

Run: python examples/attention_causal_mask.py [--dark] [--screenshot out.png]
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from _runner import run
from interview_desk.ui.viz.attention_view import AttentionView


def build() -> QWidget:
    view = AttentionView()
    view.apply_settings({"n_heads": 4, "n_kv_heads": 4, "d_model": 64, "mask": "causal",
                         "text": "language models predict the next token from the ones before"})
    view.select_query(6)  # the bar chart shows what "next" attends to
    return view


def main(argv: Sequence[str] | None = None) -> int:
    return run(build, argv, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
