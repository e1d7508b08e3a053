"""Help ▸ Keyboard shortcuts: every action that has a shortcut, grouped by its menu,
then the keys of windows that bind their own (review, mock interview).

The menus' part is read from the menu bar each time it is shown or re-worded, so it
always matches the menus and the actions table in ``actions.py``; the windows' part is
their own key tables (``ui/study/keys.py``), the ones their hint lines show.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interview_desk.ui.i18n import tr
from interview_desk.ui.study.keys import native

# (heading's string key, ((keys, string key of what they do), ...)) per window
WindowKeys = Sequence[tuple[str, Sequence[tuple[str, str]]]]
SCREEN_MARGIN = 60  # the window manager's title bar and a little air
_CJK_MNEMONIC = re.compile(r"\(&\w\)")  # "文件(&F)": the letter in brackets goes too


def plain(text: str) -> str:
    """A menu text without its mnemonic ("&File" -> "File", "文件(&F)" -> "文件",
    "A && B" -> "A & B")."""
    text = _CJK_MNEMONIC.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def key_text(action: QAction) -> str:
    """The keys as listed: the standard bindings' dedicated keys (a keyboard's own Copy,
    Zoom In, Back or Help key, which still work) are left out; "Ctrl+C, Ctrl+Ins, Copy"
    read as if Copy were a chord to type."""
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                     for s in action.shortcuts() if not _dedicated(s))


def _dedicated(sequence: QKeySequence) -> bool:
    # Qt numbers the keys of a PC keyboard's main block below Key_Menu; the media and
    # application keys (Key_Help, Key_Back, Key_Copy...) come after it.
    # (QKeySequence[i] works; the PySide6 stubs lack __getitem__)
    return (sequence.count() == 1
            and sequence[0].key().value > Qt.Key.Key_Menu.value)  # type: ignore[index]


def shortcut_groups(bar: QMenuBar) -> list[tuple[str, list[QAction]]]:
    """(menu title, actions with a shortcut) for each top menu, submenus folded in."""
    groups: list[tuple[str, list[QAction]]] = []

    def walk(menu: QMenu, into: list[QAction]) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, into)
            elif not action.isSeparator() and action.shortcuts() and action not in into:
                into.append(action)

    for top in bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        found: list[QAction] = []
        walk(menu, found)
        if found:
            groups.append((plain(menu.title()), found))
    return groups


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]  # hint lines say "show answer", a list "Show answer"


class ShortcutsDialog(QDialog):
    """A two-column list (action, keys) under one heading per menu; Esc closes it."""

    def __init__(self, bar: QMenuBar, parent: QWidget | None = None, *,
                 windows: WindowKeys = ()) -> None:
        super().__init__(parent, objectName="shortcutsDialog")
        self._bar = bar
        self._windows = windows
        self.tree = QTreeWidget(objectName="shortcutsTree")
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        self.resize(520, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("shortcuts.title"))
        self.tree.setHeaderLabels([tr("shortcuts.action"), tr("shortcuts.keys")])
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("button.close"))
        self.tree.clear()
        groups = [(title, [(plain(a.text()), key_text(a)) for a in actions])
                  for title, actions in shortcut_groups(self._bar)]
        groups += [(tr(title), [(_capitalised(tr(label)), native(keys)) for keys, label in table])
                   for title, table in self._windows]
        for title, rows in groups:
            heading = QTreeWidgetItem(self.tree, [title])
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            heading.setFirstColumnSpanned(True)
            for row in rows:
                QTreeWidgetItem(heading, list(row))
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self._fit_height()

    def _fit_height(self) -> None:
        """Tall enough to list every row without scrolling where the screen has the room
        (1280×800 does), never taller than the screen."""
        rows = 0
        for i in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(i)
            rows += 1 + (heading.childCount() if heading is not None else 0)
        row_height = max(self.tree.sizeHintForRow(0), self.fontMetrics().height())
        frame = 2 * self.tree.frameWidth() + self.tree.header().sizeHint().height()
        chrome = self.sizeHint().height() - self.tree.sizeHint().height()
        wanted = rows * row_height + frame + chrome + 4
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(self.width(), min(wanted, screen.height() - SCREEN_MARGIN))

    def rows(self) -> list[tuple[str, str, str]]:
        """(menu, action, keys) as shown (tests)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(i)
            assert heading is not None
            for k in range(heading.childCount()):
                row = heading.child(k)
                assert row is not None
                out.append((heading.text(0), row.text(0), row.text(1)))
        return out
