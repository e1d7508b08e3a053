"""One object over the corpus and the user's file for everything study mode does:
decks, today's queue, rating with FSRS, undo, suspend and bury. Qt-free; the GUI calls
it on the store's writer thread, the command line directly."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from interview_desk.corpus.model import Corpus
from interview_desk.errors import UsageError
from interview_desk.store.reviews import CardRecord, ReviewRecord, ReviewStore
from interview_desk.store.user_store import UserStore
from interview_desk.strings import tr
from interview_desk.study import stats
from interview_desk.study.clock import day_bounds
from interview_desk.study.decks import (
    BUILTIN_DECKS,
    CARD_FLAGS,
    DEFAULT_DECK,
    Deck,
    SearchFn,
    find_deck,
    parse_spec,
)
from interview_desk.study.decks import resolve as resolve_deck
from interview_desk.study.mock import MockSession
from interview_desk.study.options import DeckOptions
from interview_desk.study.queue import Queue, build_queue, queue_horizon
from interview_desk.study.scheduler import Grade, Outcome, make_scheduler, outcome, preview


class StudyService:
    def __init__(self, corpus: Corpus, store: UserStore, *, search: SearchFn | None = None,
                 tz: tzinfo | None = None) -> None:
        self.corpus = corpus
        self.store = store
        self.reviews = ReviewStore(store)
        self.search = search
        self.tz = tz  # None: the machine's local time

    # -- decks -----------------------------------------------------------------------
    def saved_decks(self) -> list[Deck]:
        builtin = {d.name for d in BUILTIN_DECKS}
        return [Deck(d.name, d.spec, DeckOptions.from_dict(d.options), d.name in builtin)
                for d in self.reviews.decks()]

    def decks(self) -> list[Deck]:
        saved = {d.name: d for d in self.saved_decks()}
        # A built-in whose options were saved appears once, in its place, with them.
        return [saved.pop(d.name, d) for d in BUILTIN_DECKS] + list(saved.values())

    def deck(self, name_or_spec: str | None) -> Deck:
        if name_or_spec is None:
            return self.deck(DEFAULT_DECK.name)
        return find_deck(name_or_spec, self.saved_decks())

    def save_deck(self, name: str, spec: str, options: DeckOptions | None = None) -> Deck:
        find_deck(spec, [])  # a bad filter is refused before it is saved
        self.reviews.save_deck(name, spec, (options or DeckOptions()).to_dict())
        return Deck(name, spec, options or DeckOptions())

    def deck_ids(self, deck: Deck, cards: dict[str, CardRecord] | None = None) -> list[str]:
        """The deck's entries in corpus order; card states and bookmarks are read only
        when the spec asks about them (a 10,000-card queue must not decode every row)."""
        flags = parse_spec(deck.spec).flags
        if cards is None and flags & CARD_FLAGS:
            cards = self.reviews.cards()
        bookmarks = set(self.store.bookmarks()) if "bookmarked" in flags else set()
        return resolve_deck(deck.spec, self.corpus, bookmarks=bookmarks, cards=cards,
                            search=self.search)

    # -- the queue -------------------------------------------------------------------
    def queue(self, deck: Deck, at: datetime, *, learn_ahead: bool = False) -> Queue:
        """Today's cards; ``learn_ahead`` as the review screen does (see ``queue``)."""
        ids = self.deck_ids(deck)
        start, _end = day_bounds(at, deck.options.day_start_hour, self.tz)
        ahead = timedelta(minutes=deck.options.learn_ahead_minutes) if learn_ahead else None
        inputs = self.reviews.queue_inputs(
            at.timestamp(), queue_horizon(at, deck.options, ahead, self.tz))
        return build_queue(ids, inputs, self.reviews.counts_since(start.timestamp()),
                           deck.options, at, learn_ahead=ahead, tz=self.tz)

    # -- rating ----------------------------------------------------------------------
    def _entry(self, entry_id: str) -> None:
        if self.corpus.get(entry_id) is None:
            raise UsageError(tr("err.study.no_entry", entry_id=entry_id))

    def preview(self, entry_id: str, at: datetime, deck: Deck = DEFAULT_DECK,
                ) -> dict[Grade, Outcome]:
        self._entry(entry_id)
        return preview(make_scheduler(deck.options), self.reviews.card(entry_id), entry_id, at)

    def rate(self, entry_id: str, grade: Grade, at: datetime, deck: Deck = DEFAULT_DECK, *,
             duration_ms: int | None = None) -> tuple[Outcome, int]:
        """Rate the card and save it with its log row; returns the outcome and log id."""
        self._entry(entry_id)
        prev = self.reviews.card(entry_id)
        if prev is not None and prev.suspended:
            raise UsageError(tr("err.study.suspended", entry_id=entry_id))
        result = outcome(make_scheduler(deck.options), prev, entry_id, grade, at)
        return result, self.commit(result, prev, at, duration_ms=duration_ms)

    def commit(self, result: Outcome, prev: CardRecord | None, at: datetime, *,
               duration_ms: int | None = None) -> int:
        """Save an outcome computed from ``prev`` (the review screen computes it itself,
        so the next card shows without waiting for the disk); returns the log id."""
        elapsed = ((at.timestamp() - prev.last_review) / 86400
                   if prev is not None and prev.last_review else None)
        return self.reviews.record_review(result.card, int(result.grade), at.timestamp(), prev,
                                          elapsed_days=elapsed, duration_ms=duration_ms)

    def undo(self, log_id: int | None = None) -> ReviewRecord | None:
        return self.reviews.undo_review(log_id)

    def suspend(self, entry_id: str, on: bool = True) -> None:
        self._entry(entry_id)
        self.reviews.set_suspended(entry_id, on)

    def bury(self, entry_id: str, at: datetime, deck: Deck = DEFAULT_DECK) -> float:
        """Hide the card for the rest of this study day; returns when it comes back."""
        self._entry(entry_id)
        _start, end = day_bounds(at, deck.options.day_start_hour, self.tz)
        self.reviews.set_buried(entry_id, end.timestamp())
        return end.timestamp()

    def unbury(self, entry_id: str) -> None:
        self.reviews.set_buried(entry_id, None)

    # -- statistics ------------------------------------------------------------------
    def stats(self, deck: Deck, at: datetime, days: int = 90) -> dict[str, object]:
        """Everything the statistics view draws, for the deck's cards."""
        cards = self.reviews.cards()
        ids = set(self.deck_ids(deck, cards))
        in_deck = {k: v for k, v in cards.items() if k in ids}
        reviews = [r for r in self.reviews.log_rows() if r.entry_id in ids]
        hour = deck.options.day_start_hour
        return {
            "deck": deck.name, "spec": deck.spec,
            "summary": stats.summary(ids, in_deck, reviews, at, hour, self.tz),
            "due_today": len(self.queue(deck, at, learn_ahead=True)),
            "reviews_per_day": stats.reviews_per_day(reviews, at, days, hour, self.tz),
            "due_forecast": stats.due_forecast(in_deck.values(), at, 30, hour, self.tz),
            "retention_by_interval": stats.retention_by_interval(reviews),
            "coverage": stats.coverage(self.corpus, ids, self.store.progress_all(), in_deck),
            "mock_scores": stats.mock_scores(self.mock_history()),
        }

    # -- mock interviews ---------------------------------------------------------------
    def save_mock(self, session: MockSession) -> None:
        self.reviews.save_mock(session.to_dict())

    def mock_history(self) -> list[MockSession]:
        """Kept sessions, newest first (unreadable ones are skipped)."""
        sessions = []
        for data in self.reviews.mocks():
            try:
                sessions.append(MockSession.from_dict(data))
            except (KeyError, TypeError, UsageError):
                continue
        return sessions

    def send_back(self, entry_id: str, at: datetime, deck: Deck = DEFAULT_DECK) -> Outcome:
        """After a low mock-interview score: rate the card Again, so it is studied soon."""
        card = self.reviews.card(entry_id)
        if card is not None and card.suspended:
            self.reviews.set_suspended(entry_id, False)
        result, _log_id = self.rate(entry_id, Grade.AGAIN, at, deck)
        return result
