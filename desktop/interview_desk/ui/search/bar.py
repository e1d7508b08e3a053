"""The search box with its filter chips (source, difficulty, answered).

A filter can be chosen on a chip or typed in the query (``source:003``,
``difficulty:>=4``, ``answered:yes``); the chips show whichever is in force, and choosing
on a chip takes the same filter out of the typed text, so there is one answer to
"what is filtering my results".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QStyle,
    QToolButton,
    QWidget,
)

from interview_desk.script import fold
from interview_desk.search.filters import Filters, drop_filters, split_filters
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


class MenuChip(QToolButton):
    """A chip that opens its menu at once. Fusion draws that menu arrow in the button's
    bottom-right corner over a centred label ("Difficulty" ran into it): the button is
    widened so the label, still centred, stays clear of the arrow."""

    def arrow_width(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, self)

    def sizeHint(self) -> QSize:  # Qt override
        hint = super().sizeHint()
        return QSize(hint.width() + 2 * self.arrow_width(), hint.height())

    def minimumSizeHint(self) -> QSize:  # Qt override
        return self.sizeHint()


def _chip(name: str, menu: bool = False) -> QToolButton:
    chip = MenuChip(objectName=name) if menu else QToolButton(objectName=name)
    if menu:
        chip.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    chip.setAutoRaise(False)
    return chip


class SearchBar(QWidget):
    sigQueryEdited = Signal(str)  # typed: search after a pause
    sigQuerySet = Signal(str)  # a whole query put in at once: search now
    sigFiltersChanged = Signal(object)  # SearchFilters
    sigDownPressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sources: list[tuple[str, str]] = []  # (file, label)
        self._filters = SearchFilters()
        self._typed = Filters()  # the filters written in the query text

        self.line = _SearchLine(objectName="searchBox")
        self.line.setClearButtonEnabled(True)
        self.line.setMinimumWidth(360)
        self.answered_chip = _chip("chipAnswered")
        self.answered_chip.setCheckable(True)
        self.source_chip = _chip("chipSource", menu=True)
        self.difficulty_chip = _chip("chipDifficulty", menu=True)
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
        """Put a whole query in the box (a suggestion, a probe): it is searched at once."""
        self.line.setText(text)
        self.sigQuerySet.emit(text)

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

    def _shown(self) -> tuple[str | None, str | None, tuple[int | None, int | None], bool]:
        """(source file, typed source text, difficulty bounds, answered only) in force.

        A chip's choice wins over the same filter typed in the query, as in the index.
        """
        typed = self._typed
        file, needle = self._filters.source, None
        if file is None and typed.source:
            needle = typed.source
            matches = [f for f, _ in self._sources if fold(needle) in fold(f)]
            file = matches[0] if len(matches) == 1 else None
        if self._filters.min_difficulty:
            bounds: tuple[int | None, int | None] = (self._filters.min_difficulty, None)
        else:
            bounds = (typed.min_difficulty, typed.max_difficulty)
        return file, needle, bounds, self._filters.answered_only or typed.answered is True

    def _update_chip_texts(self) -> None:
        file, needle, (lo, hi), answered = self._shown()
        label = dict(self._sources).get(file or "", "")
        if file:
            self.source_chip.setText(tr("chip.source", name=label.split(" · ")[0]))
        elif needle:
            self.source_chip.setText(tr("chip.source", name=needle))
        else:
            self.source_chip.setText(tr("chip.all_sources"))
        self.source_chip.setToolTip(label or (needle or ""))
        if hi is None and lo:
            self.difficulty_chip.setText(tr("chip.difficulty", n=lo))
        elif lo or hi:
            low, high = lo or 1, hi or 5
            self.difficulty_chip.setText(f"★{low}" if low == high else f"★{low}–{high}")
        else:
            self.difficulty_chip.setText(tr("chip.any_difficulty"))
        _check_choice(self._source_menu, file)
        _check_choice(self._difficulty_menu,
                      0 if not (lo or hi) else (lo if hi is None else None))
        self.answered_chip.blockSignals(True)
        self.answered_chip.setChecked(answered)
        self.answered_chip.blockSignals(False)
        for chip, active in ((self.source_chip, bool(file or needle)),
                             (self.difficulty_chip, bool(lo or hi)),
                             (self.answered_chip, answered)):
            chip.setProperty("active", active)
            chip.setDown(False)
            font = chip.font()
            font.setBold(active)
            chip.setFont(font)

    def _drop_typed(self, key: str) -> None:
        """Take ``key:...`` out of the query text: the chip now says what applies."""
        text = self.line.text()
        kept = drop_filters(text, {key})
        if kept != " ".join(text.split()):  # an edit: the chip's new filters follow it
            self.line.setText(kept)
            self.sigQueryEdited.emit(kept)

    @Slot(QAction)
    def _on_source_group_triggered(self, action: QAction) -> None:
        self._drop_typed("source")
        self._set_filters(SearchFilters(action.data(), self._filters.min_difficulty,
                                        self._filters.answered_only))

    @Slot(QAction)
    def _on_difficulty_group_triggered(self, action: QAction) -> None:
        self._drop_typed("difficulty")
        self._set_filters(SearchFilters(self._filters.source, int(action.data()),
                                        self._filters.answered_only))

    @Slot(bool)
    def _on_answered_chip_toggled(self, on: bool) -> None:
        self._drop_typed("answered")
        self._set_filters(SearchFilters(self._filters.source, self._filters.min_difficulty, on))

    @Slot(str)
    def _on_line_text_changed(self, text: str) -> None:
        typed = split_filters(text).filters
        if typed != self._typed:
            self._typed = typed
            # The filter typed last wins over the same one chosen earlier on a chip.
            f = self._filters
            self._set_filters(SearchFilters(
                None if typed.source else f.source,
                0 if typed.min_difficulty or typed.max_difficulty else f.min_difficulty,
                False if typed.answered is not None else f.answered_only))
            self._update_chip_texts()
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


def _check_choice(menu: QMenu, value: object) -> None:
    """Check the choice holding ``value``; none when nothing there matches it."""
    for action in menu.actions():
        action.setChecked(action.data() == value)
