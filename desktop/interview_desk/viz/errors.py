"""The visualizers' error: a setting out of range, shown to the user as one line."""

from __future__ import annotations

from interview_desk.errors import DeskError


class VizError(DeskError):
    """A visualizer setting or input is out of range."""
