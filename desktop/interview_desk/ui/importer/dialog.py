"""The import preview (anchor: Anki's import dialog).

Shows, before anything is added, per file of the chosen folder: the questions found,
how many have answers, the first few with the start of their answers, and the files
skipped with the reason. The learner picks the rule for the folder or for one file and
the preview is read again off the GUI thread; "Add" stores folder and rules
(``corpus.folders``) and the window reloads the corpus.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interview_desk.corpus.folders import add_folder, stored_rules
from interview_desk.corpus.importer import FilePreview, FolderPreview, preview_folder
from interview_desk.corpus.rules import Rule, parse_rule
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.workers import run_in_pool

SHOWN_ENTRIES = 3  # questions listed under each file
_RULES = ("auto", *(f"headings:{n}" for n in range(1, 7)), "numbered", "bullets", "qa")
_INHERIT = ""  # the file combo's "same as the folder"
_PATH_ROLE = Qt.ItemDataRole.UserRole


_LABELS = {_INHERIT: "imp.rule_inherit", "auto": "imp.rule_auto",
           "numbered": "imp.rule_numbered", "bullets": "imp.rule_bullets", "qa": "imp.rule_qa"}


def rule_label(rule: str) -> str:
    if rule.startswith("headings:"):
        return tr("imp.rule_headings", level=rule.split(":")[1])
    return tr(_LABELS[rule])


def _rule_combo(with_inherit: bool) -> QComboBox:
    combo = QComboBox()
    for rule in ((_INHERIT,) if with_inherit else ()) + _RULES:
        combo.addItem(rule_label(rule), rule)
    return combo


class ImportDialog(QDialog):
    """Preview of one folder; ``folder_added`` is set once "Add" stored it."""

    sigPreviewShown = Signal(object)  # FolderPreview, once it is in the tree

    def __init__(self, folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(tr("imp.title"))
        self.resize(900, 560)
        self.folder: Path | None = None
        self.preview: FolderPreview | None = None
        self.folder_added = False
        self._file_rules: dict[str, Rule] = {}
        self._generation = 0  # a newer preview request makes older results stale

        self.folder_label = QLabel(tr("imp.no_folder"))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(tr("imp.choose"))
        self.rule_combo = _rule_combo(with_inherit=False)
        self.file_rule_combo = _rule_combo(with_inherit=True)
        self.file_rule_combo.setEnabled(False)
        self.tree = QTreeWidget()
        self.tree.setObjectName("importPreview")
        self.tree.setHeaderLabels([tr("imp.col_file"), tr("imp.col_questions"),
                                   tr("imp.col_answered"), tr("imp.col_status")])
        self.tree.setColumnWidth(0, 360)
        self.summary = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton(tr("imp.add"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow(tr("imp.folder"), top)
        form.addRow(tr("imp.rule"), self.rule_combo)
        form.addRow(tr("imp.file_rule"), self.file_rule_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.rule_combo.currentIndexChanged.connect(self._on_rule_combo_changed)
        self.file_rule_combo.currentIndexChanged.connect(self._on_file_rule_combo_changed)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if folder is not None:
            self.set_folder(folder)

    # -- choosing --------------------------------------------------------------------
    def set_folder(self, folder: Path) -> None:
        self.folder = folder.expanduser().resolve()
        self.folder_label.setText(str(self.folder))
        rule, self._file_rules = stored_rules(str(self.folder))
        self._select(self.rule_combo, str(rule))
        self.refresh()

    @property
    def rule(self) -> Rule:
        return parse_rule(self.rule_combo.currentData())

    def set_rule(self, rule: str) -> None:
        self._select(self.rule_combo, rule)

    def set_file_rule(self, path: str, rule: str) -> None:
        """``rule`` for the file at ``path`` ("" : the folder's rule)."""
        if rule == _INHERIT:
            self._file_rules.pop(path, None)
        else:
            self._file_rules[path] = parse_rule(rule)
        self.refresh()

    @staticmethod
    def _select(combo: QComboBox, rule: str) -> None:
        index = combo.findData(rule)
        combo.setCurrentIndex(max(index, 0))

    @Slot()
    def _on_choose_clicked(self) -> None:
        start = str(self.folder or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, tr("imp.choose_title"), start)
        if chosen:
            self.set_folder(Path(chosen))

    @Slot(int)
    def _on_rule_combo_changed(self, _index: int) -> None:
        self.refresh()

    @Slot(int)
    def _on_file_rule_combo_changed(self, _index: int) -> None:
        item = self.tree.currentItem()
        path = item.data(0, _PATH_ROLE) if item is not None else None
        if path:
            current = self._file_rules.get(path)
            wanted = self.file_rule_combo.currentData()
            if (str(current) if current else _INHERIT) != wanted:
                self.set_file_rule(path, wanted)

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_tree_current_changed(self, item: QTreeWidgetItem | None,
                                 _previous: QTreeWidgetItem | None) -> None:
        path = item.data(0, _PATH_ROLE) if item is not None else None
        self.file_rule_combo.setEnabled(bool(path))
        if path:
            own = self._file_rules.get(path)
            self.file_rule_combo.blockSignals(True)
            self._select(self.file_rule_combo, str(own) if own else _INHERIT)
            self.file_rule_combo.blockSignals(False)

    # -- reading ---------------------------------------------------------------------
    def refresh(self) -> None:
        if self.folder is None:
            return
        self._generation += 1
        generation, folder, rule = self._generation, self.folder, self.rule
        files = dict(self._file_rules)
        self.add_button.setEnabled(False)
        self.summary.setText(tr("imp.reading"))
        run_in_pool(lambda: (generation, preview_folder(folder, rule, files)),
                    self._on_preview_read, self._on_preview_failed)

    def _on_preview_read(self, result: tuple[int, FolderPreview]) -> None:
        generation, preview = result
        if generation != self._generation:
            return
        self.preview = preview
        current = self.tree.currentItem()
        keep = current.data(0, _PATH_ROLE) if current is not None else None
        self.tree.clear()
        for f in preview.files:
            item = self._file_item(f)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
            if f.path == keep:
                self.tree.setCurrentItem(item)
        read = [f for f in preview.files if not f.skipped]
        summary = tr("imp.summary", questions=len(preview.entries),
                     answered=sum(f.answered for f in read), files=len(read),
                     skipped=len(preview.files) - len(read))
        # About the folder itself ("too many files", an unreadable subfolder).
        self.summary.setText("\n".join([summary, *preview.warnings]))
        self.add_button.setEnabled(bool(preview.entries))
        self.sigPreviewShown.emit(preview)

    def _on_preview_failed(self, exc: BaseException) -> None:
        self.summary.setText(tr("imp.failed", reason=str(exc)))

    def _file_item(self, f: FilePreview) -> QTreeWidgetItem:
        name = f.name.split("/", 1)[1] if "/" in f.name else f.name
        if f.rule != self.rule:
            name = f"{name}  [{rule_label(str(f.rule))}]"
        status = tr("imp.skipped", reason=f.skipped) if f.skipped else ""
        item = QTreeWidgetItem([name, str(f.questions), str(f.answered), status])
        item.setData(0, _PATH_ROLE, f.path)
        for e in f.entries[:SHOWN_ENTRIES]:
            answer = " ".join((e.answer or "").split())[:120] or tr("imp.no_answer")
            item.addChild(QTreeWidgetItem([e.question, "", "", answer]))
        if f.questions > SHOWN_ENTRIES:
            item.addChild(QTreeWidgetItem([tr("imp.more", count=f.questions - SHOWN_ENTRIES)]))
        return item

    # -- adding ----------------------------------------------------------------------
    def accept(self) -> None:
        if self.folder is None or self.preview is None:
            return
        add_folder(str(self.folder), self.rule, self._file_rules)
        self.folder_added = True
        super().accept()
