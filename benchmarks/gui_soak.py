"""A random-action soak of the real window, counted per area (``soak.py --minutes N``).

A child process starts the window exactly as ``interview-desk`` does (offscreen, a
throwaway home, the tiny test GGUF as the tutor's model) and, until the time is up, picks
random actions: search (odd queries too), open entries (and back/forward), type notes,
bookmark, review a card, switch theme and language, open a visualizer preset, ask the
tutor (typed into its box with a pause, which reads its notes ahead, or asked at once;
and sometimes Stop it). It journals each action as it starts and ends, and what
the app acknowledged (note texts, bookmarks, ratings) to a JSON-lines file.

The parent watches the journal: an action that does not finish within ``HANG_S`` (the GUI
thread stuck, or a reply that never comes) is a hang, a child that dies is a crash of the
area it was in, an exception escaping a slot or an "unexpected error" logged is a
traceback. After the window closed, the parent opens the data file and counts what the
app acknowledged but did not keep (``lost``).

    .venv/bin/python benchmarks/gui_soak.py [--minutes 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "desktop"))

AREAS = ("search", "open", "note", "bookmark", "review", "theme", "language", "viz", "tutor")
HANG_S = 45.0  # generous on 2 busy cores; a real hang is minutes or forever
QUERIES = ("attention", "RoPE 位置编码", "KV cache", "LoRA rank", "", "   ", '"unbalanced',
           "((", "AND OR NOT", "source:", "difficulty:>=99", ".*+?[", "😀 注意力",
           "שלום مرحبا", "x" * 2000, "\x1b[31mred", "量化 quantization")
NOTE_WORDS = ("attention", "注意力", "scaled", "softmax", "KV", "缓存", "remember:", "→", "\n")


# -- the child: drives the window --------------------------------------------------------
class _Journal:
    def __init__(self, path: Path) -> None:
        self._fh = path.open("a", encoding="utf-8")
        self.beat = time.monotonic()

    def write(self, **record: object) -> None:
        self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._fh.flush()
        self.beat = time.monotonic()


class _Errors(logging.Handler):
    """Counts unexpected errors (logged with a traceback) while an action runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.count += 1


