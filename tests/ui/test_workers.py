"""The one worker primitive: order, GUI-thread delivery, refusal after close, dead
contexts, latest-request-wins, streams with cancel, and errors reaching the report path."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Iterator

import pytest
from PySide6.QtCore import QObject, QThread, QThreadPool

from interview_desk.ui.runtime.workers import (
    Latest,
    SerialWorker,
    Task,
    WorkerClosed,
    run_in_pool,
)


@pytest.fixture
def worker(qapp) -> Iterator[SerialWorker]:
    w = SerialWorker("test-worker")
    yield w
    w.close()


def qapp_thread() -> QThread:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().thread()


def test_jobs_run_in_order_on_the_named_thread(qtbot, worker: SerialWorker) -> None:
    ran: list[tuple[int, str]] = []
    delivered: list[tuple[int, bool]] = []
    for i in range(5):
        worker.submit(lambda i=i: ran.append((i, threading.current_thread().name)) or i,
                      lambda result: delivered.append(
                          (result, QThread.currentThread() == qapp_thread())))
    qtbot.waitUntil(lambda: len(delivered) == 5, timeout=5000)
    assert ran == [(i, "test-worker") for i in range(5)]
    assert delivered == [(i, True) for i in range(5)]


def test_a_job_after_close_is_refused_not_run_inline(qtbot, worker: SerialWorker,
                                                     caplog) -> None:
    worker.close()
    ran: list[str] = []
    errors: list[BaseException] = []
    worker.submit(lambda: ran.append(threading.current_thread().name), None, errors.append)
    qtbot.wait(50)
    assert ran == []  # never on the GUI thread, never at all
    assert len(errors) == 1 and isinstance(errors[0], WorkerClosed)
    assert "refused" in caplog.text


def test_callback_of_a_deleted_context_is_skipped(qtbot, worker: SerialWorker) -> None:
    owner = QObject()
    gate = threading.Event()
    called: list[object] = []
    worker.submit(lambda: gate.wait(5) and "done", called.append, context=owner)
    owner.deleteLater()
    qtbot.wait(20)  # Qt deletes it
    gate.set()
    with qtbot.captureExceptions() as exceptions:
        assert worker.close(5)
        qtbot.wait(50)
    assert called == [] and exceptions == []


def test_latest_request_wins(qtbot, worker: SerialWorker) -> None:
    latest = Latest()
    started, gate = threading.Event(), threading.Event()
    ran: list[int] = []
    shown: list[int] = []

    def job(n: int) -> int:
        if n == 0:
            started.set()
            gate.wait(5)  # the first one is running when the others arrive
        ran.append(n)
        return n

    worker.submit(lambda: job(0), shown.append, latest=latest)
    assert started.wait(5)
    for n in range(1, 4):
        worker.submit(lambda n=n: job(n), shown.append, latest=latest)
    gate.set()
    qtbot.waitUntil(lambda: 3 in ran, timeout=5000)
    qtbot.wait(50)
    assert ran == [0, 3]  # 1 and 2 were stale before they started: skipped
    assert shown == [3]  # 0 finished after newer requests: dropped


def test_stream_delivers_items_and_result_and_stops_when_cancelled(
        qtbot, worker: SerialWorker) -> None:
    items: list[int] = []
    done: list[object] = []

    def count(task: Task) -> Generator[int, None, str]:  # its return value is the result
        yield from range(3)
        return "end"

    worker.stream(count, items.append, done.append)
    qtbot.waitUntil(lambda: done == ["end"], timeout=5000)
    assert items == [0, 1, 2]

    produced: list[int] = []
    finished = threading.Event()

    def endless(task: Task) -> Iterator[int]:
        try:
            for i in range(10_000):
                produced.append(i)
                yield i
                time.sleep(0.002)
        finally:
            finished.set()

    task = worker.stream(endless, lambda i: task.cancel() if i == 2 else None)
    qtbot.waitUntil(finished.is_set, timeout=5000)
    assert task.is_cancelled and len(produced) < 10_000


def test_task_emit_reaches_on_item_from_a_callback(qtbot, worker: SerialWorker) -> None:
    seen: list[float] = []
    done: list[object] = []

    def load(task: Task) -> str:
        for fraction in (0.5, 1.0):  # as llama.cpp's progress callback would
            task.emit(fraction)
        return "loaded"

    worker.stream(load, seen.append, done.append)
    qtbot.waitUntil(lambda: done == ["loaded"], timeout=5000)
    assert seen == [0.5, 1.0]


def test_an_error_without_handler_reaches_the_report_path(qtbot, worker: SerialWorker
                                                          ) -> None:
    def boom() -> None:
        raise LookupError("from a background job")

    with qtbot.captureExceptions() as exceptions:
        worker.submit(boom)
        qtbot.waitUntil(lambda: bool(exceptions), timeout=5000)
    assert isinstance(exceptions[0][1], LookupError)


def test_errors_reach_on_error_and_pool_jobs_too(qtbot) -> None:
    errors: list[BaseException] = []
    run_in_pool(lambda: 1 / 0, None, errors.append)
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)
