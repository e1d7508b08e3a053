"""Position encodings against values computed independently from the papers' formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest

from interview_desk.viz import positional as pe
from interview_desk.viz.errors import VizError


def test_sinusoidal_matches_the_transformer_formula_cell_by_cell() -> None:
    n, d, base = 7, 10, 10000.0
    table = pe.sinusoidal(n, d, base)
    for pos in range(n):
        for i in range(d // 2):
            angle = pos / base ** (2 * i / d)
            assert table[pos, 2 * i] == pytest.approx(math.sin(angle), abs=1e-12)
            assert table[pos, 2 * i + 1] == pytest.approx(math.cos(angle), abs=1e-12)


def test_sinusoidal_known_values() -> None:
    table = pe.sinusoidal(3, 4)
    # pos 1: dims (sin 1, cos 1, sin 0.01, cos 0.01) since 10000^(-2/4) = 0.01
    np.testing.assert_allclose(table[1], [math.sin(1), math.cos(1), math.sin(0.01),
                                          math.cos(0.01)], atol=1e-12)
    np.testing.assert_allclose(table[0], [0, 1, 0, 1])


def _rope_reference(x: np.ndarray, pos: int, base: float) -> np.ndarray:
    """RoFormer eq. 34: block-diagonal rotation matrix R_{Θ,m} applied to x."""
    d = len(x)
    rot = np.zeros((d, d))
    for i in range(d // 2):
        theta = pos * base ** (-2 * i / d)
        c, s = math.cos(theta), math.sin(theta)
        rot[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[c, -s], [s, c]]
    return rot @ x


def test_rope_equals_the_block_rotation_matrix() -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((5, 8))
    out = pe.rope_rotate(x, np.arange(5), base=10000.0)
    for m in range(5):
        np.testing.assert_allclose(out[m], _rope_reference(x[m], m, 10000.0), atol=1e-12)


def test_rope_preserves_norms() -> None:
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, 50, 16))
    out = pe.rope_rotate(x, np.arange(50) * 37)
    np.testing.assert_allclose(np.linalg.norm(out, axis=-1), np.linalg.norm(x, axis=-1),
                               rtol=1e-12)


def test_rope_dot_product_depends_only_on_offset() -> None:
    rng = np.random.default_rng(3)
    q, k = rng.standard_normal(16), rng.standard_normal(16)
    values = []
    for m in (0, 5, 100, 2000):
        rq = pe.rope_rotate(q[None], np.array([m + 7]))[0]
        rk = pe.rope_rotate(k[None], np.array([m]))[0]
        values.append(rq @ rk)
    np.testing.assert_allclose(values, values[0], rtol=1e-9)


def test_rope_position_interpolation_divides_positions() -> None:
    x = np.random.default_rng(4).standard_normal((1, 8))
    scaled = pe.rope_rotate(x, np.array([40]), scaling="pi", factor=4.0)
    plain = pe.rope_rotate(x, np.array([10]))
    np.testing.assert_allclose(scaled, plain, atol=1e-12)


def test_rope_ntk_scales_the_base() -> None:
    d, base, s = 8, 10000.0, 4.0
    new_base = base * s ** (d / (d - 2))  # NTK-aware: base * s^(d/(d-2))
    x = np.random.default_rng(5).standard_normal((1, d))
    np.testing.assert_allclose(pe.rope_rotate(x, np.array([33]), base, "ntk", s),
                               pe.rope_rotate(x, np.array([33]), new_base), atol=1e-12)
    # the lowest frequency is slowed by exactly s, the highest is unchanged
    freqs = pe.inverse_frequencies(d, new_base)
    assert freqs[0] == 1.0
    assert freqs[-1] == pytest.approx(pe.inverse_frequencies(d, base)[-1] / s)


def test_rope_decay_is_one_at_zero_and_smaller_far_away() -> None:
    for base in (10000.0, 500000.0):
        curve = pe.rope_score_by_offset(4096, 64, base)
        assert curve[0] == pytest.approx(1.0)
        assert abs(curve[-512:]).mean() < 0.5
    # a larger base decays more slowly at mid range
    assert pe.rope_score_by_offset(200, 64, 500000.0)[200] > pe.rope_score_by_offset(
        200, 64, 10000.0)[200]


def test_alibi_slopes_for_8_heads_are_powers_of_one_half() -> None:
    expected = [1 / 2, 1 / 4, 1 / 8, 1 / 16, 1 / 32, 1 / 64, 1 / 128, 1 / 256]
    np.testing.assert_allclose(pe.alibi_slopes(8), expected, rtol=1e-15)


def test_alibi_slopes_for_12_heads_follow_the_reference_code() -> None:
    # closest power of two is 8: its slopes, then every other slope of the 16-head
    # series 2^(-0.5 k), k = 1..16: 2^-0.5, 2^-1.5, 2^-2.5, 2^-3.5
    expected = [2.0 ** -k for k in range(1, 9)] + [2.0 ** -0.5, 2.0 ** -1.5, 2.0 ** -2.5,
                                                   2.0 ** -3.5]
    np.testing.assert_allclose(pe.alibi_slopes(12), expected, rtol=1e-15)


def test_alibi_slopes_other_counts() -> None:
    np.testing.assert_allclose(pe.alibi_slopes(4), [2.0 ** -2, 2.0 ** -4, 2.0 ** -6, 2.0 ** -8])
    assert len(pe.alibi_slopes(6)) == 6
    assert len(set(pe.alibi_slopes(24).tolist())) == 24
    with pytest.raises(VizError):
        pe.alibi_slopes(0)


def test_alibi_bias_is_minus_slope_times_distance() -> None:
    bias = pe.alibi_bias(5, 2)
    slopes = pe.alibi_slopes(2)
    for h in range(2):
        for i in range(5):
            for j in range(i + 1):
                assert bias[h, i, j] == pytest.approx(-slopes[h] * (i - j))


def _t5_bucket_reference(relative_position: int, bidirectional: bool = True,
                         num_buckets: int = 32, max_distance: int = 128) -> int:
    """Direct scalar transcription of T5's _relative_position_bucket (mesh-tf / HF T5)."""
    ret = 0
    n = -relative_position
    if bidirectional:
        num_buckets //= 2
        ret += (n < 0) * num_buckets
        n = abs(n)
    else:
        n = max(n, 0)
    max_exact = num_buckets // 2
    is_small = n < max_exact
    if is_small:
        return ret + n
    val_if_large = max_exact + int(
        math.log(n / max_exact) / math.log(max_distance / max_exact)
        * (num_buckets - max_exact))
    val_if_large = min(val_if_large, num_buckets - 1)
    return ret + val_if_large


