"""``interview-desk data export PATH`` / ``data import PATH``: all of your data as JSON.

Import merges (newer wins, nothing is deleted), so the same file can go back and forth
between two machines.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from interview_desk.cli.output import emit_json
from interview_desk.errors import UsageError

if TYPE_CHECKING:
    from interview_desk.cli.parsing import Subcommands


def register(sub: Subcommands) -> None:
    p = sub.add_parser("data", help="export or import all of your data as one JSON file")
    cmds = p.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    exp = cmds.add_parser("export", help="notes, bookmarks, progress, reviews, drafts, chats")
    exp.add_argument("path", metavar="PATH")
    exp.add_argument("--json", action="store_true", help="print JSON")
    exp.set_defaults(func=run_export)
    imp = cmds.add_parser("import", help="merge an export into your data (never deletes)")
    imp.add_argument("path", metavar="PATH")
    imp.add_argument("--json", action="store_true", help="print JSON")
    imp.set_defaults(func=run_import)


def _path(raw: str) -> Path:
    if not raw.strip():
        raise UsageError("empty path")
    return Path(raw).expanduser()


def run_export(args: argparse.Namespace) -> int:
    from interview_desk.store import UserStore
    from interview_desk.store.transfer import write_export

    path = _path(args.path)
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name such as data.json")
    with UserStore.open() as store:
        counts = write_export(store, path)
    if args.json:
        emit_json({"path": str(path), "rows": counts})
    else:
        print(f"wrote {sum(counts.values())} rows to {path}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from interview_desk.store import UserStore
    from interview_desk.store.transfer import import_data, read_export

    path = _path(args.path)
    data = read_export(path)
    with UserStore.open() as store:
        report = import_data(store, data)
    if args.json:
        emit_json({"added": report.added, "updated": report.updated})
    else:
        print(f"merged {path}: {report.line()}")
    return 0
