"""The window's Qt-free helpers: history, marks, the translation table."""

from __future__ import annotations

import re
import string
from pathlib import Path

from interview_desk.ui import i18n
from interview_desk.ui.browse.history import History
from interview_desk.ui.runtime.marks import Marks

UI_DIR = Path(i18n.__file__).resolve().parent


def test_history_behaves_like_a_browser() -> None:
    h = History(limit=3)
    assert h.current is None and not h.can_back()
    for entry_id in ("a", "b", "b", "c"):
        h.visit(entry_id)
    assert h.current == "c"
    assert h.back() == "b" and h.back() == "a" and h.back() is None
    h.visit("d")  # a new visit drops the forward list
    assert not h.can_forward()
    assert h.back() == "a"
    h.visit("e")
    h.visit("f")
    assert h.back() == "e" and h.back() == "a" and h.back() is None  # limit 3


def test_marks_count_only_entries_of_the_corpus() -> None:
    marks = Marks(bookmarked={"a", "gone"}, seen={"a", "b"}, known={"b"},
                  notes={"a": "x", "b": "  "})
    assert marks.counts(["a", "b", "c"]) == {"total": 3, "seen": 2, "known": 1,
                                             "bookmarked": 1, "noted": 1}
    assert marks.glyphs("a") == "★·✎"
    assert marks.glyphs("b") == "✓"
    assert marks.glyphs("c") == ""


def test_every_string_the_ui_asks_for_is_in_both_languages() -> None:
    used: set[str] = set()
    pattern = re.compile(r"""\btr\(\s*["']([a-z0-9_]+\.[a-z0-9_-]+)["']""")
    key_pattern = re.compile(r"""["']((?:act|menu|panel|filter|status|search|note|reader"""
                             r"""|chip|tree|error|related|about|find|button|a11y|shortcuts"""
                             r"""|script|tutor|tset|viz|att|pos|preset)\.[a-z0-9_-]+)["']""")
    for path in UI_DIR.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(pattern.findall(text)) | set(key_pattern.findall(text))
    # "att.mask_" and the like are prefixes of keys built at run time (test_strings checks them)
    missing = sorted(k for k in used if k not in i18n.all_keys() and not k.endswith("_"))
    assert not missing, f"keys used but not translated: {missing}"
    try:
        for lang in i18n.LANGUAGES:
            i18n.set_language(lang)
            for key in i18n.all_keys():
                english = i18n._TABLE[key][0]
                names = {f for _, f, _, _ in string.Formatter().parse(english) if f}
                assert i18n.tr(key, **dict.fromkeys(names, 1)).strip()
    finally:
        i18n.set_language("en")


def test_auto_language_follows_the_locale(monkeypatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert i18n.resolve_language("auto") == "zh"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.resolve_language("auto") == "en"
    assert i18n.resolve_language("zh") == "zh"
