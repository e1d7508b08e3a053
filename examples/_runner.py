"""Shared start-up for the visualizer examples: window, theme, size, screenshot.

Every example calls ``run(build, argv)``. With ``--screenshot PATH`` it draws one frame
offscreen-friendly and saves it instead of entering the event loop; the test suite and
``examples/screenshots.py`` use exactly that path.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

# The application must outlive every widget: a local QApplication can be freed before
# the widgets at interpreter exit, and Qt then crashes on shutdown.
_APP: list[QApplication] = []


def run(build: Callable[[], QWidget], argv: Sequence[str] | None = None, title: str = "") -> int:
    parser = argparse.ArgumentParser(description=title)
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--size", default="1280x800", help="window size, WxH")
    parser.add_argument("--screenshot", type=Path, help="save one frame as PNG and exit")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        _APP.append(app)
    from interview_desk.ui.viz import theme  # after QApplication: pyqtgraph wants one

    widget = build()
    if args.dark:
        widget.setPalette(theme.dark_palette())
    width, height = (int(v) for v in args.size.lower().split("x"))
    widget.resize(width, height)
    widget.setWindowTitle(title)
    widget.show()
    if args.screenshot is None:
        return app.exec()
    for _ in range(3):  # layout, then the plots' deferred range updates
        app.processEvents()
    args.screenshot.parent.mkdir(parents=True, exist_ok=True)
    ok = widget.grab().save(str(args.screenshot), "PNG")
    widget.close()
    widget.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # now, while the app exists
    return 0 if ok else 1
