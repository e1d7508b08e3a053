"""A misbehaving OpenAI-compatible endpoint on 127.0.0.1, one behaviour per server.

A real TCP server on a thread: it reads the HTTP request, answers ``GET /v1/models``
properly (so the tutor panel can load it) and answers the chat request with one fault.
"""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

SSE_HEAD = (b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            b"Connection: close\r\n\r\n")
DRIP_S = 0.3  # the dripping servers send one byte this often


def event(obj: object) -> bytes:
    return b"data: " + json.dumps(obj).encode() + b"\n\n"


TOKEN = event({"choices": [{"delta": {"content": "x"}, "finish_reason": None}]})
DONE = b"data: [DONE]\n\n"

Reply = Callable[[BinaryIO, threading.Event], None]


def _send(data: bytes) -> Reply:
    def reply(out: BinaryIO, _stop: threading.Event) -> None:
        out.write(data)

    return reply


def _drip(data: bytes, head: bytes = b"") -> Reply:
    def reply(out: BinaryIO, stop: threading.Event) -> None:
        out.write(head)
        for i in range(len(data) * 100):
            if stop.wait(DRIP_S):
                return
            out.write(data[i % len(data):i % len(data) + 1])
            out.flush()

    return reply


def _paced(events: list[bytes], every: float) -> Reply:
    def reply(out: BinaryIO, stop: threading.Event) -> None:
        out.write(SSE_HEAD)
        for one in events:
            if stop.wait(every):
                return
            out.write(one)
            out.flush()

    return reply


def _repeat(head: bytes, chunk: bytes) -> Reply:
    def reply(out: BinaryIO, stop: threading.Event) -> None:
        out.write(head)
        while not stop.is_set():
            out.write(chunk)

    return reply


REPLIES: dict[str, Reply] = {
    "hang": _send(b""),  # handled in _Handler: waits for the client to hang up
    "garbage": _send(b"\x00\xff\xfe this is not HTTP at all\r\n\r\n"),
    "garbage-200": _send(SSE_HEAD + b"<html>hello</html>\nnot events\n"),
    "drip-status": _drip(b"HTTP/1.1 200 OK\r\n"),
    "drip-event": _drip(TOKEN, SSE_HEAD),
    "endless": _repeat(SSE_HEAD, TOKEN),
    "endless-empty": _repeat(SSE_HEAD, event({"choices": [{"delta": {}}]})),
    "huge-line": _repeat(SSE_HEAD + b"data: ", b"x" * 65536),
    "choices-int": _send(SSE_HEAD + event({"choices": [1]}) + DONE),
    "delta-list": _send(SSE_HEAD + event({"choices": [{"delta": ["a", "b"]}]}) + DONE),
    "error-empty": _send(SSE_HEAD + event({"error": {"message": ""}})),
    "error-blank": _send(SSE_HEAD + event({"error": ""})),
    "http-500-empty": _send(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n"
                            b"Connection: close\r\n\r\n"),
    "paced": _paced([TOKEN] * 4 + [DONE], 0.3),
    "ok": _send(SSE_HEAD + TOKEN * 3 + event({"choices": [{"delta": {},
                                                             "finish_reason": "stop"}]})
                + DONE),
}

MODELS = json.dumps({"object": "list", "data": [{"id": "fault"}]}).encode()


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        request = self.rfile.readline(65536)
        length = 0
        while (line := self.rfile.readline(65536)) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        self.rfile.read(length)
        self.server.requests.append(request.decode("latin-1").strip())
        try:
            if request.startswith(b"GET") and b"/models" in request:
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: %d\r\nConnection: close\r\n\r\n"
                                 % len(MODELS) + MODELS)
            elif self.server.mode == "hang":
                self._wait_for_hang_up()
            else:
                REPLIES[self.server.mode](self.wfile, self.server.stop)
        except OSError:  # the client hung up: what Stop and the timeouts do
            self.server.hung_up.set()

    def _wait_for_hang_up(self) -> None:
        """Answer nothing; note when the client closes the connection."""
        self.request.settimeout(0.05)
        while not self.server.stop.is_set():
            try:
                if self.request.recv(1) == b"":
                    self.server.hung_up.set()
                    return
            except TimeoutError:
                continue


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = mode
        self.stop = threading.Event()
        self.hung_up = threading.Event()
        self.requests: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def fault_server(mode: str) -> Iterator[_Server]:
    server = _Server(mode)
    thread = threading.Thread(target=server.serve_forever, name=f"fault-{mode}", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
