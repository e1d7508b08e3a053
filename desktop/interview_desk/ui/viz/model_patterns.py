"""Head patterns in words: each pattern's name and one line on what such a head does."""

from __future__ import annotations

from collections.abc import Sequence

from interview_desk.model_attention.analysis import HeadPattern
from interview_desk.ui.i18n import tr

# each pattern's (name, one-line explanation) keys
PATTERN_KEYS: dict[str, tuple[str, str]] = {
    "previous": ("matt.pattern.previous", "matt.explain.previous"),
    "sink": ("matt.pattern.sink", "matt.explain.sink"),
    "diagonal": ("matt.pattern.diagonal", "matt.explain.diagonal"),
    "broad": ("matt.pattern.broad", "matt.explain.broad"),
    "content": ("matt.pattern.content", "matt.explain.content"),
}


def pattern_name(pattern: str) -> str:
    return tr(PATTERN_KEYS[pattern][0])


def layer_summary(layer: int, patterns: Sequence[HeadPattern]) -> str:
    """Rich text: the layer's heads grouped by pattern, each group with its explanation."""
    groups: dict[str, list[int]] = {}
    for head, p in enumerate(patterns):
        groups.setdefault(p.pattern, []).append(head)
    lines = [f"<b>{tr('matt.layer')} {layer}</b>"]
    for pattern, heads in groups.items():
        name, explain = PATTERN_KEYS[pattern]
        lines.append(f"<b>{', '.join(f'h{h}' for h in heads)}</b> · {tr(name)} — {tr(explain)}")
    return "<br>".join(lines)
