"""Softmax temperature: 0.3 makes every row peaky; drag the slider to flatten it.

Run: python examples/attention_temperature.py [--dark] [--screenshot out.png]
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from _runner import run
from interview_desk.ui.viz.attention_view import AttentionView


def build() -> QWidget:
    view = AttentionView()
    view.apply_settings({"n_heads": 4, "n_kv_heads": 4, "mask": "causal", "temperature": 0.3,
                         "text": "the cat sat on the mat and the cat slept on the mat"})
    return view


def main(argv: Sequence[str] | None = None) -> int:
    return run(build, argv, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
