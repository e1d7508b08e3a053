"""The dock as the app uses it: pick a corpus entry, open its best preset.

Finds the first shipped entry about RoPE (any script), asks ``presets_for_entry`` for
its presets and calls ``VisualizerDock.show_preset``, as the "Open in visualizer" action
does. Run: python examples/visualizer_dock.py [--dark] [--screenshot out.png]
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from _runner import run
from interview_desk.corpus import load_corpus
from interview_desk.ui.viz.dock import VisualizerDock
from interview_desk.viz.presets import presets_for_entry


def build() -> QWidget:
    corpus = load_corpus()
    entry = next(e for e in corpus.entries if "RoPE" in e.question)
    presets = presets_for_entry(entry)
    window = QMainWindow()
    note = QLabel(f"{entry.question}\n\n→ " + "\n→ ".join(p.title for p in presets))
    note.setWordWrap(True)
    note.setAlignment(Qt.AlignmentFlag.AlignTop)
    note.setMinimumWidth(240)
    window.setCentralWidget(note)
    dock = VisualizerDock(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resizeDocks([dock], [980], Qt.Orientation.Horizontal)
    dock.show_preset(presets[0].id)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    return run(build, argv, title=__doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
