"""The search box with its filter chips (source, difficulty, answered)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
)

from interview_desk.ui.i18n import tr


@dataclass(frozen=True, slots=True)
class SearchFilters:
    source: str | None = None  # a source file name
    min_difficulty: int = 0  # 0 = any
    answered_only: bool = False


class _SearchLine(QLineEdit):
    """Down arrow moves into the results, Escape clears."""

    sigDownPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.sigDownPressed.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


def _chip(name: str) -> QToolButton:
    chip = QToolButton(objectName=name)
    chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    chip.setAutoRaise(False)
    return chip


class SearchBar(QWidget):
    sigQueryEdited = Signal(str)
    sigFiltersChanged = Signal(object)  # SearchFilters
    sigDownPressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sources: list[tuple[str, str]] = []  # (file, label)
        self._filters = SearchFilters()

        self.line = _SearchLine(objectName="searchBox")
        self.line.setClearButtonEnabled(True)
        self.line.setMinimumWidth(360)
        self.answered_chip = _chip("chipAnswered")
        self.answered_chip.setCheckable(True)
        self.source_chip = _chip("chipSource")
        self.source_chip.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.difficulty_chip = _chip("chipDifficulty")
        self.difficulty_chip.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._source_menu = QMenu(self)
        self._difficulty_menu = QMenu(self)
        self.source_chip.setMenu(self._source_menu)
        self.difficulty_chip.setMenu(self._difficulty_menu)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.source_chip)
        layout.addWidget(self.difficulty_chip)
        layout.addWidget(self.answered_chip)

        self.line.textEdited.connect(self.sigQueryEdited)
        self.line.textChanged.connect(self._on_line_text_changed)
        self.line.sigDownPressed.connect(self.sigDownPressed)
        self.answered_chip.toggled.connect(self._on_answered_chip_toggled)
        self.retranslate()

    # -- state -------------------------------------------------------------------------
    @property
    def filters(self) -> SearchFilters:
        return self._filters

    def query(self) -> str:
        return self.line.text().strip()

    def set_query(self, text: str) -> None:
        self.line.setText(text)
        self.sigQueryEdited.emit(text)

    def set_sources(self, sources: list[tuple[str, str]]) -> None:
        self._sources = sources
        self._rebuild_menus()

    def _set_filters(self, filters: SearchFilters) -> None:
        if filters != self._filters:
            self._filters = filters
            self._update_chip_texts()
            self.sigFiltersChanged.emit(filters)

    # -- chips ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.line.setPlaceholderText(tr("search.placeholder"))
        self.answered_chip.setText(tr("chip.answered"))
        self._rebuild_menus()

    def _rebuild_menus(self) -> None:
        sources: list[tuple[object, str]] = [(None, tr("chip.all_sources"))]
        sources += [(file, label) for file, label in self._sources]
        _fill_choice_menu(self._source_menu, sources, self._filters.source,
                          self._on_source_group_triggered)
        # "★1 and harder" is everything rated: not a useful filter, so it is left out.
        difficulties: list[tuple[object, str]] = [(0, tr("filter.any_difficulty"))]
        difficulties += [(n, tr("filter.min_difficulty", n=n)) for n in range(2, 6)]
        _fill_choice_menu(self._difficulty_menu, difficulties, self._filters.min_difficulty,
                          self._on_difficulty_group_triggered)
        self._update_chip_texts()

    def _update_chip_texts(self) -> None:
        label = dict(self._sources).get(self._filters.source or "", "")
        self.source_chip.setText(tr("chip.source", name=label.split(" · ")[0])
                                 if self._filters.source else tr("chip.all_sources"))
        self.source_chip.setToolTip(label)
        self.difficulty_chip.setText(tr("chip.difficulty", n=self._filters.min_difficulty)
                                     if self._filters.min_difficulty
                                     else tr("filter.any_difficulty"))
        for chip, active in ((self.source_chip, self._filters.source is not None),
                             (self.difficulty_chip, self._filters.min_difficulty > 0)):
            chip.setProperty("active", active)
            chip.setDown(False)
            font = chip.font()
            font.setBold(active)
            chip.setFont(font)

    @Slot(QAction)
    def _on_source_group_triggered(self, action: QAction) -> None:
        self._set_filters(SearchFilters(action.data(), self._filters.min_difficulty,
                                        self._filters.answered_only))

    @Slot(QAction)
    def _on_difficulty_group_triggered(self, action: QAction) -> None:
        self._set_filters(SearchFilters(self._filters.source, int(action.data()),
                                        self._filters.answered_only))

    @Slot(bool)
    def _on_answered_chip_toggled(self, on: bool) -> None:
        self._set_filters(SearchFilters(self._filters.source, self._filters.min_difficulty, on))

    @Slot(str)
    def _on_line_text_changed(self, text: str) -> None:
        if not text:  # the clear button or Escape: also a query edit
            self.sigQueryEdited.emit("")


def _fill_choice_menu(menu: QMenu, options: list[tuple[object, str]], current: object,
                      on_triggered: Callable[[QAction], None]) -> None:
    """Refill ``menu`` with exclusive, checkable choices (value, label)."""
    menu.clear()
    group = QActionGroup(menu)
    for value, label in options:
        action = QAction(label, menu, checkable=True)
        action.setChecked(value == current)
        action.setData(value)
        group.addAction(action)
        menu.addAction(action)
    group.triggered.connect(on_triggered)
