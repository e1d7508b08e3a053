"""The mock interview's critic: one thread that owns a model (loaded from the tutor's
settings: the same model file or endpoint) and streams one critique after another.

``llama_cpp.Llama`` is not thread-safe, so the model lives and dies on this thread; the
GUI gets tokens and results through queued signals and stops a critique by setting its
event. The model is loaded for the critiques and closed with the window.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from interview_desk.corpus.model import Entry
from interview_desk.errors import DeskError
from interview_desk.study.mock import critique, is_degenerate, parse_critique
from interview_desk.tutor.backend import GenParams
from interview_desk.tutor.session import Retriever, Tutor

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
    sigModelLoading = Signal()


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
                             context_size=settings.n_ctx)
    info = resolve_model(settings.model, settings.model_paths)
    return LocalBackend.load(info.path, LoadParams.from_settings(settings))


class Critic:
    """Critiques run in order on one thread; ``stop()`` ends the current and drops the rest."""

    def __init__(self, retriever: Callable[[], Retriever | None],
                 backend_loader: Callable[[], Any] = _load_backend) -> None:
        self.relay = _Relay()
        self._retriever = retriever
        self._loader = backend_loader
        self._backend: Any = None
        self._jobs: queue.Queue[tuple[CritiqueJob, int] | None] = queue.Queue()
        self._epoch = 0  # stop() moves it on: jobs submitted before are dropped
        self._current = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def submit(self, job: CritiqueJob) -> None:
        self._jobs.put((job, self._epoch))

    def stop(self) -> None:
        """Cancel the running critique and every queued one (each reports as stopped)."""
        self._epoch += 1
        self._current.set()

    def close(self, timeout: float = 10.0) -> None:
        self.stop()
        self._jobs.put(None)
        self._thread.join(timeout)

    # -- the thread ------------------------------------------------------------------
    def _emit(self, signal: str, *args: Any) -> None:
        if shiboken6.isValid(self.relay):
            getattr(self.relay, signal).emit(*args)

    def _loop(self) -> None:
        try:
            while True:
                item = self._jobs.get()
                if item is None:
                    return
                self._run(*item)
        finally:
            if self._backend is not None:
                self._backend.close()

    def _run(self, job: CritiqueJob, epoch: int) -> None:
        cancel = self._current = threading.Event()  # set first: a stop() now reaches it
        if epoch != self._epoch:
            self._emit("sigCritiqueFailed", job.index, "stopped")
            return
        try:
            if self._backend is None:
                self._emit("sigModelLoading")
                self._backend = self._loader()
            tutor = Tutor(self._backend, self._retriever())
            params = GenParams(temperature=0.2, max_tokens=CRITIQUE_MAX_TOKENS)
            generation, against = critique(tutor, job.entry, job.answer, params, cancel)
            for piece in generation:
                self._emit("sigTokenReceived", job.index, piece)
            reply = generation.reply
            if reply is None:
                raise DeskError("the model stopped without a critique")
        except DeskError as exc:
            self._emit("sigCritiqueFailed", job.index, str(exc))
            return
        except Exception as exc:  # a bug: logged with its traceback, one line to the user
            log.exception("mock interview critique failed")
            self._emit("sigCritiqueFailed", job.index, f"unexpected error: {exc}")
            return
        if reply.cancelled:
            self._emit("sigCritiqueFailed", job.index, "stopped")
        elif is_degenerate(reply.text):
            self._emit("sigCritiqueFailed", job.index, "degenerate")
        else:
            parsed = parse_critique(reply, against)
            if parsed.usable:
                self._emit("sigCritiqueFinished", job.index, parsed)
            else:
                self._emit("sigCritiqueFailed", job.index, "unstructured")
