"""Deck specs: the search filters plus is:bookmarked / is:struggling, over a real corpus."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from interview_desk.errors import UsageError
from interview_desk.store import UserStore
from interview_desk.study import BUILTIN_DECKS, DeckOptions, Grade, StudyService
from interview_desk.study.decks import parse_spec, resolve


def test_filters_match_like_the_search_bar(corpus) -> None:
    assert len(resolve("source:003", corpus)) == 15
    assert len(resolve("source:ATTENTION section:mha", corpus)) == 15
    assert resolve("difficulty:>=4", corpus) == [e.id for e in corpus.entries
                                                 if e.difficulty == 5]
    unanswered = resolve("answered:no", corpus)
    assert unanswered and all(not corpus.get(i).answered for i in unanswered)
    assert resolve("", corpus) == [e.id for e in corpus.entries]


def test_words_go_to_the_search_function_and_are_intersected(corpus) -> None:
    asked: list[str] = []

    def search(text: str) -> list[str]:
        asked.append(text)
        return ["e0001", "e0020", "e0002"]

    assert resolve("source:003 rope", corpus, search=search) == ["e0001", "e0002"]
    assert asked == ["rope"]
    with pytest.raises(UsageError, match="search index"):
        resolve("rope", corpus)


def test_bad_filters_are_one_line_errors() -> None:
    with pytest.raises(UsageError, match="unknown deck filter is:later"):
        parse_spec("is:later")
    with pytest.raises(UsageError, match="ignored difficulty:9"):
        parse_spec("difficulty:9")


def test_builtin_decks_bookmarked_and_struggling(corpus, store: UserStore) -> None:
    service = StudyService(corpus, store, tz=UTC)
    assert [d.name for d in service.decks()] == [d.name for d in BUILTIN_DECKS]
    store.set_bookmark("e0004", True)
    assert service.deck_ids(service.deck("bookmarked")) == ["e0004"]
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    for grade, hours in ((Grade.GOOD, 0), (Grade.GOOD, 1), (Grade.AGAIN, 24 * 30)):
        service.rate("e0007", grade, at + timedelta(hours=hours))
    assert service.deck_ids(service.deck("Struggling")) == ["e0007"]
    answered = service.deck_ids(service.deck(None))
    assert all(corpus.get(i).answered for i in answered)


def test_saved_deck_keeps_its_options(corpus, store: UserStore) -> None:
    service = StudyService(corpus, store, tz=UTC)
    service.save_deck("RoPE hard", "source:003 difficulty:>=3", DeckOptions(new_per_day=5))
    deck = service.deck("rope HARD")
    assert deck.spec == "source:003 difficulty:>=3" and deck.options.new_per_day == 5
    with pytest.raises(UsageError):
        service.save_deck("bad", "is:nothing")
    adhoc = service.deck("section:位置编码")
    assert adhoc.options == DeckOptions() and len(service.deck_ids(adhoc)) == 15


def test_a_builtin_deck_keeps_its_saved_options(corpus, store: UserStore) -> None:
    service = StudyService(corpus, store, tz=UTC)
    service.save_deck("Bookmarked", "is:bookmarked", DeckOptions(new_per_day=2))
    deck = service.deck("bookmarked")
    assert deck.options.new_per_day == 2 and deck.builtin
    assert [d.name for d in service.decks()] == [d.name for d in BUILTIN_DECKS]
    assert service.decks()[1].options.new_per_day == 2
