"""All heads at once: every (layer, head) map as one tile of a single image.

One ImageItem for the whole mosaic instead of layers × heads plots (270 for SmolLM2):
one texture upload, and a click maps back to its tile by arithmetic.
"""

from __future__ import annotations

import numpy as np

from interview_desk.viz.scene import pool_max

TILE = 24  # pixels per tile side: enough to see a diagonal or a sink column
GAP = 2


def mosaic(attention: np.ndarray, tile: int = TILE) -> np.ndarray:
    """(layers·(t+gap), heads·(t+gap)) image of every head, each scaled to its own max."""
    n_layers, n_heads, n, _ = attention.shape
    side = tile_side(n, tile)
    step = side + GAP
    out = np.full((n_layers * step - GAP, n_heads * step - GAP), np.nan, dtype=np.float32)
    for layer in range(n_layers):
        for head in range(n_heads):
            a = attention[layer, head]
            small = pool_max(a, tile)  # exactly side × side: whole blocks of tokens
            peak = float(small.max()) or 1.0
            out[layer * step: layer * step + side, head * step: head * step + side] = small / peak
    return out


def tile_side(n: int, tile: int = TILE) -> int:
    """The side of one tile for n tokens: n, or n shrunk by whole blocks to fit ``tile``."""
    block = -(-n // tile)
    return -(-n // block)


def tile_at(row: int, col: int, side: int) -> tuple[int, int] | None:
    """(layer, head) of a mosaic pixel, or None in a gap."""
    step = side + GAP
    if row % step >= side or col % step >= side:
        return None
    return row // step, col // step
