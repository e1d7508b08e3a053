"""``TutorPanel``: ask follow-up questions about the open entry, with streamed, cited
answers from a local model; draft answers for unanswered entries.

The panel only shows things and forwards requests: the model lives on the
``ModelOwner``'s thread, retrieval goes through the app's search index, conversations
and drafts are kept in the user's file through ``UserData``. The model row, its settings
and its state line are the ``ModelBar``'s; "Draft all unanswered" batches share the
panel's model owner (``when_loaded``, ``model``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import SIGNAL, QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_desk.corpus.model import Corpus, Entry
from interview_desk.settings import Settings, load_settings
from interview_desk.study.drafts import keep_draft
from interview_desk.tutor.backend import GenParams
from interview_desk.tutor.session import Reply, Retriever, search_retriever
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.report import user_message
from interview_desk.ui.runtime.user_data import UserData
from interview_desk.ui.tutor.chat_view import ADD_MODEL_URL, ChatItem, ChatView
from interview_desk.ui.tutor.model_bar import ModelBar
from interview_desk.ui.tutor.reply_bubble import ReplyBubble
from interview_desk.ui.tutor.saved_chat import SavedChat
from interview_desk.ui.tutor.worker import (
    AskJob,
    DraftJob,
    LoadedModel,
    ModelOwner,
    Preread,
    Reading,
)

if TYPE_CHECKING:
    from interview_desk.search.index import SearchIndex


log = logging.getLogger(__name__)

TYPED_AHEAD_PAUSE_MS = 400  # a pause in typing, not every key
TYPED_AHEAD_MIN_CHARS = 4  # "RoPE", "什么是KV": fewer finds nothing worth reading


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
    sigPrereadFinished = Signal(object)  # Preread: the open entry's notes read ahead
    sigModelManagerRequested = Signal()  # the window opens the model manager

    def __init__(self, corpus: Corpus | None = None,
                 search_index_provider: Callable[[], SearchIndex | None] | None = None,
                 user_data: UserData | None = None, settings: Settings | None = None,
                 parent: QWidget | None = None, *, autoload: bool = True) -> None:
        super().__init__(parent, objectName="tutorPanel")
        self._corpus = corpus
        self._index_provider = search_index_provider
        self._entry: Entry | None = None
        self._loaded: LoadedModel | None = None
        self._busy = False
        self._loading = False
        self._pending: AskJob | DraftJob | None = None  # waiting for the model to load
        # when_loaded() callers waiting for the load: (on_ready, on_failed)
        self._waiting: list[tuple[Callable[[], None], Callable[[str], None]]] = []

        self.bar = ModelBar(settings or load_settings())
        self.about = QLabel(objectName="tutorAbout")
        self.about.setWordWrap(True)
        # While the model reads the open entry's notes ahead of a question: one quiet line,
        # hidden as soon as the reading ends or is superseded; nothing waits on it.
        self.preread_label = QLabel(objectName="tutorPreread")
        self.preread_label.setEnabled(False)  # drawn in the disabled (grey) colour
        self.preread_label.hide()
        self._preread_shown: Preread | None = None
        self.chat = ChatView()
        self._bubble = ReplyBubble(self.chat)  # the request running, or waiting to
        self._saved = SavedChat(user_data, self.chat, self,
                                on_loaded=self._update_buttons)
        self.input = QLineEdit(objectName="tutorInput")
        # A pause in typing has the idle model read the notes the question so far finds
        # (tutor.session.Tutor.prefix with typed text): at Enter it reads only itself.
        self._typed_ahead = QTimer(self, singleShot=True, interval=TYPED_AHEAD_PAUSE_MS)
        self._typed_ahead.timeout.connect(self._read_typed_ahead)
        self.ask_button = QPushButton(objectName="tutorAsk")
        self.stop_button = QPushButton(objectName="tutorStop")
        self.draft_button = QPushButton(objectName="tutorDraft")
        self.clear_button = QPushButton(objectName="tutorClear")

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
        layout.addWidget(self.bar)
        layout.addWidget(self.about)
        layout.addWidget(self.preread_label)
        layout.addWidget(self.chat, 1)
        layout.addLayout(row)
        layout.addLayout(actions)

        self._model = ModelOwner(user_data.chat_log if user_data is not None else None,
                                 self._retriever if corpus is not None else None)
        model = self._model
        self.destroyed.connect(lambda *_: model.shutdown())
        self.chat.sigEntryClicked.connect(self.sigEntryRequested)
        self.chat.sigActionClicked.connect(self._on_chat_action_clicked)
        self.bar.sigLinkActivated.connect(self._on_chat_action_clicked)
        self.bar.sigLoadWanted.connect(self.load_model)
        self.bar.sigModelManagerRequested.connect(self.sigModelManagerRequested)
        self.input.returnPressed.connect(self._on_input_return_pressed)
        self.input.textEdited.connect(self._typed_ahead.start)
        self.ask_button.clicked.connect(self._on_input_return_pressed)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.draft_button.clicked.connect(self._on_draft_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)

        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)  # free the model on its own thread
        self.set_entry(None)
        self.retranslate()
        self._update_buttons()
        # autoload=False: load when the panel is first shown (or asked), not at start.
        self._load_on_show = not autoload
        if autoload and self.bar.model_combo.choice():
            self.load_model()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._load_on_show:
            self._load_on_show = False
            if self._loaded is None and not self._loading and self.bar.model_combo.choice():
                self.load_model()

    # -- public API -------------------------------------------------------------------
    def set_entry(self, entry: Entry | None) -> None:
        """Show the conversation about ``entry`` (None: a general chat).

        A load or reply in progress goes on: the reply finishes for the entry it was
        asked about and is saved there (its bubble comes back when that entry does).
        """
        self._entry = entry
        self.chat.set_preview([], "")  # the last entry's notes go with it
        if entry is None:
            self.about.setText(tr("tutor.general"))
        else:
            self.about.setText(tr("tutor.about", question=entry.question.strip()))
        self._saved.show(entry)
        if self._busy:
            self._bubble.entry_shown(entry)
        self._update_buttons()
        self._read_ahead()

    def draft_saved(self, entry_id: str) -> None:
        """A batch saved a draft: show it if its entry is the one open here."""
        if self._entry is not None and self._entry.id == entry_id:
            self.set_entry(self._entry)

    def retranslate(self) -> None:
        """Set the chrome's strings in the window's current language."""
        self.ask_button.setText(tr("tutor.ask"))
        self.stop_button.setText(tr("tutor.stop"))
        self._label_draft_button()
        self.clear_button.setText(tr("tutor.clear"))
        self.input.setPlaceholderText(tr("tutor.placeholder"))
        self.bar.retranslate()
        if self._entry is None:
            self.about.setText(tr("tutor.general"))
        else:
            self.about.setText(tr("tutor.about", question=self._entry.question.strip()))
        self._show_preread(self._preread_shown)
        self.chat.repaint_now()

    def focus_input(self) -> None:
        """Put the cursor in the question box (Ctrl+T), keeping what was typed there."""
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.input.selectAll()

    @property
    def model(self) -> ModelOwner:
        """The app's one owner of a model (the mock critic and draft batches run on it)."""
        return self._model

    @property
    def loaded_model(self) -> LoadedModel | None:
        return self._loaded

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def settings(self) -> Settings:
        return self.bar.settings

    def gen_params(self) -> GenParams:
        return GenParams.from_settings(self.bar.settings)

    def populate_models(self) -> None:
        self.bar.populate_models()

    def use_model(self, path: str, n_ctx: int, n_gpu_layers: int) -> None:
        self.bar.use_model(path, n_ctx, n_gpu_layers)

    def add_model_path(self, path: str) -> None:
        self.bar.add_model_path(path)

    def apply_settings(self, new: Settings) -> None:
        self.bar.apply_settings(new)

    def load_model(self) -> None:
        spec = self.bar.spec()
        if spec is None:
            self.bar.show_no_model()
            self._flush_waiting(tr("tutor.no_model"))
            return
        self._loading = True
        self._loaded = None
        self.bar.show_loading(spec)
        self._update_buttons()
        self._model.load(spec, on_progress=self.bar.show_progress,
                         on_loaded=self._on_model_loaded, on_failed=self._on_model_failed,
                         context=self)

    def when_loaded(self, on_ready: Callable[[], None],
                    on_failed: Callable[[str], None]) -> None:
        """``on_ready()`` once a model is loaded, loading the chosen one if it is not
        (at once when one is); ``on_failed(message)`` when none can be."""
        if self._loaded is not None and not self._loading:
            on_ready()
            return
        self._waiting.append((on_ready, on_failed))
        if not self._loading:
            self.load_model()

    def _flush_waiting(self, failure: str | None) -> None:
        waiting, self._waiting = self._waiting, []
        for on_ready, on_failed in waiting:
            if failure is None:
                on_ready()
            else:
                on_failed(failure)

    def ask(self, question: str) -> None:
        question = question.strip()
        if not question or self._busy:
            return
        self.chat.add(ChatItem("user", question))
        if not self._has_model():
            return
        item = self.chat.add(ChatItem("assistant", "", streaming=True, query=question))
        self._start(AskJob(self._entry, question, self.gen_params()), item)

    def draft(self) -> None:
        if self._entry is None or self._entry.answered or self._busy or \
                not self._has_model():
            return
        item = self.chat.add(ChatItem("draft", "", streaming=True,
                                      query=self._entry.question))
        self._start(DraftJob(self._entry, self.gen_params()), item)

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
            self.bar.browse()

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
        if self._loaded is not None or self._loading or self.bar.model_combo.choice():
            return True
        self.chat.add(ChatItem("notice", tr("tutor.no_model_inline"),
                               key="tutor.no_model_inline",
                               link=f"{ADD_MODEL_URL}|tutor.add_model_link"))
        return False

    def _read_ahead(self) -> None:
        """Have the loaded model read the open entry's notes while the learner reads
        them (a remote one only settles which they are, for the cards): only when it is
        idle (not loading, answering or drafting)."""
        entry, model = self._entry, self._loaded
        if entry is None or model is None or self._loading or self._busy:
            return
        self._model.preread(entry, self.gen_params(), on_progress=self._show_preread,
                            on_done=self._on_preread_done, context=self)

    def _read_typed_ahead(self) -> None:
        """The question as typed so far: its notes read ahead (no progress line while
        the learner types; their cards update)."""
        entry, model, typed = self._entry, self._loaded, self.input.text().strip()
        if (entry is None or model is None or self._loading or self._busy
                or len(typed) < TYPED_AHEAD_MIN_CHARS):
            return
        self._model.preread(entry, self.gen_params(), typed=typed,
                            on_progress=self._show_notes, on_done=self._on_typed_ahead_done,
                            context=self)

    def _on_typed_ahead_done(self, state: Preread) -> None:
        self._show_notes(state)
        self.sigPrereadFinished.emit(state)

    def _show_notes(self, state: Preread) -> None:
        """The notes the next question will carry, as cards after the chat, as soon as
        they are known (before the model reads them): on a fresh conversation all of
        them, the entry's first; later only those the question being typed brings."""
        entry = self._entry
        if entry is None or state.entry_id != entry.id or self._busy or not state.sources:
            return
        fresh = not any(item.role == "assistant" for item in self.chat.items)
        shown = list(state.sources if fresh else state.sources[len(state.sources)
                                                              - state.typed_notes:])
        self.chat.set_preview(shown, state.typed or entry.question)

    def _show_preread(self, state: Preread | None) -> None:
        """The pre-read line, for the open entry's pre-read while it runs; and its
        notes as cards."""
        if state is not None:
            self._show_notes(state)
        entry = self._entry
        if state is None or entry is None or state.entry_id != entry.id or self._busy \
                or state.total <= 0 or state.done >= state.total:
            self._preread_shown = None
            self.preread_label.hide()
            return
        self._preread_shown = state
        self.preread_label.setText(tr("tutor.prereading",
                                      percent=100 * state.done // state.total))
        self.preread_label.show()

    def _on_preread_done(self, state: Preread) -> None:
        self._show_notes(state)
        shown = self._preread_shown
        if shown is not None and shown.entry_id == state.entry_id:
            self._show_preread(None)
        self.sigPrereadFinished.emit(state)

    def _label_draft_button(self) -> None:
        """"Redraft" when a machine draft is saved for the open entry."""
        redraft = self._saved.has_draft
        self.draft_button.setText(tr("tutor.redraft" if redraft else "tutor.draft"))
        self.draft_button.setToolTip(tr("tutor.redraft_tip" if redraft else "tutor.draft_tip"))

    def _start(self, job: AskJob | DraftJob, item: ChatItem) -> None:
        self._show_preread(None)  # the question reads on from there, with its own progress
        self.chat.set_preview([], "")  # its bubble shows the notes it was given
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
        self._label_draft_button()
        self.clear_button.setEnabled(not self._busy)
        self.bar.set_busy(self._busy, self._loading)

    def _end_job(self, notice: str = "") -> None:
        self._bubble.end(notice)
        self._busy = False
        self._update_buttons()

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

    def _on_model_loaded(self, model: LoadedModel) -> None:
        self._loading = False
        self._loaded = model
        self.bar.show_loaded(model)
        self._update_buttons()
        if self._pending is not None:
            job, self._pending = self._pending, None
            self._send(job)
        self._flush_waiting(None)
        self._read_ahead()
        self.sigModelLoaded.emit(model)

    def _on_model_failed(self, exc: BaseException) -> None:
        message = user_message(exc)
        self._loading = False
        self._loaded = None
        self.bar.show_failed(message)
        if self._pending is not None:
            self._pending = None
            self._end_job(message)
        self._flush_waiting(message)
        self._update_buttons()
        self.sigModelFailed.emit(message)

    def _on_model_token_received(self, piece: str | Reading) -> None:
        text = self._bubble.received(piece)
        if text is not None:
            self.sigTokenShown.emit(text)

    def _on_model_reply_finished(self, reply: Reply) -> None:
        shown, item = self._bubble.shown, self._bubble.item
        self._bubble.finished(reply)
        if reply.drafted_for and self._entry is not None \
                and self._entry.id == reply.drafted_for:
            if not shown:
                self._saved.show(self._entry)  # the draft was saved meanwhile
            elif keep_draft(reply):  # a redraft replaced the saved draft: show it alone
                self.chat.set_items([i for i in self.chat.items
                                     if i.role != "draft" or i is item])
                self._saved.has_draft = True
                self._update_buttons()
        self._busy = False
        self._update_buttons()
        self.sigReplyFinished.emit(reply)

    def _on_model_reply_failed(self, exc: BaseException) -> None:
        message = user_message(exc)
        self._end_job(message)
        self.sigReplyFailed.emit(message)
