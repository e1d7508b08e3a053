"""``interview-desk``: the GUI with no arguments, subcommands for the command line.

Each subcommand family lives in its own module here with a ``register(subparsers)``
function; handlers take the parsed ``argparse.Namespace`` and return an exit status.
Errors: a ``DeskError`` prints one line (in Chinese when the ``language`` setting is
``zh``, see ``_use_language``) and exits 2; anything else is logged with its
traceback and reported in one line (exit 1). No traceback ever reaches the terminal.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from interview_desk import APP_NAME, __version__
from interview_desk.cli.parsing import OneLineParser
from interview_desk.errors import DeskError
from interview_desk.logs import log_path, setup_logging

log = logging.getLogger(__name__)

# The subcommand modules (each with a ``register(subparsers)``), in --help order, and the
# commands each adds. A command line names its command first, so only that module is
# imported (``ask`` alone pulls in the settings machinery for its options); --help and
# anything unknown import them all. The handlers import the core lazily.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "corpus": ("corpus",),
    "search": ("search", "related", "index"),
    "models": ("models",),
    "ask": ("ask",),
    "study": ("study",),
    "data": ("data",),
    "attention": ("attention",),
    "settings": ("settings",),
    "selftest": ("selftest",),
}


def _modules_for(command: str | None) -> list[str]:
    if command == "gui":
        return []
    named = [m for m, commands in COMMAND_MODULES.items() if command in commands]
    return named or list(COMMAND_MODULES)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; given the ``command`` typed, with only that command's module in it."""
    parser = OneLineParser(prog=APP_NAME, description="Offline study desk for LLM interviews. "
                     "With no arguments, starts the GUI.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    gui = sub.add_parser("gui", help="start the GUI (the default)")
    gui.set_defaults(func=_run_gui)
    for name in _modules_for(command):
        importlib.import_module(f"interview_desk.cli.{name}").register(sub)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    from interview_desk.ui.shell.app import run_gui

    return run_gui(getattr(args, "qt_args", []))


def _report_settings_repair() -> None:
    """A damaged settings file: kept aside, the defaults used, one line on stderr."""
    from interview_desk.settings import repair_settings

    repair = repair_settings()
    _use_language()  # from the repaired file
    if repair is not None:
        print(f"{APP_NAME}: {repair.message()}", file=sys.stderr)


def _use_language() -> None:
    """Word the core's errors and remarks (a search's notices, a repaired settings file)
    in Chinese when the ``language`` setting says ``zh``.

    The command line's own output (help, tables, the ``note:`` prefix) is English, so
    ``auto`` stays English here rather than following the locale as the window does: a
    Chinese locale alone does not turn one line of a script's stderr into Chinese.
    """
    from interview_desk.settings import load_settings
    from interview_desk.strings import set_language

    set_language("zh" if load_settings().language == "zh" else "en")


def _configure_stdio() -> None:
    # JSON and Chinese text must survive a non-UTF-8 locale or a pipe.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    from interview_desk.strings import current_language, set_language

    # A command sets the language its messages are worded in; called in-process (tests,
    # the frozen launcher's self-test) it must not leave the window's language changed.
    language = current_language()
    try:
        return _main(argv)
    finally:
        set_language(language)


def _main(argv: Sequence[str] | None) -> int:
    _configure_stdio()
    setup_logging()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not argv or argv[0].startswith("-platform") or argv[0].startswith("-style"):
            return _run_gui(argparse.Namespace(qt_args=argv))
        parser = build_parser(argv[0])
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version, a one-line usage error
            return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 2
        func = getattr(args, "func", None)
        if func is None:
            parser.print_help()
            return 0
        _report_settings_repair()
        return int(func(args) or 0)
    except DeskError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{APP_NAME}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        log.exception("unexpected error")
        print(f"{APP_NAME}: unexpected error: {type(exc).__name__}: {exc} "
              f"(details in {log_path()})", file=sys.stderr)
        return 1