def _child(journal_path: Path, minutes: float, seed: int) -> int:
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from interview_desk.logs import setup_logging
    from interview_desk.study import Grade
    from interview_desk.ui.shell.app import create_application, create_window
    from interview_desk.ui.shell.side_tabs import STUDY_TAB, TUTOR_TAB
    from interview_desk.viz.presets import PRESETS

    rng = random.Random(seed)
    journal = _Journal(journal_path)
    setup_logging()
    errors = _Errors()
    logging.getLogger().addHandler(errors)
    app = create_application([])
    window = create_window(app)
    escaped: list[BaseException] = []

    def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        escaped.append(exc)
        logging.getLogger("soak").error("escaped a slot", exc_info=(kind, exc, tb))

    sys.excepthook = hook
    window.show()
    window.start()

    def wait(condition: Callable[[], bool], timeout: float = HANG_S) -> bool:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            QCoreApplication.processEvents()
            time.sleep(0.005)
            journal.beat = time.monotonic()
        return True

    def watchdog() -> None:  # the GUI thread stuck inside one call: journal and die
        while True:
            time.sleep(1.0)
            if time.monotonic() - journal.beat > HANG_S:
                journal.write(event="hang")
                os._exit(3)

    threading.Thread(target=watchdog, daemon=True).start()
    if not wait(lambda: window.desk.corpus is not None and window.desk.marks_loaded
                and window.centre.reader is not None, 120):
        journal.write(event="hang", area="start")
        return 3
    wait(lambda: window.desk.index is not None, 60)
    entries = [e.id for e in window.desk.corpus.entries]  # type: ignore[union-attr]

    def current() -> str:
        return window.current_entry_id()

    answered: list[str] = []
    window.search.sigResultsReady.connect(lambda query, *_: answered.append(query))

    def search() -> bool:
        query = rng.choice(QUERIES)
        answered.clear()
        window.search_bar.set_query(query)
        if not query.strip():
            return True
        return wait(lambda: bool(answered) and answered[-1] in (query, query.strip()), 30)

    def open_() -> bool:
        roll = rng.random()
        if roll < 0.15:
            window.go_back()
        elif roll < 0.25:
            window.go_forward()
        else:
            window.open_entry(rng.choice(entries))
        return True

    def note() -> bool:
        if not current():
            window.open_entry(rng.choice(entries))
        window.side.setCurrentIndex(STUDY_TAB)
        editor = window.notes.editor
        if rng.random() < 0.15:
            editor.clear()
        else:
            for word in (rng.choice(NOTE_WORDS) for _ in range(rng.randint(1, 6))):
                if word == "\n":  # QTest.keyClicks asserts on "\n" and on non-ASCII
                    QTest.keyClick(editor, Qt.Key.Key_Return)
                elif word.isascii():
                    QTest.keyClicks(editor, word + " ")
                else:  # what an input method delivers: the text at once
                    editor.insertPlainText(word)
        if rng.random() < 0.5:
            window.notes.flush()
        entry = window.notes.entry_id
        journal.write(event="note", entry=entry, text=window.notes.text())
        return True

    def bookmark() -> bool:
        if not current():
            window.open_entry(rng.choice(entries))
        window.toggle_mark("bookmark")
        entry = current()
        journal.write(event="bookmark", entry=entry,
                      on=entry in window.desk.marks.bookmarked)
        return True

    def review() -> bool:
        screen = window.study.review
        if screen is None or not screen.isVisible() or rng.random() < 0.2:
            screen = window.study.open_review(window.script)
            if not wait(lambda: bool(screen.current_entry_id) or screen.deck is not None, 20):
                return False
        if not screen.current_entry_id:
            return True  # nothing due
        screen.reveal()
        screen.rate(rng.choice(list(Grade)))
        journal.write(event="rating")
        if rng.random() < 0.3:
            screen.close()
        return True

    def theme() -> bool:
        window.set_theme(rng.choice(("light", "dark", "system")))
        return True

    def language() -> bool:
        window.set_language(rng.choice(("en", "zh", "auto")))
        return True

    def viz() -> bool:
        window.visualizer.show_preset(rng.choice(sorted(PRESETS)))
        return True

    def tutor() -> bool:
        window.side.setCurrentIndex(TUTOR_TAB)
        panel = window.side.tutor
        if panel is None:
            return True  # not built yet: the window builds it once corpus and store are in
        if not wait(lambda: panel.loaded_model is not None or not panel.busy, 30):
            return False
        if panel.loaded_model is None or panel.busy:
            return True
        question = rng.choice(("what is attention?", "RoPE?", "为什么要 KV cache？"))
        if rng.random() < 0.5:  # typed as a learner types: a pause has its notes read ahead
            panel.input.clear()
            if question.isascii():
                QTest.keyClicks(panel.input, question)
            else:  # as an input method commits Chinese (QTest aborts on such keys)
                event = QInputMethodEvent()
                event.setCommitString(question)
                QApplication.sendEvent(panel.input, event)
            wait(lambda: False, rng.random() * 0.8)
            QTest.keyClick(panel.input, Qt.Key.Key_Return)
        else:
            panel.ask(question)
        journal.write(event="asked")
        if rng.random() < 0.4:
            wait(lambda: False, rng.random() * 0.5)
            panel.stop()
        return wait(lambda: not panel.busy, HANG_S - 5)

    actions = {"search": search, "open": open_, "note": note, "bookmark": bookmark,
               "review": review, "theme": theme, "language": language, "viz": viz,
               "tutor": tutor}
    weights = {"search": 4, "open": 4, "note": 4, "bookmark": 2, "review": 2, "theme": 1,
               "language": 1, "viz": 1, "tutor": 1}
    names = list(actions)
    deadline = time.monotonic() + minutes * 60
    while time.monotonic() < deadline:
        area = rng.choices(names, [weights[n] for n in names])[0]
        journal.write(event="start", area=area)
        before_errors, before_escaped = errors.count, len(escaped)
        try:
            finished = actions[area]()
        except Exception as exc:  # our bug, reached from a plain call
            logging.getLogger("soak").error("action %s", area, exc_info=exc)
            finished = True
        wait(lambda: False, rng.random() * 0.2)  # let queued work run
        messages = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        for box in messages:
            box.close()
        outcome = ("hang" if not finished else "traceback"
                   if errors.count > before_errors or len(escaped) > before_escaped
                   else "clean")
        journal.write(event="end", area=area, outcome=outcome, messages=len(messages))
    window.notes.flush()
    if window.study.review is not None:
        window.study.review.close()
    window.close()
    QApplication.processEvents()
    journal.write(event="closed")
    return 0


