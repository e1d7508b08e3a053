"""The dispatcher builds only the typed command's parser; --help still lists them all."""

from __future__ import annotations

import argparse

import pytest

from interview_desk.cli import COMMAND_MODULES, build_parser, main


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_a_typed_command_gets_only_its_module() -> None:
    assert _commands(build_parser("search")) == {"gui", "search", "related", "index"}
    assert _commands(build_parser("corpus")) == {"gui", "corpus"}
    assert _commands(build_parser("gui")) == {"gui"}


def test_help_and_unknown_commands_see_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    every = {"gui"} | {c for commands in COMMAND_MODULES.values() for c in commands}
    assert _commands(build_parser(None)) == every == _commands(build_parser("bogus"))
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(f"    {c}" in out for c in every)
    assert main(["bogus"]) == 2
    assert "invalid choice: 'bogus'" in capsys.readouterr().err
