"""The model manager: the installed models in a list, the selected one's details, Add
(file dialog or a dropped ``.gguf``: checked, then copied or linked with progress on a
worker, cancellable), Remove, Use (switch without restarting, with the settings
remembered for that model), and the recommended models. It never downloads."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interview_desk.errors import DeskError
from interview_desk.paths import user_models_dir
from interview_desk.settings import Settings, load_settings, update_settings
from interview_desk.tutor.estimate import format_bytes
from interview_desk.tutor.install import check_source, install_steps, remove_model
from interview_desk.tutor.local import gpu_offload_supported
from interview_desk.tutor.model_prefs import ModelPrefs, prefs_for, with_prefs
from interview_desk.tutor.models import FoundModel, discover_models
from interview_desk.tutor.recommended import RECOMMENDED
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.workers import SerialWorker, Task
from interview_desk.ui.tutor.manager.details import ModelDetails

log = logging.getLogger(__name__)

_PATH = Qt.ItemDataRole.UserRole


def _local_gguf(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    return [Path(u.toLocalFile()) for u in urls
            if u.isLocalFile() and u.toLocalFile().lower().endswith(".gguf")]


class ModelManagerDialog(QDialog):
    sigModelChosen = Signal(str, int, int)  # path, n_ctx, n_gpu_layers
    sigModelsChanged = Signal()  # added or removed: the tutor's picker refills

    def __init__(self, settings: Settings | None = None, *, models_dir: Path | None = None,
                 gpu_offload: bool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="modelManager")
        self.setAcceptDrops(True)
        self.resize(900, 560)
        self._settings = settings or load_settings()
        self._models_dir = models_dir or user_models_dir()
        self._worker = SerialWorker("model-install")
        self._task: Task | None = None
        self._found: list[FoundModel] = []
        gpu = gpu_offload_supported() if gpu_offload is None else gpu_offload

        self.models = QTreeWidget(objectName="managerModels")
        self.models.setRootIsDecorated(False)
        self.models.setColumnCount(5)
        header = self.models.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.details = ModelDetails(gpu, source_tokens=self._settings.source_tokens,
                                    max_tokens=self._settings.max_tokens)
        self.add_button = QPushButton(objectName="managerAdd")
        self.link_box = QCheckBox(objectName="managerLink")
        self.remove_button = QPushButton(objectName="managerRemove")
        self.use_button = QPushButton(objectName="managerUse")
        self.use_button.setDefault(True)
        self.progress = QProgressBar(objectName="managerProgress")
        self.cancel_button = QPushButton(objectName="managerCancel")
        self.message = QLabel(objectName="managerMessage")
        self.message.setWordWrap(True)
        self.drop_hint = QLabel(objectName="managerDropHint")
        self.recommended = QTreeWidget(objectName="managerRecommended")
        self.recommended.setRootIsDecorated(False)
        self.recommended.setColumnCount(5)
        self.recommended.setWordWrap(True)
        self.never_downloads = QLabel(objectName="managerNeverDownloads")
        self.never_downloads.setWordWrap(True)

        installed = QWidget()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.models)
        split.addWidget(self.details)
        split.setSizes([520, 420])
        buttons = QHBoxLayout()
        for w in (self.add_button, self.link_box):
            buttons.addWidget(w)
        buttons.addStretch(1)
        for w in (self.remove_button, self.use_button):
            buttons.addWidget(w)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        layout = QVBoxLayout(installed)
        layout.addWidget(split, 1)
        layout.addWidget(self.drop_hint)
        layout.addLayout(busy)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        suggested = QWidget()
        column = QVBoxLayout(suggested)
        column.addWidget(self.never_downloads)
        column.addWidget(self.recommended, 1)
        self.tabs = QTabWidget(objectName="managerTabs")
        self.tabs.addTab(installed, "")
        self.tabs.addTab(suggested, "")
        QVBoxLayout(self).addWidget(self.tabs)

        self.models.currentItemChanged.connect(self._on_models_current_changed)
        self.models.itemDoubleClicked.connect(lambda *_: self.use_button.click())
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.use_button.clicked.connect(self._on_use_clicked)
        self.cancel_button.clicked.connect(self.cancel_install)
        self.details.sigPrefsChanged.connect(self._on_details_prefs_changed)
        self._set_busy(False)
        self.retranslate()
        self.refresh(select=self._settings.model)

    # -- public -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(tr("manager.title"))
        self.tabs.setTabText(0, tr("manager.tab_installed"))
        self.tabs.setTabText(1, tr("manager.tab_recommended"))
        self.models.setHeaderLabels([tr("manager.col_model"), tr("manager.col_params"),
                                     tr("manager.col_quant"), tr("manager.col_size"),
                                     tr("manager.col_ctx")])
        self.recommended.setHeaderLabels([tr("manager.col_model"), tr("manager.col_file"),
                                          tr("manager.col_size"), tr("manager.col_licence"),
                                          tr("manager.col_good_for")])
        self.add_button.setText(tr("manager.add"))
        self.link_box.setText(tr("manager.link"))
        self.link_box.setToolTip(tr("manager.link_tip"))
        self.remove_button.setText(tr("manager.remove"))
        self.use_button.setText(tr("manager.use"))
        self.cancel_button.setText(tr("manager.cancel"))
        self.drop_hint.setText(tr("manager.drop_hint", folder=str(self._models_dir)))
        self.never_downloads.setText(tr("manager.never_downloads",
                                        folder=str(self._models_dir)))
        self.details.retranslate()
        self._fill_recommended()

    def refresh(self, select: str = "") -> None:
        """Re-read the model places; select ``select`` (a path) when listed."""
        extra = list(self._settings.model_paths)
        if self._settings.model and Path(self._settings.model).is_file():
            extra.append(self._settings.model)
        self._found = discover_models(extra)
        self.models.clear()
        chosen = None
        for found in self._found:
            info = found.info
            if info is None:
                item = QTreeWidgetItem([f"✗ {found.path.name}", "", "", "", ""])
                item.setToolTip(0, found.error)
            else:
                item = QTreeWidgetItem([info.path.name, info.size_label, info.quantization,
                                        format_bytes(info.file_size),
                                        f"{info.context_length:,}"])
                item.setToolTip(0, info.name)
            item.setData(0, _PATH, str(found.path))
            self.models.addTopLevelItem(item)
            if select and str(found.path) == select:
                chosen = item
        first = chosen or self.models.topLevelItem(0)
        if first is not None:
            self.models.setCurrentItem(first)
        else:
            self._on_models_current_changed(None)

    def add_file(self, path: Path) -> bool:
        """Check ``path`` and start installing it; False (and a message) if refused."""
        if self._task is not None:
            self._say(tr("manager.busy"))
            return False
        try:
            check_source(path, self._models_dir)
        except DeskError as exc:
            self._say(tr("manager.refused", message=str(exc)))
            return False
        link = self.link_box.isChecked()
        self._set_busy(True)
        self._say(tr("manager.linking" if link else "manager.copying", name=path.name))
        self._task = self._worker.stream(
            lambda task: install_steps(path, self._models_dir, link=link),
            on_item=self._on_install_progressed, on_done=self._on_install_finished,
            on_error=self._on_install_failed, context=self)
        return True

    def cancel_install(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def selected(self) -> FoundModel | None:
        item = self.models.currentItem()
        path = item.data(0, _PATH) if item is not None else None
        return next((f for f in self._found if str(f.path) == path), None)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel_install()
        self._worker.close()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.cancel_install()
        self._worker.close()
        super().done(result)

    # -- drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_gguf(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = _local_gguf(event)
        if files:
            event.acceptProposedAction()
            self.add_file(files[0])

    # -- slots --------------------------------------------------------------------------
    @Slot()
    def _on_add_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("tutor.add_model"), "",
                                              tr("tutor.gguf_filter"))
        if path:
            self.add_file(Path(path))

    @Slot()
    def _on_remove_clicked(self) -> None:
        found = self.selected()
        if found is None:
            return
        try:
            remove_model(found.path, self._models_dir)
        except DeskError as exc:
            self._say(tr("manager.refused", message=str(exc)))
            return
        self._say(tr("manager.removed", name=found.path.name))
        self.refresh()
        self.sigModelsChanged.emit()

    @Slot()
    def _on_use_clicked(self) -> None:
        found = self.selected()
        if found is None or found.info is None:
            return
        prefs = self.details.prefs()
        self._remember(found.path.name, prefs)
        self._settings = self._settings.replaced(model=str(found.path))
        self.sigModelChosen.emit(str(found.path), prefs.n_ctx, prefs.n_gpu_layers)
        self._say(tr("manager.using", name=found.path.name))

    def _on_models_current_changed(self, *_: object) -> None:
        found = self.selected()
        info = found.info if found is not None else None
        prefs = None
        if found is not None:
            prefs = prefs_for(self._settings.model_prefs, found.path.name) or ModelPrefs(
                self._settings.n_ctx, self._settings.n_gpu_layers)
        self.details.show_model(info, prefs)
        inside = found is not None and found.path.parent == self._models_dir
        self.remove_button.setEnabled(inside and self._task is None)
        self.use_button.setEnabled(info is not None)
        if found is not None and info is None:
            self._say(found.error)

    def _on_details_prefs_changed(self) -> None:
        found = self.selected()
        if found is not None and found.info is not None:
            self._remember(found.path.name, self.details.prefs())

    def _on_install_progressed(self, step: tuple[int, int]) -> None:
        done, total = step
        self.progress.setValue(round(1000 * done / total) if total else 1000)

    def _on_install_finished(self, target: Path | None) -> None:
        self._task = None
        self._set_busy(False)
        if target is None:  # cancelled: install_steps removed the partial copy
            self._say(tr("manager.cancelled"))
            return
        self._say(tr("manager.installed", name=target.name))
        self.refresh(select=str(target))
        self.sigModelsChanged.emit()

    def _on_install_failed(self, exc: BaseException) -> None:
        self._task = None
        self._set_busy(False)
        if not isinstance(exc, DeskError):
            log.error("installing a model failed", exc_info=exc)
        self._say(tr("manager.refused", message=str(exc).splitlines()[0] if str(exc)
                     else type(exc).__name__))

    # -- helpers ------------------------------------------------------------------------
    def _remember(self, file_name: str, prefs: ModelPrefs) -> None:
        lines = with_prefs(self._settings.model_prefs, file_name, prefs)
        try:
            self._settings = self._settings.replaced(model_prefs=lines)
            update_settings(model_prefs=lines)
        except (OSError, DeskError) as exc:  # kept for this session
            log.warning("could not save model settings: %s", exc)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.add_button.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and self.selected() is not None)

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _fill_recommended(self) -> None:
        self.recommended.clear()
        for m in RECOMMENDED:
            flag = tr("manager.chinese_flag") if m.chinese else ""
            item = QTreeWidgetItem([f"{flag}{m.name}", m.file_name, f"{m.size_gb:.1f} GB",
                                    m.licence, m.good_for])
            item.setToolTip(1, tr("manager.published_by", publisher=m.publisher))
            item.setToolTip(4, m.good_for)
            self.recommended.addTopLevelItem(item)
        for col in range(5):
            self.recommended.resizeColumnToContents(col)
