"""Mock interviews: question picking, the critique prompt and its budget, parsing, the
degenerate-output guard, sessions kept in the user file; critique by the real model."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from study_corpus import make_entry

from interview_desk.errors import UsageError
from interview_desk.store import UserStore
from interview_desk.store.transfer import export_data, import_data
from interview_desk.study import Grade, StudyService
from interview_desk.study.mock import (
    NO_REFERENCE,
    MockAnswer,
    MockSession,
    MockSetup,
    critique,
    critique_messages,
    parse_critique,
    pick_questions,
)
from interview_desk.tutor.backend import GenParams, LoadParams, StreamStats
from interview_desk.tutor.prompt import Source
from interview_desk.tutor.session import Reply, Tutor


def test_pick_questions_keeps_to_the_difficulty_range_and_the_seed(corpus) -> None:
    ids = [e.id for e in corpus.entries]
    setup = MockSetup("all", count=4, min_difficulty=4, max_difficulty=5)
    picked = pick_questions(corpus, ids, setup, seed=3)
    assert len(picked) == 4 and all(e.difficulty == 5 for e in picked)
    assert picked == pick_questions(corpus, ids, setup, seed=3)
    with pytest.raises(UsageError, match="no questions"):
        pick_questions(corpus, ids[:2], MockSetup("x", min_difficulty=5), seed=1)
    with pytest.raises(UsageError, match="1-50 questions"):
        MockSetup("x", count=0)


def test_critique_prompt_against_the_reference_or_the_related_notes() -> None:
    entry, other = make_entry(1), make_entry(2)
    messages, sources, against = critique_messages(entry, "my answer", [other])
    user = messages[1]["content"]
    assert against == "reference" and [s.entry_id for s in sources] == ["e0001", "e0002"]
    assert user.index("Reference answer:\n[1]") < user.index("Related notes:\n[2]")
    assert "Candidate's answer:\nmy answer\n\nGrade the candidate's answer" in user
    unanswered = make_entry(3, answered=False)
    messages, sources, against = critique_messages(unanswered, "", [other])
    assert against == "related notes" and NO_REFERENCE in messages[1]["content"]
    assert [s.entry_id for s in sources] == ["e0002"] and "(no answer given)" in \
        messages[1]["content"]


def _reply(text: str, context: list[Source] | None = None) -> Reply:
    stats = StreamStats()
    stats.finish("stop")
    return Reply(text, [], "m", stats, context=context or [])


def test_parse_critique_fields_score_and_citations() -> None:
    sources = [Source(1, "e0001", "q1"), Source(2, "e0002", "q2")]
    parsed = parse_critique(_reply("**Score:** 3/5\nMissing: the scaling by sqrt(d_k) [1]\n"
                                   "Wrong: nothing", sources), "reference")
    assert (parsed.score, parsed.missing, parsed.wrong) == (
        3, "the scaling by sqrt(d_k) [1]", "nothing")
    assert parsed.citations == [{"n": 1, "id": "e0001", "question": "q1"}]
    assert parse_critique(_reply("评分：4\n缺少：位置编码\n错误：无"), "reference").score == 4
    assert parse_critique(_reply("I would give this 2/5 overall."), "reference").score == 2
    assert parse_critique(_reply("A fine answer."), "reference").score is None
    echo = parse_critique(_reply("[1] 如何為特定任務選擇合適的預訓練 LLM？"), "reference")
    assert not echo.usable  # an echo of the question is no critique
    assert parse_critique(_reply("Missing: loss scaling"), "reference").usable


def test_sessions_are_kept_listed_and_exported(tmp_path: Path, corpus) -> None:
    session = MockSession(MockSetup("All answered", count=2),
                          [MockAnswer("e0001", "answer", 30.5, {"score": 2}),
                           MockAnswer("e0002", "", 0.0, {"score": 4})])
    with UserStore.open(tmp_path / "a.sqlite3") as a, UserStore.open(tmp_path / "b.sqlite3") as b:
        service = StudyService(corpus, a, tz=UTC)
        service.save_mock(session)
        session.finished_at = 123.0
        service.save_mock(session)  # the same session, updated
        [kept] = service.mock_history()
        assert kept.to_dict() == session.to_dict() and kept.mean_score == 3
        report = import_data(b, export_data(a))
        assert report.added["mock_sessions"] == 1
        assert StudyService(corpus, b).mock_history()[0].id == session.id


def test_a_low_score_sends_the_card_back_as_again(corpus, store: UserStore) -> None:
    service = StudyService(corpus, store, tz=UTC)
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    service.rate("e0001", Grade.EASY, at)
    service.suspend("e0001")
    result = service.send_back("e0001", datetime(2026, 12, 2, 9, tzinfo=UTC))
    assert result.card.lapses == 1 and not result.card.suspended
    assert result.interval_days < 0.01  # relearning in minutes
    assert service.reviews.reviews()[-1].rating == 1


@pytest.fixture(scope="module")
def default_model() -> str:
    path = os.environ.get("INTERVIEW_DESK_TEST_MODEL", "")
    if not path or not Path(path).is_file():
        pytest.skip("the default model is not installed (scripts/setup.sh fetches it)")
    return path


def test_critique_by_the_real_model_streams_fits_and_stops(default_model: str) -> None:
    from interview_desk.tutor.local import LocalBackend

    backend = LocalBackend.load(default_model, LoadParams(n_ctx=1024, n_threads=1))
    try:
        tutor = Tutor(backend, lambda q, k: [make_entry(7), make_entry(8)][:k])
        entry = make_entry(1)
        long_answer = "RoPE rotates query and key pairs by position. " * 150  # ~7000 chars
        params = GenParams(temperature=0.0, max_tokens=60, seed=7)
        generation, against = critique(tutor, entry, long_answer, params)
        pieces = list(generation)
        assert pieces and generation.reply is not None and against == "reference"
        assert generation.reply.text == "".join(pieces)
        assert [s.entry_id for s in generation.reply.context] == ["e0001", "e0007"]
        parsed = parse_critique(generation.reply, against)
        assert parsed.text and parsed.model == backend.model_name
        cancel = threading.Event()
        stopped, _ = critique(tutor, entry, "short", GenParams(max_tokens=200, seed=7), cancel)
        for n, _piece in enumerate(stopped):
            if n == 2:
                cancel.set()
        assert stopped.reply is not None and stopped.reply.cancelled
        assert stopped.stats.tokens <= 5
    finally:
        backend.close()
