"""Search in the real window: typing, results off the GUI thread, opening a hit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from interview_desk.ui.runtime import desk as desk_states
from interview_desk.ui.shell.window import MainWindow


def _type_query(window: MainWindow, qtbot, text: str) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search_bar.line, text)


def test_typing_a_query_shows_highlighted_results(window: MainWindow, qtbot) -> None:
    assert window.desk.index_state == desk_states.INDEX_READY
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000) as blocker:
        _type_query(window, qtbot, "LoRA")
    query, rows, _suggestion, total = blocker.args
    assert query == "LoRA"
    assert rows and total >= len(rows)
    assert window.left.currentWidget() is window.results
    assert window.results.entry_ids() == [r.entry_id for r in rows]
    assert any("<b" in row.html and "LoRA" in row.html for row in rows)
    assert window.results.info.text().startswith(("Best", f"{len(rows)} results"))


def test_only_the_latest_query_is_applied(window: MainWindow, qtbot) -> None:
    seen: list[str] = []
    window.search.sigResultsReady.connect(lambda q, *_: seen.append(q))
    window.activateWindow()
    qtbot.keyClicks(window.search_bar.line, "quantization", delay=40)  # a quick typist
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    qtbot.wait(400)
    assert seen[-1] == "quantization"
    assert set(seen) <= {"quantization"}  # keystrokes within 150 ms never ran alone


def test_clicking_a_result_opens_the_rendered_answer(window: MainWindow, qtbot) -> None:
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000):
        _type_query(window, qtbot, "attention")
    first = window.results.entry_ids()[0]
    rect = window.results.list.visualRect(window.results.model.index(0))
    with qtbot.waitSignal(window.centre.reader.sigDocumentShown, timeout=30_000) as shown:
        qtbot.mouseClick(window.results.list.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
    assert shown.args == [first]
    entry = window.desk.entry(first)
    assert window.centre.reader.entry_id == first
    text = window.centre.reader.toPlainText()
    assert text.strip()
    heading_words = [w for w in entry.question.replace("*", "").split() if len(w) > 3]
    assert any(word in text for word in heading_words[:3]) or entry.question[:4] in text


def test_did_you_mean_offers_the_correction(window: MainWindow, qtbot) -> None:
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000) as blocker:
        _type_query(window, qtbot, "atention")
    assert blocker.args[2] == "attention"
    assert window.results.suggestion.isVisibleTo(window)
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000) as again:
        window.results.suggestion.linkActivated.emit("suggest")
    assert again.args[0] == "attention"
    assert window.search_bar.line.text() == "attention"


def test_filter_chip_narrows_results_to_answered(window: MainWindow, qtbot) -> None:
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000):
        _type_query(window, qtbot, "RAG")
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000) as blocker:
        window.search_bar.answered_chip.click()
    ids = [row.entry_id for row in blocker.args[1]]
    assert ids and all(window.desk.entry(i).answered for i in ids)


def test_escape_clears_the_search_and_returns_to_the_tree(window: MainWindow, qtbot) -> None:
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000):
        _type_query(window, qtbot, "RAG")
    qtbot.keyClick(window.search_bar.line, Qt.Key.Key_Escape)
    assert window.left.currentWidget() is window.tree
    assert window.results.entry_ids() == []


def test_next_entry_follows_the_results_while_searching(window: MainWindow, qtbot) -> None:
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000):
        _type_query(window, qtbot, "RAG")
    ids = window.results.entry_ids()
    window.actions_["next"].trigger()
    assert window._current.id == ids[0]
    window.actions_["next"].trigger()
    assert window._current.id == ids[1]
    window.actions_["previous"].trigger()
    assert window._current.id == ids[0]


def test_a_whole_query_set_in_the_box_searches_at_once(window: MainWindow, qtbot) -> None:
    # A suggestion or the start-up probe puts a whole query in: no typing pause to wait
    # for, so it goes to the search thread before set_query returns; keystrokes wait.
    started: list[str] = []
    window.search.sigSearchStarted.connect(started.append)
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000) as blocker:
        window.search_bar.set_query("attention")
        assert started == ["attention"]
    assert blocker.args[0] == "attention" and blocker.args[1]
    window.activateWindow()
    window.search_bar.line.clear()
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000):
        qtbot.keyClicks(window.search_bar.line, "RAG")
        assert started == ["attention"]  # typed: after the pause
    assert started == ["attention", "RAG"]


def test_a_search_notice_shows_in_the_window_language(window: MainWindow, qtbot) -> None:
    from interview_desk.ui import i18n
    from interview_desk.ui.qt_translations import use_qt_translations

    said = {"en": "ignored difficulty:9 (use 1-5, >=4, <3 or 2-4)",
            "zh": "已忽略 difficulty:9（可用 1-5、>=4、<3 或 2-4）"}
    try:
        for language in ("zh", "en"):
            window.set_language(language)
            window.statusBar().clearMessage()
            window.search_bar.set_query(f"difficulty:9 attention {language}")
            qtbot.waitUntil(lambda t=said[language]: window.statusBar().currentMessage() == t,
                            timeout=10_000)
            assert window.results.entry_ids()  # the rest of the query still searched
    finally:
        i18n.set_language("en")
        use_qt_translations("en")
