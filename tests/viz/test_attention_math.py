"""Attention math: softmax, masks, head sharing and the scene the view draws."""

from __future__ import annotations

import math

import numpy as np
import pytest

from interview_desk.viz import attention, masks, scene, tokens
from interview_desk.viz.errors import VizError


def _reference_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray,
                         blocked: np.ndarray | None, temperature: float) -> np.ndarray:
    """Cell-by-cell softmax(q k^T / (sqrt(d) T)) written with plain Python loops."""
    n_q, d = q.shape
    weights = np.zeros((n_q, k.shape[0]))
    for i in range(n_q):
        logits = [float(q[i] @ k[j]) / (math.sqrt(d) * temperature)
                  if blocked is None or not blocked[i, j] else None for j in range(k.shape[0])]
        peak = max(x for x in logits if x is not None)
        exps = [0.0 if x is None else math.exp(x - peak) for x in logits]
        weights[i] = np.array(exps) / sum(exps)
    return weights


@pytest.mark.parametrize("kind", masks.MASK_KINDS)
@pytest.mark.parametrize("temperature", [0.3, 1.0, 4.0])
def test_weights_match_reference_and_masked_cells_are_exactly_zero(
        kind: str, temperature: float) -> None:
    rng = np.random.default_rng(0)
    n, d = 9, 8
    q, k, v = (rng.standard_normal((n, d)) for _ in range(3))
    blocked = masks.build(kind, n, window=3, prefix=4, n_pad=2)
    out, weights = attention.scaled_dot_product(q, k, v, blocked, temperature)
    np.testing.assert_allclose(weights, _reference_attention(q, k, v, blocked, temperature),
                               rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, rtol=1e-12)
    if blocked is not None:
        assert (weights[blocked] == 0.0).all()
    np.testing.assert_allclose(out, weights @ v)


def test_softmax_is_stable_for_huge_scores_and_tiny_temperature() -> None:
    scores = np.array([[1e4, 1e4 - 1, -1e4]], dtype=np.float32)
    w = attention.softmax(scores, temperature=0.01)
    assert np.isfinite(w).all()
    assert w[0, 0] == pytest.approx(1.0)


def test_a_fully_blocked_row_gives_zeros_not_nan() -> None:
    scores = np.zeros((2, 3))
    blocked = np.array([[True, True, True], [False, True, False]])
    w = attention.attention_weights(scores, blocked)
    assert w[0].tolist() == [0.0, 0.0, 0.0]
    assert w[1].tolist() == [0.5, 0.0, 0.5]


def test_temperature_must_be_positive() -> None:
    with pytest.raises(VizError):
        attention.softmax(np.zeros((2, 2)), temperature=0)


def test_mask_shapes() -> None:
    assert masks.causal(3).tolist() == [[False, True, True], [False, False, True],
                                        [False, False, False]]
    # window 2: query 3 sees keys 2, 3
    assert (~masks.sliding_window(5, 2)[3]).nonzero()[0].tolist() == [2, 3]
    pre = masks.prefix_lm(5, 3)
    assert not pre[:3, :3].any() and pre[3, 4] and not pre[4, :].any()
    pad = masks.padding(4, 1)
    assert pad[:, 3].all() and not pad[:, :3].any()
    with pytest.raises(VizError):
        masks.padding(4, 4)
    with pytest.raises(VizError):
        masks.build("diagonal", 4)


def test_kv_head_sharing_for_mha_gqa_mqa() -> None:
    assert attention.kv_head_for(8, 8).tolist() == list(range(8))
    assert attention.kv_head_for(8, 2).tolist() == [0, 0, 0, 0, 1, 1, 1, 1]
    assert attention.kv_head_for(8, 1).tolist() == [0] * 8
    assert attention.valid_kv_heads(12) == [1, 2, 3, 4, 6, 12]
    with pytest.raises(VizError):
        attention.kv_head_for(8, 3)


def test_gqa_scene_heads_in_a_group_share_keys() -> None:
    toks = tokens.tokenize("the quick brown fox jumps over the lazy dog")
    s = scene.AttentionSettings(n_heads=8, n_kv_heads=2, d_model=64, mask="none")
    sc = scene.compute_scene(toks, s)
    assert sc.kv_heads.tolist() == [0, 0, 0, 0, 1, 1, 1, 1]
    np.testing.assert_allclose(sc.weights.sum(-1), 1.0, rtol=1e-5)
    # heads 0 and 1 read the same keys but their own queries: different pictures
    assert not np.allclose(sc.weights[0], sc.weights[1])


