"""The one way to run work off the GUI thread and get the answer back on it.

After Anki's ``taskman``/``operations`` and napari's ``_qt/qthreading``:

* ``SerialWorker``: one named, long-lived thread that runs jobs in submission order.
  The user's SQLite file, the search index and the tutor's model each have one, so
  their state is only ever touched by that thread.
* ``run_in_pool``: a one-off job on Qt's global pool (corpus loading, imports, warm-up).
* ``Latest``: "latest request wins" (reader render, search as you type, related
  entries): a job started through it is skipped if a newer one was asked for before it
  began, and its result is dropped if a newer one was asked for before it arrived.
* ``SerialWorker.stream``: the job gets its ``Task`` and may be a generator; each
  yielded item reaches ``on_item`` on the GUI thread, the generator's return value
  reaches ``on_done``, and ``Task.cancel()`` stops it between items (the job can also
  hand ``task.cancelled`` to code that checks an event, and ``task.emit`` to C
  callbacks that cannot yield).

Jobs never touch widgets. Results, items and errors are delivered on the GUI thread
through a queued signal; a callback tied to a ``context`` QObject that Qt deleted
meanwhile is skipped. An error with no ``on_error`` goes to ``sys.excepthook``, which
the app routes to ``report.report_error`` (and pytest-qt turns into a test failure).
"""

from __future__ import annotations

import itertools
import logging
import queue
import sys
import threading
from collections.abc import Callable, Generator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, Signal, Slot

from interview_desk.errors import DeskError

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
T = TypeVar("T")
JobFn = Callable[..., Any]  # ``fn()``, or ``fn(task)`` for a stream


class WorkerClosed(DeskError):
    """A job was submitted to a worker that has already been closed (app quitting)."""


class Task:
    """The handle of one submitted job: cancel it from any thread; the job reads it."""

    def __init__(self, relay: _Relay | None = None) -> None:
        self.cancelled = threading.Event()
        self.finished = threading.Event()  # set once the job ran (or was skipped/refused)
        self._relay = relay
        self._job: _Job | None = None

    def cancel(self) -> None:
        self.cancelled.set()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled.is_set()

    def emit(self, item: Any) -> None:
        """From the job's thread: deliver ``item`` to ``on_item`` on the GUI thread."""
        relay, job = self._relay, self._job
        if relay is not None and job is not None and shiboken6.isValid(relay):
            relay.sigItemEmitted.emit(job, item)


class Latest:
    """Latest request wins: ``ticket()`` makes every earlier ticket stale."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._current = 0

    def ticket(self) -> Callable[[], bool]:
        """A predicate that stays true until the next ``ticket()`` (or ``drop()``)."""
        number = self._current = next(self._counter)
        return lambda: number == self._current

    def drop(self) -> None:
        """Make everything in flight stale (the request was withdrawn)."""
        self._current = next(self._counter)


@dataclass
class _Job:
    fn: JobFn
    on_done: Callback | None
    on_error: ErrorCallback | None
    on_item: Callback | None = None
    context: QObject | None = None
    wanted: Callable[[], bool] | None = None  # from Latest.ticket()
    streams: bool = False  # fn takes the Task and may yield items
    task: Task = field(default_factory=Task)

    def stale(self) -> bool:
        return self.wanted is not None and not self.wanted()


def _deliverable(job: _Job) -> bool:
    """A callback runs only for a live context and a request that is still wanted."""
    if job.context is not None and not shiboken6.isValid(job.context):
        log.debug("callback skipped: its context object was deleted")
        return False
    return not job.stale()


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() == app.thread()


def report_unhandled(exc: BaseException) -> None:
    """Where errors without an ``on_error`` go: the app's one report path."""
    sys.excepthook(type(exc), exc, exc.__traceback__)


class _Relay(QObject):
    """Lives on the GUI thread; worker threads emit into it (queued delivery)."""

    sigJobFinished = Signal(object, object, object)  # job, result, exception
    sigItemEmitted = Signal(object, object)  # job, item

    def __init__(self) -> None:
        super().__init__()
        self.sigJobFinished.connect(self._on_self_job_finished)
        self.sigItemEmitted.connect(self._on_self_item_emitted)

    @Slot(object, object, object)
    def _on_self_job_finished(self, job: _Job, result: Any, exc: BaseException | None) -> None:
        if not _deliverable(job):
            return
        if exc is None:
            if job.on_done is not None:
                job.on_done(result)
        elif job.on_error is not None:
            job.on_error(exc)
        else:
            report_unhandled(exc)

    @Slot(object, object)
    def _on_self_item_emitted(self, job: _Job, item: Any) -> None:
        if job.on_item is not None and not job.task.is_cancelled and _deliverable(job):
            job.on_item(item)


def _run(job: _Job, relay: _Relay) -> None:
    try:
        _run_job(job, relay)
    finally:
        job.task.finished.set()


def _run_job(job: _Job, relay: _Relay) -> None:
    if job.stale():  # a newer request came in while this one waited its turn
        return
    try:
        if job.streams:
            result = job.fn(job.task)
            if isinstance(result, Generator):
                result = _drain(result, job.task)
        else:
            result = job.fn()
        error = None
    except Exception as exc:  # delivered to on_error on the GUI thread
        result, error = None, exc
    if not shiboken6.isValid(relay):  # the app is tearing down: nobody is left to tell
        return
    relay.sigJobFinished.emit(job, result, error)


