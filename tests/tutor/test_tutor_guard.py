"""The degeneration guard: loops stop the stream, real text passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_desk.tutor.backend import GenParams, LoadParams
from interview_desk.tutor.guard import RepetitionGuard, is_degenerate
from interview_desk.tutor.local import LocalBackend
from interview_desk.tutor.prompt import Conversation
from interview_desk.tutor.session import Tutor


def _feed(text: str, step: int = 3) -> RepetitionGuard:
    guard = RepetitionGuard()
    for i in range(0, len(text), step):
        if guard.feed(text[i:i + step]):
            break
    return guard


@pytest.mark.parametrize("junk, unit", [
    ("The answer is RoPE. " + "LSTM_FEATURES_" * 20, "LSTM_FEATURES_"),
    ("旋转位置编码 2." + "1." * 80, "1."),
    ("Attention is all you need.\n" * 6, "Attention is all you need.\n"),
    ("幻觉" * 50, "幻觉"),
])
def test_loops_trip_the_guard(junk: str, unit: str) -> None:
    guard = _feed(junk)
    assert guard.tripped
    assert len(guard.unit) % len(unit) == 0 and unit in guard.unit * 2
    kept = guard.kept_text(junk)
    assert len(kept) < len(junk) and kept.count(unit.strip()) <= 2


@pytest.mark.parametrize("text", [
    "Scaling by sqrt(d_k) keeps the dot products' variance near 1, so the softmax does "
    "not saturate and gradients stay useful. " * 2,
    "| a | b |\n|---|---|\n| 1 | 2 |\n" + "-" * 120 + "\n" + "=" * 80,
    "".join(chr(0x4E00 + (i * 7919) % 2000) for i in range(1500)),
    "1. one\n2. two\n3. three\n4. four\n5. five\n6. six\n7. seven\n",
])
def test_real_text_passes(text: str) -> None:
    assert not _feed(text).tripped


# What SmolLM2-135M wrote for "Why divide by sqrt(d_k)?" (list items saying the same).
LIST_LOOP = (
    "The reason for dividing by sqrt(d_k) is to simplify the calculation.\n\n"
    "1. **Sigmoid activation function**: The sigmoid function is defined as a combination "
    "of a sigmoid function and an exponential function. This makes it easier to calculate "
    "the output of each layer based on the input data.\n\n"
    "2. **Sigmoid activation**: The Sigmoid function is defined as a combination of a "
    "sigmoid function and an exponential function. This makes it easier to calculate the "
    "output of each layer based on the input data.\n\n"
    "3. **Sigmoid activation**: The Sigmoid function is defined as a combination of a "
    "sigmoid function and an exponential function. This makes it easier to calculate the "
    "output of each layer based on the input data.\n\nIn other words, ..."
)


def test_repeated_sentences_trip_the_guard() -> None:
    guard = _feed(LIST_LOOP, step=4)
    assert guard.tripped
    kept = guard.kept_text(LIST_LOOP)
    assert kept.startswith("The reason") and "2. **Sigmoid activation**" in kept
    assert kept.count("This makes it easier") == 2


def test_sentences_ending_between_tokens_are_counted() -> None:
    """Models write the full stop and the next word's space as two tokens ("." then
    " The"): the sentence still ends there, and its third copy trips the guard."""
    guard = RepetitionGuard()
    sentence = ["The", " softmax", " saturates", " without", " the", " scaling", "."]
    pieces = [*sentence, " It", " is", " slow", "."] + [" " + sentence[0], *sentence[1:]] * 2
    tripped = [guard.feed(p) for p in [*pieces, " Done"]]
    assert tripped[-1] and not any(tripped[:len(sentence) * 2 + 4])
    assert guard.kept_text("".join(pieces)).count("saturates") == 2


def test_a_looping_model_is_stopped(loop_model: Path) -> None:
    backend = LocalBackend.load(loop_model, LoadParams(n_ctx=1024, n_threads=1))
    try:
        generation = Tutor(backend).ask(Conversation(None), "what is attention?",
                                        GenParams(max_tokens=400, seed=1))
        pieces = list(generation)
        reply = generation.reply
        assert reply is not None and reply.looped
        assert reply.stats.finish_reason == "repetition"
        assert reply.to_json()["finish_reason"] == "repetition"
        assert len(pieces) < 40  # stopped within a few repeats, not at max_tokens
        assert len(reply.text) < len("".join(pieces))  # the loop is cut from the reply
    finally:
        backend.close()


# Whole replies (the mock interview critic judges these), from SmolLM2-135M among others.
@pytest.mark.parametrize("text, bad", [
    ("", True), ("ok", True),
    ("Score: 4\nMissing: KV cache reuse\nWrong: nothing", False),
    ("Score: 4\n" + "Missing: the the the the\n" * 5, True),
    ("good " * 100, True),
    ("注意力 " * 80, True),
    # Seen from SmolLM2-135M: numbered lists and bare citation marks looping.
    ("1. **BERT模型**\n2. **LLaMA**\n3. **ChatGLM**\n4. **BERT**\n5. **LLaMA**\n"
     "6. **ChatGLM**\n7. **BERT**\n8. **LLaMA**\n9. **BERT**\n10. **LLaMA**", True),
    ("[1] \n[2] \n[3] \n[4] \n[5] \n[1] \n[2] \n[3] \n[4] \n[5] ", True),
    ("Missing:\nWrong:\nMissing:\nWrong:\nMissing:", True),  # labels, nothing said
    ("```python\nx = 1\n```\n$$\na^2\n$$\n```\ny = 2\n```\n$$\nb\n$$", False),
    # Too short for the whole-text checks: only the stream guard's loop finds these.
    ("The key idea is " + "LSTM_FEATURES_" * 8, True),
    ("Attention weighs values by similarity. " * 3 + "Then it sums them.", True),
    ("1. The answer names clipping.\n2. It misses loss scaling.\n3. It misses warm-up.\n"
     "4. Nothing is wrong.", False),
    ("Score: 2\nMissing: the answer does not explain why the dot products grow with the "
     "dimension, nor how dividing by the square root keeps softmax gradients useful; it "
     "also skips multi-head attention.\nWrong: it says softmax is applied to values.", False),
])
def test_degenerate_output_is_caught(text: str, bad: bool) -> None:
    assert is_degenerate(text) is bad


LABELLED = Path(__file__).with_name("guard_labelled.json")


def _labelled() -> list[dict[str, object]]:
    import json

    items: list[dict[str, object]] = json.loads(LABELLED.read_text("utf-8"))["items"]
    return items


def test_a_long_sentence_said_again_is_stopped_in_its_second_copy() -> None:
    """The app's own reply on 2026-12-07: a 400-character sentence two and a half times,
    never three whole copies, so the sentence count never tripped before max_tokens."""
    text = str(_labelled()[0]["text"])
    assert text.count("In summary kv cacheing") == 3
    guard = _feed(text, step=5)
    assert guard.tripped
    kept = guard.kept_text(text)
    assert kept.count("In summary kv cacheing") == 1 and kept.endswith("processing occurs.")


def test_a_chinese_sentence_said_again_is_stopped() -> None:
    sentence = ("注意力机制是一种独立的编程实现方式，它可以让你看到你可以使用编程，"
                "但是它的编程实现方式是一种独立的编程实现方式。")
    text = "注意力机制:\n\n" + sentence + "\n\n注意力机制:\n\n" + sentence[:45]
    assert _feed(text).tripped
    assert not _feed("注意力机制:\n\n" + sentence + "\n\n它让模型关注相关的词。").tripped


def test_the_labelled_replies_are_judged_as_labelled() -> None:
    wrong = [str(item["from"]) for item in _labelled()
             if is_degenerate(str(item["text"])) is not item["loop"]]
    assert wrong == []


def test_no_answer_written_by_people_is_taken_for_a_loop(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus's 166 answers: code fences, $$ lines and list labels repeat in them."""
    from interview_desk.corpus.loader import load_corpus

    monkeypatch.setenv("INTERVIEW_DESK_HOME", str(tmp_path))
    answers = [e.answer for e in load_corpus([]).entries if e.answer]
    assert len(answers) == 166
    assert [a[:40] for a in answers if is_degenerate(a) or _feed(a, step=4).tripped] == []
