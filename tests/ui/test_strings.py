"""One string table: complete in both languages, the only source of visible text, and a
language switch on the real window re-words everything and leaves nothing behind."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

import interview_desk as package
import interview_desk.ui as ui_package
from interview_desk import strings
from interview_desk.ui import i18n
from interview_desk.ui.browse.tree import FILTERS
from interview_desk.ui.i18n import tr
from interview_desk.ui.qt_translations import use_qt_translations
from interview_desk.ui.shell.actions import SCRIPTS
from interview_desk.ui.shell.shortcuts import SCREEN_MARGIN, key_text, plain
from interview_desk.ui.shell.side_tabs import TUTOR_TAB
from interview_desk.ui.shell.window import MainWindow
from interview_desk.ui.tutor.settings_dialog import TutorSettingsDialog
from interview_desk.ui.viz.attention_controls import MASK_EXTRA, MASKS, POSITIONS
from interview_desk.ui.viz.position_view import PANELS, SCALINGS
from interview_desk.viz.presets import PRESETS, presets_for_entry

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
UI_ROOT = Path(ui_package.__file__).parent
PACKAGE_ROOT = Path(package.__file__).parent


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")  # the language is process-wide: later tests expect English
    use_qt_translations("en")


# -- (a) the table ------------------------------------------------------------------------
def _fields(text: str) -> list[tuple[str, str]]:
    return sorted((name, spec or "") for _, name, spec, _ in string.Formatter().parse(text)
                  if name is not None)


def test_every_key_has_both_languages_and_the_same_placeholders() -> None:
    table = strings._TABLE
    assert table
    for key, pair in table.items():
        assert len(pair) == 2, key
        english, chinese = pair
        assert english.strip() and chinese.strip(), f"{key}: a language is empty"
        assert _fields(english) == _fields(chinese), f"{key}: placeholders differ"
        assert not CJK.search(english) or key == "act.lang_zh", f"{key}: CJK in English"


def test_every_key_built_at_run_time_exists() -> None:
    built = [f"preset.{preset_id}" for preset_id in PRESETS]
    built += [f"att.mask_{m}" for m in MASKS] + [f"att.pos_{p}" for p in POSITIONS]
    built += [f"pos.panel_{p}" for p in PANELS] + [f"pos.scaling_{s}" for s in SCALINGS]
    built += [f"script.{s}" for s in SCRIPTS] + [f"filter.{f}" for f in FILTERS]
    built += [key for key, _ in MASK_EXTRA.values()]
    assert [key for key in built if key not in strings._TABLE] == []


def test_every_key_is_used() -> None:
    """No dead keys: each is quoted in the package (the UI's strings under ``ui/``, the
    core's ``err.*`` messages at their raise sites) or built at run time."""
    source = "\n".join(p.read_text("utf-8") for p in PACKAGE_ROOT.rglob("*.py")
                       if p.name != "strings.py")
    built = ("filter.", "att.mask_", "att.pos_", "pos.panel_", "pos.scaling_", "preset.",
             "script.", "act.theme_", "act.script_", "act.lang_")  # keys made at run time
    unused = [key for key in strings._TABLE if f'"{key}"' not in source
              and f"'{key}'" not in source and not key.startswith(built)]
    assert unused == []


def test_every_error_key_is_quoted_in_the_core() -> None:
    """The ``err.*`` keys are raised by the Qt-free core, not made up in the UI."""
    core = "\n".join(p.read_text("utf-8") for p in PACKAGE_ROOT.rglob("*.py")
                     if p.name != "strings.py" and UI_ROOT not in p.parents)
    errors = [key for key in strings._TABLE if key.startswith("err.")]
    assert errors and [key for key in errors if f'"{key}"' not in core] == []


# -- (b) no literal text handed to Qt -------------------------------------------------------
# Qt (and pyqtgraph) calls that put text on screen -> the argument positions holding text
# (None: every positional argument).
_SETTERS: dict[str, tuple[int, ...] | None] = {
    "setText": None, "setToolTip": None, "setPlaceholderText": None, "setWindowTitle": None,
    "setStatusTip": None, "setWhatsThis": None, "setTitle": None, "setTabText": (1,),
    "addTab": (1,), "insertTab": (2,), "addItem": (0,), "addItems": None, "setItemText": (1,),
    "addAction": (0,), "addMenu": (0,), "addRow": (0,), "setSpecialValueText": None,
    "showMessage": (0,), "setAccessibleName": None, "setHeaderLabels": None,
    "setLabel": (1,), "set_title": (1,), "addLabel": (0,), "about": (1, 2),
    "warning": (1, 2), "information": (1, 2), "critical": (1, 2), "question": (1, 2),
    "getOpenFileName": (1, 3), "getSaveFileName": (1, 3), "getExistingDirectory": (1,),
    "setPlainText": None, "__init__": None, "Heatmap": (3,),
    "_word_plot": (1, 2, 3), "_set_legend_text": (2,),  # the visualizers' own wrappers
}
_WIDGETS = {"QLabel", "QPushButton", "QToolButton", "QCheckBox", "QRadioButton", "QAction",
            "QGroupBox", "QMessageBox", "QDockWidget", "QListWidgetItem", "QTreeWidgetItem"}
_TEXT_KEYWORDS = {"text", "title", "name", "toolTip", "placeholderText", "windowTitle"}
# Not language: math notation and symbols, the same in every language.
_ALLOWED = {"d_model", "x₂ᵢ", "x₂ᵢ₊₁", "cos(PE₀, PEₖ)", "h{}·kv{}", "h{}  m={}",
            "i={} θ={} (p 0–{})", "i={} θ={}"}


def _literals(node: ast.AST) -> list[str]:
    """The texts a constant, f-string or ``a if c else b`` of them puts on screen ({} for
    each value)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _text_arguments(call: ast.Call) -> Iterator[ast.AST]:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name in _SETTERS:
        positions = _SETTERS[name]
        for i, arg in enumerate(call.args):
            if positions is None or i in positions:
                yield arg
    elif name in _WIDGETS:
        yield from call.args
    yield from (kw.value for kw in call.keywords if kw.arg in _TEXT_KEYWORDS)


def literal_texts(source: str) -> list[tuple[int, str]]:
    """(line, text) for each literal with letters passed straight to a text setter."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            for arg in _text_arguments(node):
                found += [(arg.lineno, text) for text in _literals(arg)
                          if any(c.isalpha() for c in text) and text not in _ALLOWED]
    return found


def test_the_scan_catches_literal_text() -> None:
    caught = literal_texts('label.setText("Saved")\nQLabel("文本 Text")\n'
                           'box.addItem(f"Remote: {url}", url)\nplot.setLabel("left", "query")\n'
                           'menu.addAction(tr("act.quit"))\nbutton.setText("✕")\n'
                           'tip.setToolTip(tr("a.b") if on else "Off")\n')
    assert [text for _, text in caught] == ["Saved", "文本 Text", "Remote: {}", "query", "Off"]


def test_no_ui_module_hands_literal_text_to_qt() -> None:
    problems = [f"{path.relative_to(UI_ROOT)}:{line}: {text!r}"
                for path in sorted(UI_ROOT.rglob("*.py"))
                if path.name != "i18n.py" and "selfcheck" not in path.name
                for line, text in literal_texts(path.read_text("utf-8"))]
    assert not problems, "use tr() from ui/i18n.py:\n" + "\n".join(problems)


# -- (c) switching the language on the real window ----------------------------------------
def _plot_texts(view: pg.GraphicsView) -> Iterator[str]:
    for item in view.scene().items():
        if isinstance(item, pg.LabelItem):
            yield item.text
        elif isinstance(item, pg.AxisItem) and item.label.isVisible():
            yield item.labelText


def _menu_texts(menu: QMenu) -> Iterator[str]:
    yield menu.title()
    for action in menu.actions():
        yield action.text()
        yield action.toolTip()
        if action.menu() is not None:
            yield from _menu_texts(action.menu())


def visible_texts(window: MainWindow) -> list[str]:
    """Every UI string the window shows: labels, buttons, tabs, menus, actions, tips,
    placeholders, combo choices, UI list items, dialogs, plot titles and axis labels.
    Corpus content (tree, results, reader, related entries, chat) is not UI text."""
    texts: list[str] = [window.windowTitle(), window.statusBar().currentMessage()]
    for action in window.actions():
        texts += [action.text(), action.toolTip()]
    texts += _menu_texts_of_bar(window)
    for w in window.findChildren(QWidget):
        texts.append(w.toolTip())
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QLineEdit | QPlainTextEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QDockWidget) or w.isWindow():
            texts.append(w.windowTitle())
        if isinstance(w, QListWidget):  # UI rows carry no entry id ("No related entries.")
            texts += [w.item(i).text() for i in range(w.count()) if w.item(i).data(256) is None]
        if isinstance(w, QTreeWidget) and w.objectName() != "sourceTree":
            header = w.headerItem()
            texts += [header.text(c) for c in range(w.columnCount())]
            for i in range(w.topLevelItemCount()):
                top = w.topLevelItem(i)
                texts += [top.text(0)] + [top.child(k).text(0) for k in range(top.childCount())]
        if isinstance(w, QMenu):
            texts += list(_menu_texts(w))
        if isinstance(w, pg.GraphicsView):
            texts += list(_plot_texts(w))
    return [t for t in texts if t]


