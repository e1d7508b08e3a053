"""Property tests: odd input never crashes, and attention invariants hold for any mask."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from interview_desk.viz import attention, positional
from interview_desk.viz.errors import VizError
from interview_desk.viz.presets import presets_for_entry
from interview_desk.viz.tokens import MAX_TOKENS, tokenize


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_text_tokenizes_or_says_why(text: str) -> None:
    try:
        toks = tokenize(text)
    except VizError as exc:
        assert "\n" not in str(exc)
        return
    assert 1 <= len(toks) <= MAX_TOKENS
    assert all(t and not t.isspace() for t in toks)


@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=2000)))
@settings(max_examples=150, deadline=None)
def test_any_entry_text_gives_a_preset_list(question: str, answer: str | None) -> None:
    presets = presets_for_entry(SimpleNamespace(question=question, answer=answer))
    assert len({p.id for p in presets}) == len(presets)


@given(arrays(np.float64, st.tuples(st.integers(1, 12), st.integers(1, 12)),
              elements=st.floats(-1e4, 1e4)),
       st.floats(0.01, 50), st.data())
@settings(max_examples=200, deadline=None)
def test_weights_are_probabilities_for_any_scores_and_mask(scores: np.ndarray, temperature: float,
                                                           data: st.DataObject) -> None:
    mask = data.draw(arrays(np.bool_, scores.shape))
    w = attention.attention_weights(scores, mask, temperature)
    assert np.isfinite(w).all() and (w >= 0).all()
    assert (w[mask] == 0).all()
    open_rows = ~mask.all(axis=1)
    np.testing.assert_allclose(w[open_rows].sum(axis=1), 1.0, rtol=1e-9)
    assert (w[~open_rows] == 0).all()


@given(st.integers(-5000, 5000), st.booleans())
def test_t5_buckets_stay_in_range(offset: int, bidirectional: bool) -> None:
    bucket = int(positional.t5_relative_bucket(offset, bidirectional))
    assert 0 <= bucket < 32


@given(st.integers(1, 64))
def test_alibi_slopes_are_distinct_and_in_zero_one(n: int) -> None:
    slopes = positional.alibi_slopes(n)
    assert len(slopes) == n and len(set(slopes.tolist())) == n
    assert ((slopes > 0) & (slopes < 1)).all()
