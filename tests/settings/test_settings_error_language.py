"""A setting given a value its field does not allow is refused in the learner's language
(the real settings file, through ``update_settings``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_desk.errors import SettingsError
from interview_desk.settings import load_settings, settings_path, update_settings


def test_a_value_out_of_bounds(language: str, isolated_home: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        update_settings(n_ctx=100)
    assert str(caught.value) == {"en": "n_ctx must be between 512 and 131072, got 100",
                                 "zh": "n_ctx 必须在 512 到 131072 之间，而不是 100"}[language]
    assert load_settings().n_ctx == 4096 and not settings_path().exists()


def test_a_choice_that_is_not_one(language: str, isolated_home: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        update_settings(theme="pink")
    assert str(caught.value) == {
        "en": "theme must be one of system | light | dark, got 'pink'",
        "zh": "theme 必须是 system | light | dark 之一，而不是 'pink'"}[language]
