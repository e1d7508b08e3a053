"""The main window: tree | reader | study panel, search on top, status at the bottom.

It only wires widgets together; the core work happens in ``Desk`` (off the GUI thread)
and the pieces built elsewhere (reader, tutor, visualizer) are used through their
public methods.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from interview_desk import __version__
from interview_desk.corpus.model import Corpus, Entry
from interview_desk.paths import user_log_dir
from interview_desk.ui import desk as desk_states
from interview_desk.ui import i18n, state, theme
from interview_desk.ui.actions import SCRIPTS, Actions, Menus
from interview_desk.ui.desk import Desk
from interview_desk.ui.history import History
from interview_desk.ui.i18n import tr
from interview_desk.ui.marks import Marks
from interview_desk.ui.notes import NoteEditor
from interview_desk.ui.panels import (
    FindBar,
    RelatedList,
    load_optional,
    pending_spot,
    titled,
)
from interview_desk.ui.report import report_error
from interview_desk.ui.results import ResultsView
from interview_desk.ui.search_controller import SearchController
from interview_desk.ui.searchbar import SearchBar
from interview_desk.ui.statusbar import IndexState, ProgressLabel
from interview_desk.ui.tree import SourceTree, source_label

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1280, 800)
RELATED_LIMIT = 8


class MainWindow(QMainWindow):
    def __init__(self, desk: Desk, *, theme_choice: str = "system", script: str = "original",
                 language: str = "auto") -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.desk = desk
        self.history = History()
        self.theme_choice = theme_choice
        self.script = script
        self.language = language
        self._current: Entry | None = None
        self._pending_entry = ""  # the last entry of the previous run, opened once loaded
        self._build()
        self._connect()
        self._restore_view_state()
        self.retranslate()
        self._sync_actions()

    # -- construction -----------------------------------------------------------------
    def _build(self) -> None:
        self.actions_ = Actions(self)
        self.addActions(self.actions_.all())
        self.menus = Menus(self.menuBar(), self.actions_)

        self.search_bar = SearchBar()
        toolbar = QToolBar(objectName="searchToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.search_bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.search = SearchController(self.desk, self)

        self.tree = SourceTree()
        self.results = ResultsView()
        self.left = QStackedWidget(objectName="leftStack")
        self.left.addWidget(self.tree)
        self.left.addWidget(self.results)

        reader_cls = load_optional("interview_desk.ui.reader", "ReaderView")
        self.reader: Any = reader_cls() if reader_cls else None
        self.find_bar = FindBar()
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.reader or pending_spot("reader.pending", "readerPending"),
                                1)
        centre_layout.addWidget(self.find_bar)

        self.related = RelatedList()
        self.notes = NoteEditor()
        study = QSplitter(Qt.Orientation.Vertical, objectName="studySplitter")
        study.addWidget(titled(self.related, "panel.related"))
        study.addWidget(titled(self.notes, "panel.note"))
        study.setSizes([260, 440])
        self.study_splitter = study
        tutor_cls = load_optional("interview_desk.ui.tutor.panel", "TutorPanel")
        self.tutor: Any = tutor_cls() if tutor_cls else None
        self.side = QTabWidget(objectName="sideTabs")
        self.side.addTab(study, "")
        self.side.addTab(self.tutor or pending_spot("panel.tutor_pending", "tutorPending"), "")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([330, 630, 320])
        self.setCentralWidget(self.splitter)

        dock_cls = load_optional("interview_desk.ui.viz.dock", "VisualizerDock")
        self.viz_dock: Any = dock_cls(self) if dock_cls else None
        if self.viz_dock is not None:
            self.viz_dock.setObjectName("visualizerDock")
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.viz_dock)
            self.viz_dock.hide()
        self.actions_["visualizer"].setEnabled(self.viz_dock is not None)

        self.progress_label = ProgressLabel()
        self.index_state = IndexState()
        self.statusBar().addPermanentWidget(self.progress_label)
        self.statusBar().addPermanentWidget(self.index_state)
        self.resize(DEFAULT_SIZE)

    def _connect(self) -> None:
        a = self.actions_
        d = self.desk
        d.sigCorpusLoaded.connect(self._on_desk_corpus_loaded)
        d.sigMarksLoaded.connect(self._on_desk_marks_loaded)
        d.sigIndexStateChanged.connect(self._on_desk_index_state_changed)
        d.sigErrorRaised.connect(self._on_desk_error_raised)
        d.sigNoteSaved.connect(self.notes.mark_saved)
        d.sigIndexProgressed.connect(self.index_state.set_progress)
        d.sigNoticeRaised.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.tree.sigEntryActivated.connect(self.open_entry)
        self.results.sigEntryActivated.connect(self.open_entry)
        self.results.sigSuggestionActivated.connect(self.search_bar.set_query)
        self.related.sigEntryActivated.connect(self.open_entry)
        self.search_bar.sigQueryEdited.connect(self._on_search_bar_query_edited)
        self.search_bar.sigFiltersChanged.connect(self.search.set_filters)
        self.search_bar.sigDownPressed.connect(self._on_search_bar_down_pressed)
        self.search.sigResultsReady.connect(self.results.set_results)
        self.search.sigCleared.connect(self._on_search_cleared)
        self.notes.sigNoteEdited.connect(self.desk.save_note)
        self.find_bar.sigFindRequested.connect(self._on_find_bar_find_requested)
        if self.reader is not None and hasattr(self.reader, "sigEntryLinkActivated"):
            self.reader.sigEntryLinkActivated.connect(self.open_entry)
        if self.tutor is not None and hasattr(self.tutor, "sigEntryRequested"):
            self.tutor.sigEntryRequested.connect(self.open_entry)

        a["quit"].triggered.connect(self.close)
        a["search"].triggered.connect(self.focus_search)
        a["copy"].triggered.connect(self._on_copy_triggered)
        a["find"].triggered.connect(self.find_bar.open)
        a["find_next"].triggered.connect(
            lambda: self._on_find_bar_find_requested(self.find_bar.line.text(), False))
        a["back"].triggered.connect(self.go_back)
        a["forward"].triggered.connect(self.go_forward)
        a["next"].triggered.connect(lambda: self.step_entry(+1))
        a["previous"].triggered.connect(lambda: self.step_entry(-1))
        a["bookmark"].triggered.connect(self._on_bookmark_triggered)
        a["known"].triggered.connect(self._on_known_triggered)
        a["note"].triggered.connect(self._on_note_triggered)
        a["tutor"].triggered.connect(lambda: self.side.setCurrentIndex(1))
        a["zoom_in"].triggered.connect(lambda: self._reader_call("zoom_in"))
        a["zoom_out"].triggered.connect(lambda: self._reader_call("zoom_out"))
        a["zoom_reset"].triggered.connect(lambda: self._reader_call("zoom_reset"))
        a["script_cycle"].triggered.connect(
            lambda: self.set_script(SCRIPTS[(SCRIPTS.index(self.script) + 1) % len(SCRIPTS)]))
        a["visualizer"].toggled.connect(self._on_visualizer_toggled)
        a["log"].triggered.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(user_log_dir()))))
        a["about"].triggered.connect(
            lambda: QMessageBox.about(self, tr("error.title"),
                                      tr("about.text", version=__version__)))
        a.theme_group.triggered.connect(lambda act: self.set_theme(act.data()))
        a.script_group.triggered.connect(lambda act: self.set_script(act.data()))
        a.language_group.triggered.connect(lambda act: self.set_language(act.data()))
        if self.viz_dock is not None:
            self.viz_dock.visibilityChanged.connect(a["visualizer"].setChecked)

    # -- the core reports in ----------------------------------------------------------------
    @Slot(object)
    def _on_desk_corpus_loaded(self, corpus: Corpus) -> None:
        self.tree.set_corpus(corpus)
        self.tree.set_marks(self.desk.marks)
        by_source: dict[str, list[Entry]] = {}
        for entry in corpus.entries:
            by_source.setdefault(entry.source, []).append(entry)
        self.search_bar.set_sources([(s.file, source_label(s, by_source.get(s.file, [])))
                                     for s in corpus.sources])
        self._update_progress()
        if self._pending_entry and corpus.get(self._pending_entry):
            self.open_entry(self._pending_entry)
        self._pending_entry = ""

    @Slot(object)
    def _on_desk_marks_loaded(self, marks: Marks) -> None:
        self.tree.set_marks(marks)
        self._update_progress()
        self._sync_actions()
        if self._current is not None:
            self.notes.set_entry(self._current.id, marks.notes.get(self._current.id, ""))

    @Slot(str)
    def _on_desk_index_state_changed(self, index_state: str) -> None:
        corpus = self.desk.corpus
        self.index_state.set_state(index_state, len(corpus.entries) if corpus else 0)
        if index_state == desk_states.INDEX_READY:
            self.search.refresh()
            if self._current is not None:
                self._load_related(self._current.id)
        elif self.search.query:
            self.results.set_message(tr("search.waiting"))

    @Slot(object, str)
    def _on_desk_error_raised(self, exc: BaseException, where: str) -> None:
        report_error(self, exc, "status" if where == "status" else "dialog")

    # -- opening entries ----------------------------------------------------------------
    @Slot(str)
    def open_entry(self, entry_id: str, record: bool = True) -> bool:
        entry = self.desk.entry(entry_id)
        if entry is None:
            if self.desk.corpus is not None:
                self.statusBar().showMessage(tr("status.entry_missing"), 5000)
            return False
        if self._current is not None and self._current.id == entry_id:
            return True
        self.notes.flush()
        self._current = entry
        if record:
            self.history.visit(entry_id)
        self.tree.select_entry(entry_id, emit=False)
        self._show_in_reader(entry)
        self.notes.set_entry(entry_id, self.desk.marks.notes.get(entry_id, ""))
        self.desk.mark_seen(entry_id)
        self.tree.refresh_marks(entry_id)
        self._update_progress()
        self._load_related(entry_id)
        self._fill_visualize_menu(entry)
        if self.tutor is not None and hasattr(self.tutor, "set_entry"):
            self.tutor.set_entry(entry)
        self._sync_actions()
        return True

    def _show_in_reader(self, entry: Entry) -> None:
        if self.reader is None:
            return
        self.reader.show_entry(entry, script=self.script,
                               note=self.desk.marks.notes.get(entry.id, ""))

    def _load_related(self, entry_id: str) -> None:
        if self.desk.index is None:
            self.related.set_entries([], self.script)
            return

        def done(hits: Any) -> None:
            if self._current is None or self._current.id != entry_id:
                return
            found = [self.desk.entry(hit.entry_id) for hit in hits]
            self.related.set_entries([e for e in found if e is not None], self.script)

        self.desk.run_search(lambda index: index.related(entry_id, limit=RELATED_LIMIT), done)

    def _fill_visualize_menu(self, entry: Entry) -> None:
        menu = self.menus.visualize
        menu.clear()
        menu.addAction(self.actions_["visualizer"])
        menu.addSeparator()
        presets_for_entry = load_optional("interview_desk.viz.presets", "presets_for_entry")
        presets = presets_for_entry(entry) if presets_for_entry else []
        if not presets or self.viz_dock is None:
            none = menu.addAction(tr("act.no_presets"))
            none.setEnabled(False)
            return
        for preset in presets:
            action = menu.addAction(preset.title)
            action.setObjectName(f"preset_{preset.id}")
            action.triggered.connect(lambda _=False, pid=preset.id: self.show_preset(pid))

    def show_preset(self, preset_id: str) -> None:
        if self.viz_dock is None:
            return
        self.viz_dock.show()
        self.viz_dock.show_preset(preset_id)

    # -- navigation ---------------------------------------------------------------------
    def go_back(self) -> None:
        entry_id = self.history.back()
        if entry_id:
            self.open_entry(entry_id, record=False)
        self._sync_actions()

    def go_forward(self) -> None:
        entry_id = self.history.forward()
        if entry_id:
            self.open_entry(entry_id, record=False)
        self._sync_actions()

    def step_entry(self, step: int) -> None:
        """Next/previous in what the user is looking at: the results, else the tree."""
        searching = self.left.currentWidget() is self.results
        order = self.results.entry_ids() if searching else self.tree.visible_entry_ids()
        if not order:
            return
        current = self._current.id if self._current else None
        if current in order:
            position = max(0, min(len(order) - 1, order.index(current) + step))
        else:
            position = 0 if step > 0 else len(order) - 1
        if searching:
            self.results.list.setCurrentIndex(self.results.model.index(position))
        self.open_entry(order[position])

    def focus_search(self) -> None:
        self.search_bar.line.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_bar.line.selectAll()

    @Slot(str)
    def _on_search_bar_query_edited(self, text: str) -> None:
        if text.strip():
            self.left.setCurrentWidget(self.results)
            if self.desk.index is None:
                self.results.set_message(tr("search.waiting"))
        self.search.set_query(text)

    @Slot()
    def _on_search_cleared(self) -> None:
        self.results.clear()
        self.left.setCurrentWidget(self.tree)

    @Slot()
    def _on_search_bar_down_pressed(self) -> None:
        if self.left.currentWidget() is self.results and self.results.model.rowCount():
            self.results.list.setFocus()
            self.results.activate_row(0)

    # -- study actions ------------------------------------------------------------------
    @Slot()
    def _on_bookmark_triggered(self) -> None:
        if self._current is None:
            self._sync_actions()
            return
        on = self._current.id not in self.desk.marks.bookmarked
        self.desk.set_bookmark(self._current.id, on)
        self.tree.refresh_marks(self._current.id)
        self._update_progress()
        self.statusBar().showMessage(tr("status.bookmarked" if on else "status.unbookmarked"),
                                     3000)
        self._sync_actions()

    @Slot()
    def _on_known_triggered(self) -> None:
        if self._current is None:
            self._sync_actions()
            return
        known = self._current.id not in self.desk.marks.known
        self.desk.set_known(self._current.id, known)
        self.tree.refresh_marks(self._current.id)
        self._update_progress()
        self.statusBar().showMessage(tr("status.known" if known else "status.unknown"), 3000)
        self._sync_actions()

    @Slot()
    def _on_note_triggered(self) -> None:
        self.side.setCurrentIndex(0)
        self.notes.editor.setFocus()

    @Slot()
    def _on_copy_triggered(self) -> None:
        if self.reader is not None and self.reader.textCursor().hasSelection():
            self.reader.copy()
        elif self._current is not None:
            text = self._current.question + "\n\n" + (self._current.answer or "")
            QApplication.clipboard().setText(text)

    @Slot(str, bool)
    def _on_find_bar_find_requested(self, text: str, backwards: bool) -> None:
        if self.reader is None or not text:
            return
        if not self.reader.find_text(text, backwards=backwards):
            self.statusBar().showMessage(tr("status.not_found", q=text), 3000)

    @Slot(bool)
    def _on_visualizer_toggled(self, on: bool) -> None:
        if self.viz_dock is not None and self.viz_dock.isVisible() != on:
            self.viz_dock.setVisible(on)

    def _reader_call(self, method: str) -> None:
        if self.reader is not None:
            getattr(self.reader, method)()

    # -- display preferences ------------------------------------------------------------
    def set_theme(self, choice: str) -> None:
        self.theme_choice = choice
        app = QApplication.instance()
        effective = theme.apply_theme(app, choice) if isinstance(app, QApplication) else "light"
        if self.reader is not None and hasattr(self.reader, "set_theme"):
            self.reader.set_theme(effective)
        state.save_display_pref("theme", choice)
        if self.desk.corpus is not None:  # unanswered rows take their colour from the palette
            self.tree.set_corpus(self.desk.corpus)
        self._sync_actions()

    def set_script(self, script: str) -> None:
        if script not in SCRIPTS:
            return
        self.script = script
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_font(app, script)
        self.tree.set_script(script)
        self.search.set_script(script)
        self.search.refresh()
        if self._current is not None:
            self._show_in_reader(self._current)
            self._load_related(self._current.id)
        if self.tutor is not None and hasattr(self.tutor, "set_script"):
            self.tutor.set_script(script)
        state.save_display_pref("script", script)
        self._sync_actions()

    def set_language(self, language: str) -> None:
        self.language = language
        i18n.set_language(language)
        state.save_display_pref("language", language)
        self.retranslate()
        self._sync_actions()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("error.title"))
        self.actions_.retranslate()
        self.menus.retranslate()
        self.search_bar.retranslate()
        self.tree.retranslate()
        self.notes.retranslate()
        self.find_bar.retranslate()
        self.progress_label.retranslate()
        self.index_state.retranslate()
        self.side.setTabText(0, tr("panel.study"))
        self.side.setTabText(1, tr("panel.tutor"))
        for spot in self.findChildren(QWidget):
            key = spot.property("i18nKey")
            if isinstance(key, str) and hasattr(spot, "setText"):
                spot.setText(tr(key))
        if self._current is not None:
            self._fill_visualize_menu(self._current)
        else:
            self.menus.visualize.clear()
            self.menus.visualize.addAction(self.actions_["visualizer"])

    def _sync_actions(self) -> None:
        a = self.actions_
        has_entry = self._current is not None
        eid = self._current.id if self._current else ""
        for name in ("bookmark", "known", "note", "copy"):
            a[name].setEnabled(has_entry)
        a["bookmark"].setChecked(eid in self.desk.marks.bookmarked)
        a["known"].setChecked(eid in self.desk.marks.known)
        a["back"].setEnabled(self.history.can_back())
        a["forward"].setEnabled(self.history.can_forward())
        a.check(a.theme_group, self.theme_choice)
        a.check(a.script_group, self.script)
        a.check(a.language_group, self.language)

    def _update_progress(self) -> None:
        corpus = self.desk.corpus
        if corpus is not None:
            self.progress_label.set_counts(
                {k: v for k, v in self.desk.marks.counts(e.id for e in corpus.entries).items()
                 if k != "noted"})

    # -- view state -----------------------------------------------------------------------
    def _restore_view_state(self) -> None:
        settings = state.view_settings()
        geometry = state.read_bytes(settings, "window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        layout = state.read_bytes(settings, "window/state")
        if layout is not None:
            self.restoreState(layout)
        for splitter, key in ((self.splitter, "window/splitter"),
                              (self.study_splitter, "window/studySplitter")):
            saved = state.read_bytes(settings, key)
            if saved is not None:
                splitter.restoreState(saved)
        self.tree.set_filter_state(state.read_str(settings, "tree/filter", "all"),
                                   state.read_int(settings, "tree/minDifficulty", 0))
        self.side.setCurrentIndex(state.read_int(settings, "window/sideTab", 0))
        self._pending_entry = state.read_str(settings, "reader/lastEntry")

    def save_view_state(self) -> None:
        settings = state.view_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/studySplitter", self.study_splitter.saveState())
        settings.setValue("window/sideTab", self.side.currentIndex())
        name, min_difficulty = self.tree.filter_state()
        settings.setValue("tree/filter", name)
        settings.setValue("tree/minDifficulty", min_difficulty)
        if self._current is not None:
            settings.setValue("reader/lastEntry", self._current.id)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.notes.flush()
        self.save_view_state()
        self.desk.close()
        super().closeEvent(event)

    def start(self) -> None:
        """Start loading the corpus, store and index (after the window is shown)."""
        QTimer.singleShot(0, self.desk.start)