def _menu_texts_of_bar(window: MainWindow) -> list[str]:
    return [t for top in window.menuBar().actions() if top.menu()
            for t in _menu_texts(top.menu())]


def _corpus_bits(window: MainWindow) -> list[str]:
    """Corpus text the chrome quotes (source names, the open question, tokens)."""
    bits = [label for _, label in window.search_bar._sources]
    bits += [part for label in bits for part in (label.split(" · ")[0], label.rstrip(" …"))]
    if window._current is not None:
        bits.append(window._current.question.strip())
    dock = window.visualizer.dock
    if dock is not None:
        bits += list(dock.attention.tokens)
    bits += [tr("act.lang_zh"), "中文"]  # the language's own name, in both languages
    return sorted((b for b in bits if b), key=len, reverse=True)


def _leftover_cjk(window: MainWindow) -> list[str]:
    bits = _corpus_bits(window)
    left = []
    for text in visible_texts(window):
        rest = text
        for bit in bits:
            rest = rest.replace(bit, "")
        if CJK.search(rest):
            left.append(text)
    return left


def _open_everything(window: MainWindow, qtbot) -> TutorSettingsDialog:
    corpus = window.desk.corpus
    entry = next(e for e in corpus.entries if presets_for_entry(e))
    window.open_entry(entry.id)
    window.side.setCurrentIndex(TUTOR_TAB)
    qtbot.waitUntil(lambda: window.side.tutor is not None, timeout=30_000)
    window.visualizer.show_preset(presets_for_entry(entry)[0].id)
    window.search_bar.set_query("attention")
    qtbot.waitUntil(lambda: window.results.model.rowCount() > 0, timeout=30_000)
    window.show_shortcuts()
    dialog = TutorSettingsDialog(window.side.tutor.settings, gpu_offload=False,
                                 parent=window.side.tutor.bar)  # as the ⚙ button opens it
    dialog.show()
    return dialog


