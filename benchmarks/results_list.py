"""The results list: from a query's rows to their pixels on the GUI thread.

Prints JSON. For each query of the existing, learner's-words and second relevance sets
(139), the rows the search thread hands over (``rows_for`` on a ``LIST_ROWS`` search, not
timed here: ``search.py`` times it) are given to the real ``ResultsView`` at its size in a
1280x800 window (420 x 700), from ``set_results`` on: what the GUI thread does between
the search's end and the learner seeing the
hits. Reported: ms to the first paint of the list, to the last row laid out (the list
lays rows out a batch at a time, making the rows the search thread left for it), and the
longest turn of the event loop in between (how long typing would wait). Beside it in the
same run, the floor: a bare ``QListView`` showing the same rows' plain text
(``QStringListModel``, Qt's own delegate), timed the same way. The rows of one query
are shown after another query's, as while typing. The machine is shared: the load
average is recorded.

    .venv/bin/python benchmarks/results_list.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_home import use_bench_home  # noqa: E402

SIZE = (420, 700)  # the results column of the window at 1280x800
FRAME_MS = 16.0


def _queries() -> list[str]:
    sets = ("relevance.json", "relevance_colloquial.json", "relevance_colloquial_unseen.json")
    return [q["q"] for name in sets
            for q in json.loads((REPO / "tests" / "search" / name).read_text("utf-8"))[
                "queries"]]


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"p50_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the queries")
    args = parser.parse_args()
    use_bench_home("desk-bench-list-")

    from PySide6.QtCore import QStringListModel
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QApplication, QListView, QStyledItemDelegate

    app = QApplication([])
    from interview_desk.corpus import load_corpus
    from interview_desk.search import SearchIndex
    from interview_desk.search.results import LIST_ROWS, LIST_ROWS_FIRST
    from interview_desk.ui.search.controller import rows_for
    from interview_desk.ui.search.results import HtmlDelegate, ResultsView

    load_before = [round(x, 2) for x in os.getloadavg()]
    index = SearchIndex.open(load_corpus())
    rows = {q: rows_for(index.search(q, limit=LIST_ROWS), "original") for q in _queries()}
    index.close()
    plain = {}
    for q, found in rows.items():
        texts = []
        for row in found:
            doc = QTextDocument()
            doc.setHtml(row.html)
            texts.append(doc.toPlainText())
        plain[q] = texts

    view = ResultsView()
    view.resize(*SIZE)
    view.show()
    bare = QListView()
    bare.setWordWrap(True)
    bare_model = QStringListModel()
    bare.setModel(bare_model)
    bare.resize(*SIZE)
    bare.show()
    app.processEvents()

    # Each list's delegate notes when it paints a row: the first paint of the list that
    # shows one (the emptied list is painted first, with none).
    app_painted: list[float] = []
    bare_painted: list[float] = []

    class TimedHtml(HtmlDelegate):
        def paint(self, *args: Any) -> None:
            app_painted.append(time.perf_counter())
            super().paint(*args)

    class TimedPlain(QStyledItemDelegate):
        def paint(self, *args: Any) -> None:
            bare_painted.append(time.perf_counter())
            super().paint(*args)

    view.list.setItemDelegate(TimedHtml(view.list))
    bare.setItemDelegate(TimedPlain(bare))

    def show(put: Callable[[], None], done: Callable[[], bool],
             painted: list[float]) -> tuple[float, float, float]:
        """ms to the first paint, to the last row laid out, and the longest event-loop
        turn in between (how long the GUI thread was busy at a stretch)."""
        painted.clear()
        t0 = time.perf_counter()
        put()
        longest = (time.perf_counter() - t0) * 1000
        while not (painted and done()):
            turn = time.perf_counter()
            app.processEvents()
            longest = max(longest, (time.perf_counter() - turn) * 1000)
            if time.perf_counter() - t0 > 10:
                raise RuntimeError("the list never finished")
        result = (painted[0] - t0) * 1000, (time.perf_counter() - t0) * 1000, longest
        for _ in range(5):  # its last paints, not timed: the next list's time is its own
            app.processEvents()
        return result

    model = view.model
    app_runs: list[tuple[float, float, float]] = []
    bare_runs: list[tuple[float, float, float]] = []
    for _ in range(args.repeat):
        for q in rows:
            n = len(rows[q])
            app_runs.append(show(lambda q=q: view.set_results(q, rows[q], "", len(rows[q])),
                                 lambda n=n: model.rowCount() == n and None not in model._html,
                                 app_painted))
            bare_runs.append(show(lambda q=q: bare_model.setStringList(plain[q]),
                                  lambda: True, bare_painted))

    def stats(runs: list[tuple[float, float, float]]) -> dict[str, dict[str, float]]:
        return {name: _stats([r[i] for r in runs])
                for i, name in enumerate(("first_paint", "all_rows", "longest_turn"))}

    app_s, bare_s = stats(app_runs), stats(bare_runs)
    first, floor = app_s["first_paint"], bare_s["first_paint"]
    print(json.dumps({
        "benchmark": "results_list",
        "rows_per_query": LIST_ROWS,
        "rows_made_by_the_search_thread": LIST_ROWS_FIRST,
        "queries": len(rows),
        "size": f"{SIZE[0]}x{SIZE[1]} offscreen",
        "app": app_s,
        "bare_qlistview_plain_text": bare_s,
        "first_paint_ratio_p50": round(first["p50_ms"] / floor["p50_ms"], 2),
        "first_paint_ratio_p95": round(first["p95_ms"] / floor["p95_ms"], 2),
        "first_paint_frames_p50": round(first["p50_ms"] / FRAME_MS, 2),
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
