"""The GUI's copy of the user's marks (bookmarks, seen, known, notes). No Qt.

Loaded once from the store on its worker thread, then updated here first so the tree,
menus and status bar change at once while the write goes to the store in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Marks:
    bookmarked: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    known: set[str] = field(default_factory=set)
    notes: dict[str, str] = field(default_factory=dict)

    def counts(self, entry_ids: Iterable[str]) -> dict[str, int]:
        """Seen/known/bookmarked/noted counts within the given entries (the corpus)."""
        ids = set(entry_ids)
        return {
            "total": len(ids),
            "seen": len(self.seen & ids),
            "known": len(self.known & ids),
            "bookmarked": len(self.bookmarked & ids),
            "noted": len({k for k, v in self.notes.items() if v.strip()} & ids),
        }

    def glyphs(self, entry_id: str) -> str:
        """Compact marks for a tree row: bookmarked, known (else seen), has a note."""
        parts = []
        if entry_id in self.bookmarked:
            parts.append("★")
        if entry_id in self.known:
            parts.append("✓")
        elif entry_id in self.seen:
            parts.append("·")
        if self.notes.get(entry_id, "").strip():
            parts.append("✎")
        return "".join(parts)