def test_switching_language_back_and_forth_leaves_nothing_behind(window: MainWindow,
                                                                  qtbot) -> None:
    dialog = _open_everything(window, qtbot)
    english = visible_texts(window)
    assert tr("tset.title") in english and tr("viz.tab_attention") in english
    assert not (left := _leftover_cjk(window)), (left, _corpus_bits(window))

    window.actions_["lang_zh"].trigger()
    chinese = set(visible_texts(window))
    for key in ("menu.file", "panel.tutor", "tutor.ask", "tset.title", "viz.tab_attention",
                "viz.dock", "att.mask", "pos.length", "shortcuts.title", "button.close",
                "script.original"):
        assert tr(key) in chinese, f"{key} is not shown in Chinese"
    assert "条结果" in window.results.info.text()
    # Qt's own texts too (a line edit's context menu), from the qtbase catalogue
    assert QCoreApplication.translate("QLineEdit", "&Copy") == "复制(&C)"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    # and its dates (a file dialog's column) in the Chinese form, not the C locale's
    day = QDate(2026, 12, 7)
    assert QLocale().toString(day, QLocale.FormatType.ShortFormat) == "2026/12/7"
    # nothing still worded in English where the table has a Chinese string
    stale = [english_text for english_text, chinese_text in strings._TABLE.values()
             if english_text != chinese_text and english_text in chinese]
    assert not stale, f"still in English after switching to Chinese: {stale}"
    assert dialog.windowTitle() == "导师设置"
    unanswered = next(e for e in window.desk.corpus.entries if not e.answered)
    leaf = window.tree._items[unanswered.id]
    assert leaf.toolTip(0).endswith("(无答案)")

    window.actions_["lang_en"].trigger()
    assert not _leftover_cjk(window), "CJK left after switching back to English"
    assert "results" in window.results.info.text()
    assert leaf.toolTip(0).endswith(f"({tr('tree.no_answer')})")
    assert QCoreApplication.translate("QLineEdit", "&Copy") == "&Copy"
    assert QLocale().language() != QLocale.Language.C  # the system's, or US English for C
    assert window.search_bar.line.placeholderText() == tr("search.placeholder")


# -- Help > Keyboard shortcuts --------------------------------------------------------------
def _top_menu(action: QAction) -> QMenu | None:
    """The menu-bar menu holding ``action`` (through submenus)."""
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu):
            menu = owner
            while isinstance(menu.parent(), QMenu):
                menu = menu.parent()
            return menu
    return None


