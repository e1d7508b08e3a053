"""One attention picture: toy embeddings and projections -> scores and weights per head.

Nothing here is a trained model. Token vectors are seeded by the token's text (the same
word always gets the same vector), and each head's key projection is its query
projection plus noise, so a token attends to itself and its repeats: a pattern the
learner can see position encodings, masks and temperature reshape.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np

from interview_desk.viz import attention, masks, positional
from interview_desk.viz.errors import VizError

POSITIONS: tuple[str, ...] = ("none", "sinusoidal", "learned", "rope", "alibi", "t5")
ADDED_POSITIONS = frozenset({"sinusoidal", "learned"})  # added to the embeddings
_SELF_MIX = 0.35  # correlation of a head's key projection with its query projection
APPLIED_POSITIONS = frozenset({"rope"})  # rotates q and k
BIAS_POSITIONS = frozenset({"alibi", "t5"})  # added to the scores


@dataclass(frozen=True)
class AttentionSettings:
    """What the attention view shows; every field has a default and a bound."""

    n_heads: int = 4  # 1..16
    n_kv_heads: int = 4  # divides n_heads: = n_heads MHA, 1 MQA, between GQA
    d_model: int = 64  # 8..512, divisible by n_heads, head size even for RoPE
    temperature: float = 1.0  # softmax temperature, 0.05..20
    mask: str = "causal"  # masks.MASK_KINDS
    window: int = 3  # sliding window size
    prefix: int = 3  # prefix-LM prefix length
    n_pad: int = 2  # padded positions at the end
    position: str = "none"  # POSITIONS
    rope_base: float = 10000.0
    seed: int = 0

    def validate(self) -> None:
        if not 1 <= self.n_heads <= 16:
            raise VizError(f"heads must be 1..16, got {self.n_heads}")
        attention.kv_head_for(self.n_heads, self.n_kv_heads)
        if not 8 <= self.d_model <= 512 or self.d_model % self.n_heads:
            raise VizError(f"d_model must be 8..512 and divisible by {self.n_heads} heads, "
                           f"got {self.d_model}")
        if self.position == "rope" and (self.d_model // self.n_heads) % 2:
            raise VizError("RoPE needs an even head size (d_model / heads)")
        if not 0.01 <= self.temperature <= 100:
            raise VizError(f"temperature must be 0.01..100, got {self.temperature}")
        if self.mask not in masks.MASK_KINDS:
            raise VizError(f"unknown mask {self.mask!r}")
        if self.position not in POSITIONS:
            raise VizError(f"unknown position encoding {self.position!r}")

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_heads


@dataclass(frozen=True)
class AttentionScene:
    tokens: tuple[str, ...]
    settings: AttentionSettings
    scores: np.ndarray  # (heads, n, n) float32: q k^T / sqrt(d_k) + bias, before mask
    mask: np.ndarray | None  # (n, n) bool, True = blocked
    weights: np.ndarray  # (heads, n, n) float32 after mask and softmax
    kv_heads: np.ndarray  # (heads,) which kv head each query head reads
    shifted: np.ndarray  # masked scores minus row max: a temperature change needs only exp

    @property
    def n(self) -> int:
        return len(self.tokens)

    def display_scores(self, head: int) -> np.ndarray:
        """One head's scores with blocked cells as NaN (drawn empty)."""
        s = self.scores[head]
        return s if self.mask is None else np.where(self.mask, np.nan, s)


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # without it, BLAS keeps its own thread count: slower, still right
        return None
    return ThreadpoolController()


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Run the products below on one BLAS thread.

    Per-head matrices here are tiny (512 x 8): OpenBLAS's thread start-up and spinning
    cost several times the product itself, far worse when llama.cpp or indexing keeps
    the cores busy (a 512-token recompute: ~110 ms -> ~23 ms, benchmarks/viz.py).
    """
    controller = _blas_controller()
    if controller is None:
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield


def pool_max(a: np.ndarray, max_size: int) -> np.ndarray:
    """Shrink a 2-D array to at most ``max_size`` per side by block maxima.

    Maxima, not means: a thin bright diagonal (a token attending to itself) must stay
    visible in a thumbnail. Edges are padded with the array's minimum.
    """
    rows, cols = a.shape
    fr, fc = -(-rows // max_size), -(-cols // max_size)
    if fr == 1 and fc == 1:
        return a
    pr, pc = -(-rows // fr) * fr, -(-cols // fc) * fc
    if (pr, pc) != (rows, cols):
        padded = np.full((pr, pc), np.nanmin(a), dtype=a.dtype)
        padded[:rows, :cols] = a
        a = padded
    # strided maxima: a multi-axis reshape().max() is ~20x slower in numpy
    rows_max = a[0::fr].copy()
    for k in range(1, fr):
        np.maximum(rows_max, a[k::fr], out=rows_max)
    out = rows_max[:, 0::fc].copy()
    for k in range(1, fc):
        np.maximum(out, rows_max[:, k::fc], out=out)
    return out


def token_vectors(tokens: tuple[str, ...] | list[str], d_model: int, seed: int = 0) -> np.ndarray:
    """``(n, d_model)`` unit-variance vectors, one fixed vector per distinct token text."""
    cache: dict[str, np.ndarray] = {}
    rows = []
    for tok in tokens:
        vec = cache.get(tok)
        if vec is None:
            rng = np.random.default_rng([seed, zlib.crc32(tok.lower().encode("utf-8"))])
            vec = cache[tok] = rng.standard_normal(d_model)
        rows.append(vec)
    return np.array(rows, dtype=np.float64)


def _projections(s: AttentionSettings) -> tuple[np.ndarray, np.ndarray]:
    """W_q ``(d_model, d_model)`` and W_k ``(d_model, n_kv*head_dim)`` for the settings."""
    rng = np.random.default_rng([s.seed, s.d_model, s.n_heads, 7])
    scale = 1.0 / np.sqrt(s.d_model)
    w_q = rng.standard_normal((s.d_model, s.d_model)) * scale
    group = s.n_heads // s.n_kv_heads
    hd = s.head_dim
    blocks = []
    for g in range(s.n_kv_heads):
        first = w_q[:, g * group * hd:(g * group + 1) * hd]  # the group's first query head
        # mostly fresh, partly the query's: self-matches stand out without drowning the rest
        fresh = rng.standard_normal((s.d_model, hd)) * scale
        blocks.append(_SELF_MIX * first + np.sqrt(1 - _SELF_MIX**2) * fresh)
    return w_q, np.concatenate(blocks, axis=1)


def compute_scene(tokens: list[str] | tuple[str, ...],
                  settings: AttentionSettings) -> AttentionScene:
    """Scores and weights for every head (the full recompute after a structural change)."""
    with single_threaded_blas():
        return _compute_scene(tuple(tokens), settings)


def _compute_scene(tokens: tuple[str, ...], settings: AttentionSettings) -> AttentionScene:
    settings.validate()
    n = len(tokens)
    if n == 0:
        raise VizError("no tokens to attend over")
    s = settings
    x = token_vectors(tokens, s.d_model, s.seed)
    if s.position == "sinusoidal":
        x = x + positional.sinusoidal(n, s.d_model)
    elif s.position == "learned":
        x = x + positional.learned_table(n, s.d_model, s.seed)
    w_q, w_k = _projections(s)
    q = attention.split_heads(x @ w_q, s.n_heads)  # (H, n, hd)
    k = attention.split_heads(x @ w_k, s.n_kv_heads)  # (KV, n, hd)
    if s.position == "rope":
        pos = np.arange(n)
        q = positional.rope_rotate(q, pos, s.rope_base)
        k = positional.rope_rotate(k, pos, s.rope_base)
    kv = attention.kv_head_for(s.n_heads, s.n_kv_heads)
    bias = None
    if s.position == "alibi":
        bias = positional.alibi_bias(n, s.n_heads)
    elif s.position == "t5":
        bias = positional.t5_bias(n, s.n_heads, bidirectional=s.mask == "none", seed=s.seed)
    scores = attention.attention_scores(q.astype(np.float32), k[kv].astype(np.float32),
                                        None if bias is None else bias.astype(np.float32))
    mask = masks.build(s.mask, n, window=s.window, prefix=s.prefix, n_pad=s.n_pad)
    shifted = attention.centered(attention.masked_scores(scores, mask))
    weights = attention.softmax_centered(shifted, s.temperature)
    return AttentionScene(tokens, s, scores, mask, weights, kv, shifted)


def rescene(scene: AttentionScene, settings: AttentionSettings) -> AttentionScene:
    """The scene for new settings, redoing only what changed.

    A temperature or mask change keeps the scores and redoes mask + softmax (the common
    case while a slider is dragged); anything else recomputes from the tokens.
    """
    old = scene.settings
    light = replace(settings, temperature=old.temperature, mask=old.mask, window=old.window,
                    prefix=old.prefix, n_pad=old.n_pad)
    if light != old or (settings.position == "t5" and settings.mask != old.mask):
        return compute_scene(scene.tokens, settings)
    settings.validate()
    mask, shifted = scene.mask, scene.shifted
    if (settings.mask, settings.window, settings.prefix, settings.n_pad) != (
            old.mask, old.window, old.prefix, old.n_pad):
        mask = masks.build(settings.mask, scene.n, window=settings.window,
                           prefix=settings.prefix, n_pad=settings.n_pad)
        shifted = attention.centered(attention.masked_scores(scene.scores, mask))
    weights = attention.softmax_centered(shifted, settings.temperature)
    return replace(scene, settings=settings, mask=mask, weights=weights, shifted=shifted)
