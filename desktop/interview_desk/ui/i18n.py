"""The UI's view of the one string table, ``interview_desk.strings`` (Qt-free, shared with
the core's error messages): ``tr``, the current language and the switch."""

from __future__ import annotations

from interview_desk.strings import (
    _TABLE,
    LANGUAGES,
    all_keys,
    current_language,
    resolve_language,
    set_language,
    system_language,
    tr,
)

__all__ = ["LANGUAGES", "_TABLE", "all_keys", "current_language", "resolve_language",
           "set_language", "system_language", "tr"]
