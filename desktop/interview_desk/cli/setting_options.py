"""Command-line options generated from settings fields: one rule for type, bounds, help."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from interview_desk.errors import SettingsError
from interview_desk.setting_rules import SettingValue
from interview_desk.settings import rule_for


def setting_type(name: str) -> Callable[[str], SettingValue]:
    """An argparse ``type=`` that parses and checks a value through the setting's rule."""
    rule = rule_for(name)

    def parse(text: str) -> SettingValue:
        try:
            return rule.parse(name, text)
        except SettingsError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def add_setting_options(parser: argparse.ArgumentParser, names: tuple[str, ...]) -> None:
    """``--max-tokens N`` and the like, one per setting; unset options stay ``None``."""
    for name in names:
        rule = rule_for(name)
        metavar = {"int": "N", "float": "X"}.get(rule.kind, "TEXT")
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, type=setting_type(name),
                            metavar=metavar,
                            help=f"{rule.description} ({rule.allowed()}; default: settings)")


def setting_overrides(args: argparse.Namespace,
                      names: tuple[str, ...]) -> dict[str, SettingValue]:
    """The settings given on this command line (for ``dataclasses.replace``)."""
    return {name: value for name in names if (value := getattr(args, name)) is not None}
