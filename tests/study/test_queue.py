"""Today's queue: day rollover at the start hour, daily limits, undo, suspend/bury, DST."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from interview_desk.store import UserStore
from interview_desk.store.reviews import STATE_NEW
from interview_desk.store.schema import LATEST_VERSION
from interview_desk.study import DeckOptions, Grade, StudyService
from interview_desk.study.clock import day_bounds, parse_moment, study_day
from interview_desk.study.decks import Deck

BERLIN = ZoneInfo("Europe/Berlin")


def _at(text: str, tz=BERLIN) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz).astimezone(UTC)


def _deck(**options) -> Deck:
    return Deck("t", "source:003", DeckOptions(fuzz=False, **options))


def test_study_day_turns_over_at_the_start_hour_local() -> None:
    assert str(study_day(_at("2026-12-02T03:59"), 4, BERLIN)) == "2026-12-01"
    assert str(study_day(_at("2026-12-02T04:00"), 4, BERLIN)) == "2026-12-02"
    start, end = day_bounds(_at("2026-12-02T10:00"), 4, BERLIN)
    assert start == _at("2026-12-02T04:00") and end - start == timedelta(hours=24)


def test_a_study_day_across_dst_is_23_or_25_hours_and_still_starts_at_4() -> None:
    # Clocks go forward at 2 am on 29 March and back at 3 am on 25 October.
    spring_start, spring_end = day_bounds(_at("2026-03-28T12:00"), 4, BERLIN)
    assert spring_end - spring_start == timedelta(hours=23)
    assert spring_end.astimezone(BERLIN).hour == 4 and spring_start.astimezone(BERLIN).hour == 4
    autumn_start, autumn_end = day_bounds(_at("2026-10-24T12:00"), 4, BERLIN)
    assert autumn_end - autumn_start == timedelta(hours=25)


def test_review_due_tomorrow_across_dst_appears_after_4am_local(corpus,
                                                                store: UserStore) -> None:
    service = StudyService(corpus, store, tz=BERLIN)
    deck = _deck()
    at = _at("2026-03-28T20:00")  # the evening before clocks go forward
    result, _ = service.rate("e0001", Grade.EASY, at, deck)  # easy: days away, in review
    due = datetime.fromtimestamp(result.card.due, UTC)
    day_of_due_start, _ = day_bounds(due, 4, BERLIN)
    before = day_of_due_start - timedelta(minutes=1)
    assert "e0001" not in [i.entry_id for i in service.queue(deck, before,
                                                             learn_ahead=True).items]
    assert "e0001" in [i.entry_id for i in service.queue(deck, day_of_due_start,
                                                         learn_ahead=True).items]


def test_new_card_limit_counts_what_was_studied_today_and_resets_at_4am(corpus,
                                                                        store: UserStore) -> None:
    service = StudyService(corpus, store, tz=BERLIN)
    deck = _deck(new_per_day=3)
    morning = _at("2026-12-02T09:00")
    first = service.queue(deck, morning)
    assert [i.entry_id for i in first.items] == ["e0000", "e0001", "e0002"]
    assert first.counts == (3, 0, 0)
    service.rate("e0000", Grade.EASY, morning, deck)
    service.rate("e0001", Grade.EASY, morning, deck)
    later = service.queue(deck, morning + timedelta(hours=1))
    assert [i.entry_id for i in later.items] == ["e0002"] and later.new_left == 0
    night = service.queue(deck, _at("2026-12-03T03:59"))
    assert len(night.items) == 1  # still the same study day
    tomorrow = service.queue(deck, _at("2026-12-03T04:00"))
    assert [i.entry_id for i in tomorrow.items] == ["e0002", "e0003", "e0004"]


def test_review_limit_and_the_order_learning_reviews_new(corpus, store: UserStore) -> None:
    service = StudyService(corpus, store, tz=UTC)
    deck = _deck(new_per_day=50, max_reviews_per_day=2)
    day1 = datetime(2026, 12, 1, 9, tzinfo=UTC)
    for i in range(4):
        service.rate(f"e{i:04d}", Grade.GOOD, day1, deck)  # learning, steps left
        service.rate(f"e{i:04d}", Grade.GOOD, day1 + timedelta(minutes=11), deck)  # review
    service.rate("e0005", Grade.AGAIN, day1, deck)  # learning, due in a minute
    much_later = day1 + timedelta(days=60)
    queue = service.queue(deck, much_later)
    states = [i.state for i in queue.items]
    assert states[:1] == [1] and states[1:3] == [2, 2]  # 1 learning, reviews capped at 2
    assert all(s == STATE_NEW for s in states[3:]) and queue.reviews_left == 0
    service.rate(queue.items[1].entry_id, Grade.GOOD, much_later, deck)
    assert sum(i.state == 2 for i in service.queue(deck, much_later).items) == 1


def test_strict_mode_shows_only_what_is_due_now(corpus, store: UserStore) -> None:
    service = StudyService(corpus, store, tz=UTC)
    deck = _deck(new_per_day=0)
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    service.rate("e0001", Grade.AGAIN, at, deck)  # due in 1 minute
    assert len(service.queue(deck, at)) == 0
    assert len(service.queue(deck, at, learn_ahead=True)) == 1  # the screen learns ahead
    assert len(service.queue(deck, at + timedelta(minutes=1))) == 1


def test_undo_restores_the_card_and_the_queue(corpus, store: UserStore) -> None:
    service = StudyService(corpus, store, tz=UTC)
    deck = _deck(new_per_day=2)
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    before = service.queue(deck, at)
    _, first = service.rate("e0000", Grade.GOOD, at, deck)
    card_after_first = service.reviews.card("e0000")
    _, second = service.rate("e0000", Grade.GOOD, at + timedelta(minutes=2), deck)
    assert service.undo().id == second  # latest first
    assert service.reviews.card("e0000") == card_after_first
    assert service.undo().id == first
    assert service.reviews.card("e0000") is None and service.reviews.reviews() == []
    assert service.queue(deck, at) == before
    assert service.undo() is None  # nothing left: no error


def test_suspend_and_bury(corpus, store: UserStore) -> None:
    service = StudyService(corpus, store, tz=UTC)
    deck = _deck(new_per_day=3)
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    service.suspend("e0000")
    back = service.bury("e0001", at, deck)
    assert back == datetime(2026, 12, 2, 4, tzinfo=UTC).timestamp()
    ids = [i.entry_id for i in service.queue(deck, at).items]
    assert ids == ["e0002", "e0003", "e0004"]
    tomorrow = [i.entry_id for i in service.queue(deck, at + timedelta(days=1)).items]
    assert tomorrow[0] == "e0001" and "e0000" not in tomorrow
    with pytest.raises(Exception, match="suspended"):
        service.rate("e0000", Grade.GOOD, at, deck)
    service.suspend("e0000", False)
    assert "e0000" in [i.entry_id for i in service.queue(deck, at).items]


def test_parse_moment() -> None:
    assert parse_moment("2026-12-01T09:30:00Z") == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    assert parse_moment("2026-12-01T10:30+01:00") == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    with pytest.raises(Exception, match="not an ISO 8601 time"):
        parse_moment("yesterday")


def test_version_1_file_migrates_and_keeps_its_data(tmp_path) -> None:
    from interview_desk.store.schema import MIGRATIONS, migrate

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, {1: MIGRATIONS[1]})
    conn.execute("INSERT INTO bookmarks VALUES ('e0001', 1.0)")
    conn.close()
    with UserStore.open(path) as s:
        assert s.bookmarks() == ["e0001"]
        tables = {r[0] for r in s._conn.execute("SELECT name FROM sqlite_master")}
    assert {"cards", "review_log", "decks"} <= tables
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
