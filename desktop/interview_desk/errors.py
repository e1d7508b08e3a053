"""One exception family for the Qt-free core.

Every error a user can cause (bad file, bad query, bad model, bad path) is a
``DeskError`` whose ``str()`` is a one-line message fit to show as is. The command
line and the GUI each have one function that turns these into a message; anything
else is a bug and goes to the log file with its traceback.
"""

from __future__ import annotations


class DeskError(Exception):
    """A problem the user can understand and act on; ``str(err)`` is one line."""


class CorpusError(DeskError):
    """A Q&A document or folder could not be read."""


class SearchError(DeskError):
    """The search index could not be built, opened or queried."""


class StoreError(DeskError):
    """The user's data file could not be opened or written."""


class ModelError(DeskError):
    """A GGUF model could not be found, read, loaded or run."""


class SettingsError(DeskError):
    """A setting was given a value its field does not allow, or could not be saved."""


class UsageError(DeskError):
    """The command line was used wrongly (exit status 2)."""