def _drain(stream: Generator[Any, None, Any], task: Task) -> Any:
    """Emit each item; stop between items once cancelled; the return value is the result."""
    try:
        while True:
            if task.is_cancelled:
                stream.close()  # runs the generator's finally blocks
                return None
            task.emit(next(stream))
    except StopIteration as stop:
        return stop.value


def _job(fn: JobFn, on_done: Callback | None, on_error: ErrorCallback | None,
         on_item: Callback | None, context: QObject | None, latest: Latest | None,
         relay: _Relay, *, streams: bool = False) -> _Job:
    job = _Job(fn, on_done, on_error, on_item, context,
               latest.ticket() if latest is not None else None, streams, Task(relay))
    job.task._job = job
    return job


class SerialWorker:
    """One named thread; jobs run in submission order; ``close()`` drains the queue."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._relay = _Relay()
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._closed = False
        self._thread.start()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def on_thread(self) -> bool:
        """True when called from this worker's own thread."""
        return threading.current_thread() is self._thread

    def submit(self, fn: Callable[[], Any], on_done: Callback | None = None,
               on_error: ErrorCallback | None = None, *, context: QObject | None = None,
               latest: Latest | None = None) -> Task:
        """Queue ``fn()``; its result or error reaches the callbacks on the GUI thread.

        After ``close()`` the job is refused, never run here: ``on_error`` gets a
        ``WorkerClosed`` at once (logged when there is none).
        """
        return self._put(_job(fn, on_done, on_error, None, context, latest, self._relay))

    def stream(self, fn: Callable[[Task], Any], on_item: Callback | None = None,
               on_done: Callback | None = None, on_error: ErrorCallback | None = None, *,
               context: QObject | None = None) -> Task:
        """Queue ``fn(task)``: a generator's items reach ``on_item``, its return value
        ``on_done`` (None when ``task.cancel()``, from any thread, stopped it between
        items). A plain function may call ``task.emit`` itself and return its result."""
        return self._put(_job(fn, on_done, on_error, on_item, context, None, self._relay,
                              streams=True))

    def call(self, fn: Callable[[], T], timeout: float | None = 60.0) -> T:
        """Run ``fn()`` on this worker and wait for its result, for code on another
        worker thread (the tutor's model thread reading the store). The GUI thread must
        never wait: it gets a ``RuntimeError``. Errors are raised here, in the caller."""
        if self.on_thread():
            return fn()
        if on_gui_thread():
            raise RuntimeError(f"{self.name}.call() from the GUI thread; use submit()")
        if self._closed:
            raise WorkerClosed(f"{self.name} has stopped; the app is closing")
        future: Future[T] = Future()

        def job() -> None:
            try:
                future.set_result(fn())
            except BaseException as exc:  # raised again in the waiting thread
                future.set_exception(exc)

        # on_error only fires if close() won the race: the refusal then reaches the caller.
        self._put(_job(job, None, future.set_exception, None, None, None, self._relay))
        return future.result(timeout)

    def _put(self, job: _Job) -> Task:
        if self._closed:
            log.warning("%s: job submitted after close; refused", self.name)
            exc = WorkerClosed(f"{self.name} has stopped; the app is closing")
            if job.on_error is not None:
                job.on_error(exc)
            else:
                log.warning("%s: %s", self.name, exc)
            job.task.cancel()
            job.task.finished.set()
            return job.task
        self._queue.put(job)
        return job.task

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            _run(job, self._relay)

    def close(self, timeout: float = 10.0) -> bool:
        """Stop taking jobs; the thread runs what is queued, then ends. Waits up to
        ``timeout`` seconds for that (0: not at all, for work that may be abandoned;
        the thread is a daemon, so process exit never waits for it). False if it is
        still running."""
        if not self._closed:
            self._closed = True
            self._queue.put(None)
        if timeout > 0:
            self._thread.join(timeout)
        if self._thread.is_alive():
            if timeout > 0:
                log.error("%s did not finish within %.1f s", self.name, timeout)
            return False
        return True


class _PoolTask(QRunnable):
    def __init__(self, job: _Job, relay: _Relay) -> None:
        super().__init__()
        self._job = job
        self._relay = relay

    def run(self) -> None:
        _run(self._job, self._relay)


_pool_relay: _Relay | None = None


def run_in_pool(fn: Callable[[], Any], on_done: Callback | None = None,
                on_error: ErrorCallback | None = None, *, context: QObject | None = None,
                latest: Latest | None = None) -> Task:
    """Run ``fn()`` on Qt's global thread pool; callbacks run on the GUI thread."""
    global _pool_relay
    if _pool_relay is None:  # created lazily, on the GUI thread, after QApplication
        _pool_relay = _Relay()
    job = _job(fn, on_done, on_error, None, context, latest, _pool_relay)
    QThreadPool.globalInstance().start(_PoolTask(job, _pool_relay))
    return job.task
