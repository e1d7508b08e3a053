"""A mock interview on the real window, critiqued by the real default model."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from study_helpers import own_store, settled

from interview_desk.store.reviews import ReviewStore
from interview_desk.study import StudyService

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def model_settings(desk_home: Path) -> str:
    path = os.environ.get("INTERVIEW_DESK_TEST_MODEL", "")
    if not path or not Path(path).is_file():
        pytest.skip("the default model is not installed (scripts/setup.sh fetches it)")
    from interview_desk.settings import load_settings, save_settings

    settings = load_settings()
    settings.model = path
    settings.n_threads = 1  # two busy cores: one thread was faster and steadier
    save_settings(settings)
    return path


def _press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


@pytest.mark.slow
def test_mock_interview_with_a_critique_by_the_default_model(make_window, qtbot,
                                                             model_settings: str) -> None:
    window = make_window(wait_index=True)
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL | SHIFT)  # Study ▸ Mock interview
    mock = window.study.mock
    assert mock is not None and mock.isVisible()
    # No interviews yet: the list says what it will hold, and that line cannot be opened.
    qtbot.waitUntil(lambda: mock.history.count() == 1, timeout=5_000)
    empty = mock.history.item(0)
    assert empty.text().startswith("No interviews yet") and empty.flags() == Qt.ItemFlag.NoItemFlags
    mock.count_box.setValue(2)
    mock.minutes_box.setValue(0.5)
    qtbot.waitUntil(mock.isActiveWindow, timeout=5_000)
    _press(qtbot, mock, Qt.Key.Key_Return, CTRL)  # start
    qtbot.waitUntil(lambda: mock.pages.currentWidget() is mock.question_page, timeout=10_000)
    assert mock.timer_label.text() in ("0:30", "0:29")
    first = mock.session.answers[0].entry_id
    assert mock.question.text() == window.desk.entry(first).question
    qtbot.keyClicks(mock.answer, "Attention weighs values by query-key similarity.")
    _press(qtbot, mock, Qt.Key.Key_Return, CTRL)  # next question
    assert mock.progress.text() == "Question 2 of 2"
    started = time.monotonic()
    qtbot.waitUntil(lambda: mock.pages.currentWidget() is mock.results_page,
                    timeout=40_000)  # the second question times out unanswered
    assert time.monotonic() - started >= 25
    answers = mock.session.answers
    assert answers[0].answer.startswith("Attention weighs") and answers[1].answer == ""
    qtbot.waitUntil(lambda: not mock.critiquing, timeout=240_000)
    for answer in answers:
        c = answer.critique
        assert c is not None
        # A weak model may ramble: then it is caught, never shown as a critique.
        assert ("error" in c and c["error"] in ("degenerate", "unstructured")) or (
            c["text"] and c["model"] and (c["score"] or c["missing"] or c["wrong"]))
    html = mock.results.toHtml()
    assert "Your answer" in html and window.desk.entry(first).question[:10] in html
    settled(qtbot, window)
    with own_store() as store:
        [kept] = StudyService(window.desk.corpus, store).mock_history()
    assert kept.id == mock.session.id and kept.finished_at is not None
    assert [a.critique for a in kept.answers] == [a.critique for a in answers]
    # A low score goes back to the review queue as Again.
    answers[1].critique = {"score": 1, "text": "Score: 1", "model": "m", "against": "reference"}
    mock._render_results()
    assert mock.send_back_button.isEnabled()
    mock.send_back_button.click()
    qtbot.waitUntil(lambda: mock.session.answers[1].sent_back, timeout=5_000)
    settled(qtbot, window)
    with own_store() as store:
        log = ReviewStore(store).reviews()
    assert [(r.entry_id, r.rating) for r in log] == [(answers[1].entry_id, 1)]


@pytest.mark.slow
def test_stopping_the_critique_ends_it_quickly(make_window, qtbot, model_settings) -> None:
    window = make_window(wait_index=False)
    mock = window.study.open_mock("original")
    mock.count_box.setValue(3)
    mock.start()
    qtbot.waitUntil(lambda: mock.pages.currentWidget() is mock.question_page, timeout=10_000)
    for _ in range(3):
        qtbot.keyClicks(mock.answer, "a long answer about KV caches " * 5)
        mock.next_question()
    qtbot.waitUntil(lambda: bool(mock._streams), timeout=120_000)  # the first is streaming
    started = time.monotonic()
    _press(qtbot, mock, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not mock.critiquing, timeout=10_000)
    assert time.monotonic() - started < 3
    assert [a.critique.get("error") for a in mock.session.answers[1:]] == ["stopped"] * 2
    assert "Critique stopped." in mock.results.toPlainText()
    assert mock.isVisible()  # Esc stopped the critique; it did not close the window
