"""The mock interview's critic: critiques stream one after another on the tutor's model.

The tutor's ``ModelOwner`` is the app's one owner of a model (``llama_cpp.Llama`` is not
thread-safe, and a second copy would double the memory): each critique runs on its
thread, on the model the tutor has loaded, or the one the tutor's settings name when none
is. Tokens and results reach the GUI through the worker's queued delivery; ``stop()``
cancels the running critique and every queued one (the tutor's own requests go on).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from interview_desk.corpus.model import Entry
from interview_desk.errors import DeskError
from interview_desk.study.mock import Critique, critique, parse_critique
from interview_desk.tutor.backend import Backend, GenParams
from interview_desk.tutor.guard import is_degenerate
from interview_desk.tutor.session import Retriever, Tutor
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.report import user_message
from interview_desk.ui.runtime.workers import Task

if TYPE_CHECKING:  # the model owner (llama.cpp's wrapper) loads with the tutor, not here
    from interview_desk.tutor.opening import BackendSpec
    from interview_desk.ui.tutor.worker import ModelOwner

log = logging.getLogger(__name__)

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


def settings_spec() -> BackendSpec:
    """The model the tutor's settings name (loaded when the tutor has none loaded)."""
    from interview_desk.settings import load_settings
    from interview_desk.tutor.opening import BackendSpec

    return BackendSpec.from_settings(load_settings())


class Critic:
    """Critiques run in order on the tutor's model thread; ``stop()`` ends the current
    and drops the rest (each reports as "stopped")."""

    def __init__(self, retriever: Callable[[], Retriever | None],
                 model: Callable[[], ModelOwner | None],
                 spec: Callable[[], BackendSpec] = settings_spec) -> None:
        self.relay = _Relay()
        self._retriever = retriever
        self._model = model
        self._spec = spec
        self._tasks: list[Task] = []  # submitted and not finished, for stop()

    def submit(self, job: CritiqueJob) -> None:
        index, relay = job.index, self.relay
        owner = self._model()
        if owner is None:
            relay.sigCritiqueFailed.emit(index, user_message(
                DeskError("the tutor is not ready yet; try again in a moment")))
            return
        task = owner.run(
            lambda backend, task: self._run(job, backend, task), self._spec,
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

    def close(self) -> None:
        """Stop; the model stays with the tutor."""
        self.stop()

    def _report(self, index: int, outcome: Critique | str) -> None:
        if isinstance(outcome, str):
            self.relay.sigCritiqueFailed.emit(index, outcome)
        else:
            self.relay.sigCritiqueFinished.emit(index, outcome)

    # -- on the model's thread -----------------------------------------------------------
    def _run(self, job: CritiqueJob, backend: Backend, task: Task) -> Critique | str:
        """The parsed critique, or why there is none ("stopped", "degenerate",
        "unstructured"); errors reach ``on_error``."""
        if task.is_cancelled:
            return "stopped"
        tutor = Tutor(backend, self._retriever())
        params = GenParams(temperature=0.2, max_tokens=CRITIQUE_MAX_TOKENS)
        generation, against = critique(tutor, job.entry, job.answer, params, task.cancelled)
        for piece in generation:
            task.emit(piece)
        reply = generation.reply
        if reply is None:
            raise DeskError(tr("error.no_critique"))
        if reply.cancelled:
            return "stopped"
        if reply.looped or is_degenerate(reply.text):
            return "degenerate"
        parsed = parse_critique(reply, against)
        return parsed if parsed.usable else "unstructured"
