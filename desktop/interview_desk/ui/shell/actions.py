"""The window's QActions (with shortcuts shown in the menus) and its menu bar.

Actions are created here and connected by the window; each remembers its i18n key so
a language switch only has to call ``retranslate``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from interview_desk.settings import LANGUAGES, SCRIPTS, THEMES
from interview_desk.ui.i18n import tr
from interview_desk.ui.shell.shortcuts import key_text, plain

_KEY_PROPERTY = "i18nKey"

Key = QKeySequence.StandardKey

# name -> (i18n key, shortcuts)
_PLAIN: dict[str, tuple[str, list[QKeySequence | Key | str]]] = {
    "quit": ("act.quit", [Key.Quit, "Ctrl+Q"]),
    "search": ("act.search", ["Ctrl+K", "Ctrl+F"]),
    "copy": ("act.copy", [Key.Copy]),
    "find": ("act.find", ["Ctrl+Shift+F"]),
    "find_next": ("act.find_next", [Key.FindNext]),
    "back": ("act.back", [Key.Back, "Ctrl+["]),
    "forward": ("act.forward", [Key.Forward, "Ctrl+]"]),
    "next": ("act.next", ["Alt+Down", "Ctrl+J"]),
    "previous": ("act.previous", ["Alt+Up", "Ctrl+Shift+J"]),
    "bookmark": ("act.bookmark", ["Ctrl+D"]),
    "known": ("act.known", ["Ctrl+Shift+K"]),
    "note": ("act.note", ["Ctrl+Shift+N"]),
    "tutor": ("act.tutor", ["Ctrl+T"]),
    "study_now": ("act.study_now", ["Ctrl+R"]),
    "study_stats": ("act.study_stats", ["Ctrl+Shift+T"]),
    "study_mock": ("act.study_mock", ["Ctrl+Shift+M"]),
    "models": ("act.models", []),
    "zoom_in": ("act.zoom_in", [Key.ZoomIn, "Ctrl+="]),
    "zoom_out": ("act.zoom_out", [Key.ZoomOut]),
    "zoom_reset": ("act.zoom_reset", ["Ctrl+0"]),
    "script_cycle": ("act.script_cycle", ["Ctrl+Shift+S"]),
    "visualizer": ("act.visualizer", ["Ctrl+Shift+V"]),
    "import": ("act.import", []),
    "log": ("act.log", []),
    "shortcuts": ("act.shortcuts", [Key.HelpContents, "F1", "Ctrl+/"]),
    "about": ("act.about", []),
}


def _keys(shortcuts: list[QKeySequence | Key | str]) -> list[QKeySequence]:
    seqs: list[QKeySequence] = []
    for item in shortcuts:
        if isinstance(item, Key):
            seqs.extend(QKeySequence.keyBindings(item))
        else:
            seqs.append(QKeySequence(item))
    unique: list[QKeySequence] = []
    for seq in seqs:
        if not seq.isEmpty() and seq not in unique:
            unique.append(seq)
    return unique


class Actions:
    """All actions of one window, by name (``actions["bookmark"]``)."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        self._by_name: dict[str, QAction] = {}
        for name, (key, shortcuts) in _PLAIN.items():
            action = QAction(window)
            action.setObjectName(f"action_{name}")
            action.setProperty(_KEY_PROPERTY, key)
            action.setShortcuts(_keys(shortcuts))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self._by_name[name] = action
        for name in ("bookmark", "known", "visualizer"):
            self._by_name[name].setCheckable(True)
        self.theme_group = self._group("theme", THEMES)
        self.script_group = self._group("script", SCRIPTS)
        self.language_group = self._group("lang", LANGUAGES)
        self.retranslate()

    def _group(self, prefix: str, names: tuple[str, ...]) -> QActionGroup:
        group = QActionGroup(self._window)
        group.setExclusive(True)
        for name in names:
            action = QAction(self._window, checkable=True)
            action.setObjectName(f"action_{prefix}_{name}")
            action.setProperty(_KEY_PROPERTY, f"act.{prefix}_{name}")
            action.setData(name)
            group.addAction(action)
            self._by_name[f"{prefix}_{name}"] = action
        return group

    def __getitem__(self, name: str) -> QAction:
        return self._by_name[name]

    def all(self) -> list[QAction]:
        return list(self._by_name.values())

    def check(self, group: QActionGroup, value: str) -> None:
        for action in group.actions():
            if action.data() == value:
                action.setChecked(True)

    def retranslate(self) -> None:
        for action in self._by_name.values():
            action.setText(tr(action.property(_KEY_PROPERTY)))
            if action.shortcuts():
                action.setToolTip(f"{plain(action.text())} ({key_text(action)})")


class Menus:
    """The menu bar; the Visualize menu is refilled for each entry by the window."""

    def __init__(self, bar: QMenuBar, actions: Actions) -> None:
        a = actions
        self.file = bar.addMenu("")
        self.file.addActions([a["import"], a["log"]])
        self.file.addSeparator()
        self.file.addAction(a["quit"])

        self.edit = bar.addMenu("")
        self.edit.addActions([a["search"], a["copy"], a["find"], a["find_next"]])
        self.edit.addSeparator()
        self.edit.addAction(a["note"])

        self.view = bar.addMenu("")
        self.view.addActions([a["zoom_in"], a["zoom_out"], a["zoom_reset"]])
        self.view.addSeparator()
        self.theme = self.view.addMenu("")
        self.theme.addActions(a.theme_group.actions())
        self.script = self.view.addMenu("")
        self.script.addActions(a.script_group.actions())
        self.script.addSeparator()
        self.script.addAction(a["script_cycle"])
        self.language = self.view.addMenu("")
        self.language.addActions(a.language_group.actions())

        self.go = bar.addMenu("")
        self.go.addActions([a["back"], a["forward"]])
        self.go.addSeparator()
        self.go.addActions([a["previous"], a["next"]])

        self.study = bar.addMenu("")
        self.study.addActions([a["study_now"], a["study_mock"], a["study_stats"]])
        self.study.addSeparator()
        self.study.addActions([a["bookmark"], a["known"], a["tutor"], a["models"]])

        self.visualize = bar.addMenu("")
        self.visualize.setObjectName("menuVisualize")

        self.help = bar.addMenu("")
        self.help.addActions([a["shortcuts"], a["about"]])
        self._titles: list[tuple[QMenu, str]] = [
            (self.file, "menu.file"), (self.edit, "menu.edit"), (self.view, "menu.view"),
            (self.theme, "menu.theme"), (self.script, "menu.script"),
            (self.language, "menu.language"), (self.go, "menu.go"),
            (self.study, "menu.study"), (self.visualize, "menu.visualize"),
            (self.help, "menu.help"),
        ]
        self.retranslate()

    def retranslate(self) -> None:
        for menu, key in self._titles:
            menu.setTitle(tr(key))
