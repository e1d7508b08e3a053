"""What the captured attention says: per-head entropy, rollout, and head patterns.

Pattern scores look at queries from position 2 on: row 0 can only see itself and row 1
has just two keys, so they would make every head look like a sink or a diagonal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PATTERNS = ("previous", "sink", "diagonal", "broad", "content")
FIXED_SHARE = 0.5  # a head whose mean weight on one fixed key exceeds this has that pattern
BROAD_ENTROPY = 0.7  # mean entropy / log(keys visible) above this is "broad"


@dataclass(frozen=True)
class HeadPattern:
    pattern: str  # one of PATTERNS
    score: float  # the share or normalised entropy that decided it


def _row_entropy(att: np.ndarray) -> np.ndarray:
    """Entropy in nats of every row: (..., query)."""
    p = np.clip(att, 1e-12, 1.0)
    return -(att * np.log(p)).sum(axis=-1)


def head_entropy(att: np.ndarray) -> np.ndarray:
    """Mean attention entropy per head, nats: (layers, heads) from (layers, heads, n, n)."""
    ent = _row_entropy(att)
    rows = ent[..., 1:] if att.shape[-1] > 1 else ent
    return rows.mean(axis=-1).astype(np.float32)


def rollout(att: np.ndarray) -> np.ndarray:
    """Attention rollout (Abnar & Zuidema 2020) after each layer: (layers, n, n).

    Each layer's head-averaged map gets the residual stream added as 0.5·I and rows
    renormalised; the product up to layer l says how much each input token reaches
    each position's representation there.
    """
    n_layers, _, n, _ = att.shape
    eye = np.eye(n, dtype=np.float64)
    out = np.empty((n_layers, n, n), dtype=np.float32)
    acc = eye
    for layer in range(n_layers):
        a = 0.5 * att[layer].mean(axis=0).astype(np.float64) + 0.5 * eye
        a /= a.sum(axis=-1, keepdims=True)
        acc = a @ acc
        out[layer] = acc
    return out


def classify_heads(att: np.ndarray) -> list[list[HeadPattern]]:
    """A pattern per (layer, head): previous token, first token (sink), diagonal, broad,
    or content (no fixed position: which key wins depends on the words)."""
    n_layers, n_heads, n, _ = att.shape
    if n < 3:
        return [[HeadPattern("content", 0.0)] * n_heads for _ in range(n_layers)]
    rows = np.arange(2, n)
    shares = np.stack([att[:, :, rows, rows - 1].mean(axis=-1),  # previous
                       att[:, :, rows, 0].mean(axis=-1),  # first token
                       att[:, :, rows, rows].mean(axis=-1)], axis=-1)  # itself
    spread = (_row_entropy(att[:, :, 2:, :]) / np.log(rows + 1)).mean(axis=-1)
    labels = []
    for layer in range(n_layers):
        row = []
        for head in range(n_heads):
            best = int(np.argmax(shares[layer, head]))
            share = float(shares[layer, head, best])
            if share >= FIXED_SHARE:
                row.append(HeadPattern(PATTERNS[best], share))
            elif spread[layer, head] >= BROAD_ENTROPY:
                row.append(HeadPattern("broad", float(spread[layer, head])))
            else:
                row.append(HeadPattern("content", share))
        labels.append(row)
    return labels
