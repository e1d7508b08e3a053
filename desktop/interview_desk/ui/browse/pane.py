"""The left pane: the source tree while browsing, the search results while searching."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from interview_desk.ui.browse.tree import SourceTree
from interview_desk.ui.search.results import ResultsView


class LeftPane(QStackedWidget):
    sigEntryActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="leftStack")
        self.tree = SourceTree()
        self.results = ResultsView()
        self.addWidget(self.tree)
        self.addWidget(self.results)
        self.tree.sigEntryActivated.connect(self.sigEntryActivated)
        self.results.sigEntryActivated.connect(self.sigEntryActivated)

    @property
    def searching(self) -> bool:
        return self.currentWidget() is self.results

    def show_results(self, index_ready: bool) -> None:
        self.setCurrentWidget(self.results)
        if not index_ready:
            self.results.set_message("search.waiting")

    @Slot()
    def show_tree(self) -> None:
        self.results.clear()
        self.setCurrentWidget(self.tree)

    def order(self) -> list[str]:
        """The entries in the order the user sees them (results, else the filtered tree)."""
        return self.results.entry_ids() if self.searching else self.tree.visible_entry_ids()

    def neighbour(self, current: str | None, step: int) -> str | None:
        """The entry ``step`` places from ``current`` in ``order()`` (clamped at the ends)."""
        order = self.order()
        if not order:
            return None
        if current in order:
            position = max(0, min(len(order) - 1, order.index(current) + step))
        else:
            position = 0 if step > 0 else len(order) - 1
        if self.searching:
            self.results.list.setCurrentIndex(self.results.model.index(position))
        return order[position]

    @Slot()
    def enter_results(self) -> None:
        """Down arrow in the search box: into the results, opening the first."""
        if self.searching and self.results.model.rowCount():
            self.results.list.setFocus()
            self.results.activate_row(0)
