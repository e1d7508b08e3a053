"""Running core work off the GUI thread and getting the answer back on it.

Two shapes, after Anki's ``taskman``:

* ``SerialWorker``: one long-lived thread that runs jobs in order. Everything that
  touches the user's SQLite file goes through one of these, so writes never race and
  the connection stays on the thread that opened it. Another one owns the search index.
* ``run_in_pool``: a one-off job on Qt's global pool (corpus loading, rendering).

Jobs never touch widgets; their result or exception is delivered to callbacks on the
GUI thread through a queued signal. A callback for an object that died meanwhile is
skipped, not crashed into.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


@dataclass
class _Job:
    fn: Callable[[], Any]
    on_done: Callback | None
    on_error: ErrorCallback | None


class _Relay(QObject):
    """Lives on the GUI thread; worker threads emit into it (queued delivery)."""

    sigJobFinished = Signal(object, object, object)  # job, result, exception

    def __init__(self) -> None:
        super().__init__()
        self.sigJobFinished.connect(self._on_job_finished)

    @Slot(object, object, object)
    def _on_job_finished(self, job: _Job, result: Any, exc: BaseException | None) -> None:
        try:
            if exc is None:
                if job.on_done is not None:
                    job.on_done(result)
            elif job.on_error is not None:
                job.on_error(exc)
            else:
                log.error("background job failed", exc_info=exc)
        except RuntimeError as err:  # a widget the callback used was already deleted
            if "already deleted" not in str(err):
                raise
            log.debug("callback skipped: %s", err)


def _run(job: _Job, relay: _Relay) -> None:
    try:
        result, error = job.fn(), None
    except Exception as exc:  # delivered to on_error on the GUI thread
        result, error = None, exc
    if not shiboken6.isValid(relay):  # the app is tearing down: nobody is left to tell
        return
    relay.sigJobFinished.emit(job, result, error)


class SerialWorker:
    """One thread, jobs run in submission order; ``close()`` drains the queue first."""

    def __init__(self, name: str) -> None:
        self._relay = _Relay()
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._closed = False
        self._pending = 0
        self._cond = threading.Condition()
        self._thread.start()

    def submit(self, fn: Callable[[], Any], on_done: Callback | None = None,
               on_error: ErrorCallback | None = None) -> None:
        if self._closed:
            log.warning("%s: job submitted after close; running it inline", self._thread.name)
            fn()
            return
        with self._cond:
            self._pending += 1
        self._queue.put(_Job(fn, on_done, on_error))

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            _run(job, self._relay)
            with self._cond:
                self._pending -= 1
                self._cond.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every submitted job ran (tests and shutdown only)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending == 0, timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Run what is queued, then stop the thread (called when the window closes)."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("%s did not finish within %.0f s", self._thread.name, timeout)


class _PoolTask(QRunnable):
    def __init__(self, job: _Job, relay: _Relay) -> None:
        super().__init__()
        self._job = job
        self._relay = relay

    def run(self) -> None:
        _run(self._job, self._relay)


_pool_relay: _Relay | None = None


def run_in_pool(fn: Callable[[], Any], on_done: Callback | None = None,
                on_error: ErrorCallback | None = None) -> None:
    """Run ``fn`` on Qt's global thread pool; callbacks run on the GUI thread."""
    global _pool_relay
    if _pool_relay is None:  # created lazily, on the GUI thread, after QApplication
        _pool_relay = _Relay()
    QThreadPool.globalInstance().start(_PoolTask(_Job(fn, on_done, on_error), _pool_relay))
