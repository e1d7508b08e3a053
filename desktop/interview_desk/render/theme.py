"""Colours and sizes of rendered answers, light and dark.

Sizes are CSS pixels at zoom 1. The reader sets its document font to ``BODY_PX`` times
the zoom, and math is laid out against the same size so formulas match the text.
"""

from __future__ import annotations

from dataclasses import dataclass

BODY_PX = 15.0
# STIX math glyphs look smaller than a sans text face at the same size.
MATH_SCALE = 1.12

@dataclass(frozen=True, slots=True)
class Palette:
    name: str
    text: str
    background: str
    muted: str
    link: str
    border: str
    header_bg: str
    code_bg: str
    inline_code_bg: str
    note_bg: str
    note_border: str
    draft_bg: str
    draft_border: str
    pygments_style: str


LIGHT = Palette(
    name="light", text="#1f2328", background="#ffffff", muted="#59636e", link="#0969da",
    border="#c8d1da", header_bg="#f0f3f6", code_bg="#f6f8fa", inline_code_bg="#eff1f3",
    note_bg="#f6f8fa", note_border="#c8d1da", draft_bg="#fff8e1", draft_border="#d4a72c",
    pygments_style="default",
)

# Backgrounds match the app's Fusion palettes (ui/theme.py) so the reader blends in.
DARK = Palette(
    name="dark", text="#e6e6e6", background="#1e1f22", muted="#9a9da3", link="#6ea8fe",
    border="#4a4d50", header_bg="#2b2d30", code_bg="#26282b", inline_code_bg="#33363a",
    note_bg="#26282b", note_border="#4a4d50", draft_bg="#2e2914", draft_border="#a67c00",
    pygments_style="github-dark",
)

PALETTES: dict[str, Palette] = {"light": LIGHT, "dark": DARK}


def palette(theme: str) -> Palette:
    """The palette for ``light`` or ``dark``; anything else falls back to light."""
    return PALETTES.get(theme, LIGHT)
