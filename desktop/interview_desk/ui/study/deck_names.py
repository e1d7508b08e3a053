"""A deck's name on screen: the built-in decks in the interface language, the user's own
decks as they typed them. The combo boxes keep the stored name as each item's data."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from interview_desk.study import BUILTIN_DECKS, Deck
from interview_desk.ui.i18n import tr

_BUILTIN_KEYS = dict(zip((d.name for d in BUILTIN_DECKS),
                         ("deck.all_answered", "deck.bookmarked", "deck.struggling"),
                         strict=True))


def deck_label(name: str) -> str:
    key = _BUILTIN_KEYS.get(name)
    return tr(key) if key else name


def fill_deck_box(box: QComboBox, decks: list[Deck] | tuple[Deck, ...],
                  current: str | None) -> None:
    """Refill ``box`` with ``decks`` (shown by ``deck_label``) and select ``current``."""
    box.clear()
    for deck in decks:
        box.addItem(deck_label(deck.name), deck.name)
    box.setCurrentIndex(max(0, box.findData(current)))


def relabel_deck_box(box: QComboBox) -> None:
    """Re-word the items after a language switch."""
    for i in range(box.count()):
        box.setItemText(i, deck_label(str(box.itemData(i))))
