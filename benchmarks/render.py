"""Answer rendering speed on the real corpus: Markdown + Pygments + ziamath, and the
reader's share on the GUI thread (setHtml, layout, math rasters).

Prints JSON: the first render in a fresh process (loads the STIX math font), per-entry
render times with the math cache empty ("cold": every formula new), from the disk
cache (a later session), and fully warm (in memory),
the worst entry by name, and the reader's show time for that entry, with the ratio to
the target (heavy entry well under 100 ms after warm-up). Load average is recorded
before and after because these machines are shared.

    .venv/bin/python benchmarks/render.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_MS = 100.0
FRAME_MS = 1000 / 60
LONG_LINES = {
    "code_line_1mb": "```\n" + "x = 1; " * 150_000 + "\n```",
    "code_line_200kb": "```\n" + "y=2;" * 50_000 + "\n```",
    "paragraph_50kb_one_word": "z" * 50_000,
    "paragraph_50kb_words": "word " * 10_000,
    "tutor_reply_1mb_data_uri": "see data:image/png;base64," + "A" * 1_000_000,
}


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _long_lines(view: Any, repeat: int) -> dict[str, dict[str, float]]:
    from interview_desk.corpus.model import Entry
    from interview_desk.render import render_markdown
    from interview_desk.ui.reader.source_text import SourceTextDialog

    out: dict[str, dict[str, float]] = {}
    for name, text in LONG_LINES.items():
        render_ms, show_ms, source_ms = [], [], []
        entry = Entry(id=name, source="long.md", section_path=(), number="", question=name,
                      answer=text, difficulty=None, line_start=1, line_end=1)
        for _ in range(repeat):
            t0 = time.perf_counter()  # "Show source text": open, lay out, paint once
            dialog = SourceTextDialog(entry)
            dialog.text.document().size()
            dialog.grab()
            source_ms.append((time.perf_counter() - t0) * 1000)
            dialog.deleteLater()
            t0 = time.perf_counter()
            doc = render_markdown(text)
            t1 = time.perf_counter()
            view.show_doc(doc)
            view.document().size()
            view.grab()
            render_ms.append((t1 - t0) * 1000)
            show_ms.append((time.perf_counter() - t1) * 1000)
        r, s = statistics.median(render_ms), statistics.median(show_ms)
        out[name] = {"render": round(r, 1), "show": round(s, 1),
                     "render_and_show": round(r + s, 1),
                     "source_text_open": round(statistics.median(source_ms), 1)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load_before = os.getloadavg()

    started = time.perf_counter()
    from interview_desk.corpus import load_corpus
    from interview_desk.render import math_cache, render_entry
    from interview_desk.render.math import render_tex
    math_cache.set_folder(None)  # measure ziamath itself first; the disk cache below
    corpus = load_corpus()
    heavy = max(corpus.entries, key=lambda e: (e.answer or "").count("$"))
    t0 = time.perf_counter()
    render_entry(heavy)
    first_ms = _ms(time.perf_counter() - t0)
    import_ms = _ms(t0 - started)

    cold: dict[str, float] = {}
    warm: dict[str, list[float]] = {}
    for entry in corpus.entries:
        render_tex.cache_clear()
        t0 = time.perf_counter()
        render_entry(entry)
        cold[entry.id] = (time.perf_counter() - t0) * 1000
    for _ in range(args.repeat):
        for entry in corpus.entries:
            t0 = time.perf_counter()
            doc = render_entry(entry)
            warm.setdefault(entry.id, []).append((time.perf_counter() - t0) * 1000)
    warm_med = {k: statistics.median(v) for k, v in warm.items()}
    # A later session: formulas come from the disk cache, not from ziamath.
    with tempfile.TemporaryDirectory() as folder:
        math_cache.set_folder(Path(folder))
        render_tex.cache_clear()  # so this pass goes through ziamath and fills the disk
        for entry in corpus.entries:
            render_entry(entry)
        disk: dict[str, float] = {}
        for entry in corpus.entries:
            render_tex.cache_clear()
            t0 = time.perf_counter()
            render_entry(entry)
            disk[entry.id] = (time.perf_counter() - t0) * 1000
        math_cache.set_folder(None)
    worst = max(cold, key=lambda k: cold[k])
    worst_entry = corpus.get(worst)
    assert worst_entry is not None
    # What the reader shows first for a cold entry: the text, formulas as TeX source
    # (render_entry(cached_math_only=True)); the formulas follow from a second render.
    text_first: list[float] = []
    for _ in range(args.repeat):
        render_tex.cache_clear()
        t0 = time.perf_counter()
        first_doc = render_entry(worst_entry, cached_math_only=True)
        text_first.append((time.perf_counter() - t0) * 1000)
    assert first_doc.math_pending > 0
    text_first_ms = statistics.median(text_first)
    text_first_show: list[float] = []

    from PySide6.QtWidgets import QApplication

    from interview_desk.ui.reader.view import ReaderView
    app = QApplication.instance() or QApplication([])
    view = ReaderView()
    view.resize(1000, 760)
    doc = render_entry(worst_entry)
    show: list[float] = []
    for _ in range(args.repeat):
        view._rasters.clear()  # each show rasterises its formulas again
        t0 = time.perf_counter()
        view.show_doc(doc, worst)
        view.document().size()  # force the layout, which pulls the images
        view.grab()  # and paint once, as the screen would
        show.append((time.perf_counter() - t0) * 1000)
    for _ in range(args.repeat):  # the text-first page on screen
        t0 = time.perf_counter()
        view.show_doc(first_doc, worst)
        view.document().size()
        view.grab()
        text_first_show.append((time.perf_counter() - t0) * 1000)
    long_lines = _long_lines(view, args.repeat)
    del app

    worst_warm = warm_med[worst]
    ordered = sorted(warm_med.values())
    result = {
        "entries": len(corpus.entries),
        "import_and_load_ms": import_ms,
        "first_render_in_process_ms": first_ms,
        "cold_math": {"p50_ms": round(statistics.median(cold.values()), 2),
                      "max_ms": round(cold[worst], 2), "worst_entry": worst,
                      "worst_formulas": doc.formulas, "worst_code_blocks": doc.code_blocks},
        "disk_cached_math": {"max_ms": round(max(disk.values()), 2),
                             "worst_entry_ms": round(disk[worst], 2)},
        "warm": {"p50_ms": round(statistics.median(ordered), 2),
                 "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
                 "max_ms": round(max(ordered), 2),
                 "worst_entry_ms": round(worst_warm, 2)},
        "cold_text_first_worst_ms": {
            "render": round(text_first_ms, 2),
            "show": round(statistics.median(text_first_show), 2),
            "render_and_show": round(text_first_ms + statistics.median(text_first_show), 2),
            "formulas_pending": first_doc.math_pending},
        "ratio_cold_text_first_to_target": round(
            (text_first_ms + statistics.median(text_first_show)) / TARGET_MS, 3),
        "reader_show_worst_ms": {"median": round(statistics.median(show), 2),
                                 "max": round(max(show), 2)},
        "target_ms": TARGET_MS,
        "ratio_worst_warm_to_target": round(worst_warm / TARGET_MS, 3),
        "ratio_worst_cold_to_target": round(cold[worst] / TARGET_MS, 3),
        "ratio_worst_disk_cached_to_target": round(disk[worst] / TARGET_MS, 3),
        "ratio_reader_show_to_target": round(statistics.median(show) / TARGET_MS, 3),
        # The answers that froze the window (a 1 MB code line: 213 s, then ~4.4 s): render
        # plus show, now that render/limits.py caps what Qt gets; against one 60 Hz frame.
        # source_text_open: the same text in "Show source text" (a 1 MB line took ~1.4 s,
        # 200 KB without spaces ~4.9 s, before its lines were broken for display).
        "long_lines_ms": long_lines,
        "ratio_slowest_long_line_to_frame": round(
            max(v["render_and_show"] for v in long_lines.values()) / FRAME_MS, 2),
        "ratio_slowest_source_text_to_frame": round(
            max(v["source_text_open"] for v in long_lines.values()) / FRAME_MS, 2),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
