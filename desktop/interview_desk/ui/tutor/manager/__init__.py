"""The model manager dialog (after LM Studio, GPT4All, Jan): the models installed, what
each needs, adding one from disk with progress, removing, the recommended list, and
switching the tutor's model with its remembered settings."""

from interview_desk.ui.tutor.manager.dialog import ModelManagerDialog

__all__ = ["ModelManagerDialog"]
