"""The one place where errors from the core become something the user sees.

A ``DeskError`` already carries a one-line message meant for the user. Anything else is
a bug: its traceback goes to the log file and the user gets one line pointing there.
``where="status"`` shows the line in the status bar (for things the user can shrug
off, like a search that failed); ``where="dialog"`` opens a message box.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Literal

from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from interview_desk.errors import DeskError
from interview_desk.logs import log_path
from interview_desk.ui.i18n import tr

log = logging.getLogger(__name__)

Where = Literal["dialog", "status"]

STATUS_TIMEOUT_MS = 8000


def user_message(exc: BaseException) -> str:
    """The one line to show for ``exc`` (logging the traceback if it is a bug)."""
    if isinstance(exc, DeskError):
        log.info("reported to user: %s", exc)
        text = str(exc).strip().splitlines()
        return text[0] if text else type(exc).__name__
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    first = str(exc).strip().splitlines()
    what = f"{type(exc).__name__}: {first[0]}" if first else type(exc).__name__
    return tr("error.unexpected", what=what, log=log_path())


def report_error(parent: QWidget | None, exc: BaseException, where: Where = "dialog") -> str:
    """Show ``exc`` to the user once, in the status bar or a message box."""
    message = user_message(exc)
    window = parent.window() if parent is not None else None
    if where == "status" and isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, STATUS_TIMEOUT_MS)
    else:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("error.title"), message,
                          QMessageBox.StandardButton.Ok, window)
        box.setObjectName("errorBox")
        box.button(QMessageBox.StandardButton.Ok).setText(tr("button.ok"))
        box.open()  # window-modal, non-blocking: tests and the event loop keep running
    return message


def install_excepthook(window_getter: Callable[[], QWidget | None]) -> None:
    """Route exceptions escaping Qt slots to ``report_error`` instead of stderr."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        try:
            report_error(window_getter(), exc, where="status")
        except Exception:  # never let the hook itself raise
            log.exception("error while reporting an error")

    sys.excepthook = hook
