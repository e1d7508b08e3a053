"""Rollout, entropy and head patterns on attention maps built by hand, and the cache."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from tiny_model import TinySpec, write_tiny_model

from interview_desk.errors import ModelError
from interview_desk.model_attention.analysis import classify_heads, head_entropy, rollout
from interview_desk.model_attention.forward import Cancelled

N = 8


def _heads() -> np.ndarray:
    """(1 layer, 5 heads): previous, first token, itself, uniform, and a content head."""
    prev, sink, diag = (np.zeros((N, N)) for _ in range(3))
    for i in range(N):
        prev[i, max(i - 1, 0)] = 1.0
        sink[i, 0] = 1.0
        diag[i, i] = 1.0
    uniform = np.tril(np.ones((N, N)))
    uniform /= uniform.sum(1, keepdims=True)
    content = np.zeros((N, N))
    for i in range(N):
        content[i, (i * 5) % (i + 1)] = 0.9  # a key chosen by "meaning", not position
        content[i] += np.tril(np.ones(N))[i] * 0.1 / (i + 1)
    return np.stack([prev, sink, diag, uniform, content])[None].astype(np.float32)


def test_each_head_gets_its_pattern() -> None:
    labels = [p.pattern for p in classify_heads(_heads())[0]]
    assert labels == ["previous", "sink", "diagonal", "broad", "content"]


def test_entropy_is_zero_for_one_hot_and_log_n_for_uniform() -> None:
    ent = head_entropy(_heads())[0]
    assert ent[0] == pytest.approx(0.0, abs=1e-6)
    expected = np.mean([np.log(i + 1) for i in range(1, N)])
    assert ent[3] == pytest.approx(expected, rel=1e-5)


def test_rollout_rows_are_distributions_and_a_sink_collects_everything() -> None:
    sink = np.repeat(_heads()[:, 1:2], 4, axis=1)  # every head parks on token 0
    roll = rollout(np.repeat(sink, 6, axis=0))  # six such layers
    np.testing.assert_allclose(roll.sum(-1), 1.0, atol=1e-6)
    assert roll[-1, N - 1, 0] > 0.95  # (1/2)^6 is all that stays on the token itself
    assert roll[0, N - 1, 0] == pytest.approx(0.5)


def test_runner_caches_per_model_and_text(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    from interview_desk.model_attention.runner import model_attention

    path = write_tiny_model(tmp_path / "m.gguf", TinySpec()) and tmp_path / "m.gguf"
    first = model_attention(path, "the model attention")
    assert first.tokens[0] == "<s>" and first.token_ids[0] == 1  # BOS, as the GGUF asks
    assert model_attention(path, "the model attention") is first
    assert model_attention(path, "the key value") is not first
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        model_attention(path, "the query head", cancel=cancel)
    with pytest.raises(ModelError, match="empty"):
        model_attention(path, "   ")
    with pytest.raises(ModelError, match="at most 4"):
        model_attention(path, "the model attention key value", max_tokens=4)
    with pytest.raises(ModelError, match="not found"):
        model_attention(tmp_path / "missing.gguf", "text")
