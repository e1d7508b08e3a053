"""``interview-desk selftest [--json] [--part NAME]``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from interview_desk.cli.output import emit_json
from interview_desk.errors import UsageError

if TYPE_CHECKING:
    from interview_desk.cli.parsing import Subcommands


def register(sub: Subcommands) -> None:
    p = sub.add_parser("selftest", help="check every part of the app headless")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--part", action="append", metavar="NAME",
                   help="check only this part (repeatable)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from interview_desk.selftest import PARTS, run_selftest

    unknown = [name for name in args.part or [] if name not in PARTS]
    if unknown:
        raise UsageError(f"unknown part {unknown[0]!r}; parts: {', '.join(PARTS)}")
    results = run_selftest(args.part)
    ok = all(r.ok for r in results)
    if args.json:
        emit_json({"ok": ok, "checks": {r.name: r.to_json() for r in results},
                   "seconds": {r.name: round(r.seconds, 3) for r in results}})
    else:
        for r in results:
            status = "ok  " if r.ok else "FAIL"
            info = r.detail if r.ok else r.error
            print(f"{status} {r.name:<12} {r.seconds:6.2f}s  {info}")
    return 0 if ok else 1
