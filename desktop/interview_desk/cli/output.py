"""Shared output helpers for subcommands."""

from __future__ import annotations

import json
import sys


def emit_json(value: object, *, indent: int | None = 2) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=indent)
    sys.stdout.write("\n")
    sys.stdout.flush()
