"""The review and mock-interview windows' own keys, in one table each.

Each window shows its table as its hint line, and Help ▸ Keyboard shortcuts lists both
tables beside the menus' shortcuts: the keys are bound in the windows themselves (single
keys must not reach the main window), so the menu bar cannot list them.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from interview_desk.ui.i18n import tr

# (keys as typed, string key of what they do)
REVIEW_KEYS: tuple[tuple[str, str], ...] = (
    ("Space", "keys.show_answer"), ("Tab", "keys.type_answer"),
    ("Ctrl+Enter", "keys.compare"), ("1", "study.again"), ("2", "study.hard"),
    ("3", "study.good"), ("4", "study.easy"), ("Ctrl+Z", "keys.undo"),
    ("@", "keys.suspend"), ("-", "keys.bury"), ("N", "keys.note"),
    ("O", "keys.deck_options"), ("Esc", "keys.close"),
)
MOCK_KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+Enter", "keys.mock_next"), ("Esc", "keys.mock_escape"),
)
# (heading's string key, table) as Help ▸ Keyboard shortcuts lists them
WINDOW_KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("shortcuts.review_window", REVIEW_KEYS), ("shortcuts.mock_window", MOCK_KEYS),
)


def native(keys: str) -> str:
    """"Space" as this platform and language write it (空格 in Chinese, ⌘↩ for
    Ctrl+Enter on macOS)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) or keys


def hint_line(table: tuple[tuple[str, str], ...]) -> str:
    """"Space show answer · Tab type · …" in the current language."""
    return " · ".join(f"{native(keys)} {tr(label)}" for keys, label in table)
