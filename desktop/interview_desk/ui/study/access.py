"""Study mode's one door to the user's file from the GUI: every call runs on the store's
writer thread through ``UserData.run`` (in order with bookmarks and notes), results come
back on the GUI thread. The ``StudyService`` lives on that thread, beside the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from interview_desk.corpus.model import Entry
from interview_desk.errors import DeskError
from interview_desk.store import UserStore
from interview_desk.store.reviews import CardRecord
from interview_desk.study import Deck, Outcome, Queue, StudyService
from interview_desk.study.mock import MockSession, MockSetup, pick_questions
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.desk import Desk


@dataclass(frozen=True)
class Batch:
    """What the review screen needs to run a session without waiting on the disk."""

    deck: Deck
    decks: list[Deck]
    queue: Queue
    cards: dict[str, CardRecord]  # the queued cards' stored states (absent = new)
    drafts: dict[str, str]  # machine drafts of unanswered queued entries


class LogId:
    """Filled on the store thread by the write, read there by a later undo (same order)."""

    value: int | None = None


class StudyAccess:
    def __init__(self, desk: Desk) -> None:
        self._desk = desk
        self._service: StudyService | None = None
        self.closed = False  # set when the window closes: later calls are dropped

    def _svc(self, store: UserStore) -> StudyService:  # store thread only
        corpus = self._desk.corpus
        if corpus is None:
            raise DeskError(tr("error.corpus_loading"))
        service = self._service
        if service is None or service.corpus is not corpus or service.store is not store:
            service = self._service = StudyService(corpus, store, search=self._search)
        return service

    def _search(self, text: str) -> list[str]:
        index, corpus = self._desk.index, self._desk.corpus  # search: safe from any thread
        if index is None or corpus is None:
            raise DeskError(tr("error.index_opening"))
        return [h.entry_id for h in index.search(text, limit=len(corpus.entries)).hits]

    def _submit(self, job: Callable[[StudyService], Any], on_done: Callable[[Any], None] | None,
                on_error: Callable[[BaseException], None] | None = None) -> None:
        def report(exc: BaseException) -> None:
            self._desk.sigErrorRaised.emit(exc, "status")

        if self.closed:  # a timer firing as the window closes: the store is going away
            return
        fail = on_error or report

        def done(result: Any) -> None:
            if result is None and on_done is not None:  # the file could not be opened
                fail(DeskError("your data file is not open, so study mode cannot run"))
            elif on_done is not None:
                on_done(result)

        self._desk.user_data.run(lambda store: job(self._svc(store)), done, fail)

    # -- reads -------------------------------------------------------------------------
    def load(self, deck_name: str | None, at: datetime, on_done: Callable[[Batch], None],
             on_error: Callable[[BaseException], None] | None = None) -> None:
        def job(svc: StudyService) -> Batch:
            deck = svc.deck(deck_name)
            queue = svc.queue(deck, at, learn_ahead=True)
            ids = {i.entry_id for i in queue.items}
            drafts = {k: d.text for k, d in svc.store.drafts().items() if k in ids}
            return Batch(deck, svc.decks(), queue, svc.reviews.cards_for(ids), drafts)

        self._submit(job, on_done, on_error)

    def deck_ids(self, deck_name: str, on_done: Callable[[list[str]], None]) -> None:
        """Every entry of the deck, in corpus order (not only today's cards)."""
        self._submit(lambda svc: svc.deck_ids(svc.deck(deck_name)), on_done)

    def due_ids(self, at: datetime, on_done: Callable[[list[str]], None]) -> None:
        """Today's queue of the default deck (the status bar's count, the tree's marks)."""
        self._submit(lambda svc: [i.entry_id for i in svc.queue(svc.deck(None), at,
                                                                learn_ahead=True).items],
                     on_done, lambda exc: None)  # a count that cannot load stays hidden

    def stats(self, deck_name: str | None, at: datetime,
              on_done: Callable[[dict[str, Any]], None]) -> None:
        self._submit(lambda svc: svc.stats(svc.deck(deck_name), at), on_done)

    # -- writes (the screen has already moved on) ----------------------------------------
    def commit(self, result: Outcome, prev: CardRecord | None, at: datetime,
               duration_ms: int | None) -> LogId:
        holder = LogId()

        def job(svc: StudyService) -> None:
            holder.value = svc.commit(result, prev, at, duration_ms=duration_ms)

        self._submit(job, None)
        return holder

    def undo(self, holder: LogId) -> None:
        self._submit(lambda svc: svc.undo(holder.value) if holder.value else None, None)

    def suspend(self, entry_id: str, on: bool) -> None:
        self._submit(lambda svc: svc.suspend(entry_id, on), None)

    def bury(self, entry_id: str, at: datetime, deck: Deck) -> None:
        self._submit(lambda svc: svc.bury(entry_id, at, deck), None)

    def unbury(self, entry_id: str) -> None:
        self._submit(lambda svc: svc.unbury(entry_id), None)

    # -- mock interviews ---------------------------------------------------------------
    def pick_mock(self, setup: MockSetup, on_done: Callable[[list[Entry]], None],
                  on_error: Callable[[BaseException], None]) -> None:
        def job(svc: StudyService) -> list[Entry]:
            return pick_questions(svc.corpus, svc.deck_ids(svc.deck(setup.deck)), setup)

        self._submit(job, on_done, on_error)

    def save_mock(self, session: MockSession) -> None:
        self._submit(lambda svc: svc.save_mock(session), None)

    def mock_history(self, on_done: Callable[[list[MockSession]], None]) -> None:
        self._submit(lambda svc: svc.mock_history(), on_done)

    def save_deck(self, deck: Deck, on_done: Callable[[Deck], None]) -> None:
        self._submit(lambda svc: svc.save_deck(deck.name, deck.spec, deck.options), on_done)

    def decks(self, on_done: Callable[[list[Deck]], None]) -> None:
        self._submit(lambda svc: svc.decks(), on_done)

    def send_back(self, entry_ids: list[str], at: datetime,
                  on_done: Callable[[int], None]) -> None:
        def job(svc: StudyService) -> int:
            for entry_id in entry_ids:
                svc.send_back(entry_id, at)
            return len(entry_ids)

        self._submit(job, on_done)
