"""More-like-this entries for the open one (the Study tab's upper half)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from interview_desk.corpus.model import Entry
from interview_desk.script import convert
from interview_desk.ui.browse.labels import entry_label
from interview_desk.ui.i18n import tr

ID_ROLE = Qt.ItemDataRole.UserRole


class RelatedList(QListWidget):
    """More-like-this entries for the open one; activating one opens it."""

    sigEntryActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="relatedList")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.itemActivated.connect(self._on_item_activated)
        self.itemClicked.connect(self._on_item_activated)

    def set_entries(self, entries: list[Entry], script: str) -> None:
        self.clear()
        if not entries:
            item = QListWidgetItem(tr("related.none"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)
            return
        for entry in entries:
            item = QListWidgetItem(convert(entry_label(entry), script))
            item.setData(ID_ROLE, entry.id)
            item.setToolTip(convert(entry.section, script))
            self.addItem(item)

    def entry_ids(self) -> list[str]:
        return [eid for i in range(self.count()) if (eid := self.item(i).data(ID_ROLE))]

    @Slot(QListWidgetItem)
    def _on_item_activated(self, item: QListWidgetItem) -> None:
        entry_id = item.data(ID_ROLE)
        if entry_id:
            self.sigEntryActivated.emit(entry_id)
