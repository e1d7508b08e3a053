"""The error boundary, the first-start index build, and the pieces loaded after show."""

from __future__ import annotations

import logging
import os

import pytest
from PySide6.QtWidgets import QMessageBox

from interview_desk.errors import SearchError
from interview_desk.ui.runtime import desk as desk_states
from interview_desk.ui.runtime.report import report_error
from interview_desk.ui.shell.window import MainWindow


def test_a_desk_error_becomes_one_line_in_a_message_box(window: MainWindow, qtbot) -> None:
    message = report_error(window, SearchError("the index folder is read-only"))
    assert message == "the index folder is read-only"
    box = window.findChild(QMessageBox, "errorBox")
    assert box is not None and box.text() == message
    box.close()


def test_a_bug_is_logged_with_traceback_and_shown_without(window: MainWindow, caplog) -> None:
    try:
        {}["missing"]  # a real KeyError with a real traceback
    except KeyError as exc:
        error = exc
    with caplog.at_level(logging.ERROR, logger="interview_desk"):
        message = report_error(window, error, where="status")
    assert "\n" not in message and "Traceback" not in message
    assert "KeyError" in message and "interview-desk.log" in message
    assert window.statusBar().currentMessage() == message
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)


def test_first_start_builds_the_index_off_the_gui_thread_with_progress(
        make_window, desk_home, qtbot) -> None:
    cache = desk_home / "cache"
    cache.unlink()  # this test wants an empty cache: a user's very first start
    cache.mkdir()
    window = make_window(wait_index=False)
    progress: list[tuple[int, int]] = []
    window.desk.sigIndexProgressed.connect(lambda done, total: progress.append((done, total)))
    ticks = []  # the GUI thread keeps turning while the index builds
    qtbot.waitUntil(lambda: ticks.append(1) or window.desk.index_state
                    == desk_states.INDEX_READY, timeout=180_000)
    assert len(ticks) > 5
    if progress:  # the build may finish before the slot is connected on a fast machine
        assert progress[-1][0] == progress[-1][1]
    assert window.index_state.label.text().startswith("Index: ready")
    assert not window.index_state.busy.isVisible()


def test_the_reader_and_tutor_arrive_after_the_window_is_shown(window: MainWindow) -> None:
    assert window.centre.reader is not None
    assert window.centre.stack.currentWidget() in (window.centre.hint, window.centre.reader)
    tutor = window.side.tutor
    assert tutor is not None, "the tutor panel is built once corpus and store are loaded"
    entry = window.desk.corpus.entries[7]
    tutor.sigEntryRequested.emit(entry.id)  # a citation in the chat was clicked
    assert window._current is not None and window._current.id == entry.id


def test_zoom_and_find_in_page_act_on_the_reader(window: MainWindow, qtbot) -> None:
    entry = next(e for e in window.desk.corpus.entries if e.answered and "Transformer"
                 in (e.answer or ""))
    with qtbot.waitSignal(window.centre.reader.sigDocumentShown, timeout=30_000):
        window.open_entry(entry.id)
    before = window.centre.zoom()
    window.actions_["zoom_in"].trigger()
    assert window.centre.zoom() > before
    window.actions_["zoom_reset"].trigger()
    assert window.centre.zoom() == 1.0
    window.actions_["find"].trigger()
    assert window.find_bar.isVisible()
    window.find_bar.line.setText("Transformer")
    window.find_bar.line.returnPressed.emit()
    assert window.centre.selected_text() == "Transformer"
    window.find_bar.line.setText("zzqx-not-there")
    window.find_bar.line.returnPressed.emit()
    assert "Not found" in window.statusBar().currentMessage()


def test_the_tutor_model_loads_when_its_tab_is_first_opened(make_window, qtbot) -> None:
    from interview_desk.settings import Settings, save_settings
    from interview_desk.ui.shell.side_tabs import TUTOR_TAB

    model = os.environ.get("INTERVIEW_DESK_TEST_MODEL")
    if not model:
        pytest.skip("default model not installed (scripts/setup.sh fetches it)")
    # As a user would: the model's folder added in settings.
    save_settings(Settings(model_paths=[model]))
    window = make_window()
    tutor = window.side.tutor
    assert tutor.loaded_model is None  # browsing never pays for the model
    window.actions_["tutor"].trigger()
    assert window.side.currentIndex() == TUTOR_TAB
    qtbot.waitUntil(lambda: tutor.loaded_model is not None, timeout=120_000)


def test_an_unusable_index_folder_is_one_status_line_and_browsing_goes_on(
        make_window, desk_home, qtbot) -> None:
    cache = desk_home / "cache"
    cache.unlink()
    cache.mkdir()
    (cache / "search").write_text("not a folder")  # where the index must go
    window = make_window()
    assert window.desk.index_state == desk_states.INDEX_FAILED
    message = window.statusBar().currentMessage()
    assert message and "\n" not in message and "Traceback" not in message
    assert window.index_state.label.text() == "Index: unavailable"
    assert window.open_entry(window.tree.visible_entry_ids()[0])  # reading still works


def test_formulas_are_rendered_in_the_background_once_the_index_is_ready(
        window: MainWindow, qtbot) -> None:
    from interview_desk.render.math import render_tex

    qtbot.waitUntil(lambda: window.centre.math_warmed is not None, timeout=180_000)
    with_math = [e for e in window.desk.corpus.entries
                 if e.answer and ("$" in e.answer or "\\(" in e.answer or "\\[" in e.answer)]
    assert with_math
    assert window.centre.math_warmed >= len(with_math)  # at least one formula each
    assert render_tex.cache_info().currsize > 0  # the reader now finds them in memory


def test_the_visualizer_tokenizes_with_the_tutors_model(make_window, qtbot) -> None:
    from interview_desk.settings import Settings, save_settings

    model = os.environ.get("INTERVIEW_DESK_TEST_MODEL")
    if not model:
        pytest.skip("default model not installed (scripts/setup.sh fetches it)")
    save_settings(Settings(model_paths=[model]))
    window = make_window()
    window.actions_["tutor"].trigger()
    qtbot.waitUntil(lambda: window.side.tutor.loaded_model is not None, timeout=120_000)
    window.actions_["visualizer"].trigger()  # the dock is built after the model loaded
    view = window.visualizer.dock.attention
    qtbot.waitUntil(lambda: view.controls.tokenizer_label.text().endswith(".gguf"),
                    timeout=30_000)
    view.set_text("The cat sat")
    assert view.tokens == ["The", "▁cat", "▁sat"]  # SmolLM2's BPE pieces, not words


def test_a_repaired_settings_file_is_said_in_the_language_it_keeps(
        qtbot, qapp, desk_home) -> None:  # type: ignore[no-untyped-def]
    # Was worded before the saved language was applied: English in Chinese mode.
    import json

    from interview_desk.settings import settings_path
    from interview_desk.ui import i18n
    from interview_desk.ui.qt_translations import use_qt_translations
    from interview_desk.ui.shell.app import create_application, create_window

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"language": "zh", "theme": 7}), encoding="utf-8")
    saved_palette, saved_font, saved_style = qapp.palette(), qapp.font(), qapp.style().name()
    window = create_window(create_application([]))
    qtbot.addWidget(window)
    try:
        aside = next(path.parent.glob("settings.json.corrupt-*")).name
        assert window.startup_notices == [
            f"{path} 中 theme 的值有误，现使用默认值。原文件保留为 {aside}。"]
    finally:
        window.desk.close()
        i18n.set_language("en")
        use_qt_translations("en")
        qapp.setStyle(saved_style)
        qapp.setPalette(saved_palette)
        qapp.setFont(saved_font)
