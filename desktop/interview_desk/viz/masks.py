"""Boolean attention masks, ``True`` = blocked (the query may not see that key).

All masks are ``(n_queries, n_keys)`` and combine with ``|``. Every mask keeps at least
one visible key per query (the diagonal) except padding, where a padded query row may
be fully blocked: ``attention.scaled_dot_product`` then returns an all-zero row.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from interview_desk.strings import tr
from interview_desk.viz.errors import VizError

MaskKind = Literal["none", "causal", "padding", "sliding", "prefix"]
MASK_KINDS: tuple[str, ...] = ("none", "causal", "padding", "sliding", "prefix")


def _check_n(n: int) -> None:
    if n < 1:
        raise VizError(f"sequence length must be at least 1, got {n}")


def causal(n: int) -> np.ndarray:
    """Query i sees keys 0..i (decoder self-attention)."""
    _check_n(n)
    return np.triu(np.ones((n, n), dtype=bool), k=1)


def padding(n: int, n_pad: int) -> np.ndarray:
    """The last ``n_pad`` positions are padding: no query may attend to them."""
    _check_n(n)
    if not 0 <= n_pad < n:
        raise VizError(tr("err.viz.padding", most=n - 1, value=n_pad))
    blocked = np.zeros((n, n), dtype=bool)
    if n_pad:
        blocked[:, n - n_pad:] = True
    return blocked


def sliding_window(n: int, window: int, *, causal_too: bool = True) -> np.ndarray:
    """Query i sees keys i-window+1..i (Mistral/Longformer-style local attention)."""
    _check_n(n)
    if window < 1:
        raise VizError(tr("err.viz.window", value=window))
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    blocked = (i - j) >= window
    if causal_too:
        blocked |= j > i
    else:
        blocked |= (j - i) >= window
    return blocked


def prefix_lm(n: int, prefix: int) -> np.ndarray:
    """The first ``prefix`` tokens see each other fully; the rest are causal (UniLM/T5 PrefixLM)."""
    _check_n(n)
    if not 0 <= prefix <= n:
        raise VizError(tr("err.viz.prefix", most=n, value=prefix))
    blocked = causal(n)
    blocked[:prefix, :prefix] = False
    return blocked


def build(kind: str, n: int, *, window: int = 4, prefix: int = 2,
          n_pad: int = 0) -> np.ndarray | None:
    """The mask for a kind name from ``MASK_KINDS``; ``None`` for no mask."""
    if kind == "none":
        return None
    if kind == "causal":
        return causal(n)
    if kind == "padding":
        return padding(n, min(n_pad, n - 1))
    if kind == "sliding":
        return sliding_window(n, window)
    if kind == "prefix":
        return prefix_lm(n, min(prefix, n))
    raise VizError(f"unknown mask {kind!r}; choose one of {', '.join(MASK_KINDS)}")
