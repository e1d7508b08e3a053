"""Make the README's window screenshots (1280x800, light and dark) offscreen.

    .venv/bin/python docs/screenshots/make_window.py

Uses a throwaway home (its own data file, settings and index), so the pictures never
show a real user's notes. Writes window-light.png, window-dark.png and window-zh.png
beside this script.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "desktop"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["INTERVIEW_DESK_HOME"] = tempfile.mkdtemp(prefix="interview-desk-shots-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from interview_desk.ui.shell.app import create_application, create_window  # noqa: E402
from interview_desk.ui.shell.window import MainWindow  # noqa: E402


def wait(app: QApplication, predicate, seconds: float = 600.0) -> None:
    end = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit("timed out preparing the screenshot")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def open_and_wait(app: QApplication, window: MainWindow, entry_id: str) -> None:
    window.open_entry(entry_id)
    wait(app, lambda: window.centre.reader.entry_id == entry_id)
    settle(app)


def main() -> int:
    model = os.environ.get("INTERVIEW_DESK_TEST_MODEL")
    if model:  # before the window: the tutor panel reads its settings once, when built
        from interview_desk.settings import load_settings, save_settings

        settings = load_settings()
        settings.model_paths = [model]
        settings.max_tokens = 150  # a reply that fits the panel
        save_settings(settings)
    app = create_application([])
    window = create_window(app)
    window.resize(1280, 800)  # the offscreen screen is 800×800; the window fits screens
    window.show()
    window.start()
    wait(app, lambda: window.desk.index_state == "ready" and window.centre.reader is not None)
    if "--tutor" in sys.argv:  # only the tutor's pictures
        tutor_shot(app, window)
        window.close()
        return 0
    corpus = window.desk.corpus
    # A few marks near the entry shown, so the tree shows them: seen, bookmarked, known.
    ids = [e.id for e in corpus.entries]
    at = ids.index("003-bce26d04")
    for entry_id in ids[at - 3:at + 3]:
        window.open_entry(entry_id)
    window.toggle_mark("bookmark")
    window.open_entry(ids[at - 2])
    window.toggle_mark("known")
    window.toggle_mark("bookmark")

    window.set_theme("light")
    window.set_language("en")
    open_and_wait(app, window, "003-bce26d04")  # attention: code and formulas
    window.notes.set_entry("003-bce26d04", "")
    window.notes.editor.setPlainText("Scale by 1/sqrt(d_k): keeps softmax out of saturation.\n"
                                     "面试时先画 Q/K/V 的形状。")
    window.notes.flush()
    window.tree.select_entry("003-bce26d04", emit=False)
    settle(app)
    window.grab().save(str(HERE / "window-light.png"))

    window.set_theme("dark")
    window.search_bar.set_query("位置编码")
    wait(app, lambda: bool(window.results.entry_ids()))
    open_and_wait(app, window, "003-55afee3b")  # positional encoding: formulas
    window.grab().save(str(HERE / "window-dark.png"))

    window.set_theme("light")
    window.set_language("zh")
    window.set_script("traditional")
    window.search_bar.set_query("")
    open_and_wait(app, window, "000-" + corpus.entries[0].id.split("-", 1)[1]
                  if corpus.entries[0].id.startswith("000-") else corpus.entries[0].id)
    window.grab().save(str(HERE / "window-zh.png"))

    window.set_script("original")
    window.set_language("en")
    tutor_shot(app, window)
    window.close()
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("window-*.png"))))
    return 0


def tutor_shot(app: QApplication, window: MainWindow) -> None:
    """The tutor tab after a real answer from the default model, light; then a follow-up
    in the dark theme while the model reads its sources, and once it has answered
    (skipped without the model)."""
    model = os.environ.get("INTERVIEW_DESK_TEST_MODEL")
    if not model:
        print("no INTERVIEW_DESK_TEST_MODEL: window-tutor.png not refreshed")
        return
    open_and_wait(app, window, "003-bce26d04")
    tutor = window.side.tutor
    window.actions_["tutor"].trigger()  # opening the tab loads the model
    wait(app, lambda: tutor.loaded_model is not None)
    tutor.ask("Why do we divide by sqrt(d_k) in attention?")
    wait(app, lambda: not tutor.busy)
    settle(app)
    window.grab().save(str(HERE / "window-tutor.png"))
    window.set_theme("dark")
    tutor.ask("What goes wrong with large dot products in softmax?")
    wait(app, lambda: bool(tutor.chat.items) and bool(tutor.chat.items[-1].context))
    settle(app, 0.3)
    window.grab().save(str(HERE / "window-tutor-reading-dark.png"))
    wait(app, lambda: not tutor.busy)
    settle(app)
    window.grab().save(str(HERE / "window-tutor-dark.png"))
    window.set_theme("light")


if __name__ == "__main__":
    raise SystemExit(main())
