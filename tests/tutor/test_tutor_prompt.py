"""Grounded prompts: numbering, stable prefixes, citations, fitting the context."""

from __future__ import annotations

import pytest

from interview_desk.corpus import Corpus
from interview_desk.errors import ModelError
from interview_desk.tutor.prompt import (
    Conversation,
    SourceBudget,
    approx_tokens,
    cited_numbers,
    clip_tokens,
    draft_messages,
    fit_to_context,
)


def test_entry_is_source_one_and_hits_are_numbered_once(corpus: Corpus) -> None:
    entry, a, b, c = [e for e in corpus.entries if e.answered][:4]
    conv = Conversation(entry)
    system = conv.system_message["content"]
    assert f"[1] {entry.question.strip()}\n" in system
    entry_part = system[len(conv.instructions):]
    assert approx_tokens(entry_part) <= SourceBudget().entry_tokens() + 40

    user1, new1 = conv.user_message("why?", [entry, a, b])  # the entry itself is skipped
    assert [(s.number, s.entry_id) for s in new1] == [(2, a.id), (3, b.id)]
    assert f"[2] {a.question.strip()}" in user1["content"]
    assert user1["content"].endswith("\n\nwhy?")  # the question comes last
    turn1 = conv.messages_for(user1)
    conv.commit(user1, new1, "Because [1] and [3].")

    user2, new2 = conv.user_message("and then?", [b, c])
    assert [(s.number, s.entry_id) for s in new2] == [(4, c.id)]
    turn2 = conv.messages_for(user2)
    # Everything sent in turn 1 is an exact prefix of turn 2: the KV cache stays valid.
    assert turn2[: len(turn1)] == turn1
    assert turn2[len(turn1)] == {"role": "assistant", "content": "Because [1] and [3]."}
    conv.commit(user2, new2, "See [4], [9].")
    assert [s.entry_id for s in conv.citations("See [4], [9] and [1]")] == [c.id, entry.id]


def test_unanswered_entry_and_general_chat(corpus: Corpus) -> None:
    unanswered = next(e for e in corpus.entries if not e.answered)
    assert "(no answer in the notes)" in Conversation(unanswered).system_message["content"]
    general = Conversation(None)
    assert general.sources == []
    user, new = general.user_message("what is RoPE?", [])
    assert new == [] and user["content"] == "what is RoPE?"


@pytest.mark.parametrize("text, numbers", [
    ("GQA shares keys [1]. Also [2][3].", [1, 2, 3]),
    ("見 [2, 1] 與 [3，4]、[2]", [2, 1, 3, 4]),
    ("no citations [a] [] [1000]", []),
])
def test_cited_numbers(text: str, numbers: list[int]) -> None:
    assert cited_numbers(text) == numbers


def test_long_answers_are_clipped_at_a_sentence(corpus: Corpus) -> None:
    long_entry = max((e for e in corpus.entries if e.answered), key=lambda e: len(e.answer))
    system = Conversation(long_entry).system_message["content"]
    assert system.endswith(" …")
    conv = Conversation(long_entry)
    conv.system_message  # noqa: B018
    kept = conv.sources[0].excerpt.removesuffix(" …")
    assert system.endswith(kept + " …")
    answer = long_entry.answer.strip()
    end = len(kept)
    assert answer[:end] == kept
    assert kept[-1] in "。.！？!?；;:" or answer[end] == "\n"  # a sentence or line ends there


def test_clip_tokens_cuts_at_a_sentence_within_the_limit() -> None:
    text = "First sentence here. Second one is a bit longer. Third. " * 5
    clipped = clip_tokens(text, 20, approx_tokens)
    assert approx_tokens(clipped) <= 20 and clipped.endswith(". …")
    one_long = "x" * 500
    assert approx_tokens(clip_tokens(one_long, 30, approx_tokens)) <= 30
    assert clip_tokens("short.", 30, approx_tokens) == "short."


def test_draft_prompt_excludes_the_entry(corpus: Corpus) -> None:
    entry = next(e for e in corpus.entries if not e.answered)
    others = [e for e in corpus.entries if e.answered][:2]
    messages, sources = draft_messages(entry, [entry, *others])
    assert [s.entry_id for s in sources] == [o.id for o in others]
    assert messages[-1]["content"].endswith(f"Interview question: {entry.question.strip()}")


def test_fit_to_context_drops_oldest_turns() -> None:
    def count(text: str) -> int:
        return len(text.split())

    msgs = [{"role": "system", "content": "s " * 10}]
    for i in range(3):
        msgs += [{"role": "user", "content": f"q{i} " * 20},
                 {"role": "assistant", "content": f"a{i} " * 20}]
    msgs.append({"role": "user", "content": "now " * 5})
    fitted = fit_to_context(msgs, count, limit=110)
    assert fitted[0] == msgs[0] and fitted[-1] == msgs[-1]
    assert fitted[1]["content"].startswith("q2")
    assert fit_to_context(msgs, count, limit=10_000) == msgs
    with pytest.raises(ModelError, match="context size"):
        fit_to_context(msgs, count, limit=20)


def test_restore_from_stored_rows(corpus: Corpus) -> None:
    entry, hit = [e for e in corpus.entries if e.answered][:2]
    conv = Conversation(entry)
    conv.restore([("user", "why?", []),
                  ("assistant", "Because [2].", [{"n": 2, "id": hit.id, "question": "q"}])])
    assert [s.number for s in conv.sources] == [1, 2]
    assert conv.citations("Because [2].")[0].entry_id == hit.id
    _, new = conv.user_message("more", [hit])
    assert new == []  # already numbered
