"""Make the README's study-mode screenshots (review screen and statistics, light and dark).

    Xvfb :96 -screen 0 1280x800x24 & openbox &   # or offscreen: QT_QPA_PLATFORM=offscreen
    DISPLAY=:96 .venv/bin/python docs/screenshots/make_study.py

A throwaway home with 60 simulated study days (the real scheduler, ratings drawn with a
fixed seed), so the pictures never show a real user's data. Writes study-*.png here.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "desktop"))
sys.path.insert(0, str(HERE))
os.environ["INTERVIEW_DESK_HOME"] = tempfile.mkdtemp(prefix="interview-desk-shots-")

from make_window import settle, wait  # noqa: E402

from interview_desk.store import UserStore, default_path  # noqa: E402
from interview_desk.study import Grade, StudyService  # noqa: E402
from interview_desk.study.clock import utc_now  # noqa: E402
from interview_desk.ui.shell.app import create_application, create_window  # noqa: E402

ENTRY = "003-bce26d04"  # scaled dot-product attention: code and formulas
SIZE = (1280, 800)


def simulate(service: StudyService, days: int = 60) -> None:
    """Study every morning for ``days`` days: today's queue, mostly Good, some Again."""
    rng = random.Random(14)
    start = utc_now().replace(hour=8, minute=0) - timedelta(days=days)
    deck = service.deck(None)
    for day in range(days):
        at = start + timedelta(days=day)
        if rng.random() < 0.15:
            continue  # a day off now and then
        for item in service.queue(deck, at).items:
            if item.entry_id == ENTRY:
                continue
            grade = rng.choices(list(Grade), weights=(12, 10, 65, 13))[0]
            result, _ = service.rate(item.entry_id, grade, at)
            at += timedelta(seconds=40)
            if result.interval_days < 0.02:  # a learning step: see it again shortly
                service.rate(item.entry_id, Grade.GOOD, at + timedelta(minutes=11))


def main() -> int:
    app = create_application([])
    window = create_window(app)
    window.show()
    window.start()
    wait(app, lambda: window.desk.corpus is not None and window.desk.marks_loaded
         and window.centre.reader is not None)
    with UserStore.open(default_path()) as store:  # a second connection, as a script would
        simulate(StudyService(window.desk.corpus, store))
    for theme in ("light", "dark"):
        window.set_theme(theme)
        window.study.refresh_due()
        screen = window.study.open_review("original")
        screen.resize(*SIZE)
        wait(app, lambda s=screen: bool(s.current_entry_id))
        screen._items.insert(0, ENTRY)  # a card with code and math for the picture
        screen._show_next()
        screen.typed.setPlainText("softmax(QKᵀ / √d_k) V — scale so the logits' variance stays "
                                  "near 1 and softmax does not saturate.")
        screen.reveal()
        wait(app, lambda s=screen: s.reader.entry_id == ENTRY)
        settle(app, 1.0)
        screen.grab().save(str(HERE / f"study-review-{theme}.png"))
        screen.close()
        stats = window.study.open_stats()
        stats.resize(*SIZE)
        wait(app, lambda s=stats: s.data is not None)
        settle(app, 1.0)
        stats.grab().save(str(HERE / f"study-stats-{theme}.png"))
        stats.close()
    mock_shots(app, window)
    window.close()
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("study-*.png"))))
    return 0


def mock_shots(app, window) -> None:
    """A two-question mock interview critiqued by the default model (skipped without it)."""
    model = os.environ.get("INTERVIEW_DESK_TEST_MODEL")
    if not model:
        print("no INTERVIEW_DESK_TEST_MODEL: study-mock-*.png not refreshed")
        return
    from interview_desk.settings import load_settings, save_settings

    settings = load_settings()
    settings.model, settings.n_threads = model, 1
    save_settings(settings)
    wait(app, lambda: window.desk.index is not None)  # critiques retrieve related notes
    for theme in ("light", "dark"):
        window.set_theme(theme)
        mock = window.study.open_mock("original")
        mock.resize(*SIZE)
        mock.count_box.setValue(2)
        mock.minutes_box.setValue(3)
        mock.start()
        wait(app, lambda m=mock: m.session is not None)
        mock.answer.setPlainText("KV cache keeps the keys and values of earlier tokens so each "
                                 "new token only computes its own; memory grows with length.")
        if theme == "light":
            settle(app, 1.2)
            mock.grab().save(str(HERE / "study-mock-question.png"))
        mock.next_question()
        mock.answer.setPlainText("Multi-head attention splits d_model into heads that attend "
                                 "separately, then concatenates them.")
        mock.next_question()
        wait(app, lambda m=mock: not m.critiquing, seconds=600)
        settle(app, 0.5)
        mock.grab().save(str(HERE / f"study-mock-{theme}.png"))
        mock.close()


if __name__ == "__main__":
    raise SystemExit(main())
