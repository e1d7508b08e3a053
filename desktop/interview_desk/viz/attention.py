"""Scaled dot-product attention, multi-head with MQA/GQA key/value sharing.

softmax(q k^T / (sqrt(d_k) * temperature)) with the row maximum subtracted first, so
large scores or tiny temperatures never overflow. Blocked cells get weight exactly 0;
a query row with every key blocked gets an all-zero row (not NaN).
"""

from __future__ import annotations

import math

import numpy as np

from interview_desk.viz.errors import VizError


def masked_scores(scores: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """``scores`` with blocked cells set to -inf (a copy when a mask is given)."""
    if mask is None:
        return scores
    return np.where(mask, -np.inf, scores).astype(scores.dtype, copy=False)


def centered(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """``scores`` minus each row's maximum (rows of all -inf stay -inf): all values <= 0."""
    peak = np.max(scores, axis=axis, keepdims=True)
    return scores - np.where(np.isfinite(peak), peak, 0)


def softmax_centered(shifted: np.ndarray, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """Softmax of already ``centered`` scores divided by ``temperature``.

    Every exponent is <= 0, so nothing overflows however small the temperature; the row
    maximum gives exp(0) = 1, so a row's sum is >= 1 unless the whole row is blocked.
    """
    if not temperature > 0:
        raise VizError(f"temperature must be positive, got {temperature}")
    weights = np.multiply(shifted, 1.0 / temperature)
    np.exp(weights, out=weights)  # exp(-inf) == 0 exactly
    total = np.sum(weights, axis=axis, keepdims=True)
    np.divide(weights, np.where(total > 0, total, 1), out=weights)
    return weights


def softmax(scores: np.ndarray, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax of ``scores / temperature``; -inf cells get exactly 0."""
    return softmax_centered(centered(scores, axis), temperature, axis)


def scaled_dot_product(q: np.ndarray, k: np.ndarray, v: np.ndarray,
                       mask: np.ndarray | None = None, temperature: float = 1.0,
                       bias: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Attention output and weights for ``q (..., n_q, d_k)``, ``k (..., n_k, d_k)``, ``v``.

    ``mask``: boolean, True = blocked, broadcast to ``(..., n_q, n_k)``. ``bias`` is added
    to the scaled scores before masking (ALiBi, T5 relative bias).
    """
    weights = attention_weights(attention_scores(q, k, bias), mask, temperature)
    return weights @ v, weights


def attention_scores(q: np.ndarray, k: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    """``q k^T / sqrt(d_k)`` (+ ``bias``): the logits before masking and softmax."""
    if q.shape[-1] != k.shape[-1]:
        raise VizError(f"query and key sizes differ: {q.shape[-1]} vs {k.shape[-1]}")
    # a Python float keeps float32 inputs float32 (a numpy float64 scalar would promote)
    scores = (q @ np.swapaxes(k, -1, -2)) / math.sqrt(q.shape[-1])
    if bias is not None:
        scores = scores + bias
    return scores


def attention_weights(scores: np.ndarray, mask: np.ndarray | None,
                      temperature: float = 1.0) -> np.ndarray:
    """Softmax of the scores over keys after masking (the part a temperature change redoes)."""
    return softmax(masked_scores(scores, mask), temperature)


def kv_head_for(n_heads: int, n_kv_heads: int) -> np.ndarray:
    """Which key/value head each query head reads: MHA (kv=heads), GQA (groups), MQA (kv=1).

    Query heads are split into ``n_kv_heads`` consecutive groups, as in the GQA paper and
    llama.cpp (``repeat_kv``): head h uses kv head ``h // (n_heads // n_kv_heads)``.
    """
    if n_heads < 1 or n_kv_heads < 1:
        raise VizError("head counts must be at least 1")
    if n_heads % n_kv_heads:
        raise VizError(f"{n_heads} query heads cannot be split evenly into {n_kv_heads} kv heads")
    return np.arange(n_heads) // (n_heads // n_kv_heads)


def split_heads(x: np.ndarray, n_heads: int) -> np.ndarray:
    """``(n, d_model)`` -> ``(n_heads, n, d_model // n_heads)``."""
    n, d_model = x.shape
    if d_model % n_heads:
        raise VizError(f"d_model {d_model} is not divisible by {n_heads} heads")
    return x.reshape(n, n_heads, d_model // n_heads).transpose(1, 0, 2)


def valid_kv_heads(n_heads: int) -> list[int]:
    """The kv head counts that divide the query heads: 1 (MQA) ... n_heads (MHA)."""
    return [g for g in range(1, n_heads + 1) if n_heads % g == 0]
