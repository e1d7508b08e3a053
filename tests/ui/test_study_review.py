"""Study mode on the real window: a keyboard-only review session, due counts, statistics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from study_helpers import own_store, settled

from interview_desk.store.reviews import ReviewStore
from interview_desk.study import Grade, StudyService
from interview_desk.study.clock import utc_now
from interview_desk.study.mock import MockAnswer, MockSession, MockSetup
from interview_desk.ui.browse.tree import DUE_GLYPH
from interview_desk.ui.shell.geometry import FRAME_ALLOWANCE

CTRL = Qt.KeyboardModifier.ControlModifier


def _press(qtbot, screen, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or screen, key, modifier)


def _expected_due(window) -> list[str]:
    with own_store() as store:
        service = StudyService(window.desk.corpus, store)
        return [i.entry_id for i in service.queue(service.deck(None), utc_now(),
                                                  learn_ahead=True).items]


def test_keyboard_only_review_session(make_window, qtbot) -> None:
    window = make_window(wait_index=False)
    assert window.actions_["study_now"] in window.menus.study.actions()
    qtbot.waitUntil(lambda: window.due_label.isVisible(), timeout=10_000)
    assert window.due_label.text() == f"{len(_expected_due(window))} due today"

    qtbot.keyClick(window, Qt.Key.Key_R, CTRL)  # Study ▸ Review due cards
    screen = window.study.review
    assert screen is not None
    qtbot.waitUntil(lambda: bool(screen.current_entry_id), timeout=10_000)
    qtbot.waitUntil(screen.isActiveWindow, timeout=5_000)
    first = screen.current_entry_id
    entry = window.desk.entry(first)
    assert screen.question.text() == entry.question and not screen.reader.isVisible()

    # Type an answer, compare: the reference answer appears beside it, rendered.
    _press(qtbot, screen, Qt.Key.Key_Tab)
    assert screen.typed.hasFocus()
    qtbot.keyClicks(screen.typed, "rotate query and key pairs")
    _press(qtbot, screen, Qt.Key.Key_Return, CTRL)
    assert screen.revealed and screen.reader.isVisible()
    assert screen.typed.toPlainText() == "rotate query and key pairs"
    qtbot.waitUntil(lambda: screen.reader.entry_id == first, timeout=10_000)
    labels = screen.interval_labels()
    assert [labels[g] for g in sorted(labels)][:3] == ["1m", "6m", "10m"]  # new card steps
    assert labels[max(labels)].endswith("d")  # Easy graduates at once

    _press(qtbot, screen, Qt.Key.Key_3)  # Good
    assert screen.current_entry_id and screen.current_entry_id != first
    second = screen.current_entry_id
    settled(qtbot, window)
    store = own_store()
    reviews = ReviewStore(store)
    assert reviews.card(first).state == 1 and len(reviews.reviews()) == 1

    _press(qtbot, screen, Qt.Key.Key_Z, CTRL)  # undo: the first card again, as new
    assert screen.current_entry_id == first and not screen.revealed
    settled(qtbot, window)
    assert reviews.card(first) is None and reviews.reviews() == []

    _press(qtbot, screen, Qt.Key.Key_Space)  # just think, then show
    assert screen.revealed
    _press(qtbot, screen, Qt.Key.Key_4)  # Easy: days away, gone from today
    assert screen.current_entry_id == second

    _press(qtbot, screen, Qt.Key.Key_At)  # suspend
    assert screen.current_entry_id not in (first, second)
    third = screen.current_entry_id
    _press(qtbot, screen, Qt.Key.Key_Z, CTRL)
    assert screen.current_entry_id == second
    _press(qtbot, screen, Qt.Key.Key_Minus)  # bury until tomorrow
    assert screen.current_entry_id == third
    settled(qtbot, window)
    assert not reviews.card(second).suspended and reviews.card(second).buried_until

    _press(qtbot, screen, Qt.Key.Key_N)  # the note, editable during review
    assert screen.note.hasFocus()
    qtbot.keyClicks(screen.note, "remember the 2-d rotation")
    _press(qtbot, screen, Qt.Key.Key_Escape)
    assert not screen.note.hasFocus() and screen.isVisible()
    _press(qtbot, screen, Qt.Key.Key_Space)
    _press(qtbot, screen, Qt.Key.Key_1)  # Again: moves on (a note pending is saved)
    qtbot.waitUntil(lambda: window.desk.marks.notes.get(third) == "remember the 2-d rotation",
                    timeout=5_000)

    settled(qtbot, window)
    store.close()
    expected = _expected_due(window)
    qtbot.waitUntil(lambda: window.due_label.text() == f"{len(expected)} due today",
                    timeout=10_000)
    tree_marks = window.tree._items[expected[0]].text(1)
    assert DUE_GLYPH in tree_marks and DUE_GLYPH not in window.tree._items[first].text(1)
    _press(qtbot, screen, Qt.Key.Key_Escape)
    assert not screen.isVisible()


def test_statistics_window_draws_the_study_data(make_window, qtbot) -> None:
    window = make_window(wait_index=False)
    store = own_store()
    service = StudyService(window.desk.corpus, store)
    ids = [e.id for e in window.desk.corpus.entries if e.answered][:6]
    start = utc_now() - timedelta(days=40)
    for n, entry_id in enumerate(ids):  # learnt 40 days ago, reviewed when due since
        at = start + timedelta(hours=n)
        for grade in (Grade.GOOD, Grade.GOOD, Grade.AGAIN if n % 3 == 0 else Grade.GOOD,
                      Grade.GOOD):
            result, _ = service.rate(entry_id, grade, at)
            due = datetime.fromtimestamp(result.card.due, UTC)
            at = min(max(due, at + timedelta(minutes=1)), utc_now())
    for score in (2, 4):  # two earlier mock interviews
        service.save_mock(MockSession(MockSetup("All answered", count=1),
                                      [MockAnswer(ids[0], "x", 10.0, {"score": score})]))
    store.close()
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL | Qt.KeyboardModifier.ShiftModifier)
    stats = window.study.stats
    qtbot.waitUntil(lambda: stats.data is not None, timeout=10_000)
    data = stats.data
    assert data["summary"]["reviews_total"] == 24
    assert sum(d.reviews for d in data["reviews_per_day"]) == 24
    assert sum(d.again for d in data["reviews_per_day"]) == 2
    assert any(b.reviews for b in data["retention_by_interval"])
    assert sum(n for _d, n in data["due_forecast"]) == 6
    bars = [i for i in stats.reviews_plot.items if isinstance(i, pg.BarGraphItem)]
    assert len(bars) == 2  # passes and Agains
    assert f"{data['summary']['cards']} cards" in stats.summary.text()
    assert len(stats.coverage_plot.legend.items) == 3
    # counts tick in whole numbers (a day with one review read 0, 0.5, 1.0)
    for plot in (stats.reviews_plot, stats.forecast_plot):
        axis = plot.getAxis("left")
        for _spacing, values in axis.tickValues(*axis.range, axis.height()):
            assert all(float(v).is_integer() for v in values)
    assert [r[1] for r in data["mock_scores"]] == [2, 4]
    [line] = stats.mock_plot.listDataItems()
    assert list(line.yData) == [2.0, 4.0]
    stats.activateWindow()
    qtbot.waitUntil(stats.isActiveWindow, timeout=5_000)
    qtbot.keyClick(stats, Qt.Key.Key_Escape)  # closes, as Esc does the other study windows
    qtbot.waitUntil(lambda: not stats.isVisible(), timeout=5_000)


def test_unanswered_cards_show_the_draft_or_offer_the_note(make_window, qtbot) -> None:
    window = make_window(wait_index=False)
    corpus = window.desk.corpus
    unanswered = [e.id for e in corpus.entries if not e.answered][:2]
    with own_store() as store:
        store.save_draft(unanswered[1], "A drafted answer about **KV** caches.", "m")
    screen = window.study.open_review("original", deck="answered:no")
    qtbot.waitUntil(lambda: bool(screen.current_entry_id), timeout=10_000)
    assert screen.current_entry_id == unanswered[0]
    screen.reveal()
    assert screen.unanswered.isVisible() and "note (N)" in screen.unanswered.text()
    screen.rate(Grade.GOOD)
    assert screen.current_entry_id == unanswered[1]
    screen.reveal()
    assert not screen.unanswered.isVisible()
    qtbot.waitUntil(lambda: screen.reader.entry_id == unanswered[1], timeout=10_000)
    text = screen.reader.toPlainText()
    assert "A drafted answer about KV caches." in text
    assert "Machine-drafted, not from the source" in text  # labelled, never mixed in


def test_deck_options_change_todays_queue(make_window, qtbot) -> None:
    window = make_window(wait_index=False)
    screen = window.study.open_review("original")
    qtbot.waitUntil(lambda: bool(screen.current_entry_id), timeout=10_000)
    assert screen.counts.text() == "New 20 · Learning 0 · Review 0"
    qtbot.waitUntil(screen.isActiveWindow, timeout=5_000)
    _press(qtbot, screen, Qt.Key.Key_O)
    dialog = screen.findChild(QDialog, "deckOptions")
    assert dialog is not None and dialog.isVisible() and dialog.spec.isReadOnly()
    dialog.new_per_day.setValue(3)
    dialog.retention.setValue(0.85)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: screen.counts.text() == "New 3 · Learning 0 · Review 0",
                    timeout=10_000)
    assert screen.deck.options.desired_retention == 0.85
    with own_store() as store:
        saved = StudyService(window.desk.corpus, store).deck("All answered")
    assert (saved.spec, saved.options.new_per_day) == ("answered:yes", 3)
    dialog = screen.edit_deck()  # a new name frees the filter; a bad filter is refused
    dialog.name.setText("Hard ones")
    assert not dialog.spec.isReadOnly()
    dialog.spec.setText("is:later")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and "unknown deck filter is:later" in dialog.error.text()
    dialog.spec.setText("difficulty:>=4")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: screen.deck is not None and screen.deck.name == "Hard ones",
                    timeout=10_000)
    assert screen.deck_box.currentText() == "Hard ones"
    assert all((window.desk.entry(i).difficulty or 0) >= 4 for i in screen._items)


def test_study_windows_follow_a_language_switch(make_window, qtbot) -> None:
    window = make_window(wait_index=False)
    screen = window.study.open_review("original")
    mock = window.study.open_mock("original")
    stats = window.study.open_stats()
    qtbot.waitUntil(lambda: bool(screen.current_entry_id) and stats.data is not None,
                    timeout=10_000)
    # no mock interview yet: a line that says so, not an empty chart with a 0.1-0.9 axis
    assert "none yet" in stats.mock_plot.titleLabel.text
    assert not stats.mock_plot.getAxis("bottom").isVisible()
    for study_window in (screen, mock, stats):  # sized to fit the screen, frame included
        room = study_window.screen().availableGeometry().marginsRemoved(FRAME_ALLOWANCE)
        assert study_window.width() <= room.width() and study_window.height() <= room.height()
    try:
        window.set_language("zh")
        assert screen.show_button.text() == "显示答案（空格）"
        assert mock.windowTitle() == "模拟面试" and mock.start_button.text().startswith("开始")
        assert stats.windowTitle() == "学习统计"
        assert stats.reviews_plot.titleLabel.text.startswith("每日复习")
        [ticks] = stats.retention_plot.getAxis("bottom")._tickLevels  # set by setTicks
        assert [t for _x, t in ticks][::7] == ["不到1天", "3月以上"]
        # the built-in decks are named in Chinese too; their stored names stay the keys
        for box in (screen.deck_box, mock.deck_box, stats.deck_box):
            texts = [box.itemText(i) for i in range(box.count())]
            assert "全部有答案" in texts and not {"All answered", "Bookmarked"} & set(texts)
            assert box.itemData(texts.index("全部有答案")) == "All answered"
        dialog = screen.edit_deck()
        assert dialog is not None and dialog.name.text() == "全部有答案"
        assert dialog.spec.isReadOnly() and dialog.deck().name == "All answered"
        dialog.reject()
    finally:
        window.set_language("en")
    assert mock.start_button.text() == "Start (Ctrl+Enter)"
