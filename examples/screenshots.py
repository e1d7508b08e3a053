"""Make docs/screenshots/viz-*.png from the examples (light, and dark for the overviews).

Run: QT_QPA_PLATFORM=offscreen python examples/screenshots.py   (or under xvfb-run)
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "docs" / "screenshots"
SHOTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("attention_causal_mask", ()),
    ("attention_causal_mask", ("--dark",)),
    ("attention_gqa", ()),
    ("attention_alibi", ()),
    ("attention_sliding_window", ()),
    ("position_overview", ()),
    ("position_overview", ("--dark",)),
    ("position_rope_scaling", ()),
    ("position_alibi", ()),
    ("visualizer_dock", ()),
    ("model_attention", ()),
    ("model_attention", ("--dark",)),
)
# the Model mode's other tabs: (example, arguments, file name)
NAMED_SHOTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("model_attention", ("--tab", "map", "--layer", "16", "--head", "0", "--dark"),
     "viz-model-head-map-dark.png"),
    ("model_attention", ("--tab", "lines", "--layer", "11", "--head", "1"),
     "viz-model-head-view.png"),
    ("model_attention", ("--tab", "rollout", "--layer", "24", "--head", "0"),
     "viz-model-rollout.png"),
)


def main() -> int:
    sys.path.insert(0, str(HERE))
    failed = 0
    shots = [(name, extra, f"viz-{name.replace('_', '-')}"
              f"{'-dark' if '--dark' in extra else ''}.png") for name, extra in SHOTS]
    for name, extra, file_name in [*shots, *NAMED_SHOTS]:
        target = OUT / file_name
        code = runpy.run_path(str(HERE / f"{name}.py"))["main"](
            [*extra, "--screenshot", str(target)])
        print(f"{'ok  ' if code == 0 else 'FAIL'} {target.relative_to(HERE.parent)}")
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
