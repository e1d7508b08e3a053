"""The command line's argument parser: bad usage is one line (exit 2), not a usage dump."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, NoReturn, TypeAlias


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


if TYPE_CHECKING:
    # What each command module's register() receives.
    Subcommands: TypeAlias = argparse._SubParsersAction[OneLineParser]
