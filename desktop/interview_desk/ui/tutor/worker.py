"""The tutor's one worker thread: it owns the model (``llama_cpp.Llama`` is not
thread-safe), loads it with progress, and turns the tutor's text-piece iterator into
signals. Requests arrive as queued signals, so they run one after another on this
thread; Stop does not queue — it sets the current job's event directly.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from interview_desk.corpus.model import Entry
from interview_desk.errors import DeskError
from interview_desk.tutor.backend import GenParams, LoadParams
from interview_desk.tutor.local import LocalBackend, gpu_offload_supported
from interview_desk.tutor.prompt import Conversation
from interview_desk.tutor.remote import RemoteBackend
from interview_desk.tutor.session import Reply, Retriever, Tutor
from interview_desk.ui.i18n import tr

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackendSpec:
    """What to load: a local GGUF path with its load settings, or a remote endpoint."""

    path: str = ""
    params: LoadParams = field(default_factory=LoadParams)
    remote_url: str = ""
    remote_model: str = ""


@dataclass(frozen=True)
class LoadedModel:
    name: str
    chat_format: str  # label to show
    chat_note: str  # why a fallback format is in use ("" when none)
    gpu_offload: bool  # this llama.cpp build can offload
    n_gpu_layers: int
    layers: int  # 0 for remote
    path: str = ""  # the local GGUF ("" for remote): the visualizer uses its tokenizer

    @property
    def status_text(self) -> str:
        """The panel's status line, in the current UI language."""
        if self.gpu_offload:
            gpu = (tr("tutor.gpu_all_on") if self.n_gpu_layers < 0
                   else tr("tutor.gpu_layers_on", layers=self.n_gpu_layers))
        elif self.layers == 0:
            gpu = tr("tutor.gpu_remote")
        else:
            gpu = tr("tutor.gpu_cpu_only")
        return tr("tutor.status", name=self.name, format=self.chat_format, gpu=gpu)


@dataclass(frozen=True)
class AskJob:
    entry: Entry | None
    question: str
    params: GenParams


@dataclass(frozen=True)
class DraftJob:
    entry: Entry
    params: GenParams


