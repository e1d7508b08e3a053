"""512 tokens x 8 heads with RoPE: the size benchmarks/viz.py measures a slider redraw at.

Run: python examples/attention_long_sequence.py [--dark] [--screenshot out.png]
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from _runner import run
from interview_desk.ui.viz.attention_view import AttentionView
from interview_desk.viz.tokens import sample_text


def build() -> QWidget:
    view = AttentionView()
    view.apply_settings({"n_heads": 8, "n_kv_heads": 8, "d_model": 64, "mask": "causal",
                         "position": "rope"})
    view.set_tokens(sample_text(512))
    return view


def main(argv: Sequence[str] | None = None) -> int:
    return run(build, argv, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