def test_scene_same_token_same_vector_and_deterministic() -> None:
    vecs = scene.token_vectors(["cat", "dog", "cat"], 16)
    np.testing.assert_array_equal(vecs[0], vecs[2])
    a = scene.compute_scene(["a", "b", "c"], scene.AttentionSettings())
    b = scene.compute_scene(["a", "b", "c"], scene.AttentionSettings())
    np.testing.assert_array_equal(a.weights, b.weights)


def test_rescene_temperature_only_keeps_scores_and_matches_full_compute() -> None:
    toks = tokens.sample_text(40)
    base = scene.AttentionSettings(n_heads=4, n_kv_heads=4, position="rope", mask="sliding")
    first = scene.compute_scene(toks, base)
    hotter = scene.AttentionSettings(n_heads=4, n_kv_heads=4, position="rope",
                                     mask="prefix", temperature=3.0)
    fast = scene.rescene(first, hotter)
    assert fast.scores is first.scores  # no recompute of q, k
    np.testing.assert_allclose(fast.weights, scene.compute_scene(toks, hotter).weights,
                               rtol=1e-5, atol=1e-7)
    assert (fast.weights[:, fast.mask] == 0).all()


@pytest.mark.parametrize("position", scene.POSITIONS)
def test_every_position_encoding_gives_valid_rows(position: str) -> None:
    s = scene.AttentionSettings(position=position, mask="causal")
    sc = scene.compute_scene(tokens.sample_text(20), s)
    np.testing.assert_allclose(sc.weights.sum(-1), 1.0, rtol=1e-5)
    assert (sc.weights[:, sc.mask] == 0).all()
    assert np.isnan(sc.display_scores(0)[sc.mask]).all()


def test_alibi_scene_adds_the_bias_to_scores() -> None:
    toks = tokens.sample_text(10)
    plain = scene.compute_scene(toks, scene.AttentionSettings(position="none"))
    alibi = scene.compute_scene(toks, scene.AttentionSettings(position="alibi"))
    from interview_desk.viz.positional import alibi_bias
    np.testing.assert_allclose(alibi.scores - plain.scores, alibi_bias(10, 4), atol=1e-5)


@pytest.mark.parametrize("bad", [dict(n_heads=3, n_kv_heads=2), dict(d_model=60, n_heads=8,
                                                                      n_kv_heads=8),
                                 dict(temperature=0.0), dict(mask="diag"),
                                 dict(position="xpos"),
                                 dict(position="rope", d_model=36, n_heads=4, n_kv_heads=4)])
def test_bad_settings_raise_one_line_errors(bad: dict[str, object]) -> None:
    with pytest.raises(VizError) as info:
        scene.compute_scene(["a", "b"], scene.AttentionSettings(**bad))  # type: ignore[arg-type]
    assert "\n" not in str(info.value)


def test_tokenize_words_cjk_and_limits() -> None:
    assert tokens.tokenize("Don't mask 3.5 tokens!") == ["Don't", "mask", "3.5", "tokens", "!"]
    assert tokens.tokenize("注意力 head") == ["注", "意", "力", "head"]
    assert len(tokens.tokenize("a " * 2000)) == tokens.MAX_TOKENS
    with pytest.raises(VizError):
        tokens.tokenize("   ")


def test_pool_max_keeps_peaks_and_small_arrays() -> None:
    a = np.zeros((512, 512), dtype=np.float32)
    a[300, 301] = 1.0
    small = scene.pool_max(a, 128)
    assert small.shape == (128, 128) and small.max() == 1.0 and small[75, 75] == 1.0
    odd = scene.pool_max(np.arange(15.0).reshape(3, 5), 2)
    assert odd.tolist() == [[7.0, 9.0], [12.0, 14.0]]
    tiny = np.ones((4, 4))
    assert scene.pool_max(tiny, 128) is tiny


def test_full_recompute_runs_on_one_blas_thread() -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")
    with scene.single_threaded_blas():
        blas = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
        assert blas and all(i["num_threads"] == 1 for i in blas)
    toks = tokens.sample_text(64)
    s = scene.AttentionSettings(n_heads=8, n_kv_heads=2, position="rope")
    np.testing.assert_array_equal(scene.compute_scene(toks, s).weights,
                                  scene._compute_scene(tuple(toks), s).weights)
