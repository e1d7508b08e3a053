"""The left panel: sources and their sections as a tree, with counts, marks and filters."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable

from PySide6.QtCore import QPoint, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from interview_desk.corpus.model import Corpus, Entry, SourceInfo
from interview_desk.script import convert
from interview_desk.ui.browse.labels import clean_heading, entry_label, source_label
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.marks import Marks
from interview_desk.ui.shell.theme import muted_color

ID_ROLE = Qt.ItemDataRole.UserRole
LABEL_ROLE = Qt.ItemDataRole.UserRole + 1  # the section/source label without its count
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # a section's stable key (source + path as written)

FILTERS = ("all", "unanswered", "bookmarked", "not_known")
DUE_GLYPH = "↻"
_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+")


class SourceTree(QWidget):
    """Browse the corpus; filters hide rows, counts follow what is visible."""

    sigEntryActivated = Signal(str)  # entry id
    # "Draft all unanswered" on a section, source or folder: its label and its entry ids
    sigDraftAllRequested = Signal(str, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._corpus: Corpus | None = None
        self._marks = Marks()
        self._script = "original"
        self._items: dict[str, QTreeWidgetItem] = {}
        self._due: set[str] = set()  # entries in today's study queue

        self.filter_box = QComboBox(objectName="treeFilter")
        self.difficulty_box = QComboBox(objectName="treeDifficulty")
        self.tree = QTreeWidget(objectName="sourceTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.filter_box, 3)
        row.addWidget(self.difficulty_box, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.tree)

        self.retranslate()
        self.filter_box.currentIndexChanged.connect(self._on_filter_changed)
        self.difficulty_box.currentIndexChanged.connect(self._on_filter_changed)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_tree_context_menu_requested)

    # -- content -------------------------------------------------------------------------
    def set_corpus(self, corpus: Corpus) -> None:
        self._corpus = corpus
        self._rebuild()

    def set_marks(self, marks: Marks) -> None:
        self._marks = marks
        self.refresh_marks()

    def set_due(self, entry_ids: set[str]) -> None:
        """Mark the entries due for review today (↻); only changed rows are redrawn."""
        changed = self._due ^ entry_ids
        self._due = set(entry_ids)
        if changed:
            self._refresh_rows(changed)  # the counts once, not once per row

    def set_script(self, script: str) -> None:
        if script != self._script:
            self._script = script
            self._rebuild()

    def refresh_palette(self) -> None:
        """Recolour unanswered rows after a theme switch."""
        brush = QBrush(muted_color(self.palette()))
        corpus = self._corpus
        for eid, item in self._items.items():
            entry = corpus.get(eid) if corpus is not None else None
            if entry is not None and not entry.answered:
                item.setForeground(0, brush)

    def _expanded_keys(self) -> set[str]:
        keys = set()
        it = QTreeWidgetItemIterator(self.tree)
        while it.value():
            item = it.value()
            if item.isExpanded() and item.data(0, KEY_ROLE):
                keys.add(item.data(0, KEY_ROLE))
            it += 1
        return keys

    def _rebuild(self) -> None:
        current = self.current_entry_id()
        expanded = self._expanded_keys() if self._items else None
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items.clear()
        if self._corpus is not None:
            by_source: dict[str, list[Entry]] = {}
            for entry in self._corpus.entries:
                by_source.setdefault(entry.source, []).append(entry)
            folders: dict[tuple[str, ...], QTreeWidgetItem] = {}
            for info in self._corpus.sources:
                entries = by_source.get(info.file, [])
                # A user folder is one source node, its subfolders sections, its files
                # the sections below them (source names are "<folder>/<relative path>").
                *dirs, _name = info.file.split("/")
                parent = self._folder_node(folders, tuple(dirs)) if dirs else None
                self._add_source(info, entries, parent)
        if expanded is not None:  # the same sections stay open across a script switch
            it = QTreeWidgetItemIterator(self.tree)
            while it.value():
                item = it.value()
                if item.data(0, KEY_ROLE):
                    item.setExpanded(item.data(0, KEY_ROLE) in expanded)
                it += 1
        self.tree.blockSignals(False)
        self._apply_filters()
        if current:
            self.select_entry(current, emit=False)

    def _folder_node(self, folders: dict[tuple[str, ...], QTreeWidgetItem],
                     dirs: tuple[str, ...]) -> QTreeWidgetItem:
        """The node of a user folder (``dirs[:1]``) or one of its subfolders, made once."""
        node = folders.get(dirs)
        if node is None:
            parent = self._folder_node(folders, dirs[:-1]) if len(dirs) > 1 else None
            node = QTreeWidgetItem(parent if parent is not None else self.tree)
            node.setData(0, LABEL_ROLE, convert(dirs[-1], self._script))
            node.setData(0, KEY_ROLE, "\x1f".join(("folder", *dirs)))
            if parent is None:
                bold = QFont(node.font(0))
                bold.setBold(True)
                node.setFont(0, bold)
                node.setExpanded(True)  # like a shipped source: open, its sections closed
            folders[dirs] = node
        return node

    def _add_source(self, info: SourceInfo, entries: list[Entry],
                    parent: QTreeWidgetItem | None = None) -> None:
        top = QTreeWidgetItem(parent if parent is not None else self.tree)
        # inside a folder node the file is labelled by its own name, not the whole path
        shown = info if parent is None else dataclasses.replace(
            info, file=info.file.rsplit("/", 1)[-1])
        top.setData(0, LABEL_ROLE, convert(source_label(shown, entries), self._script))
        top.setData(0, KEY_ROLE, info.file)
        top.setToolTip(0, self._source_tooltip(info))
        if parent is None:
            bold = QFont(top.font(0))
            bold.setBold(True)
            top.setFont(0, bold)
        sections: dict[tuple[str, ...], QTreeWidgetItem] = {}
        # A single top section is already the source's label: don't repeat it.
        tops = {e.section_path[:1] for e in entries if e.section_path}
        skip = 1 if len(tops) == 1 else 0
        for entry in entries:
            parent = top
            path = entry.section_path[skip:]
            for depth in range(len(path)):
                key = path[: depth + 1]
                item = sections.get(key)
                if item is None:
                    item = QTreeWidgetItem(parent)
                    item.setData(0, LABEL_ROLE, convert(clean_heading(key[-1]), self._script))
                    item.setData(0, KEY_ROLE, "\x1f".join((info.file, *key)))
                    sections[key] = item
                parent = item
            leaf = QTreeWidgetItem(parent)
            leaf.setData(0, ID_ROLE, entry.id)
            text = convert(entry_label(entry), self._script)
            leaf.setText(0, text)
            leaf.setToolTip(0, text if entry.answered else f"{text}\n({tr('tree.no_answer')})")
            if not entry.answered:
                font = QFont(leaf.font(0))
                font.setItalic(True)
                leaf.setFont(0, font)
                leaf.setForeground(0, QBrush(muted_color(self.palette())))
            self._items[entry.id] = leaf
        top.setExpanded(parent is None)  # sources start open, sections closed

    def source_overview(self, file: str) -> str:
        """The document's own words for ``file`` (title, introduction, closing): they
        belong to no question, so the tree shows them at the source's node."""
        info = next((s for s in self._corpus.sources if s.file == file), None) \
            if self._corpus is not None else None
        return info.overview if info is not None else ""

    def _source_tooltip(self, info: SourceInfo) -> str:
        if not info.overview:
            return info.path
        # Headings and bold marks off; bullets stay (004's overview is a topic list).
        lines = [_HEADING_MARK.sub("", x).replace("**", "")
                 for x in info.overview.split("\n") if x.strip()]
        shown = "\n".join(lines[:60]) + ("\n…" if len(lines) > 60 else "")
        return f"{info.path}\n\n{tr('tree.overview')}\n{convert(shown, self._script)}"

    def refresh_marks(self, entry_id: str | None = None) -> None:
        """Redraw the marks column (one row, or all) and the counts."""
        self._refresh_rows([entry_id] if entry_id else list(self._items))

    def _refresh_rows(self, targets: Iterable[str]) -> None:
        for eid in targets:
            item = self._items.get(eid)
            if item is not None:
                due = DUE_GLYPH if eid in self._due else ""
                item.setText(1, self._marks.glyphs(eid) + due)
        if self.filter_box.currentIndex() > 1:  # bookmark/known filters depend on marks
            self._apply_filters()
        else:
            self._update_counts()

    # -- filters ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        for box, labels in (
            (self.filter_box, [tr(f"filter.{name}") for name in FILTERS]),
            (self.difficulty_box, [tr("filter.any_difficulty")]
             + [tr("filter.min_difficulty", n=n) for n in range(2, 6)]),
        ):
            index = max(box.currentIndex(), 0)
            box.blockSignals(True)
            box.clear()
            box.addItems(labels)
            box.setCurrentIndex(index)
            box.blockSignals(False)
        corpus = self._corpus
        for eid, leaf in self._items.items():  # the "(no answer)" line of the tooltips
            entry = corpus.get(eid) if corpus is not None else None
            if entry is not None and not entry.answered:
                leaf.setToolTip(0, f"{leaf.text(0)}\n({tr('tree.no_answer')})")

    def filter_state(self) -> tuple[str, int]:
        """(filter name, minimum difficulty or 0)."""
        diff = self.difficulty_box.currentIndex()
        return FILTERS[max(self.filter_box.currentIndex(), 0)], (diff + 1 if diff > 0 else 0)

    def set_filter_state(self, name: str, min_difficulty: int) -> None:
        if name in FILTERS:
            self.filter_box.setCurrentIndex(FILTERS.index(name))
        self.difficulty_box.setCurrentIndex(max(0, min(4, min_difficulty - 1)))

    def _matcher(self) -> Callable[[Entry], bool]:
        name, min_diff = self.filter_state()
        marks = self._marks

        def keep(entry: Entry) -> bool:
            if min_diff and (entry.difficulty or 0) < min_diff:
                return False
            if name == "unanswered":
                return not entry.answered
            if name == "bookmarked":
                return entry.id in marks.bookmarked
            if name == "not_known":
                return entry.id not in marks.known
            return True

        return keep

    @Slot(int)
    def _on_filter_changed(self, _index: int) -> None:
        self._apply_filters()

    def _apply_filters(self) -> None:
        if self._corpus is None:
            return
        keep = self._matcher()
        for eid, item in self._items.items():
            entry = self._corpus.get(eid)
            item.setHidden(entry is None or not keep(entry))
        self._update_counts()

    def _update_counts(self) -> None:
        """Label every source/section with its visible question count; hide empty ones."""

        def visit(item: QTreeWidgetItem) -> int:
            if item.data(0, ID_ROLE):
                return 0 if item.isHidden() else 1
            total = sum(visit(child) for i in range(item.childCount())
                        if (child := item.child(i)) is not None)
            item.setText(0, f"{item.data(0, LABEL_ROLE)}  ({total})")
            item.setHidden(total == 0)
            return total

        for i in range(self.tree.topLevelItemCount()):
            if (top := self.tree.topLevelItem(i)) is not None:
                visit(top)

    # -- selection and order ---------------------------------------------------------------
    def visible_entry_ids(self) -> list[str]:
        ids = []
        it = QTreeWidgetItemIterator(self.tree, QTreeWidgetItemIterator.IteratorFlag.NotHidden)
        while it.value():
            eid = it.value().data(0, ID_ROLE)
            if eid:
                ids.append(eid)
            it += 1
        return ids

    def current_entry_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select_entry(self, entry_id: str, emit: bool = True) -> bool:
        item = self._items.get(entry_id)
        if item is None:
            return False
        if item is self.tree.currentItem():
            # Already current: typically the user's own click, still inside the view's
            # mousePressEvent. Scrolling now would shift the rows under the press, and the
            # view then selects whatever row lies at the press point (a different entry).
            return True
        if not emit:
            self.tree.blockSignals(True)
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item, QTreeWidget.ScrollHint.PositionAtCenter)
        if not emit:
            self.tree.blockSignals(False)
        return True

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_tree_current_changed(self, current: QTreeWidgetItem | None,
                                 _previous: QTreeWidgetItem | None) -> None:
        if current is not None and current.data(0, ID_ROLE):
            self.sigEntryActivated.emit(current.data(0, ID_ROLE))

    # -- the section menu ------------------------------------------------------------------
    @staticmethod
    def entries_under(item: QTreeWidgetItem) -> list[str]:
        """Every entry id below a section, source or folder node (filters aside)."""
        ids: list[str] = []
        stack = [item]
        while stack:
            node = stack.pop()
            if node.data(0, ID_ROLE):
                ids.append(node.data(0, ID_ROLE))
            stack.extend(c for i in reversed(range(node.childCount()))
                         if (c := node.child(i)) is not None)
        return ids

    def section_menu(self, item: QTreeWidgetItem) -> QMenu | None:
        """The context menu of a section, source or folder node (None for an entry)."""
        if item.data(0, ID_ROLE) or self._corpus is None:
            return None
        ids = self.entries_under(item)
        corpus = self._corpus
        unanswered = sum(1 for i in ids if (e := corpus.get(i)) is not None and not e.answered)
        menu = QMenu(self.tree)
        action = menu.addAction(tr("tree.draft_all", n=unanswered))
        action.setObjectName("treeDraftAll")
        action.setEnabled(unanswered > 0)
        title = str(item.data(0, LABEL_ROLE) or "")
        action.triggered.connect(lambda: self.sigDraftAllRequested.emit(title, ids))
        return menu

    @Slot(QPoint)
    def _on_tree_context_menu_requested(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        menu = self.section_menu(item) if item is not None else None
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))
            menu.deleteLater()