class TutorWorker(QObject):
    sigLoadProgressed = Signal(float)
    sigModelLoaded = Signal(object)  # LoadedModel
    sigModelFailed = Signal(str)
    sigTokenReceived = Signal(str)
    sigReplyFinished = Signal(object)  # Reply
    sigReplyFailed = Signal(str)

    def __init__(self, store: Any = None, retriever_provider: Any = None) -> None:
        super().__init__()
        self._store = store
        self._retriever_provider = retriever_provider  # () -> Retriever | None
        self._backend: Any = None
        self._conversations: dict[str | None, Conversation] = {}
        self._cancel = threading.Event()

    # -- called from the GUI thread -------------------------------------------------
    def stop(self) -> None:
        """Stop the running job (generation, prompt evaluation or loading)."""
        self._cancel.set()

    # -- slots run on the worker thread ---------------------------------------------
    def _new_job(self) -> threading.Event:
        self._cancel = threading.Event()
        return self._cancel

    @Slot(object)
    def load(self, spec: BackendSpec) -> None:
        cancel = self._new_job()
        self._close_backend()
        try:
            if spec.remote_url:
                backend: Any = RemoteBackend(spec.remote_url, spec.remote_model,
                                             context_size=spec.params.n_ctx)
                backend.list_models()  # fail now, not at the first question
                layers = 0
            else:
                backend = LocalBackend.load(spec.path, spec.params,
                                            progress=self.sigLoadProgressed.emit,
                                            cancel=cancel)
                layers = backend.info.layers
        except DeskError as exc:
            self.sigModelFailed.emit(str(exc))
            return
        except Exception as exc:  # a bug: log it, tell the user in one line
            log.exception("loading the tutor model failed")
            self.sigModelFailed.emit(tr("tutor.load_unexpected", error=exc))
            return
        self._backend = backend
        self._conversations.clear()  # a new model starts each conversation's cache afresh
        chat = backend.chat_format
        self.sigModelLoaded.emit(LoadedModel(
            backend.model_name, chat.label, chat.note, gpu_offload_supported(),
            spec.params.n_gpu_layers, layers, "" if spec.remote_url else str(spec.path)))

    @Slot()
    def unload(self) -> None:
        self._close_backend()

    def _close_backend(self) -> None:
        backend, self._backend = self._backend, None
        if backend is not None:
            backend.close()

    def _tutor(self) -> Tutor:
        if self._backend is None:
            raise DeskError("no model is loaded; pick one above")
        retriever: Retriever | None = None
        if self._retriever_provider is not None:
            try:
                retriever = self._retriever_provider()
            except DeskError as exc:
                log.warning("retrieval unavailable: %s", exc)
        return Tutor(self._backend, retriever)

    def conversation(self, entry: Entry | None) -> Conversation:
        key = entry.id if entry else None
        conv = self._conversations.get(key)
        if conv is None:
            conv = Conversation(entry)
            if self._store is not None:
                rows = self._store.conversation(key)
                conv.restore([(m.role, m.content, m.citations) for m in rows])
            self._conversations[key] = conv
        return conv

    @Slot(str)
    def forget(self, entry_id: str) -> None:
        self._conversations.pop(entry_id or None, None)

    @Slot(object)
    def ask(self, job: AskJob) -> None:
        self._run("reply", lambda cancel: self._ask(job, cancel))

    @Slot(object)
    def draft(self, job: DraftJob) -> None:
        self._run("draft", lambda cancel: self._draft(job, cancel))

    def _run(self, what: str, body: Callable[[threading.Event], Reply]) -> None:
        """Run one job; its outcome becomes exactly one finished or failed signal."""
        cancel = self._new_job()
        try:
            reply = body(cancel)
        except DeskError as exc:
            self.sigReplyFailed.emit(str(exc))
            return
        except Exception as exc:
            log.exception("tutor %s failed", what)
            self.sigReplyFailed.emit(tr("tutor.reply_unexpected", error=exc))
            return
        self.sigReplyFinished.emit(reply)

    def _ask(self, job: AskJob, cancel: threading.Event) -> Reply:
        conv = self.conversation(job.entry)
        generation = self._tutor().ask(conv, job.question, job.params, cancel)
        self._stream(generation)
        reply = generation.reply
        if reply is None:
            raise DeskError("the model stopped without a reply")
        if self._store is not None:
            entry_id = job.entry.id if job.entry else None
            self._store.add_message(entry_id, "user", job.question, model=reply.model)
            self._store.add_message(entry_id, "assistant", reply.text, model=reply.model,
                                    citations=[c.to_json() for c in reply.citations])
        return reply

    def _draft(self, job: DraftJob, cancel: threading.Event) -> Reply:
        generation = self._tutor().draft(job.entry, job.params, cancel)
        self._stream(generation)
        reply: Reply | None = generation.reply
        if reply is None:
            raise DeskError("the model stopped without a draft")
        if self._store is not None and reply.text.strip() and not reply.cancelled:
            self._store.save_draft(job.entry.id, reply.text, reply.model)
        return reply

    def _stream(self, generation: Any) -> None:
        for piece in generation:
            self.sigTokenReceived.emit(piece)


# Threads still running. Qt aborts the process if a running QThread is destroyed, which
# happens when Python tears down objects at exit before the window got to stop them.
_RUNNING: set[TutorThread] = set()


@atexit.register
def _shutdown_all() -> None:
    for tutor_thread in list(_RUNNING):
        tutor_thread.shutdown()


class TutorThread(QObject):
    """Starts the worker on its own ``QThread`` and shuts both down cleanly.

    It has no Qt parent on purpose: deleting a parent would delete a running thread.
    The owner calls ``shutdown()`` (the panel does when it is destroyed or the app quits).
    """

    sigLoadRequested = Signal(object)
    sigAskRequested = Signal(object)
    sigDraftRequested = Signal(object)
    sigForgetRequested = Signal(str)
    sigUnloadRequested = Signal()

    def __init__(self, store: Any = None, retriever_provider: Any = None) -> None:
        super().__init__()
        self._shut_down = False
        self.model_thread = QThread()
        self.model_thread.setObjectName("tutor-model")
        self.worker = TutorWorker(store, retriever_provider)
        self.worker.moveToThread(self.model_thread)
        self.sigLoadRequested.connect(self.worker.load)
        self.sigAskRequested.connect(self.worker.ask)
        self.sigDraftRequested.connect(self.worker.draft)
        self.sigForgetRequested.connect(self.worker.forget)
        self.sigUnloadRequested.connect(self.worker.unload)
        self.model_thread.start()
        _RUNNING.add(self)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Stop what runs, free the model on its own thread, then end the thread."""
        _RUNNING.discard(self)
        # Called from several places (panel destroyed, aboutToQuit, atexit); the later
        # calls may come after Qt already deleted the QThread at teardown.
        if self._shut_down or not shiboken6.isValid(self.model_thread):
            return
        self._shut_down = True
        if not self.model_thread.isRunning():
            return
        self.worker.stop()
        self.sigUnloadRequested.emit()
        self.model_thread.quit()
        if not self.model_thread.wait(timeout_ms):
            log.error("the tutor thread did not stop within %d ms", timeout_ms)
