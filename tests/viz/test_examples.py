"""Every example runs offscreen and draws a non-blank frame; the README table lists them all."""

from __future__ import annotations

import re
import runpy
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = sorted(p.stem for p in EXAMPLES.glob("*.py")
                 if not p.stem.startswith("_") and p.stem != "screenshots")


def test_readme_table_lists_exactly_the_examples() -> None:
    table = re.findall(r"^\| `(\w+)\.py` \|", (EXAMPLES / "README.md").read_text("utf-8"),
                       flags=re.MULTILINE)
    assert sorted(table) == SCRIPTS


@pytest.mark.parametrize("name", SCRIPTS)
def test_example_runs_and_draws(name: str, tmp_path: Path, qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "path", [str(EXAMPLES), *sys.path])
    namespace = runpy.run_path(str(EXAMPLES / f"{name}.py"))
    assert (namespace["__doc__"] or "").strip(), "every example has a docstring"
    out = tmp_path / f"{name}.png"
    assert namespace["main"](["--screenshot", str(out), "--size", "1280x800"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # a 20 px grid: at 40 px a frame of plain Latin labels sampled too few colours
    colours = {image.pixel(x, y) for x in range(0, 1280, 20) for y in range(0, 800, 20)}
    assert len(colours) > 20, "the frame looks blank"
