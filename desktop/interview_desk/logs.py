"""Logging to a rotating file in the user log folder; tracebacks go there, not to users."""

from __future__ import annotations

import logging
import logging.handlers

from interview_desk.paths import user_log_dir

_configured = False


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log that cannot be written (full disk) loses the record, never prints to stderr."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def setup_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger("interview_desk")
    root.setLevel(level)
    try:
        handler: logging.Handler = _QuietFileHandler(
            user_log_dir() / "interview-desk.log", maxBytes=1_000_000, backupCount=3,
            encoding="utf-8",
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def log_path() -> str:
    return str(user_log_dir() / "interview-desk.log")
