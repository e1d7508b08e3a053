"""Decks: saved filters in the search syntax, plus the built-ins.

A deck spec is what the search bar takes (``source:003 section:位置编码 difficulty:>=4``,
words, phrases) with a few study filters on top: ``is:bookmarked``, ``is:struggling``
(cards with lapses), ``is:new``, ``is:review``, ``is:suspended``. Filters are matched here
over the corpus in memory; words need the search index, passed in as ``search``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from interview_desk.corpus.model import Corpus, Entry
from interview_desk.errors import UsageError
from interview_desk.search.analyzer import fold
from interview_desk.search.filters import Filters, split_filters
from interview_desk.store.reviews import STATE_NEW, CardRecord
from interview_desk.strings import tr
from interview_desk.study.options import DeckOptions

# text (filters left in) -> matching entry ids; the search index's answer
SearchFn = Callable[[str], Collection[str]]

_IS = re.compile(r"(?<![\w:])is\s*[:：]\s*(?P<value>\S+)", re.IGNORECASE)
IS_VALUES = ("bookmarked", "struggling", "new", "review", "suspended")
CARD_FLAGS = frozenset({"struggling", "new", "review", "suspended"})  # need card states


@dataclass(frozen=True, slots=True)
class Deck:
    name: str
    spec: str
    options: DeckOptions = field(default_factory=DeckOptions)
    builtin: bool = False


BUILTIN_DECKS = (
    Deck("All answered", "answered:yes", builtin=True),
    Deck("Bookmarked", "is:bookmarked", builtin=True),
    Deck("Struggling", "is:struggling", builtin=True),
)
DEFAULT_DECK = BUILTIN_DECKS[0]


@dataclass(frozen=True, slots=True)
class ParsedSpec:
    text: str  # words for the search index ("" = filters only)
    filters: Filters
    flags: frozenset[str]


def parse_spec(spec: str) -> ParsedSpec:
    """Split a deck spec; a filter it cannot read is an error (a deck must be exact)."""
    flags: set[str] = set()
    bad: list[str] = []

    def take(m: re.Match[str]) -> str:
        value = m.group("value").lower()
        (flags.add if value in IS_VALUES else bad.append)(value)
        return " "

    rest = _IS.sub(take, spec)
    if bad:
        raise UsageError(tr("err.deck.unknown_filter", bad=bad[0], known=", is:".join(IS_VALUES)))
    parsed = split_filters(rest)
    if parsed.notices:
        raise UsageError(parsed.notices[0])
    return ParsedSpec(parsed.text, parsed.filters, frozenset(flags))


def matches(entry: Entry, f: Filters) -> bool:
    """Whether ``entry`` passes the filters (source and section: substrings, any script)."""
    if f.source and fold(f.source) not in fold(entry.source):
        return False
    if f.section and fold(f.section).strip() not in fold(entry.section):
        return False
    if f.min_difficulty is not None or f.max_difficulty is not None:
        lo, hi = f.min_difficulty or 1, f.max_difficulty or 5
        if entry.difficulty is None or not lo <= entry.difficulty <= hi:
            return False
    return f.answered is None or entry.answered == f.answered


def _flagged(entry_id: str, flags: frozenset[str], bookmarks: Collection[str],
             cards: Mapping[str, CardRecord]) -> bool:
    card = cards.get(entry_id)
    state = card.state if card is not None else STATE_NEW
    checks = {
        "bookmarked": entry_id in bookmarks,
        "struggling": card is not None and card.lapses > 0,
        "new": state == STATE_NEW,
        "review": state != STATE_NEW,
        "suspended": card is not None and card.suspended,
    }
    return all(checks[f] for f in flags)


def resolve(spec: str, corpus: Corpus, *, bookmarks: Collection[str] = (),
            cards: Mapping[str, CardRecord] | None = None,
            search: SearchFn | None = None) -> list[str]:
    """The entry ids of the deck, in corpus order."""
    parsed = parse_spec(spec)
    cards = cards or {}
    allowed: Collection[str] | None = None
    if parsed.text:
        if search is None:
            raise UsageError(tr("err.deck.no_index"))
        allowed = set(search(parsed.text))
    f, flags = parsed.filters, parsed.flags
    if not f and allowed is None and not flags:
        return [e.id for e in corpus.entries]
    filtered = bool(f)  # Filters.__bool__ is not free: once, not per entry
    return [e.id for e in corpus.entries
            if (not filtered or matches(e, f))
            and (allowed is None or e.id in allowed)
            and (not flags or _flagged(e.id, flags, bookmarks, cards))]


def find_deck(name_or_spec: str, saved: list[Deck]) -> Deck:
    """A saved or built-in deck by name (any case), else an ad-hoc deck for the spec.
    Saved first: a built-in whose options were saved comes back with them."""
    wanted = name_or_spec.strip()
    for deck in (*saved, *BUILTIN_DECKS):
        if deck.name.casefold() == wanted.casefold():
            return deck
    if not wanted:
        raise UsageError(tr("err.deck.empty"))
    parse_spec(wanted)  # report a bad filter now, in one line
    return Deck(wanted, wanted)
