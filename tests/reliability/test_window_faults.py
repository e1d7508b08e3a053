"""The real window under faults: odd queries in the search box, a data file it cannot open."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from tests.reliability.test_queries import ODD_QUERIES
from tests.ui.conftest import desk_home, make_window  # noqa: F401 (fixtures)

from interview_desk.store.user_store import UserStore, default_path
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime import desk as desk_states

FRAME_BUDGET_S = 1.0  # a freeze detector, not a speed target (those live in benchmarks/)


def test_odd_queries_in_the_search_box_answer_and_never_stall(make_window,  # noqa: F811
                                                              qtbot) -> None:
    window = make_window()
    assert window.desk.index_state == desk_states.INDEX_READY
    answered: list[str] = []
    window.search.sigResultsReady.connect(lambda q, *_: answered.append(q))
    worst = 0.0
    for query in ODD_QUERIES[::3]:
        text = query.replace("\x00", "")
        started = time.monotonic()
        window.search_bar.set_query(text)  # the GUI-thread part of a search
        worst = max(worst, time.monotonic() - started)
        if text.strip():
            qtbot.waitUntil(lambda t=text: bool(answered)
                            and answered[-1] in (t, t.strip()), timeout=20_000)
    assert worst < FRAME_BUDGET_S, worst
    # Still usable afterwards: a real query, then browsing.
    window.search_bar.set_query("LoRA")
    qtbot.waitUntil(lambda: bool(window.results.entry_ids()), timeout=20_000)
    qtbot.keyClick(window.search_bar.line, Qt.Key.Key_Escape)
    assert window.tree.visible_entry_ids()


def test_a_pasted_essay_in_the_search_box_says_it_was_shortened(make_window,  # noqa: F811
                                                                 qtbot) -> None:
    window = make_window()
    answered: list[str] = []
    window.search.sigResultsReady.connect(lambda q, *_: answered.append(q))
    essay = " ".join(f"word{i}x attention" for i in range(600))
    window.search_bar.set_query(essay)
    qtbot.waitUntil(lambda: bool(answered), timeout=20_000)
    qtbot.waitUntil(lambda: "query shortened to" in window.statusBar().currentMessage(),
                    timeout=5_000)
    assert window.results.entry_ids()  # its first words found entries


def test_a_data_file_that_cannot_open_never_says_saved(make_window, qtbot,  # noqa: F811
                                                       desk_home: Path) -> None:  # noqa: F811
    # Was: "Saved HH:MM:SS" under the editor while nothing was written.
    path = default_path()
    path.mkdir(parents=True)  # a folder where the file should be
    window = make_window(wait_index=False)
    qtbot.waitUntil(lambda: window.findChild(object, "errorBox") is not None, timeout=20_000)
    entry_id = window.tree.visible_entry_ids()[0]
    window.open_entry(entry_id)
    qtbot.keyClicks(window.notes.editor, "a note that cannot be kept")
    window.notes.flush()
    qtbot.waitUntil(lambda: window.notes.state.text() == tr("note.not_saved"), timeout=10_000)
    assert "Saved" not in window.notes.state.text()
    window.close()
    path.rmdir()
    with UserStore.open(path) as store:  # and, indeed, nothing was written anywhere
        assert store.notes() == {}
