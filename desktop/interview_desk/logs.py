"""Logging to a rotating file in the user log folder; tracebacks go there, not to users.

The file handler is made when the first record arrives: most commands log nothing, and
``logging.handlers`` imports ``socket``, ``pickle`` and ``queue``, a noticeable part of a
command-line search.
"""

from __future__ import annotations

import logging

from interview_desk.paths import user_log_dir

_configured = False


def _file_handler() -> logging.Handler:
    import logging.handlers

    class QuietFileHandler(logging.handlers.RotatingFileHandler):
        """A log that cannot be written (full disk) loses the record, never prints."""

        def handleError(self, record: logging.LogRecord) -> None:
            pass

    try:
        handler: logging.Handler = QuietFileHandler(
            user_log_dir() / "interview-desk.log", maxBytes=1_000_000, backupCount=3,
            encoding="utf-8",
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


class _LazyFileHandler(logging.Handler):
    """Opens the rotating log file on the first record it handles, then hands every
    record to it."""

    def __init__(self) -> None:
        super().__init__()
        self._target: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._target is None:
            self._target = _file_handler()
        self._target.handle(record)

    def handleError(self, record: logging.LogRecord) -> None:
        pass

    def close(self) -> None:
        if self._target is not None:
            self._target.close()
        super().close()


def setup_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger("interview_desk")
    root.setLevel(level)
    root.addHandler(_LazyFileHandler())


def log_path() -> str:
    return str(user_log_dir() / "interview-desk.log")