# -- the parent: watches, then checks the data file ---------------------------------------
def _read_journal(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _lost(home: Path, records: list[dict[str, Any]]) -> dict[str, int]:
    """Acknowledged writes missing from the data file, by area."""
    from interview_desk.store import FILE_NAME, UserStore
    from interview_desk.store.reviews import ReviewStore

    notes: dict[str, str] = {}
    bookmarks: dict[str, bool] = {}
    ratings = 0
    for r in records:
        if r.get("event") == "note" and r.get("entry"):
            notes[r["entry"]] = r["text"]
        elif r.get("event") == "bookmark" and r.get("entry"):
            bookmarks[r["entry"]] = bool(r["on"])
        elif r.get("event") == "rating":
            ratings += 1
    path = home / "data" / FILE_NAME
    if not path.exists():
        return {"note": len(notes), "bookmark": len(bookmarks), "review": ratings}
    with UserStore.open(path) as store:
        stored = store.notes()
        marked = set(store.bookmarks())
        logged = len(ReviewStore(store).log_rows())
    lost_notes = sum(1 for e, text in notes.items()
                     if stored.get(e, "") != (text if text.strip() else ""))
    lost_marks = sum(1 for e, on in bookmarks.items() if (e in marked) != on)
    lost_reviews = max(0, ratings - logged)
    return {"note": lost_notes, "bookmark": lost_marks, "review": lost_reviews}


def run_gui_soak(minutes: float, seed: int) -> dict[str, object]:
    """Run the child for ``minutes``; per-area counts and the data check, as a dict."""
    with tempfile.TemporaryDirectory(prefix="gui-soak-") as tmp:
        home = Path(tmp) / "home"
        (home / "config").mkdir(parents=True)
        from tests.tutor.tiny_gguf import write_tiny_gguf

        model = write_tiny_gguf(Path(tmp) / "tiny-llama.gguf")
        (home / "config" / "settings.json").write_text(
            json.dumps({"model": str(model), "max_tokens": 24}), encoding="utf-8")
        journal = Path(tmp) / "journal.jsonl"
        env = dict(os.environ, INTERVIEW_DESK_HOME=str(home), QT_QPA_PLATFORM="offscreen",
                   PYTHONPATH=str(REPO / "desktop"))
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(journal),
                                 "--minutes", str(minutes), "--seed", str(seed)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                errors="replace")
        limit = minutes * 60 + 180 + HANG_S
        try:
            _out, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
        records = _read_journal(journal)
        counts = {a: {"tried": 0, "clean": 0, "traceback": 0, "hang": 0, "crash": 0,
                      "lost": 0} for a in AREAS}
        open_area = ""
        for r in records:
            if r.get("event") == "start":
                open_area = r["area"]
                counts[open_area]["tried"] += 1
            elif r.get("event") == "end":
                counts[r["area"]][r["outcome"]] += 1
                open_area = ""
        closed = any(r.get("event") == "closed" for r in records)
        if open_area:  # the child died or hung inside this action
            hung = proc.returncode == 3 or any(r.get("event") == "hang" for r in records)
            counts[open_area]["hang" if hung else "crash"] += 1
        for area, n in _lost(home, records).items():
            counts[area]["lost"] = n
        totals = {k: sum(c[k] for c in counts.values()) for k in
                  ("tried", "clean", "traceback", "hang", "crash", "lost")}
        extra = {name: sum(1 for r in records if r.get("event") == event)
                 for name, event in (("ratings", "rating"), ("questions_asked", "asked"),
                                     ("note_edits", "note"))}
        return {"minutes": minutes, "seconds": round(time.monotonic() - started, 1),
                "exit": proc.returncode, "closed_cleanly": closed, "total": totals,
                "areas": counts, **extra, "stderr_tail": err.strip().splitlines()[-3:]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--child", metavar="JOURNAL", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        raise SystemExit(_child(Path(args.child), args.minutes, args.seed))
    print(json.dumps(run_gui_soak(args.minutes, args.seed), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
