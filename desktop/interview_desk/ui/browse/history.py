"""Back/forward history of opened entries, like a browser's (no Qt)."""

from __future__ import annotations


class History:
    """Visiting a new entry drops the forward list; revisiting the current one is a no-op."""

    def __init__(self, limit: int = 200) -> None:
        self._items: list[str] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> str | None:
        return self._items[self._index] if self._index >= 0 else None

    def visit(self, entry_id: str) -> None:
        if entry_id == self.current:
            return
        del self._items[self._index + 1:]
        self._items.append(entry_id)
        if len(self._items) > self._limit:
            del self._items[0]
        self._index = len(self._items) - 1

    def can_back(self) -> bool:
        return self._index > 0

    def can_forward(self) -> bool:
        return self._index < len(self._items) - 1

    def back(self) -> str | None:
        if not self.can_back():
            return None
        self._index -= 1
        return self.current

    def forward(self) -> str | None:
        if not self.can_forward():
            return None
        self._index += 1
        return self.current
