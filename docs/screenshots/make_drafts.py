"""Make the "Draft all unanswered" screenshot (1280x800, light) offscreen.

    INTERVIEW_DESK_TEST_MODEL=~/.local/share/interview-desk/models/SmolLM2-135M-Instruct.Q4_1.gguf \
        .venv/bin/python docs/screenshots/make_drafts.py

Uses a throwaway home. A section's "Draft all unanswered" runs with the default model;
the picture is taken while the batch is in progress (its second draft or later), with
the tutor tab showing the entry whose draft was just saved. Writes drafts-batch-light.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "desktop"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["INTERVIEW_DESK_HOME"] = tempfile.mkdtemp(prefix="interview-desk-shots-")

from make_window import open_and_wait, settle, wait  # noqa: E402

from interview_desk.settings import load_settings, save_settings  # noqa: E402
from interview_desk.ui.browse.tree import ID_ROLE, SourceTree  # noqa: E402
from interview_desk.ui.shell.app import create_application, create_window  # noqa: E402


def section_item(tree: SourceTree, corpus, at_least: int):  # -> QTreeWidgetItem
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    it = QTreeWidgetItemIterator(tree.tree)
    while it.value():
        item = it.value()
        if item.parent() is not None and not item.data(0, ID_ROLE):
            ids = tree.entries_under(item)
            if (
                4 <= len(ids) <= 14
                and sum(1 for i in ids if not corpus.get(i).answered) >= at_least
            ):
                return item
        it += 1
    raise SystemExit("no section with enough unanswered entries")


def main() -> int:
    model = os.environ.get("INTERVIEW_DESK_TEST_MODEL")
    if not model:
        raise SystemExit("set INTERVIEW_DESK_TEST_MODEL to the default model")
    settings = load_settings()
    settings.model, settings.max_tokens, settings.n_threads = model, 120, 1
    save_settings(settings)
    app = create_application([])
    window = create_window(app)
    window.resize(1280, 800)
    window.show()
    window.start()
    wait(
        app,
        lambda: (
            window.desk.index_state == "ready"
            and window.centre.reader is not None
            and window.side.tutor is not None
        ),
    )
    window.set_theme("light")
    window.set_language("en")
    corpus = window.desk.corpus
    item = section_item(window.tree, corpus, 4)
    ids = window.tree.entries_under(item)
    first = next(i for i in ids if not corpus.get(i).answered)
    item.setExpanded(True)
    parent = item.parent()
    while parent is not None:
        parent.setExpanded(True)
        parent = parent.parent()
    window.actions_["tutor"].trigger()
    open_and_wait(app, window, first)
    window.tree.section_menu(item).actions()[0].trigger()
    batch = lambda: window.drafts.batch  # noqa: E731
    wait(
        app,
        lambda: (
            batch() is not None
            and batch().completed >= 1
            and batch().current is not None
            and window.drafts.tokens > 20
        ),
    )
    window.tree.tree.scrollToItem(item)
    settle(app)
    out = HERE / "drafts-batch-light.png"
    window.grab().save(str(out))
    print("wrote", out.name, "at", batch().position, "of", batch().total)
    window.drafts.cancel()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
