"""The main window: tree | reader | study panel, search on top, status at the bottom.

It only wires widgets together; the core work happens in ``Desk`` (off the GUI thread)
and the pieces built elsewhere (reader, tutor, visualizer) are used through their
public methods.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QWidget,
)

from interview_desk import __version__
from interview_desk.corpus.model import Corpus, Entry
from interview_desk.errors import DeskError
from interview_desk.paths import user_log_dir
from interview_desk.settings import update_settings
from interview_desk.ui import i18n
from interview_desk.ui.browse.history import History
from interview_desk.ui.browse.labels import source_label
from interview_desk.ui.browse.pane import LeftPane
from interview_desk.ui.i18n import tr
from interview_desk.ui.importer.dialog import ImportDialog
from interview_desk.ui.importer.watch import FolderWatcher
from interview_desk.ui.qt_translations import use_qt_translations
from interview_desk.ui.reader.area import ReaderArea
from interview_desk.ui.runtime import desk as desk_states
from interview_desk.ui.runtime.desk import Desk
from interview_desk.ui.runtime.marks import Marks
from interview_desk.ui.runtime.report import report_error
from interview_desk.ui.runtime.workers import Latest
from interview_desk.ui.search.bar import SearchBar
from interview_desk.ui.search.controller import SearchController
from interview_desk.ui.shell import geometry, theme
from interview_desk.ui.shell import view_state as state
from interview_desk.ui.shell.actions import SCRIPTS, Actions, Menus
from interview_desk.ui.shell.shortcuts import ShortcutsDialog
from interview_desk.ui.shell.side_tabs import STUDY_TAB, TUTOR_TAB, SidePanel
from interview_desk.ui.shell.statusbar import (
    DueLabel,
    IndexState,
    ProgressLabel,
    ScriptIndicator,
)
from interview_desk.ui.study.keys import WINDOW_KEYS
from interview_desk.ui.study.launch import StudyLauncher
from interview_desk.ui.study.notes import show_merged
from interview_desk.ui.tutor.batch_runner import DraftBatchRunner
from interview_desk.ui.tutor.batch_view import DraftBatchBar
from interview_desk.ui.viz.menu import Visualizer

if TYPE_CHECKING:
    from interview_desk.store import Draft
    from interview_desk.ui.tutor.manager import ModelManagerDialog

log = logging.getLogger(__name__)

RELATED_LIMIT = 8
# The math warm-up (seconds of rendering on the pool) starts this long after the index is
# ready, so the first search, which usually follows at once, does not share the CPU with it.
MATH_WARM_DELAY_MS = 1000
CENTRE_MIN_HEIGHT = 300


class MainWindow(QMainWindow):
    def __init__(self, desk: Desk, *, theme_choice: str = "system", script: str = "original",
                 language: str = "auto", view_settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.desk = desk
        self._view_settings = view_settings  # None: the user's window.ini
        self.history = History()
        self.theme_choice = theme_choice
        self.script = script
        self.language = language
        self._current: Entry | None = None
        self._pending_entry = ""  # the last entry of the previous run, opened once loaded
        self._related_latest = Latest()  # only the open entry's related list is shown
        # One line each, shown once the window is up (a damaged settings file, ...).
        self.startup_notices: list[str] = []
        self._build()
        self._connect()
        view_path = (Path(self._view_settings.fileName()) if self._view_settings is not None
                     else state.view_settings_path())
        view_repair = state.repair_view_file(view_path)
        if view_repair is not None:
            self.startup_notices.append(view_repair.notice())
        self._pending_entry = state.restore_view(self, self._view_settings
                                                 or state.view_settings())
        geometry.keep_on_screen(self)  # saved on a bigger monitor, or on another one
        self.retranslate()
        self._sync_actions()

    # -- construction -----------------------------------------------------------------
    def _build(self) -> None:
        self.actions_ = Actions(self)
        self.addActions(self.actions_.all())
        self.menus = Menus(self.menuBar(), self.actions_)
        self.folder_watcher = FolderWatcher(self)  # user folders: edits flow in

        self.search_bar = SearchBar()
        toolbar = QToolBar(objectName="searchToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.search_bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.search = SearchController(self.desk, self)

        self.left = LeftPane()
        self.tree, self.results = self.left.tree, self.left.results

        self.centre = ReaderArea()
        self.find_bar = self.centre.find_bar

        self.side = SidePanel()
        self.related = self.side.related
        self.notes = self.side.notes

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.centre)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([330, 630, 320])
        # The visualizer dock shares the height with this row: never squeeze the reader
        # and the tutor's chat below a readable height, whatever size the dock is given.
        self.splitter.setMinimumHeight(CENTRE_MIN_HEIGHT)
        self.setCentralWidget(self.splitter)

        self.visualizer = Visualizer(self, self.menus.visualize, self.actions_["visualizer"])

        self._accessible: list[tuple[QWidget, str]] = [
            (self.search_bar.line, "a11y.search"), (self.tree.tree, "a11y.tree"),
            (self.results.list, "a11y.results"), (self.related, "a11y.related"),
            (self.notes.editor, "a11y.note"), (self.centre, "a11y.answer")]
        self.shortcuts_dialog: ShortcutsDialog | None = None  # built when first asked for
        self.progress_label = ProgressLabel()
        self.index_state = IndexState()
        self.script_indicator = ScriptIndicator()
        self.script_indicator.set_script(self.script)
        self.due_label = DueLabel()
        self.study = StudyLauncher(self, self.desk, self.due_label, self.tree,
                                   lambda: self.side.tutor.model if self.side.tutor else None)
        # "Draft all unanswered" (tree sections, study decks): one background batch
        self.drafts = DraftBatchRunner(lambda: self.side.tutor, lambda: self.desk.corpus,
                                       self.desk.user_data, self)
        self.study.draft_all = self.drafts.start
        self.draft_bar = DraftBatchBar(self.drafts)
        self.statusBar().addPermanentWidget(self.draft_bar)
        self.statusBar().addPermanentWidget(self.due_label)
        self.statusBar().addPermanentWidget(self.progress_label)
        self.statusBar().addPermanentWidget(self.index_state)
        self.statusBar().addPermanentWidget(self.script_indicator)
        geometry.place_default(self)

    def _connect(self) -> None:
        a = self.actions_
        d = self.desk
        d.sigCorpusLoaded.connect(self._on_desk_corpus_loaded)
        self.folder_watcher.sigFoldersChanged.connect(d.reload_corpus)
        d.sigMarksLoaded.connect(self._on_desk_marks_loaded)
        d.sigIndexStateChanged.connect(self._on_desk_index_state_changed)
        d.sigErrorRaised.connect(self._on_desk_error_raised)
        d.sigNoteSaved.connect(self.notes.mark_saved)
        d.sigNoteMerged.connect(self._on_desk_note_merged)
        d.sigNoteNotSaved.connect(self.notes.mark_not_saved)
        d.sigNoteSaved.connect(self.tree.refresh_marks)  # the ✎ mark
        d.sigIndexProgressed.connect(self.index_state.set_progress)
        d.sigNoticeRaised.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.left.sigEntryActivated.connect(self.open_entry)
        self.results.sigSuggestionActivated.connect(self.search_bar.set_query)
        self.side.sigEntryRequested.connect(self.open_entry)
        self.side.sigModelLoaded.connect(self.visualizer.set_model)
        self.side.sigModelManagerRequested.connect(self.open_model_manager)
        self.side.sigDraftFinished.connect(self._on_draft_saved)
        self.search_bar.sigQueryEdited.connect(self._on_search_bar_query_edited)
        self.search_bar.sigQuerySet.connect(self._on_search_bar_query_set)
        self.search_bar.sigFiltersChanged.connect(self.search.set_filters)
        self.search_bar.sigDownPressed.connect(self.left.enter_results)
        self.search.sigResultsReady.connect(self.results.set_results)
        self.search.sigCleared.connect(self.left.show_tree)
        self.notes.sigNoteEdited.connect(self.desk.save_note)
        self.centre.sigEntryLinkActivated.connect(self.open_entry)
        self.centre.sigDraftRequested.connect(self._on_draft_requested)
        self.tree.sigDraftAllRequested.connect(self.drafts.start)
        self.drafts.sigRefused.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.drafts.sigDraftSaved.connect(self._on_batch_draft_saved)
        self.centre.sigNotFound.connect(
            lambda text: self.statusBar().showMessage(tr("status.not_found", q=text), 3000))

        a["quit"].triggered.connect(self.close)
        a["search"].triggered.connect(self.focus_search)
        a["copy"].triggered.connect(self._on_copy_triggered)
        a["find"].triggered.connect(self.find_bar.open)
        a["find_next"].triggered.connect(
            lambda: self.find_bar.sigFindRequested.emit(self.find_bar.line.text(), False))
        a["back"].triggered.connect(self.go_back)
        a["forward"].triggered.connect(self.go_forward)
        a["next"].triggered.connect(lambda: self.step_entry(+1))
        a["previous"].triggered.connect(lambda: self.step_entry(-1))
        a["bookmark"].triggered.connect(lambda: self.toggle_mark("bookmark"))
        a["known"].triggered.connect(lambda: self.toggle_mark("known"))
        a["note"].triggered.connect(self._on_note_triggered)
        a["tutor"].triggered.connect(self._on_tutor_triggered)
        a["study_now"].triggered.connect(lambda: self.study.open_review(self.script))
        a["study_stats"].triggered.connect(lambda: self.study.open_stats())
        a["study_mock"].triggered.connect(lambda: self.study.open_mock(self.script))
        a["models"].triggered.connect(self.open_model_manager)
        a["zoom_in"].triggered.connect(lambda: self.centre.call("zoom_in"))
        a["zoom_out"].triggered.connect(lambda: self.centre.call("zoom_out"))
        a["zoom_reset"].triggered.connect(lambda: self.centre.call("zoom_reset"))
        a["script_cycle"].triggered.connect(
            lambda: self.set_script(SCRIPTS[(SCRIPTS.index(self.script) + 1) % len(SCRIPTS)]))
        a["import"].triggered.connect(lambda: self.open_import())
        a["log"].triggered.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(user_log_dir()))))
        a["shortcuts"].triggered.connect(self.show_shortcuts)
        a["about"].triggered.connect(self._on_about_triggered)
        self.script_indicator.clicked.connect(a["script_cycle"].trigger)
        a.theme_group.triggered.connect(lambda act: self.set_theme(act.data()))
        a.script_group.triggered.connect(lambda act: self.set_script(act.data()))
        a.language_group.triggered.connect(lambda act: self.set_language(act.data()))

    # -- the core reports in ----------------------------------------------------------------
    @Slot(str, str)
    def _on_desk_note_merged(self, entry_id: str, merged: str) -> None:
        # Another instance had changed the note: both texts are stored. The editors on it
        # (the window's, the review screen's) show the merge unless one holds typing not
        # yet saved (that save merges again).
        review = self.study.review
        editors = [self.notes] if review is None else [self.notes, review.note_editor]
        if show_merged(editors, entry_id, merged):
            self.desk.accept_merged_note(entry_id, merged)

    @Slot(object)
    def _on_desk_corpus_loaded(self, corpus: Corpus) -> None:
        self.folder_watcher.watch(corpus.folders)
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
        self._maybe_load_tutor()

    def _maybe_load_tutor(self) -> None:
        if self.desk.corpus is not None and self.desk.marks_loaded:
            self.side.load_tutor(self.desk.corpus, lambda: self.desk.index, self.desk.user_data)

    @Slot(object)
    def _on_desk_marks_loaded(self, marks: Marks) -> None:
        self.tree.set_marks(marks)
        self._update_progress()
        self._sync_actions()
        self.study.refresh_due()
        if self._current is not None:
            self.notes.set_entry(self._current.id, marks.notes.get(self._current.id, ""))
        self._maybe_load_tutor()

    @Slot(str)
    def _on_desk_index_state_changed(self, index_state: str) -> None:
        corpus = self.desk.corpus
        self.index_state.set_state(index_state, len(corpus.entries) if corpus else 0)
        if index_state == desk_states.INDEX_READY:
            self.search.refresh()
            if corpus is not None:  # after the index: never competes with its first build
                entries = corpus.entries
                QTimer.singleShot(MATH_WARM_DELAY_MS, self,
                                  lambda: self.centre.warm_math(entries))
            if self._current is not None:
                self._load_related(self._current.id)
        elif self.search.query:
            self.left.show_results(index_ready=False)

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
        self.visualizer.fill(entry)
        self.side.set_entry(entry)
        self._sync_actions()
        return True

    def _show_in_reader(self, entry: Entry) -> None:
        """The entry in the reader; an unanswered one with its saved draft, if any (read
        from the user's file first: a millisecond on the store's thread)."""
        script = self.script
        if entry.answered:
            self.centre.show_entry(entry, script)
            return

        def show(draft: Draft | None) -> None:
            if self._current is entry:
                self.centre.show_entry(entry, script, draft.text if draft else None)

        self.desk.user_data.run(lambda store: store.draft(entry.id), show,
                                lambda _exc: show(None), context=self)

    def _load_related(self, entry_id: str) -> None:
        if self.desk.index is None:
            self._related_latest.drop()
            self.related.set_entries([], self.script)
            return

        def done(hits: Any) -> None:
            found = [self.desk.entry(hit.entry_id) for hit in hits]
            self.related.set_entries([e for e in found if e is not None], self.script)

        self.desk.run_search(lambda index: index.related(entry_id, limit=RELATED_LIMIT), done,
                             context=self.related, latest=self._related_latest)

    def current_entry_id(self) -> str:
        return self._current.id if self._current is not None else ""

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
        entry_id = self.left.neighbour(self.current_entry_id() or None, step)
        if entry_id:
            self.open_entry(entry_id)

    def focus_search(self) -> None:
        self.search_bar.line.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_bar.line.selectAll()

    @Slot(str)
    def _on_search_bar_query_edited(self, text: str) -> None:
        if text.strip():
            self.left.show_results(index_ready=self.desk.index is not None)
        self.search.set_query(text)

    @Slot(str)
    def _on_search_bar_query_set(self, text: str) -> None:
        self._on_search_bar_query_edited(text)
        self.search.run_query(text)  # a whole query: now, not after the typing pause

    # -- study actions ------------------------------------------------------------------
    def toggle_mark(self, kind: str) -> None:
        """Flip ``bookmark`` or ``known`` on the open entry."""
        if self._current is not None:
            eid = self._current.id
            if kind == "bookmark":
                on = eid not in self.desk.marks.bookmarked
                self.desk.set_bookmark(eid, on)
                message = "status.bookmarked" if on else "status.unbookmarked"
            else:
                on = eid not in self.desk.marks.known
                self.desk.set_known(eid, on)
                message = "status.known" if on else "status.unknown"
            self.tree.refresh_marks(eid)
            self._update_progress()
            self.statusBar().showMessage(tr(message), 3000)
        self._sync_actions()

    @Slot()
    def _on_note_triggered(self) -> None:
        self.side.setCurrentIndex(STUDY_TAB)
        self.notes.editor.setFocus()

    @Slot()
    def open_model_manager(self) -> ModelManagerDialog:
        """The model manager, window-modal; its choice switches the tutor's model."""
        from interview_desk.ui.tutor.manager import ModelManagerDialog

        dialog = ModelManagerDialog(parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sigModelChosen.connect(self._on_manager_model_chosen)
        dialog.sigModelsChanged.connect(self._on_manager_models_changed)
        dialog.open()
        return dialog

    @Slot(str, int, int)
    def _on_manager_model_chosen(self, path: str, n_ctx: int, n_gpu_layers: int) -> None:
        if self.side.tutor is not None:
            self.side.tutor.use_model(path, n_ctx, n_gpu_layers)
        else:  # the tutor is built later and reads the saved choice
            update_settings(model=path, n_ctx=n_ctx, n_gpu_layers=n_gpu_layers)

    @Slot()
    def _on_manager_models_changed(self) -> None:
        if self.side.tutor is not None:
            self.side.tutor.populate_models()

    @Slot(str)
    def _on_draft_requested(self, entry_id: str) -> None:
        """The reader's "Draft an answer": the tutor drafts the open entry."""
        self.side.setCurrentIndex(TUTOR_TAB)
        if self.side.tutor is not None and self._current is not None \
                and self._current.id == entry_id:
            self.side.tutor.draft()

    @Slot(str)
    def _on_batch_draft_saved(self, entry_id: str) -> None:
        if self.side.tutor is not None:  # the tutor shows the draft if that entry is open
            self.side.tutor.draft_saved(entry_id)
        self._on_draft_saved(entry_id)

    @Slot(str)
    def _on_draft_saved(self, entry_id: str) -> None:
        """A draft was saved (or refused by the guard): the reader shows what is stored."""
        if self._current is not None and self._current.id == entry_id:
            self._show_in_reader(self._current)

    @Slot()
    def _on_tutor_triggered(self) -> None:
        self.side.setCurrentIndex(TUTOR_TAB)
        if self.side.tutor is not None:  # built once corpus and store are in
            self.side.tutor.focus_input()

    @Slot()
    def _on_copy_triggered(self) -> None:
        selected = self.centre.selected_text()
        if selected:
            QApplication.clipboard().setText(selected)
        elif self._current is not None:
            text = self._current.question + "\n\n" + (self._current.answer or "")
            QApplication.clipboard().setText(text)

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help ▸ Keyboard shortcuts (non-modal: it can stay open beside the window)."""
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self.menuBar(), self, windows=WINDOW_KEYS)
        self.shortcuts_dialog.retranslate()  # the menus may have changed since
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()
        self.shortcuts_dialog.activateWindow()
        return self.shortcuts_dialog

    def open_import(self, folder: Path | None = None) -> ImportDialog:
        """File ▸ Import notes folder…: the preview; the corpus reloads once added."""
        dialog = ImportDialog(folder, self)
        dialog.finished.connect(lambda _result: self._on_import_finished(dialog))
        dialog.open()
        return dialog

    def _on_import_finished(self, dialog: ImportDialog) -> None:
        if dialog.folder_added:
            self.desk.reload_corpus()
        dialog.deleteLater()

    @Slot()
    def _on_about_triggered(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, tr("error.title"),
                          tr("about.text", version=__version__),
                          QMessageBox.StandardButton.Ok, self)
        box.button(QMessageBox.StandardButton.Ok).setText(tr("button.ok"))
        box.open()

    # -- display preferences ------------------------------------------------------------
    def set_theme(self, choice: str) -> None:
        self.theme_choice = choice
        app = QApplication.instance()
        effective = theme.apply_theme(app, choice) if isinstance(app, QApplication) else "light"
        self.centre.set_theme(effective)
        state.save_display_pref("theme", choice)
        self.tree.refresh_palette()
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
        self.script_indicator.set_script(script)
        state.save_display_pref("script", script)
        self._sync_actions()

    def set_language(self, language: str) -> None:
        self.language = language
        i18n.set_language(language)
        use_qt_translations(i18n.current_language())
        state.save_display_pref("language", language)
        self.retranslate()
        self._sync_actions()

    def retranslate(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):  # Qt appends it to window titles on some desktops
            app.setApplicationDisplayName(tr("error.title"))
        self.setWindowTitle(tr("error.title"))
        self.actions_.retranslate()
        self.menus.retranslate()
        self.search_bar.retranslate()
        self.tree.retranslate()
        self.notes.retranslate()
        self.find_bar.retranslate()
        if self.centre.reader is not None:  # its 'no answer' and draft lines
            self.centre.reader.retranslate()
        self.progress_label.retranslate()
        self.index_state.retranslate()
        self.due_label.retranslate()
        self.study.retranslate()
        self.draft_bar.retranslate()
        self.script_indicator.retranslate()
        self.results.retranslate()
        self.side.retranslate()
        for widget, key in self._accessible:
            widget.setAccessibleName(tr(key))
        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.retranslate()
        for spot in self.findChildren(QWidget):
            key = spot.property("i18nKey")
            if isinstance(key, str) and hasattr(spot, "setText"):
                spot.setText(tr(key))
        self.visualizer.retranslate()

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

    # -- lifetime ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.notes.flush()
        self.study.close()
        self.centre.stop_warming()
        state.save_view(self, self._view_settings or state.view_settings())
        self.side.shutdown()
        self.desk.close()
        super().closeEvent(event)

    def start(self) -> None:
        """Start loading the corpus, store, index and reader (after the window is shown)."""
        QTimer.singleShot(0, self.desk.start)
        QTimer.singleShot(0, self.centre.load_reader)
        QTimer.singleShot(0, self._show_startup_notices)

    def _show_startup_notices(self) -> None:
        for text in self.startup_notices:
            report_error(self, DeskError(text))
