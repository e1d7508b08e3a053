"""The real window: browsing, history, shortcuts, script, theme and language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from interview_desk.script import to_simplified, to_traditional
from interview_desk.settings import load_settings
from interview_desk.ui.i18n import tr
from interview_desk.ui.shell.window import MainWindow


def _first_ids(window: MainWindow, n: int) -> list[str]:
    ids = window.tree.visible_entry_ids()
    assert len(ids) >= n
    return ids[:n]


def test_window_opens_with_every_entry_in_the_tree(window: MainWindow) -> None:
    corpus = window.desk.corpus
    assert corpus is not None
    assert len(window.tree.visible_entry_ids()) == len(corpus.entries)
    top = window.tree.tree.topLevelItem(0)
    first_source = corpus.sources[0]
    assert top.text(0).endswith(f"({first_source.questions})")


def test_clicking_a_tree_entry_opens_it_and_marks_it_seen(window: MainWindow, qtbot) -> None:
    entry_id = _first_ids(window, 3)[2]
    item = window.tree._items[entry_id]
    window.tree.tree.scrollToItem(item)
    rect = window.tree.tree.visualItemRect(item)
    qtbot.mouseClick(window.tree.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    assert window._current is not None and window._current.id == entry_id
    assert entry_id in window.desk.marks.seen
    assert "Seen 1 " in window.progress_label.text()


def test_unanswered_filter_shows_only_unanswered(window: MainWindow) -> None:
    window.tree.set_filter_state("unanswered", 0)
    ids = window.tree.visible_entry_ids()
    corpus = window.desk.corpus
    assert ids and all(not corpus.get(i).answered for i in ids)
    assert len(ids) == sum(1 for e in corpus.entries if not e.answered)
    window.tree.set_filter_state("all", 4)
    hard = window.tree.visible_entry_ids()
    assert hard and all((corpus.get(i).difficulty or 0) >= 4 for i in hard)


def test_back_and_forward_walk_the_history(window: MainWindow, qtbot) -> None:
    a, b, c = _first_ids(window, 3)
    for entry_id in (a, b, c):
        window.open_entry(entry_id)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window._current.id == b
    window.actions_["back"].trigger()
    assert window._current.id == a
    assert not window.actions_["back"].isEnabled()
    window.actions_["forward"].trigger()
    window.actions_["forward"].trigger()
    assert window._current.id == c
    assert not window.actions_["forward"].isEnabled()


def test_shortcuts_focus_search_step_entries_and_mark(window: MainWindow, qtbot) -> None:
    a, b = _first_ids(window, 2)
    window.open_entry(a)
    window.activateWindow()
    window.tree.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search_bar.line
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window._current.id == b
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert b in window.desk.marks.bookmarked
    assert window.actions_["bookmark"].isChecked()
    assert "★" in window.tree._items[b].text(1)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert b in window.desk.marks.known
    assert "Known 1 " in window.progress_label.text()
    # the shortcuts are shown in the menus
    assert window.actions_["bookmark"].shortcut().toString() == "Ctrl+D"
    assert "Ctrl+K" in [s.toString() for s in window.actions_["search"].shortcuts()]


def test_script_toggle_converts_the_tree_and_is_saved(window: MainWindow) -> None:
    corpus = window.desk.corpus
    traditional = next(e for e in corpus.entries if to_simplified(e.question) != e.question)
    original = window.tree._items[traditional.id].text(0)
    section = window.tree._items[traditional.id].parent()
    section.setExpanded(True)
    window.actions_["script_simplified"].trigger()
    assert window.tree._items[traditional.id].parent().isExpanded()  # the user's view stays
    text = window.tree._items[traditional.id].text(0)
    assert text != original
    assert text == to_simplified(original)
    assert load_settings().script == "simplified"
    window.actions_["script_traditional"].trigger()
    text = window.tree._items[traditional.id].text(0)
    assert text == to_traditional(text)
    assert window.actions_["script_traditional"].isChecked()


def test_theme_switch_changes_the_palette_and_is_saved(window: MainWindow) -> None:
    app = QApplication.instance()
    window.actions_["theme_dark"].trigger()
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 100
    assert load_settings().theme == "dark"
    window.actions_["theme_light"].trigger()
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert window.actions_["theme_light"].isChecked()


def test_language_switch_retranslates_menus_and_status(window: MainWindow) -> None:
    window.actions_["lang_zh"].trigger()
    assert window.menus.study.title() == "学习(&S)"
    assert window.actions_["bookmark"].text() == "收藏(&B)"
    assert "已看" in window.progress_label.text()
    window.actions_["lang_en"].trigger()
    assert window.menus.study.title() == "&Study"
    assert load_settings().language == "en"


def test_view_state_and_last_entry_are_restored(make_window, qtbot) -> None:
    first = make_window()
    entry_id = first.tree.visible_entry_ids()[5]
    first.open_entry(entry_id)
    first.splitter.setSizes([300, 700, 280])
    sizes = first.splitter.sizes()
    first.close()
    second = make_window()
    qtbot.waitUntil(lambda: second._current is not None)
    assert second._current.id == entry_id
    # The side panes keep their widths; the centre takes what is left (offscreen, the
    # restored geometry is clamped to the small virtual screen).
    restored = second.splitter.sizes()
    assert (restored[0], restored[2]) == (sizes[0], sizes[2])



def test_visualize_menu_offers_presets_and_opens_the_dock(window: MainWindow, qtbot) -> None:
    from interview_desk.viz.presets import presets_for_entry

    corpus = window.desk.corpus
    entry = next(e for e in corpus.entries if presets_for_entry(e))
    window.open_entry(entry.id)
    preset = presets_for_entry(entry)[0]
    action = next(a for a in window.menus.visualize.actions()
                  if a.objectName() == f"preset_{preset.id}")
    assert action.text() == tr(f"preset.{preset.id}")
    assert window.visualizer.dock is None  # pyqtgraph is set up only when first wanted
    action.trigger()
    dock = window.visualizer.dock
    assert dock is not None and dock.isVisible()
    expected = dock.attention if preset.view == "attention" else dock.position
    assert dock.tabs.currentWidget() is expected
    assert window.actions_["visualizer"].isChecked()


def test_a_web_link_in_an_answer_goes_to_the_browser_not_the_app(window, qtbot) -> None:
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    class Browser(QObject):  # stands where the OS browser would be: Qt's own URL hook
        def __init__(self) -> None:
            super().__init__()
            self.opened: list[str] = []

        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            self.opened.append(url.toString())

    browser = Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        window.centre.reader.sigExternalLinkActivated.emit("https://github.com/x/y")
        window.centre.reader.sigExternalLinkActivated.emit("file:///etc/passwd")
        assert browser.opened == ["https://github.com/x/y"]
    finally:
        QDesktopServices.unsetUrlHandler("https")
