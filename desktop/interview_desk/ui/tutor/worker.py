"""``ModelOwner``: the tutor's model on its own ``SerialWorker`` ("tutor-model").

``llama_cpp.Llama`` is not thread-safe, so that one thread loads it (with progress),
runs every question and draft in order, and frees it. Each request is a streamed job:
text pieces (or load progress) reach ``on_item`` on the GUI thread, the outcome reaches
``on_done``/``on_error``. Stop does not queue: it cancels the outstanding jobs' tasks,
which the load's progress callback, llama.cpp's abort callback and the token loop check.
Jobs belong to a group: the panel's Stop stops its own ("panel"), not a batch of drafts
running beside it ("batch", ``ui/tutor/batch_runner.py``), which stops its own task.
Conversations are read from and saved to the user's file through ``ChatLog``, whose
calls run on the store's own thread.

It is the app's one owner of a model: the mock interview's critic runs its work here too
(``run``), on the model the tutor has loaded, or loads the tutor's configured model once
if none is (a second copy would double the memory).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject

from interview_desk.corpus.model import Entry
from interview_desk.errors import DeskError
from interview_desk.study.drafts import keep_draft
from interview_desk.tutor.backend import Backend, GenParams
from interview_desk.tutor.local import gpu_offload_supported
from interview_desk.tutor.opening import BackendSpec, open_backend
from interview_desk.tutor.prompt import Conversation, Source
from interview_desk.tutor.session import Generation, Reply, Retriever, Tutor
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.user_data import ChatLog
from interview_desk.ui.runtime.workers import Callback, ErrorCallback, SerialWorker, Task

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class LoadedModel:
    name: str
    chat_format: str  # label to show
    chat_note: str  # why a fallback format is in use ("" when none)
    gpu_offload: bool  # this llama.cpp build can offload
    n_gpu_layers: int
    layers: int  # 0 for remote
    path: str = ""  # the local GGUF ("" for remote): the visualizer uses its tokenizer
    load_seconds: float = 0.0
    warm_seconds: float = 0.0  # the first evaluation, paid right after loading
    parameters: int = 0  # 0 when unknown (remote)

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


@dataclass(frozen=True)
class Reading:
    """Streamed before the first piece: the sources the model was given (shown at once),
    then how far llama.cpp has read the prompt (``total`` 0: not started or unknown)."""

    sources: list[Source]
    done: int = 0
    total: int = 0


@dataclass(frozen=True)
class Preread:
    """How far a pre-read has read an entry's notes into the model's cache (streamed
    after each chunk, and the result once it ends: ``done`` tokens of ``total``)."""

    entry_id: str
    done: int = 0
    total: int = 0
    typed: str = ""  # the question as typed so far, whose notes were read too
    # the notes the next question will carry (the system message's, then the typed
    # question's), known before the first token is read
    sources: tuple[Source, ...] = ()
    typed_notes: int = 0  # how many of them, at the end, the typed question brings


def sources_json(reply: Reply) -> list[dict[str, Any]]:
    """What a stored turn keeps in its citations column: the cited sources, then the
    other sources the prompt offered, marked ``"offered"`` (shown again when reopened)."""
    cited = {c.number for c in reply.citations}
    return [c.to_json() for c in reply.citations] + [
        {**s.to_json(), "offered": True} for s in reply.context if s.number not in cited]


PANEL = "panel"  # the tutor panel's own requests (its Stop button)
BATCH = "batch"  # "Draft all unanswered"
GUEST = "guest"  # other features' work on the model (``run``, the mock critic): their own Stop
SHUTDOWN_TIMEOUT_S = 3.0  # cancelled work stops within a token; this only guards a hang


class ModelOwner:
    """Loads, runs and frees the tutor's backend on one thread; called from the GUI."""

    def __init__(self, chat_log: ChatLog | None = None,
                 retriever_provider: Callable[[], Retriever | None] | None = None) -> None:
        self._chat_log = chat_log
        self._retriever_provider = retriever_provider
        self._worker = SerialWorker("tutor-model")
        self._tasks: dict[str, list[Task]] = {}  # outstanding jobs by group, for stop()
        # ((entry id, text typed), its pre-read)
        self._preread: tuple[tuple[str, str], Task] | None = None
        # A pre-read may queue behind a load (it runs on the model loaded); and on_loaded
        # reaches the GUI before the load's task is marked finished.
        self._load_task: Task | None = None
        # Touched only on the model thread:
        self._backend: Backend | None = None
        self._loaded: tuple[BackendSpec, LoadedModel] | None = None
        self._conversations: dict[str | None, Conversation] = {}

    # -- called from the GUI thread -------------------------------------------------
    def load(self, spec: BackendSpec, *, on_progress: Callback,
             on_loaded: Callable[[LoadedModel], None], on_failed: ErrorCallback,
             context: QObject) -> None:
        self._cancel_preread()
        self._load_task = self._worker.stream(lambda task: self._load(spec, task),
                                              on_progress, on_loaded, on_failed,
                                              context=context)
        self._track(self._load_task)

    def generate(self, job: AskJob | DraftJob, *, on_token: Callable[[str], None],
                 on_finished: Callable[[Reply], None], on_failed: ErrorCallback,
                 context: QObject, group: str = PANEL) -> Task:
        """Answer a question or draft an answer; pieces stream to ``on_token``. The task
        returned stops this job alone; ``stop(group)`` stops the group's."""
        def run(task: Task) -> Reply:
            return self._draft(job, task) if isinstance(job, DraftJob) else self._ask(job, task)

        self._cancel_preread()  # same entry: the question goes on from what it read
        task = self._worker.stream(run, on_token, on_finished, on_failed, context=context)
        self._track(task, group)
        return task

    def run(self, work: Callable[[Backend, Task], T], spec: Callable[[], BackendSpec], *,
            on_item: Callback, on_done: Callable[[T], None], on_error: ErrorCallback,
            context: QObject) -> Task:
        """Run ``work(backend, task)`` on the model's thread, in turn with the tutor's
        requests, on the model loaded (``spec()`` is loaded first when none is). The
        caller cancels the returned task itself: the tutor's Stop leaves it alone."""
        def job(task: Task) -> T:
            if self._backend is None and not task.is_cancelled:
                self._open(spec(), task)
            if self._backend is None:
                raise DeskError(tr("error.no_model"))
            return work(self._backend, task)

        self._cancel_preread()
        task = self._worker.stream(job, on_item, on_done, on_error, context=context)
        self._track(task, GUEST)
        return task

    def preread(self, entry: Entry, params: GenParams, *,
                on_progress: Callable[[Preread], None], on_done: Callable[[Preread], None],
                context: QObject, typed: str = "") -> bool:
        """Read the start of every question on ``entry`` (its notes, its turns so far)
        into the loaded local model's cache while the learner reads the entry, so the
        first question evaluates only its hits and itself; with ``typed`` (the question
        as typed so far), the notes its hits bring too, so the question evaluates only
        itself. Not while anything else runs or waits on the model; an older pre-read
        is cancelled (between chunks), and any request cancels it: a question on this
        entry goes on from what it read. False when it was not started."""
        busy = any(not t.finished.is_set() and t is not self._load_task
                   for tasks in self._tasks.values() for t in tasks)
        current = self._preread
        key = (entry.id, typed)
        if busy or (current is not None and current[0] == key
                    and not current[1].finished.is_set()):
            return False
        self._cancel_preread()
        task = self._worker.stream(lambda task: self._read_ahead(entry, params, task, typed),
                                   on_progress, on_done, _log_preread_failure,
                                   context=context)
        self._preread = (key, task)
        return True

    def _cancel_preread(self) -> None:
        current, self._preread = self._preread, None
        if current is not None:
            current[1].cancel()

    def forget(self, entry_id: str | None) -> None:
        """Drop the cached conversation (it was cleared in the store)."""
        self._worker.submit(lambda: self._conversations.pop(entry_id, None))

    def stop(self, group: str = PANEL) -> None:
        """Stop what the group runs or has waiting: generation, prompt evaluation or
        loading (loads are the panel's)."""
        self._cancel_preread()
        for task in self._tasks.pop(group, []):
            task.cancel()

    @property
    def stopped(self) -> bool:
        return self._worker.closed and not self._worker.alive

    def shutdown(self, timeout: float = SHUTDOWN_TIMEOUT_S) -> None:
        """Cancel, free the model on its own thread, end the thread (idempotent)."""
        if self._worker.closed:
            return
        self._cancel_preread()
        for group in list(self._tasks):
            self.stop(group)
        self._worker.submit(self._close_backend)
        self._worker.close(timeout)

    def _track(self, task: Task, group: str = PANEL) -> None:
        tasks = [t for t in self._tasks.get(group, []) if not t.finished.is_set()]
        self._tasks[group] = [*tasks, task]

    # -- run on the model thread ----------------------------------------------------
    def _load(self, spec: BackendSpec, task: Task) -> LoadedModel:
        """Load ``spec`` with progress, unless that very model is loaded already (the
        critic may have loaded it before the tutor tab was opened)."""
        if self._loaded is not None and self._loaded[0] == spec and self._backend is not None:
            return self._loaded[1]
        return self._open(spec, task, progress=task.emit)

    def _open(self, spec: BackendSpec, task: Task,
              progress: Callable[[float], None] | None = None) -> LoadedModel:
        self._close_backend()
        opened = open_backend(spec, progress=progress, cancel=task.cancelled)
        backend = self._backend = opened.backend
        self._conversations.clear()  # a new model starts each conversation's cache afresh
        chat = backend.chat_format
        model = LoadedModel(backend.model_name, chat.label, chat.note, gpu_offload_supported(),
                            spec.params.n_gpu_layers, opened.layers,
                            "" if spec.remote_url else str(spec.path),
                            load_seconds=opened.load_seconds, warm_seconds=opened.warm_seconds,
                            parameters=opened.parameters)
        self._loaded = (spec, model)
        return model

    def _close_backend(self) -> None:
        self._loaded = None
        backend, self._backend = self._backend, None
        if backend is not None:
            backend.close()

    def _tutor(self) -> Tutor:
        if self._backend is None:
            raise DeskError(tr("error.no_model_pick"))
        retriever: Retriever | None = None
        if self._retriever_provider is not None:
            try:
                retriever = self._retriever_provider()
            except DeskError as exc:
                log.warning("retrieval unavailable: %s", exc)
        return Tutor(self._backend, retriever)

    def _conversation(self, entry: Entry | None) -> Conversation:
        key = entry.id if entry else None
        conv = self._conversations.get(key)
        if conv is None:
            conv = Conversation(entry)
            if self._chat_log is not None:
                rows = self._chat_log.conversation(key)
                conv.restore([(m.role, m.content, m.citations) for m in rows])
            self._conversations[key] = conv
        return conv

    def _read_ahead(self, entry: Entry, params: GenParams, task: Task,
                    typed: str = "") -> Preread:
        """The pre-read, on the model thread: nothing for a remote model, nothing once
        cancelled (a newer entry or a request came first)."""
        backend = self._backend
        local = self._loaded is not None and not self._loaded[0].remote_url
        if backend is None or task.is_cancelled:
            return Preread(entry.id, typed=typed)
        tutor = self._tutor()  # with retrieval: the prefix holds the entry's related notes
        conv = self._conversation(entry)
        total = 0
        shown: tuple[Source, ...] = ()

        def state(done: int, of: int) -> Preread:
            in_prefix = len(conv.prefix_sources)
            return Preread(entry.id, done, of, typed, shown, max(0, len(shown) - in_prefix))

        def settled(sources: list[Source]) -> None:
            nonlocal shown
            shown = tuple(sources)
            task.emit(state(0, 0))

        if not local:  # a server keeps no cache of ours to fill: the notes only
            settled(conv.prefix_sources + tutor.notes_ahead(conv, params, typed))
            return state(0, 0)

        def progress(done: int, of: int) -> None:
            nonlocal total
            total = of
            task.emit(state(done, of))

        done = tutor.preread(conv, params, task.cancelled, progress, typed=typed,
                             on_sources=settled)
        return state(done, total or done)

    def _ask(self, job: AskJob, task: Task) -> Reply:
        conv = self._conversation(job.entry)
        progress = _ReadingProgress(task)
        generation = self._tutor().ask(conv, job.question, job.params, task.cancelled,
                                       on_prompt=progress)
        reply = _streamed(generation, task, progress, tr("error.no_reply"))
        if self._chat_log is not None:
            self._chat_log.add_exchange(job.entry.id if job.entry else None, job.question,
                                        reply.text, model=reply.model,
                                        citations=sources_json(reply))
        return reply

    def _draft(self, job: DraftJob, task: Task) -> Reply:
        progress = _ReadingProgress(task)
        generation = self._tutor().draft(job.entry, job.params, task.cancelled,
                                         on_prompt=progress)
        reply = _streamed(generation, task, progress, tr("error.no_draft"))
        # A stopped, empty or looping draft is not an answer: keep the entry's slot empty.
        if self._chat_log is not None and keep_draft(reply):
            self._chat_log.save_draft(job.entry.id, reply.text, reply.model)
        return reply


def _log_preread_failure(exc: BaseException) -> None:
    """A pre-read is a courtesy: if it fails the first question reads everything itself
    (and reports what is wrong)."""
    log.warning("pre-read failed: %s", exc)


class _ReadingProgress:
    """llama.cpp's prompt progress as ``Reading`` items for the GUI."""

    def __init__(self, task: Task) -> None:
        self.task = task
        self.sources: list[Source] = []

    def __call__(self, done: int, total: int) -> None:
        self.task.emit(Reading(self.sources, done, total))


def _streamed(generation: Generation, task: Task, progress: _ReadingProgress,
              empty: str) -> Reply:
    """Show the sources, then send each piece to the GUI; the generation itself watches
    ``task.cancelled`` and ends with a (possibly partial, cancelled) reply."""
    progress.sources = generation.sources
    task.emit(Reading(generation.sources))
    for piece in generation:
        task.emit(piece)
    if generation.reply is None:
        raise DeskError(empty)
    return generation.reply
