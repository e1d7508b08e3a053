"""The user home a benchmark runs in: ``INTERVIEW_DESK_HOME`` when it is set, else a new
temporary folder (never the learner's own data). Not ``os.environ.setdefault(...,
mkdtemp())``: that makes a folder even when the variable is set, and leaves it behind."""

from __future__ import annotations

import os
import tempfile


def use_bench_home(prefix: str = "desk-bench-") -> str:
    """Set ``INTERVIEW_DESK_HOME`` to a fresh temporary folder unless it is set; return it."""
    if not os.environ.get("INTERVIEW_DESK_HOME"):
        os.environ["INTERVIEW_DESK_HOME"] = tempfile.mkdtemp(prefix=prefix)
    return os.environ["INTERVIEW_DESK_HOME"]
