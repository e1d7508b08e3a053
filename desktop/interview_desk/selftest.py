"""``interview-desk selftest``: check every part of the app, headless.

Each part is a function ``check() -> str | None`` (a short detail on success) that
raises on failure. Each part's module is imported inside its function here, so that this
module imports nothing heavy itself and a part that cannot even be imported fails alone.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


def _corpus() -> str | None:
    from interview_desk.corpus.selfcheck import check

    return check()


def _search() -> str | None:
    from interview_desk.search.selfcheck import check

    return check()


def _store() -> str | None:
    from interview_desk.store.selfcheck import check

    return check()


def _study() -> str | None:
    from interview_desk.study.selfcheck import check

    return check()


def _reader() -> str | None:
    from interview_desk.ui.reader.selfcheck import check

    return check()


def _model() -> str | None:
    from interview_desk.tutor.selfcheck import check

    return check()


def _window() -> str | None:
    from interview_desk.ui.shell.selfcheck import check

    return check()


def _visualizers() -> str | None:
    from interview_desk.ui.viz.selfcheck import check

    return check()


PARTS: dict[str, Callable[[], str | None]] = {
    "corpus": _corpus,
    "search": _search,
    "store": _store,
    "study": _study,
    "reader": _reader,
    "model": _model,
    "window": _window,
    "visualizers": _visualizers,
}


@dataclass
class PartResult:
    name: str
    ok: bool
    seconds: float
    detail: str = ""
    error: str = ""

    def to_json(self) -> bool | dict[str, object]:
        if self.ok:
            return True
        return {"ok": False, "error": self.error}


def run_part(name: str, check: Callable[[], str | None]) -> PartResult:
    start = time.perf_counter()
    try:
        detail = check() or ""
        return PartResult(name, True, time.perf_counter() - start, detail=str(detail))
    except Exception as exc:  # a failing part is reported, never raised
        log.exception("selftest part %s failed", name)
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return PartResult(name, False, time.perf_counter() - start,
                          error=f"{type(exc).__name__}: {message}")


def run_selftest(only: list[str] | None = None) -> list[PartResult]:
    # Qt parts must work with no display: default to offscreen unless told otherwise.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    names = only or list(PARTS)
    return [run_part(name, PARTS[name]) for name in names]
