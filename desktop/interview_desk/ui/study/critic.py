"""The mock interview's critic: a model (loaded from the tutor's settings: the same model
file or endpoint) on its own ``SerialWorker``, streaming one critique after another.

``llama_cpp.Llama`` is not thread-safe, so the model is loaded, used and closed on that
worker only; tokens and results reach the GUI through the worker's queued delivery and
``stop()`` cancels the running critique and every queued one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from interview_desk.corpus.model import Entry
from interview_desk.errors import DeskError
from interview_desk.study.mock import Critique, critique, is_degenerate, parse_critique
from interview_desk.tutor.backend import GenParams
from interview_desk.tutor.session import Retriever, Tutor
from interview_desk.ui.runtime.report import user_message
from interview_desk.ui.runtime.workers import SerialWorker, Task

log = logging.getLogger(__name__)

THREAD_NAME = "mock-critic"  # in logs and debuggers, not on screen
CRITIQUE_MAX_TOKENS = 220  # score + two short paragraphs; longer only rambles


@dataclass(frozen=True)
class CritiqueJob:
    index: int  # position in the session
    entry: Entry
    answer: str


class _Relay(QObject):
    sigTokenReceived = Signal(int, str)  # job index, piece
    sigCritiqueFinished = Signal(int, object)  # job index, Critique
    sigCritiqueFailed = Signal(int, str)  # job index, one-line reason


def _load_backend() -> Any:
    """The tutor's model as its settings name it (a remote endpoint, or a local GGUF)."""
    from interview_desk.settings import load_settings
    from interview_desk.tutor.backend import LoadParams
    from interview_desk.tutor.local import LocalBackend
    from interview_desk.tutor.models import resolve_model
    from interview_desk.tutor.remote import RemoteBackend

    settings = load_settings()
    if settings.remote_url:
        return RemoteBackend(settings.remote_url, settings.remote_model,
                             context_size=settings.n_ctx, timeout=settings.remote_timeout)
    info = resolve_model(settings.model, settings.model_paths)
    return LocalBackend.load(info.path, LoadParams.from_settings(settings))


class Critic:
    """Critiques run in order on one worker; ``stop()`` ends the current and drops the rest
    (each reports as "stopped")."""

    def __init__(self, retriever: Callable[[], Retriever | None],
                 backend_loader: Callable[[], Any] = _load_backend) -> None:
        self.relay = _Relay()
        self._retriever = retriever
        self._loader = backend_loader
        self._backend: Any = None  # touched only on the worker's thread
        self._worker = SerialWorker(THREAD_NAME)
        self._tasks: list[Task] = []  # submitted and not finished, for stop()

    def submit(self, job: CritiqueJob) -> None:
        index, relay = job.index, self.relay
        task = self._worker.stream(
            lambda task: self._run(job, task),
            on_item=lambda piece: relay.sigTokenReceived.emit(index, piece),
            on_done=lambda outcome: self._report(index, outcome),
            on_error=lambda exc: relay.sigCritiqueFailed.emit(index, user_message(exc)),
            context=relay)
        self._tasks = [t for t in self._tasks if not t.finished.is_set()]
        self._tasks.append(task)

    def stop(self) -> None:
        """Cancel the running critique and every queued one."""
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()

    def close(self, timeout: float = 10.0) -> None:
        self.stop()
        self._worker.submit(self._close_backend)
        self._worker.close(timeout)

    def _report(self, index: int, outcome: Critique | str) -> None:
        if isinstance(outcome, str):
            self.relay.sigCritiqueFailed.emit(index, outcome)
        else:
            self.relay.sigCritiqueFinished.emit(index, outcome)

    # -- on the worker's thread ----------------------------------------------------------
    def _close_backend(self) -> None:
        backend, self._backend = self._backend, None
        if backend is not None:
            backend.close()

    def _run(self, job: CritiqueJob, task: Task) -> Critique | str:
        """The parsed critique, or why there is none ("stopped", "degenerate",
        "unstructured"); errors reach ``on_error``."""
        if task.is_cancelled:
            return "stopped"
        if self._backend is None:
            self._backend = self._loader()
        tutor = Tutor(self._backend, self._retriever())
        params = GenParams(temperature=0.2, max_tokens=CRITIQUE_MAX_TOKENS)
        generation, against = critique(tutor, job.entry, job.answer, params, task.cancelled)
        for piece in generation:
            task.emit(piece)
        reply = generation.reply
        if reply is None:
            raise DeskError("the model stopped without a critique")
        if reply.cancelled:
            return "stopped"
        if is_degenerate(reply.text):
            return "degenerate"
        parsed = parse_critique(reply, against)
        return parsed if parsed.usable else "unstructured"
