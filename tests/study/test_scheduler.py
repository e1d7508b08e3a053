"""Our scheduling against the ``fsrs`` package itself: same parameters, same due dates."""

from __future__ import annotations

import random
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from interview_desk.errors import UsageError
from interview_desk.store import UserStore
from interview_desk.strings import set_language
from interview_desk.study import DeckOptions, Grade, StudyService
from interview_desk.study.decks import Deck
from interview_desk.study.scheduler import format_interval, fuzz_seed

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# Again, then a run of passes with gaps that follow the schedule, then a lapse.
RATINGS = [Grade.AGAIN, Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.HARD, Grade.EASY,
           Grade.AGAIN, Grade.GOOD, Grade.GOOD]


def _replay_with_service(service: StudyService, deck: Deck, entry_id: str) -> list[datetime]:
    at, dues = T0, []
    for grade in RATINGS:
        result, _ = service.rate(entry_id, grade, at, deck)
        due = datetime.fromtimestamp(result.card.due, UTC)
        dues.append(due)
        at = due + timedelta(minutes=1)  # answer a minute after it falls due
    return dues


def _replay_with_fsrs(scheduler: Scheduler, entry_id: str, seeded: bool) -> list[datetime]:
    card = Card(card_id=zlib.crc32(entry_id.encode()), due=T0)
    at, dues = T0, []
    for reps, grade in enumerate(RATINGS):
        if seeded:
            random.seed(fuzz_seed(entry_id, reps))
        card, _log = scheduler.review_card(card, Rating(int(grade)), at)
        dues.append(card.due)
        at = card.due + timedelta(minutes=1)
    return dues


@pytest.mark.parametrize("retention", [0.9, 0.8])
def test_due_dates_match_fsrs_without_fuzz(corpus, store: UserStore, retention: float) -> None:
    options = DeckOptions(desired_retention=retention, fuzz=False)
    service = StudyService(corpus, store, tz=UTC)
    ours = _replay_with_service(service, Deck("d", "", options), "e0001")
    theirs = _replay_with_fsrs(Scheduler(desired_retention=retention, enable_fuzzing=False),
                               "e0001", seeded=False)
    assert ours == theirs
    assert ours[-1] - ours[0] > timedelta(days=10)  # it really reached long intervals


def test_due_dates_match_fsrs_with_seeded_fuzz(corpus, store: UserStore) -> None:
    service = StudyService(corpus, store, tz=UTC)
    ours = _replay_with_service(service, Deck("d", "", DeckOptions(fuzz=True)), "e0002")
    theirs = _replay_with_fsrs(Scheduler(enable_fuzzing=True), "e0002", seeded=True)
    assert ours == theirs


def test_preview_is_what_the_rating_does_and_leaves_random_alone(corpus,
                                                                   store: UserStore) -> None:
    service = StudyService(corpus, store, tz=UTC)
    at = T0
    for grade in (Grade.GOOD, Grade.GOOD, Grade.GOOD):  # into review, where fuzz applies
        result, _ = service.rate("e0003", grade, at)
        at = datetime.fromtimestamp(result.card.due, UTC) + timedelta(hours=1)
    random.seed(7)
    expected_next = random.random()
    random.seed(7)
    shown = service.preview("e0003", at)
    assert random.random() == expected_next  # our seeding does not disturb the caller's
    for grade in Grade:
        intervals = [shown[g].interval_days for g in Grade]
        assert intervals == sorted(intervals)  # again < hard < good < easy
        result, log_id = service.rate("e0003", grade, at)
        assert result.card.due == shown[grade].card.due
        service.undo(log_id)


def test_rating_an_unknown_entry_or_a_bad_rating_is_one_clear_error(corpus,
                                                                     store: UserStore) -> None:
    service = StudyService(corpus, store, tz=UTC)
    with pytest.raises(UsageError, match="no entry with id 'nope'"):
        service.rate("nope", Grade.GOOD, T0)
    with pytest.raises(UsageError, match="use again, hard, good or easy"):
        Grade.parse("meh")
    assert Grade.parse("Easy") is Grade.EASY and Grade.parse("1") is Grade.AGAIN


def test_bad_options_are_refused_in_one_line() -> None:
    with pytest.raises(UsageError, match="desired retention"):
        DeckOptions(desired_retention=1.5)
    with pytest.raises(UsageError, match="day start hour"):
        DeckOptions.from_dict({"day_start_hour": 30})
    with pytest.raises(UsageError, match="bad value"):
        DeckOptions.from_dict({"new_per_day": "lots"})


def test_interval_labels() -> None:
    assert [format_interval(d) for d in (1 / 1440, 10 / 1440, 0.25, 3.2, 75, 800)] == [
        "1m", "10m", "6h", "3d", "2.5mo", "2.2y"]
    set_language("zh")
    try:
        assert [format_interval(d) for d in (1 / 1440, 0.25, 3.2, 75, 800)] == [
            "1分钟", "6小时", "3天", "2.5个月", "2.2年"]
    finally:
        set_language("en")