@pytest.mark.parametrize("bidirectional", [True, False])
@pytest.mark.parametrize(("num_buckets", "max_distance"), [(32, 128), (16, 64), (64, 256)])
def test_t5_buckets_match_the_reference_for_a_range_of_offsets(
        bidirectional: bool, num_buckets: int, max_distance: int) -> None:
    offsets = np.arange(-600, 601)
    ours = pe.t5_relative_bucket(offsets, bidirectional, num_buckets, max_distance)
    ref = [_t5_bucket_reference(int(o), bidirectional, num_buckets, max_distance)
           for o in offsets]
    assert ours.tolist() == ref


def test_t5_buckets_known_values() -> None:
    b = pe.t5_relative_bucket
    # bidirectional, 32 buckets: 0..7 exact past, +16 for future keys, far ones share 15/31
    assert [int(b(x)) for x in (0, -1, -7, 1, 7)] == [0, 1, 7, 17, 23]
    assert int(b(-1000)) == 15 and int(b(1000)) == 31
    assert int(b(5, bidirectional=False)) == 0  # future keys all in bucket 0 when causal


def test_similarity_by_offset_of_sinusoidal_starts_at_one_and_falls() -> None:
    curve = pe.similarity_by_offset(pe.sinusoidal(256, 64), 100)
    assert curve[0] == pytest.approx(1.0)
    assert curve[1] > curve[20]
    learned = pe.similarity_by_offset(pe.learned_table(256, 64), 100)
    assert abs(learned[1:]).mean() < 0.3  # no structure between neighbours


@pytest.mark.parametrize("bad", [dict(n=0, d=4), dict(n=4, d=5), dict(n=4, d=0)])
def test_bad_sizes_raise_a_one_line_error(bad: dict[str, int]) -> None:
    with pytest.raises(VizError) as info:
        pe.sinusoidal(**bad)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("n", [1, 9, 511, 512, 513, 700, 4096])
def test_cached_tables_are_the_tables_computed_for_exactly_that_length(n: int) -> None:
    d, base = 64, 12345.0
    angles = np.arange(n)[:, None] * base ** (-np.arange(0, d, 2) / d)[None, :]
    expect = np.empty((n, d))
    expect[:, 0::2], expect[:, 1::2] = np.sin(angles), np.cos(angles)
    np.testing.assert_array_equal(pe.sinusoidal(n, d, base), expect)
    fresh = np.random.default_rng(3).normal(0.0, 1.0 / math.sqrt(2.0), size=(n, d))
    np.testing.assert_array_equal(pe.learned_table(n, d, seed=3), fresh)
    offsets = np.arange(n, dtype=np.float64) / 4.0  # position interpolation x4
    decay = np.cos(offsets[:, None] * pe.inverse_frequencies(d, base)[None, :]).mean(axis=1)
    np.testing.assert_array_equal(pe.rope_score_by_offset(n - 1, d, base, "pi", 4.0), decay)
    assert pe.sinusoidal(n, d, base).shape == (n, d) and pe.cached_length(n) >= n


def test_cached_tables_cannot_be_changed_by_a_caller() -> None:
    for table in (pe.sinusoidal(32, 8), pe.learned_table(32, 8), pe.rope_score_by_offset(31, 8)):
        with pytest.raises(ValueError):
            table[0] = 5.0
    assert pe.sinusoidal(32, 8)[0, 1] == 1.0  # cos(0): still the table's own value


def test_cached_length_rounds_up_by_at_most_an_eighth() -> None:
    for n in range(1, 5000, 7):
        assert n <= pe.cached_length(n) <= max(8, n + n // 8 + 1)
    assert pe.cached_length(512) == 512
