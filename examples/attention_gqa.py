"""Grouped-query attention: 8 query heads share 2 key/value heads (set KV heads to 1 for MQA).

Run: python examples/attention_gqa.py [--dark] [--screenshot out.png]
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from _runner import run
from interview_desk.ui.viz.attention_view import AttentionView


def build() -> QWidget:
    view = AttentionView()
    view.apply_settings({"n_heads": 8, "n_kv_heads": 2, "d_model": 64, "mask": "causal",
                         "position": "rope",
                         "text": "GQA shrinks the KV cache by sharing keys and values"})
    return view


def main(argv: Sequence[str] | None = None) -> int:
    return run(build, argv, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
