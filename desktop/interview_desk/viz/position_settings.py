"""What the position view shows: sizes, RoPE base and scaling, ALiBi heads."""

from __future__ import annotations

import math
from dataclasses import dataclass

from interview_desk.viz.errors import VizError
from interview_desk.viz.positional import ROPE_SCALINGS

PANELS: tuple[str, ...] = ("all", "sinusoidal", "rope", "alibi", "t5")
MATRIX_LIMIT = 64  # per-head bias matrices show the first positions only: they stay legible


@dataclass(frozen=True)
class PositionSettings:
    length: int = 128  # sequence length, 8..8192
    dim: int = 64  # model/head dimension, even, 4..512
    base: float = 10000.0  # RoPE/sinusoidal base, 100..1e7
    scaling: str = "none"  # ROPE_SCALINGS
    factor: float = 4.0  # context extension factor for PI/NTK, 1..32
    heads: int = 8  # ALiBi heads, 1..32
    panel: str = "all"  # which panel fills the view (PANELS)

    def validate(self) -> None:
        if not 8 <= self.length <= 8192:
            raise VizError(f"length must be 8..8192, got {self.length}")
        if not 4 <= self.dim <= 512 or self.dim % 2:
            raise VizError(f"dimension must be an even number 4..512, got {self.dim}")
        if not 100 <= self.base <= 1e7:
            raise VizError(f"base must be 100..10,000,000, got {self.base:g}")
        if self.scaling not in ROPE_SCALINGS:
            raise VizError(f"unknown scaling {self.scaling!r}")
        if not 1 <= self.factor <= 32:
            raise VizError(f"scaling factor must be 1..32, got {self.factor:g}")
        if not 1 <= self.heads <= 32:
            raise VizError(f"ALiBi heads must be 1..32, got {self.heads}")
        if self.panel not in PANELS:
            raise VizError(f"unknown panel {self.panel!r}; choose one of {', '.join(PANELS)}")


def slope_label(slope: float) -> str:
    """``1/2``, ``1/256`` for powers of two, else ``2^-1.5`` (ALiBi's geometric slopes)."""
    exponent = -math.log2(slope)
    if abs(exponent - round(exponent)) < 1e-9:
        return f"1/{2 ** round(exponent)}"
    return f"2^-{exponent:g}"
