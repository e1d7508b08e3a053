"""``interview-desk settings show [--json] | set KEY VALUE | reset KEY``: settings.json.

Values are parsed and checked by the same field rules the GUI and ``from_dict`` use; a
bad key or value is one line on stderr and exit status 2. ``set`` changes that one field
over the current file (a running GUI's changes to other fields are kept).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from interview_desk.cli.output import emit_json

if TYPE_CHECKING:
    from interview_desk.cli.parsing import Subcommands


def register(sub: Subcommands) -> None:
    p = sub.add_parser("settings", help="show or change the settings shared with the GUI")
    cmds = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)

    show = cmds.add_parser("show", help="every setting with its value and allowed values")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=run_show)

    set_ = cmds.add_parser("set", help="change one setting")
    set_.add_argument("key", metavar="KEY", help="a name from 'settings show'")
    set_.add_argument("value", metavar="VALUE",
                      help="true/false, a number, text, or a JSON list for list settings")
    set_.set_defaults(func=run_set)

    reset = cmds.add_parser("reset", help="put one setting back to its default")
    reset.add_argument("key", metavar="KEY")
    reset.set_defaults(func=run_reset)


def _shown(value: object) -> str:
    return value if isinstance(value, str) and value else json.dumps(value, ensure_ascii=False)


def run_show(args: argparse.Namespace) -> int:
    from interview_desk.settings import RULES, load_settings, settings_path

    values = load_settings().to_dict()
    if args.json:
        emit_json(values)
        return 0
    print(f"# {settings_path()}")
    rows = [(name, _shown(values[name]), rule) for name, rule in RULES.items()
            if not rule.internal]
    width = max(len(name) for name, _, _ in rows)
    shown_width = min(24, max(len(shown) for _, shown, _ in rows))
    for name, shown, rule in rows:
        print(f"{name:<{width}}  {shown:<{shown_width}}  # {rule.description}; "
              f"{rule.allowed()}")
    return 0


def run_set(args: argparse.Namespace) -> int:
    from interview_desk.settings import rule_for, update_settings

    value = rule_for(args.key).parse(args.key, args.value)
    update_settings(**{args.key: value})
    print(f"{args.key} = {_shown(value)}")
    return 0


def run_reset(args: argparse.Namespace) -> int:
    from interview_desk.settings import Settings, rule_for, update_settings

    rule_for(args.key)  # a clear message for an unknown key
    value = getattr(Settings(), args.key)
    update_settings(**{args.key: value})
    print(f"{args.key} = {_shown(value)} (default)")
    return 0