def test_f1_lists_every_shortcut_under_its_menu_and_escape_closes(window: MainWindow,
                                                                  qtbot) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    with_keys = [a for a in window.actions_.all() if a.shortcuts()]
    expected = set()
    for action in with_keys:
        menu = _top_menu(action)
        assert menu is not None, f"{action.objectName()} has a shortcut but no menu"
        expected.add((plain(menu.title()), plain(action.text()), key_text(action)))
    rows = dialog.rows()
    menu_rows = [row for row in rows if row[0] not in ("Review window", "Mock interview window")]
    assert len(menu_rows) == len(with_keys) and set(menu_rows) == expected
    # the windows that bind their own keys are listed after the menus
    assert ("Review window", "Show answer", "Space") in rows
    assert ("Review window", "Again", "1") in rows and ("Review window", "Bury", "-") in rows
    assert ("Mock interview window", "Start / next question", "Ctrl+Enter") in rows
    assert ("Help", "Keyboard shortcuts", key_text(window.actions_["shortcuts"])) in rows
    assert "Ctrl+/" in key_text(window.actions_["shortcuts"])
    # a keyboard's own Copy/Help keys still work but are not listed as if typed
    assert key_text(window.actions_["copy"]) == "Ctrl+C, Ctrl+Ins"
    assert key_text(window.actions_["shortcuts"]).split(", ")[0] == "F1"
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Escape)
    assert not dialog.isVisible()

    window.actions_["lang_zh"].trigger()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.windowTitle() == "键盘快捷键"
    menus = {menu for menu, _, _ in dialog.rows()}
    assert {"文件", "学习", "帮助"} <= menus
    assert ("学习", "收藏", key_text(window.actions_["bookmark"])) in dialog.rows()
    review = [row for row in dialog.rows() if row[0] == "复习窗口"]
    assert review[0] == ("复习窗口", "显示答案", "空格")  # Qt names the key in Chinese
    assert plain("页内查找(&F)…") == "页内查找…" and plain("A && &B") == "A & B"


# -- the Chinese script indicator -----------------------------------------------------------
def test_status_bar_shows_the_script_mode_and_a_click_cycles_it(window: MainWindow,
                                                                qtbot) -> None:
    indicator = window.script_indicator
    assert indicator.isVisible() and indicator.text() == "As written"
    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    assert window.script == "simplified" and indicator.text() == "Simplified"
    window.actions_["script_cycle"].trigger()  # Ctrl+Shift+S
    assert window.script == "traditional" and indicator.text() == "Traditional"
    window.actions_["lang_zh"].trigger()
    assert indicator.text() == "繁" and "Ctrl+Shift+S" in indicator.toolTip()
    window.actions_["script_original"].trigger()  # View > Chinese script > As written
    assert indicator.text() == "原文"
    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    assert indicator.text() == "简" and window.script == "simplified"


def test_a_chat_notice_is_re_worded_with_the_language(qtbot) -> None:
    from interview_desk.ui.tutor.chat_view import ChatItem, ChatView

    view = ChatView()
    qtbot.addWidget(view)
    view.set_items([ChatItem("notice", tr("tutor.stopped"), key="tutor.stopped")])
    assert "Stopped." in view.toPlainText()
    i18n.set_language("zh")
    view.repaint_now()  # what TutorPanel.retranslate does
    assert "已停止。" in view.toPlainText() and "Stopped." not in view.toPlainText()


def test_shortcuts_list_is_as_tall_as_its_rows_within_the_screen(window: MainWindow,
                                                                 qtbot) -> None:
    """No scrollbar where the screen has room for every row (1280×800 does); where it
    has not, the list takes the screen's height, less the window manager's title."""
    dialog = window.show_shortcuts()
    qtbot.waitExposed(dialog)
    room = dialog.screen().availableGeometry().height() - SCREEN_MARGIN
    bar = dialog.tree.verticalScrollBar()
    assert dialog.height() <= room
    if bar.maximum() > 0:
        assert dialog.height() == room, (dialog.height(), room)
    else:
        last = dialog.tree.topLevelItem(dialog.tree.topLevelItemCount() - 1)
        assert last is not None
        rect = dialog.tree.visualItemRect(last.child(last.childCount() - 1))
        assert rect.bottom() <= dialog.tree.viewport().height()
    dialog.close()


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _mnemonic_clashes(window: MainWindow) -> dict[str, list[str]]:
    """The letters two entries share, in the menu bar and each menu reached from it."""
    clashes: dict[str, list[str]] = {}
    menus: list[tuple[str, QWidget]] = [("menu bar", window.menuBar())]
    while menus:
        where, menu = menus.pop()
        taken: dict[str, list[str]] = {}
        for action in menu.actions():
            if action.menu() is not None:
                menus.append((plain(action.text()), action.menu()))
            if action.isVisible() and (key := _mnemonic(action.text())):
                taken.setdefault(key, []).append(plain(action.text()))
        clashes |= {f"{where} &{k}": v for k, v in taken.items() if len(v) > 1}
    return clashes


def test_no_two_entries_of_a_menu_share_a_mnemonic(window: MainWindow) -> None:
    """Alt+letter, then a letter, opens one entry: two with the same letter only cycle
    between them (Study's M went to Mock interview, then Model manager)."""
    assert _mnemonic_clashes(window) == {}
    window.actions_["lang_zh"].trigger()
    assert _mnemonic_clashes(window) == {}
