"""``interview-desk selftest``: check every part of the app, headless.

Each part is a function ``check() -> str | None`` (a short detail on success) that
raises on failure. Parts are named by import path so that this module imports nothing
heavy itself, and a part that cannot even be imported fails alone.
"""

from __future__ import annotations

import importlib
import logging
import os
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)

# part name -> "module:function"
PARTS: dict[str, str] = {
    "corpus": "interview_desk.corpus.selfcheck:check",
    "search": "interview_desk.search.selfcheck:check",
    "store": "interview_desk.store.selfcheck:check",
    "study": "interview_desk.study.selfcheck:check",
    "reader": "interview_desk.ui.reader.selfcheck:check",
    "model": "interview_desk.tutor.selfcheck:check",
    "window": "interview_desk.ui.shell.selfcheck:check",
    "visualizers": "interview_desk.ui.viz.selfcheck:check",
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


def run_part(name: str, target: str) -> PartResult:
    start = time.perf_counter()
    try:
        module_name, func_name = target.split(":")
        func = getattr(importlib.import_module(module_name), func_name)
        detail = func() or ""
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
