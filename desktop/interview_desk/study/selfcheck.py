"""Self-test part "study": FSRS scheduling, today's queue, undo and an Anki package, on a
temporary data file (catches a frozen build that lost ``fsrs``, ``genanki`` or its deps)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from interview_desk.corpus.model import Corpus, Entry, SourceInfo
from interview_desk.store.user_store import FILE_NAME, UserStore
from interview_desk.study import Deck, Grade, StudyService
from interview_desk.study.anki import export_apkg


def check() -> str:
    entry = Entry("selftest-1", "selftest.md", ("位置编码",), "1", "What does RoPE rotate?",
                  "Query and key pairs, by $m\\theta$.", 3, 1, 1)
    corpus = Corpus([entry], [SourceInfo("selftest.md", "selftest.md", 1, 1, 1)])
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with tempfile.TemporaryDirectory(prefix="interview-desk-selftest-") as tmp, \
            UserStore.open(Path(tmp) / FILE_NAME) as store:
        service = StudyService(corpus, store, tz=UTC)
        deck = Deck("selftest", "")  # every entry
        if [i.entry_id for i in service.queue(deck, at).items] != [entry.id]:
            raise RuntimeError("a new card is missing from today's queue")
        result, _ = service.rate(entry.id, Grade.GOOD, at, deck)
        if result.state_name != "learning" or len(service.queue(deck, at)) != 0:
            raise RuntimeError("rating a card did not schedule it")
        if service.undo() is None or service.reviews.card(entry.id) is not None:
            raise RuntimeError("undo did not restore the card")
        count = export_apkg(Path(tmp) / "selftest.apkg", "selftest", [entry])
    return f"FSRS queue, rating, undo and an Anki package ({count} note)"
