"""The tutor's model picker: every GGUF found (broken ones marked), the chosen file even
if it lives elsewhere, and the remote endpoint when one is set."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from interview_desk.settings import Settings
from interview_desk.tutor.models import DEFAULT_MODEL_FILE, discover_models
from interview_desk.ui.i18n import tr

REMOTE = "remote:"  # item data prefix for the remote endpoint
_USABLE = Qt.ItemDataRole.UserRole + 1
_TEXT = Qt.ItemDataRole.UserRole + 2  # () -> the item's text, for items in the UI language
_TIP = Qt.ItemDataRole.UserRole + 3  # () -> the item's tooltip, likewise


class ModelCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="tutorModel")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def populate(self, settings: Settings) -> None:
        """Refill the list without emitting a change; select the preferred model."""
        self.blockSignals(True)
        self.clear()
        chosen = settings.model
        extra = list(settings.model_paths)
        if chosen and Path(chosen).expanduser().is_file():
            extra.append(chosen)
        for found in discover_models(extra):
            if found.info is None:
                self.addItem(f"✗ {found.path.name}", str(found.path))
                index = self.count() - 1
                self.setItemData(index, found.error, Qt.ItemDataRole.ToolTipRole)
                self.setItemData(index, False, _USABLE)
                continue
            i = found.info
            self.addItem(f"{i.path.name} · {i.size_label} {i.quantization}", str(i.path))
            index = self.count() - 1
            tip = partial(tr, "tutor.model_tip", name=i.name, arch=i.architecture,
                          ctx=i.context_length)
            self.setItemData(index, tip(), Qt.ItemDataRole.ToolTipRole)
            self.setItemData(index, tip, _TIP)
            self.setItemData(index, True, _USABLE)
        if settings.remote_url:
            url = settings.remote_url
            self._add_translated(lambda: tr("tutor.remote_item", url=url), REMOTE + url)
            self.setItemData(self.count() - 1, True, _USABLE)
        if self.count() == 0:
            self._add_translated(lambda: tr("tutor.no_model_item"), "")
        self.setCurrentIndex(self._preferred_index(chosen, settings.remote_url))
        self.blockSignals(False)

    def _add_translated(self, text: Callable[[], str], data: str) -> None:
        self.addItem(text(), data)
        self.setItemData(self.count() - 1, text, _TEXT)

    def retranslate(self) -> None:
        """Re-word the remote / no-model items and the tooltips (file names stay)."""
        for k in range(self.count()):
            text, tip = self.itemData(k, _TEXT), self.itemData(k, _TIP)
            if callable(text):
                self.setItemText(k, text())
            if callable(tip):
                self.setItemData(k, tip(), Qt.ItemDataRole.ToolTipRole)

    def choice(self) -> str:
        """A GGUF path, ``remote:URL``, or "" when nothing usable is selected."""
        return str(self.currentData() or "")

    def _preferred_index(self, chosen: str, remote_url: str) -> int:
        """The chosen model (even if broken: loading it explains why), else the remote
        endpoint, else the default model, else the first usable one."""
        items = [(str(self.itemData(k) or ""), bool(self.itemData(k, _USABLE)))
                 for k in range(self.count())]

        def find(name: str, usable_only: bool) -> int:
            for k, (data, usable) in enumerate(items):
                if (data == name or (data and Path(data).name == name)) and \
                        (usable or not usable_only):
                    return k
            return -1

        if chosen and (k := find(chosen, usable_only=False)) >= 0:
            return k
        if remote_url and not chosen:
            return find(REMOTE + remote_url, usable_only=True)
        if (k := find(DEFAULT_MODEL_FILE, usable_only=True)) >= 0:
            return k
        return next((k for k, (_, usable) in enumerate(items) if usable), 0)
