"""Position encodings from their papers, in numpy.

- ``sinusoidal``: Vaswani et al. 2017, PE[p, 2i] = sin(p / base^(2i/d)), PE[p, 2i+1] = cos(...).
- ``learned_table``: a seeded random table standing in for learned absolute positions.
- ``rope_rotate``: RoFormer (Su et al. 2021), adjacent pairs (2i, 2i+1) rotated by
  p * base^(-2i/d); ``scaling="pi"`` divides positions by the factor (Chen et al. 2023,
  position interpolation), ``scaling="ntk"`` raises the base to base * s^(d/(d-2)) (NTK-aware).
- ``alibi_slopes``/``alibi_bias``: Press et al. 2022, incl. their non-power-of-two rule.
- ``t5_relative_bucket``: Raffel et al. 2020, exact for small offsets, log-spaced beyond.

Tables and curves over positions (or offsets) 0..n-1 are the first n rows of longer
ones, so they are computed for a slightly rounded-up length, cached, and sliced: a
dragged length slider then mostly slices (read-only views: callers copy to change them).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Literal

import numpy as np

from interview_desk.viz.errors import VizError

RopeScaling = Literal["none", "pi", "ntk"]
ROPE_SCALINGS: tuple[str, ...] = ("none", "pi", "ntk")


def cached_length(n: int) -> int:
    """``n`` rounded up to a multiple of an eighth of its power of two (at least 8):
    what a cached table is computed for, at most 1/8 more than asked."""
    step = max(8, 1 << max(0, n.bit_length() - 4))
    return -(-n // step) * step


def _frozen(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


def _check_dims(n: int, d: int) -> None:
    if n < 1:
        raise VizError(f"length must be at least 1, got {n}")
    if d < 2 or d % 2:
        raise VizError(f"dimension must be an even number >= 2, got {d}")


def inverse_frequencies(d: int, base: float = 10000.0) -> np.ndarray:
    """base^(-2i/d) for i = 0 .. d/2-1: the angle per position of each pair."""
    if base <= 1:
        raise VizError(f"base must be greater than 1, got {base}")
    return base ** (-np.arange(0, d, 2, dtype=np.float64) / d)


def sinusoidal(n: int, d: int, base: float = 10000.0) -> np.ndarray:
    """``(n, d)`` table: sin at even dimensions, cos at odd ones (the Transformer paper)."""
    _check_dims(n, d)
    return _sinusoidal_rows(cached_length(n), d, float(base))[:n]


@lru_cache(maxsize=4)
def _sinusoidal_rows(n: int, d: int, base: float) -> np.ndarray:
    angles = np.arange(n, dtype=np.float64)[:, None] * inverse_frequencies(d, base)[None, :]
    table = np.empty((n, d), dtype=np.float64)
    table[:, 0::2] = np.sin(angles)
    table[:, 1::2] = np.cos(angles)
    return _frozen(table)


def learned_table(n: int, d: int, seed: int = 0) -> np.ndarray:
    """A seeded random ``(n, d)`` table standing in for learned absolute positions.

    Entries have variance 1/2 so rows have the sinusoidal rows' expected norm (sqrt(d/2)).
    An untrained table has no built-in relation between neighbours, which the
    similarity-vs-offset plot shows next to the sinusoidal curve.
    """
    _check_dims(n, d)
    return _learned_rows(cached_length(n), d, seed)[:n]


@lru_cache(maxsize=4)
def _learned_rows(n: int, d: int, seed: int) -> np.ndarray:
    # the generator fills row after row: the first n rows of a longer table are the same
    rng = np.random.default_rng(seed)
    return _frozen(rng.normal(0.0, 1.0 / math.sqrt(2.0), size=(n, d)))


def scaled_rope_params(d: int, base: float, scaling: str, factor: float) -> tuple[float, float]:
    """(effective base, position divisor) for a scaling method and factor s >= 1."""
    if factor < 1:
        raise VizError(f"scaling factor must be >= 1, got {factor}")
    if scaling == "none" or factor == 1:
        return base, 1.0
    if scaling == "pi":
        return base, factor
    if scaling == "ntk":
        return base * factor ** (d / (d - 2)) if d > 2 else base * factor, 1.0
    raise VizError(f"unknown RoPE scaling {scaling!r}; choose one of {', '.join(ROPE_SCALINGS)}")


def rope_angles(positions: np.ndarray, d: int, base: float = 10000.0,
                scaling: str = "none", factor: float = 1.0) -> np.ndarray:
    """``(len(positions), d/2)`` rotation angles after any scaling."""
    eff_base, divisor = scaled_rope_params(d, base, scaling, factor)
    pos = np.asarray(positions, dtype=np.float64) / divisor
    return pos[:, None] * inverse_frequencies(d, eff_base)[None, :]


def rope_rotate(x: np.ndarray, positions: np.ndarray, base: float = 10000.0,
                scaling: str = "none", factor: float = 1.0) -> np.ndarray:
    """Rotate each adjacent pair (2i, 2i+1) of ``x (..., n, d)`` by position * base^(-2i/d)."""
    d = x.shape[-1]
    _check_dims(x.shape[-2], d)
    angles = rope_angles(positions, d, base, scaling, factor)
    cos, sin = np.cos(angles), np.sin(angles)
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty(x.shape, dtype=np.result_type(x, np.float32))
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out


def rope_score_by_offset(max_offset: int, d: int, base: float = 10000.0,
                         scaling: str = "none", factor: float = 1.0) -> np.ndarray:
    """q·k of RoPE-rotated all-ones vectors against offset, normalised to 1 at offset 0.

    With q = k = 1, q_m·k_n = 2 Σ_i cos((m-n) θ_i): the long-range decay the RoFormer
    paper derives (section 3.4.3). Depends only on the offset, never on m itself.
    """
    n = max_offset + 1
    return _rope_scores(cached_length(n), d, float(base), scaling, float(factor))[:n]


@lru_cache(maxsize=8)
def _rope_scores(n: int, d: int, base: float, scaling: str, factor: float) -> np.ndarray:
    angles = rope_angles(np.arange(n, dtype=np.float64), d, base, scaling, factor)
    return _frozen(np.cos(angles).mean(axis=1))


def similarity_by_offset(table: np.ndarray, max_offset: int, anchor: int = 0) -> np.ndarray:
    """Cosine similarity of row ``anchor`` with rows ``anchor + k`` for k = 0..max_offset."""
    n = table.shape[0]
    last = min(n - 1, anchor + max_offset)
    rows = table[anchor:last + 1]
    ref = table[anchor]
    norms = np.linalg.norm(rows, axis=1) * np.linalg.norm(ref)
    return (rows @ ref) / np.where(norms > 0, norms, 1)


def alibi_slopes(n_heads: int) -> np.ndarray:
    """The ALiBi paper's head slopes: a geometric series starting at 2^(-8/n).

    For n not a power of two, as in the reference code (ofirpress/attention_with_linear_biases):
    the slopes of the closest lower power of two, then every other slope of twice that.
    """
    if n_heads < 1:
        raise VizError(f"head count must be at least 1, got {n_heads}")

    def power_of_two(n: int) -> list[float]:
        start = 2 ** (-(2 ** -(math.log2(n) - 3)))
        return [start * start**i for i in range(n)]

    if math.log2(n_heads).is_integer():
        return np.array(power_of_two(n_heads))
    closest = 2 ** math.floor(math.log2(n_heads))
    extra = alibi_slopes(2 * closest)[0::2][: n_heads - closest]
    return np.concatenate([power_of_two(closest), extra])


def alibi_bias(n: int, n_heads: int) -> np.ndarray:
    """``(n_heads, n, n)``: -slope * |i - j| for query i and key j.

    The paper's causal form is -slope * (i - j) for past keys; future keys are masked
    there anyway, so the mirrored (bidirectional) value keeps the matrix finite for display.
    """
    if n < 1:
        raise VizError(f"length must be at least 1, got {n}")
    distance = np.abs(np.arange(n)[None, :] - np.arange(n)[:, None]).astype(np.float64)
    return -alibi_slopes(n_heads)[:, None, None] * distance[None, :, :]


def t5_relative_bucket(relative_position: np.ndarray | int, bidirectional: bool = True,
                       num_buckets: int = 32, max_distance: int = 128) -> np.ndarray:
    """T5's bucket for ``relative_position = key_position - query_position``.

    Half the buckets (per direction) are exact offsets; the rest cover offsets up to
    ``max_distance`` on a log scale, and anything farther shares the last bucket.
    """
    rel = np.asarray(relative_position, dtype=np.int64)
    buckets = np.zeros_like(rel)
    if bidirectional:
        num_buckets //= 2
        buckets += (rel > 0).astype(np.int64) * num_buckets
        rel = np.abs(rel)
    else:
        rel = -np.minimum(rel, 0)
    max_exact = num_buckets // 2
    is_small = rel < max_exact
    with np.errstate(divide="ignore"):
        scaled = (np.log(np.maximum(rel, 1) / max_exact) / math.log(max_distance / max_exact)
                  * (num_buckets - max_exact))
    if_large = max_exact + scaled.astype(np.int64)
    if_large = np.minimum(if_large, num_buckets - 1)
    return buckets + np.where(is_small, rel, if_large)


def t5_bias(n: int, n_heads: int, *, bidirectional: bool = True, num_buckets: int = 32,
            max_distance: int = 128, seed: int = 0) -> np.ndarray:
    """``(n_heads, n, n)`` relative bias: a per-head value per bucket, looked up per cell.

    Trained T5 learns the per-bucket values; here each head gets a seeded smooth decay
    with distance so the bucket structure (exact near, coarse far) stays visible.
    """
    rel = np.arange(n)[None, :] - np.arange(n)[:, None]
    bucket = t5_relative_bucket(rel, bidirectional, num_buckets, max_distance)
    rng = np.random.default_rng(seed)
    per_direction = num_buckets // 2 if bidirectional else num_buckets
    per_bucket = -np.log1p(np.arange(num_buckets) % per_direction) / math.log1p(per_direction)
    head_scale = rng.uniform(0.5, 2.0, size=n_heads)
    return head_scale[:, None, None] * per_bucket[bucket][None, :, :]
