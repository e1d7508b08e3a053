"""The Model mode: the default model's real attention, every layer and head.

Runs the local GGUF model (the tutor's default) over a short text with the numpy forward
pass and shows one of its views: ``--tab grid`` (all heads), ``map`` (one head, with
``--layer``/``--head``), ``lines`` (the head view) or ``rollout``.
Run: python examples/model_attention.py [--model PATH] [--tab grid] [--dark]
[--screenshot out.png]
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QWidget

from _runner import run
from interview_desk.ui.viz.model_view import ModelAttentionView

TABS = ("grid", "map", "lines", "rollout")


def _pop(argv: list[str], flag: str, default: str) -> str:
    if flag in argv:
        i = argv.index(flag)
        value = argv[i + 1]
        del argv[i: i + 2]
        return value
    return default


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    tab = TABS.index(_pop(args, "--tab", "grid"))
    layer, head = int(_pop(args, "--layer", "3")), int(_pop(args, "--head", "0"))
    query = int(_pop(args, "--query", "-1"))
    model = _pop(args, "--model", os.environ.get("INTERVIEW_DESK_TEST_MODEL", ""))

    def build() -> QWidget:
        view = ModelAttentionView()
        if model:  # else the model the tutor would pick
            view.set_model(model, Path(model).name)
        loop = QEventLoop()
        view.sigResultShown.connect(loop.quit)
        view.sigRunFailed.connect(loop.quit)
        QTimer.singleShot(120_000, loop.quit)  # never hang a screenshot run
        view.run()
        loop.exec()
        if view.result is not None:
            view.select_head(min(layer, view.layer.maximum()), min(head, view.head.maximum()))
            view.query.setValue(query)
        view.tabs.setCurrentIndex(tab)
        return view

    return run(build, args, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
