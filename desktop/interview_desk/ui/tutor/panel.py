"""``TutorPanel``: ask follow-up questions about the open entry, with streamed, cited
answers from a local model; draft answers for unanswered entries.

The panel only shows things and forwards requests: the model lives on the
``ModelOwner``'s thread, retrieval goes through the app's search index, conversations
and drafts are kept in the user's file through ``UserData``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import SIGNAL, QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interview_desk.corpus.model import Corpus, Entry
from interview_desk.errors import DeskError
from interview_desk.settings import Settings, changed_fields, load_settings, update_settings
from interview_desk.tutor.backend import GenParams, LoadParams
from interview_desk.tutor.local import gpu_offload_supported
from interview_desk.tutor.models import DEFAULT_MODEL_FILE
from interview_desk.tutor.session import Reply, Retriever, search_retriever
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.report import user_message
from interview_desk.ui.runtime.user_data import UserData
from interview_desk.ui.tutor.chat_view import (
    ADD_MODEL_URL,
    ChatItem,
    ChatView,
    palette_of,
    with_link,
)
from interview_desk.ui.tutor.model_combo import REMOTE, ModelCombo
from interview_desk.ui.tutor.reply_bubble import ReplyBubble
from interview_desk.ui.tutor.saved_chat import SavedChat
from interview_desk.ui.tutor.settings_dialog import TutorSettingsDialog
from interview_desk.ui.tutor.worker import (
    AskJob,
    BackendSpec,
    DraftJob,
    LoadedModel,
    ModelOwner,
    Reading,
)

if TYPE_CHECKING:
    from interview_desk.search.index import SearchIndex


log = logging.getLogger(__name__)


class TutorPanel(QWidget):
    sigEntryRequested = Signal(str)  # a citation was clicked: open that entry
    # "Add a model…" was clicked: the window routes it to the model manager; when nothing
    # is connected the panel opens its own file dialog.
    sigAddModelRequested = Signal()
    # Re-emitted on the GUI thread once the panel has shown them (window, tests).
    sigModelLoaded = Signal(object)  # LoadedModel
    sigModelFailed = Signal(str)
    sigTokenShown = Signal(str)
    sigReplyFinished = Signal(object)  # Reply
    sigReplyFailed = Signal(str)
    sigModelManagerRequested = Signal()  # the window opens the model manager

    def __init__(self, corpus: Corpus | None = None,
                 search_index_provider: Callable[[], SearchIndex | None] | None = None,
                 user_data: UserData | None = None, settings: Settings | None = None,
                 parent: QWidget | None = None, *, autoload: bool = True) -> None:
        super().__init__(parent, objectName="tutorPanel")
        self._corpus = corpus
        self._index_provider = search_index_provider
        self._settings = settings or load_settings()
        self._entry: Entry | None = None
        self._loaded: LoadedModel | None = None
        self._busy = False
        self._loading = False
        self._pending: AskJob | DraftJob | None = None  # waiting for the model to load
        self._status_text: Callable[[], str] = str  # re-read by retranslate

        self.model_combo = ModelCombo()
        self.browse_button = QToolButton(text="…", objectName="tutorBrowse")
        self.settings_button = QToolButton(text="⚙", objectName="tutorSettingsButton")
        self.models_button = QToolButton(text="▦", objectName="tutorModelsButton")
        self.status = QLabel(objectName="tutorStatus")
        self.status.setWordWrap(True)
        self.note = QLabel(objectName="tutorNote")
        self.note.setWordWrap(True)
        self.note.hide()
        self.demo = QLabel(objectName="tutorDemo")
        self.demo.setWordWrap(True)
        self.demo.setTextFormat(Qt.TextFormat.RichText)
        self.demo.hide()
        self.progress = QProgressBar(objectName="tutorProgress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.about = QLabel(objectName="tutorAbout")
        self.about.setWordWrap(True)
        self.chat = ChatView()
        self._bubble = ReplyBubble(self.chat)  # the request running, or waiting to
        self._saved = SavedChat(user_data, self.chat, self)
        self.input = QLineEdit(objectName="tutorInput")
        self.ask_button = QPushButton(objectName="tutorAsk")
        self.stop_button = QPushButton(objectName="tutorStop")
        self.draft_button = QPushButton(objectName="tutorDraft")
        self.clear_button = QPushButton(objectName="tutorClear")

        top = QHBoxLayout()
        top.addWidget(self.model_combo, 1)
        top.addWidget(self.browse_button)
        top.addWidget(self.settings_button)
        top.addWidget(self.models_button)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.ask_button)
        row.addWidget(self.stop_button)
        actions = QHBoxLayout()
        actions.addWidget(self.draft_button)
        actions.addStretch(1)
        actions.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.note)
        layout.addWidget(self.demo)
        layout.addWidget(self.progress)
        layout.addWidget(self.about)
        layout.addWidget(self.chat, 1)
        layout.addLayout(row)
        layout.addLayout(actions)

        self._model = ModelOwner(user_data.chat_log if user_data is not None else None,
                                 self._retriever if corpus is not None else None)
        model = self._model
        self.destroyed.connect(lambda *_: model.shutdown())
        self.chat.sigEntryClicked.connect(self.sigEntryRequested)
        self.chat.sigActionClicked.connect(self._on_chat_action_clicked)
        self.demo.linkActivated.connect(self._on_chat_action_clicked)
        self.input.returnPressed.connect(self._on_input_return_pressed)
        self.ask_button.clicked.connect(self._on_input_return_pressed)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.draft_button.clicked.connect(self._on_draft_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.settings_button.clicked.connect(self._on_settings_clicked)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.models_button.clicked.connect(self.sigModelManagerRequested)

        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)  # free the model on its own thread
        self.populate_models()
        self.model_combo.currentIndexChanged.connect(self._on_model_combo_changed)
        self.set_entry(None)
        self.retranslate()
        self._update_buttons()
        # autoload=False: load when the panel is first shown (or asked), not at start.
        self._load_on_show = not autoload
        if autoload and self.model_combo.choice():
            self.load_model()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._loaded is not None:
            self._show_loaded(self._loaded)  # the note's colour follows the theme

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._load_on_show:
            self._load_on_show = False
            if self._loaded is None and not self._loading and self.model_combo.choice():
                self.load_model()

    # -- public API -------------------------------------------------------------------
    def set_entry(self, entry: Entry | None) -> None:
        """Show the conversation about ``entry`` (None: a general chat).

        A load or reply in progress goes on: the reply finishes for the entry it was
        asked about and is saved there (its bubble comes back when that entry does).
        """
        self._entry = entry
        if entry is None:
            self.about.setText(tr("tutor.general"))
        else:
            self.about.setText(tr("tutor.about", question=entry.question.strip()))
        self._saved.show(entry)
        if self._busy:
            self._bubble.entry_shown(entry)
        self._update_buttons()

    def retranslate(self) -> None:
        """Set the chrome's strings in the window's current language."""
        self.ask_button.setText(tr("tutor.ask"))
        self.stop_button.setText(tr("tutor.stop"))
        self.draft_button.setText(tr("tutor.draft"))
        self.draft_button.setToolTip(tr("tutor.draft_tip"))
        self.clear_button.setText(tr("tutor.clear"))
        self.browse_button.setToolTip(tr("tutor.browse_tip"))
        self.settings_button.setToolTip(tr("tutor.settings_tip"))
        self.models_button.setToolTip(tr("tutor.models_tip"))
        self.input.setPlaceholderText(tr("tutor.placeholder"))
        self.model_combo.retranslate()
        if self._loaded is not None:
            self._show_loaded(self._loaded)  # the status line and the chat-format note
        else:
            self.status.setText(self._status_text())
        for dialog in self.findChildren(TutorSettingsDialog):
            dialog.retranslate()
        if self._entry is None:
            self.about.setText(tr("tutor.general"))
        else:
            self.about.setText(tr("tutor.about", question=self._entry.question.strip()))
        self.chat.repaint_now()

    def focus_input(self) -> None:
        """Put the cursor in the question box (Ctrl+T), keeping what was typed there."""
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.input.selectAll()

    @property
    def model(self) -> ModelOwner:
        """The app's one owner of a model (the mock interview's critic runs on it too)."""
        return self._model

    @property
    def loaded_model(self) -> LoadedModel | None:
        return self._loaded

    @property
    def busy(self) -> bool:
        return self._busy

    def populate_models(self) -> None:
        self.model_combo.populate(self._settings)

    def load_model(self) -> None:
        data = self.model_combo.choice()
        if not data:
            self._show_status(lambda: tr("tutor.no_model"))
            return
        s = self._settings
        if data.startswith(REMOTE):
            spec = BackendSpec(params=LoadParams.from_settings(s), remote_url=s.remote_url,
                               remote_model=s.remote_model)
        else:
            spec = BackendSpec(path=data, params=LoadParams.from_settings(s))
        self._loading = True
        self._loaded = None
        self.progress.setValue(0)
        self.progress.show()
        name = data if spec.remote_url else Path(data).name
        self._show_status(lambda: tr("tutor.loading", name=name))
        self._update_buttons()
        self._model.load(spec, on_progress=self._on_model_load_progressed,
                         on_loaded=self._on_model_loaded, on_failed=self._on_model_failed,
                         context=self)

    def ask(self, question: str) -> None:
        question = question.strip()
        if not question or self._busy:
            return
        self.chat.add(ChatItem("user", question))
        if not self._has_model():
            return
        item = self.chat.add(ChatItem("assistant", "", streaming=True, query=question))
        self._start(AskJob(self._entry, question, GenParams.from_settings(self._settings)),
                    item)

    def draft(self) -> None:
        if self._entry is None or self._entry.answered or self._busy or \
                not self._has_model():
            return
        item = self.chat.add(ChatItem("draft", "", streaming=True,
                                      query=self._entry.question))
        self._start(DraftJob(self._entry, GenParams.from_settings(self._settings)), item)

    def stop(self) -> None:
        """Stop whatever runs: loading, reading the prompt or generating. A request
        waiting for the load is dropped with it, so the panel is never left busy."""
        self._model.stop()
        if self._pending is not None and not self._loading:
            self._pending = None
            self._end_job(tr("tutor.stopped"))

    def request_add_model(self) -> None:
        """Route "Add a model…" to the window (the model manager), else the file dialog."""
        if self.receivers(SIGNAL("sigAddModelRequested()")) > 0:
            self.sigAddModelRequested.emit()
        else:
            self._on_browse_clicked()

    def shutdown(self) -> None:
        self._model.shutdown()

    # -- internals --------------------------------------------------------------------
    def _retriever(self) -> Retriever | None:
        """Called on the model thread for each question."""
        if self._index_provider is None or self._corpus is None:
            return None
        index = self._index_provider()
        return search_retriever(index, self._corpus) if index is not None else None

    def _has_model(self) -> bool:
        """Whether a request can run; if not, say so inline with a way to add one."""
        if self._loaded is not None or self._loading or self.model_combo.choice():
            return True
        self.chat.add(ChatItem("notice", tr("tutor.no_model_inline"),
                               key="tutor.no_model_inline",
                               link=f"{ADD_MODEL_URL}|tutor.add_model_link"))
        return False

    def _start(self, job: AskJob | DraftJob, item: ChatItem) -> None:
        self._busy = True
        self._bubble.start(job, item)
        self._update_buttons()
        if self._loaded is None:
            self._pending = job
            if not self._loading:
                self.load_model()
            return
        self._send(job)

    def _send(self, job: AskJob | DraftJob) -> None:
        self._model.generate(job, on_token=self._on_model_token_received,
                             on_finished=self._on_model_reply_finished,
                             on_failed=self._on_model_reply_failed, context=self)

    def _update_buttons(self) -> None:
        self.ask_button.setEnabled(not self._busy)
        self.stop_button.setEnabled(self._busy or self._loading)
        unanswered = self._entry is not None and not self._entry.answered
        self.draft_button.setVisible(unanswered)
        self.draft_button.setEnabled(unanswered and not self._busy)
        self.clear_button.setEnabled(not self._busy)
        self.model_combo.setEnabled(not self._busy and not self._loading)
        self.settings_button.setEnabled(not self._busy and not self._loading)

    def _end_job(self, notice: str = "") -> None:
        self._bubble.end(notice)
        self._busy = False
        self._update_buttons()

    def _show_status(self, text: Callable[[], str]) -> None:
        """Show a status line that follows language switches."""
        self._status_text = text
        self.status.setText(text())

    def _show_loaded(self, m: LoadedModel) -> None:
        self._show_status(lambda: m.status_text)
        p = palette_of(self)
        self.note.setStyleSheet(f"color: {p.draft_border}")
        self.note.setVisible(bool(m.chat_note))
        self.note.setText(tr("tutor.chat_note", note=m.chat_note) if m.chat_note else "")
        self.demo.setText(with_link(tr("tutor.demo"), ADD_MODEL_URL,
                                    tr("tutor.add_model_link"), p.link))
        self.demo.setVisible(Path(m.path).name == DEFAULT_MODEL_FILE)

    # -- slots --------------------------------------------------------------------------
    @Slot()
    def _on_input_return_pressed(self) -> None:
        text = self.input.text()
        if text.strip() and not self._busy:
            self.input.clear()
            self.ask(text)

    @Slot()
    def _on_stop_clicked(self) -> None:
        self.stop()

    @Slot(str)
    def _on_chat_action_clicked(self, url: str) -> None:
        if url == ADD_MODEL_URL:
            self.request_add_model()

    @Slot()
    def _on_draft_clicked(self) -> None:
        self.draft()

    @Slot()
    def _on_clear_clicked(self) -> None:
        self._saved.clear(self._model.forget)

    @Slot(int)
    def _on_model_combo_changed(self, _index: int) -> None:
        data = self.model_combo.choice()
        if not data:
            return
        self._save_settings(model="" if data.startswith(REMOTE) else data)
        self.load_model()

    @Slot()
    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("tutor.add_model"), "",
                                              tr("tutor.gguf_filter"))
        if path:
            self.add_model_path(path)

    def use_model(self, path: str, n_ctx: int, n_gpu_layers: int) -> None:
        """Switch to ``path`` with its load settings (the model manager's choice)."""
        self._save_settings(model=path, n_ctx=n_ctx, n_gpu_layers=n_gpu_layers)
        self.populate_models()
        self.load_model()

    def add_model_path(self, path: str) -> None:
        paths = self._settings.model_paths
        self._save_settings(model_paths=paths if path in paths else [*paths, path], model=path)
        self.populate_models()
        self.load_model()

    @Slot()
    def _on_settings_clicked(self) -> None:
        dialog = TutorSettingsDialog(self._settings, gpu_offload=gpu_offload_supported(),
                                     layers=self._loaded.layers if self._loaded else 0,
                                     parent=self)
        if dialog.exec():
            self.apply_settings(dialog.result_settings())

    def apply_settings(self, new: Settings) -> None:
        """Use new tutor settings; reload the model when a load setting changed."""
        old = self._settings
        reload = (LoadParams.from_settings(old) != LoadParams.from_settings(new)
                  or (old.remote_url, old.remote_model) != (new.remote_url, new.remote_model))
        self._save_settings(**changed_fields(old, new))
        if reload:
            self.populate_models()
            self.load_model()

    def _save_settings(self, **changes: object) -> None:
        """Use these fields now and save only them over the file, so theme, language and
        folders changed elsewhere since the panel read it are kept."""
        try:
            self._settings = self._settings.replaced(**changes)
            update_settings(**changes)
        except (OSError, DeskError) as exc:  # a failed write: kept for this session
            log.warning("could not save settings: %s", exc)

    def _on_model_load_progressed(self, value: float) -> None:
        self.progress.setValue(round(value * 100))

    def _on_model_loaded(self, model: LoadedModel) -> None:
        self._loading = False
        self._loaded = model
        self.progress.hide()
        self._show_loaded(model)
        self._update_buttons()
        if self._pending is not None:
            job, self._pending = self._pending, None
            self._send(job)
        self.sigModelLoaded.emit(model)

    def _on_model_failed(self, exc: BaseException) -> None:
        message = user_message(exc)
        self._loading = False
        self._loaded = None
        self.progress.hide()
        self._show_status(lambda: tr("tutor.not_loaded", message=message))
        if self._pending is not None:
            self._pending = None
            self._end_job(message)
        self._update_buttons()
        self.sigModelFailed.emit(message)

    def _on_model_token_received(self, piece: str | Reading) -> None:
        text = self._bubble.received(piece)
        if text is not None:
            self.sigTokenShown.emit(text)

    def _on_model_reply_finished(self, reply: Reply) -> None:
        shown = self._bubble.shown
        self._bubble.finished(reply)
        if not shown and reply.drafted_for and self._entry is not None \
                and self._entry.id == reply.drafted_for:
            self._saved.show(self._entry)  # the draft was saved meanwhile
        self._busy = False
        self._update_buttons()
        self.sigReplyFinished.emit(reply)

    def _on_model_reply_failed(self, exc: BaseException) -> None:
        message = user_message(exc)
        self._end_job(message)
        self.sigReplyFailed.emit(message)
