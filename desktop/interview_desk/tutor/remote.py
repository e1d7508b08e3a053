"""The remote backend: an OpenAI-compatible chat endpoint (llama-server, Ollama, vLLM).

Standard library only (``http.client``): streaming is server-sent events, one JSON delta
per ``data:`` line. Stop works even while the server is still reading the prompt: a
watcher closes the socket when the cancel event is set, which unblocks the read.

A server is not trusted to behave: the same watcher gives up when it has sent no piece
of the reply for ``timeout`` seconds (a hang, or a byte dripped every few seconds, which
a socket timeout never catches); a reply stops at ``max_tokens`` pieces and at a byte
cap even if the server streams on; a malformed event is skipped, never a crash.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from interview_desk.errors import ModelError
from interview_desk.strings import tr
from interview_desk.tutor.backend import GenParams, Message, StreamStats
from interview_desk.tutor.chat_format import ChatFormatInfo

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 120.0  # the remote_timeout setting's default
_CHARS_PER_TOKEN = 3  # no tokenizer here; a cautious estimate for Latin and CJK text
_MAX_LINE = 1 << 20  # one SSE line; a token's event is ~200 bytes
_BYTES_PER_TOKEN = 4096  # the byte cap of one reply: this per token asked for...
_MIN_REPLY_BYTES = 4 << 20  # ...and at least this
_MAX_MESSAGE = 300  # characters of a server's own words quoted in a message


def _first_line(text: object) -> str:
    """A server's message as one line: its first non-blank line, cut short."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0][:_MAX_MESSAGE] if lines else ""


class RemoteBackend:
    def __init__(self, url: str, model: str = "", *, context_size: int = 4096,
                 api_key: str = "", timeout: float = DEFAULT_TIMEOUT_S) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ModelError(tr("err.remote.bad_url", url=url))
        try:
            port = parts.port  # "port 99999" is a ValueError here
        except ValueError as exc:
            raise ModelError(tr("err.remote.endpoint", url=url, exc=exc)) from exc
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = port or (443 if self._https else 80)
        base = parts.path.rstrip("/")
        self._base = base if base.endswith("/v1") else base + "/v1"
        self._model = model
        self._context = context_size
        self._api_key = api_key
        self._timeout = timeout
        self.url = url

    # -- plumbing -------------------------------------------------------------------
    def _connection(self) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        return cls(self._host, self._port, timeout=self._timeout)

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _fail(self, exc: BaseException) -> ModelError:
        if isinstance(exc, TimeoutError):
            return self._timed_out()
        why = _first_line(getattr(exc, "strerror", None) or exc) or type(exc).__name__
        return ModelError(f"cannot reach the remote model at {self.url}: {why}")

    def _timed_out(self) -> ModelError:
        return ModelError(f"the remote model at {self.url} sent nothing for "
                          f"{self._timeout:g} s; gave up (setting remote_timeout)")

    def list_models(self) -> list[str]:
        conn = self._connection()
        try:
            conn.request("GET", f"{self._base}/models", headers=self._headers())
            resp = conn.getresponse()
            body = resp.read(_MIN_REPLY_BYTES)
            if resp.status != 200:
                raise ModelError(tr("err.remote.models_http", url=self.url, status=resp.status))
            data = json.loads(body)
        except (OSError, http.client.HTTPException) as exc:
            raise self._fail(exc) from exc
        except (ValueError, RecursionError) as exc:
            raise ModelError(tr("err.remote.models_json", url=self.url)) from exc
        finally:
            conn.close()
        models = data.get("data") if isinstance(data, dict) else None
        if not isinstance(models, list):
            raise ModelError(tr("err.remote.no_list", url=self.url))
        return [str(m.get("id")) for m in models if isinstance(m, dict)]

    # -- Backend protocol -----------------------------------------------------------
    @property
    def model_name(self) -> str:
        return self._model or self.url

    @property
    def chat_format(self) -> ChatFormatInfo:
        return ChatFormatInfo("server", "remote")

    @property
    def context_size(self) -> int:
        return self._context

    def count_tokens(self, text: str) -> int:
        return len(text) // _CHARS_PER_TOKEN + 1

    def warm_up(self, messages: list[Message]) -> float:
        """Nothing to warm here: the server owns its model (``list_models`` checked it)."""
        return 0.0

    def stream(self, messages: list[Message], params: GenParams,
               cancel: threading.Event, stats: StreamStats) -> Iterator[str]:
        body: dict[str, Any] = {
            "messages": messages, "stream": True,
            "top_p": params.top_p, "max_tokens": params.max_tokens,
        }
        if params.temperature is not None:  # None: the server's default for its model
            body["temperature"] = params.temperature
        if self._model:
            body["model"] = self._model
        if params.seed is not None:
            body["seed"] = params.seed
        conn = self._connection()
        done = threading.Event()
        silence = _Silence(self._timeout)
        sockets: list[socket.socket] = []  # http.client drops conn.sock on "Connection: close"
        reason = "stop"

        def watch() -> None:
            # Closing the socket from here unblocks a read waiting on the server: on
            # Stop, and when the server has sent no piece of the reply for too long.
            while not done.wait(0.02):
                if cancel.is_set() or silence.expired():
                    for sock in sockets:
                        with contextlib.suppress(OSError):
                            sock.shutdown(socket.SHUT_RDWR)
                    return

        watcher = threading.Thread(target=watch, name="remote-cancel", daemon=True)
        watcher.start()
        try:
            conn.connect()
            if conn.sock is not None:
                sockets.append(conn.sock)
            conn.request("POST", f"{self._base}/chat/completions",
                         body=json.dumps(body).encode("utf-8"), headers=self._headers())
            resp = conn.getresponse()
            if resp.status != 200:
                detail = _first_line(resp.read(_MAX_MESSAGE).decode("utf-8", "replace"))
                raise ModelError(tr("err.remote.http", url=self.url, status=resp.status,
                                    detail=detail or resp.reason or tr("err.remote.no_details")))
            cap = max(_MIN_REPLY_BYTES, params.max_tokens * _BYTES_PER_TOKEN)
            skipped = 0
            for event in _events(resp, cancel, cap):
                if event is None:  # not a chat-completion chunk
                    skipped += 1
                    continue
                silence.reset()
                text, finish = event
                if finish:
                    reason = finish
                if text:
                    stats.piece()
                    silence.pause()  # the time the consumer takes is not the server's
                    yield text
                    silence.reset()
                    if stats.tokens >= params.max_tokens:  # the server may not stop
                        reason = "length"
                        break
            if cancel.is_set():
                reason = "cancelled"
            elif stats.tokens == 0 and skipped:
                raise ModelError(tr("err.remote.not_chunks", skipped=skipped))
        except (OSError, http.client.HTTPException, ModelError) as exc:
            if cancel.is_set():
                reason = "cancelled"
                return
            reason = "error"
            if silence.expired():
                raise self._timed_out() from exc
            if isinstance(exc, ModelError):
                raise
            raise self._fail(exc) from exc
        finally:
            done.set()
            conn.close()
            stats.finish(reason)

    def close(self) -> None:
        """Nothing is held between requests."""


class _Silence:
    """How long the server has sent no piece of the reply; ``expired`` past ``limit`` s.

    Paused while the consumer holds a piece: only the time spent waiting on the server
    counts (read by the watcher thread, set by the streaming one).
    """

    def __init__(self, limit: float) -> None:
        self._limit = limit
        self._since: float | None = time.monotonic()

    def reset(self) -> None:
        self._since = time.monotonic()

    def pause(self) -> None:
        self._since = None

    def expired(self) -> bool:
        since = self._since
        return since is not None and time.monotonic() - since > self._limit


def _events(resp: http.client.HTTPResponse, cancel: threading.Event,
            cap: int) -> Iterator[tuple[str, str] | None]:
    """(text, finish_reason) from each SSE ``data:`` line, until ``[DONE]``; None for a
    line that is not a chat-completion chunk.

    ``ModelError`` past ``cap`` bytes, or at a line longer than ``_MAX_LINE``.
    """
    finished = False
    received = 0
    while not cancel.is_set():
        raw = resp.readline(_MAX_LINE + 1)
        received += len(raw)
        if len(raw) > _MAX_LINE:
            raise ModelError(tr("err.remote.line_too_long", mb=_MAX_LINE >> 20))
        if received > cap:
            raise ModelError(tr("err.remote.reply_too_long", mb=cap >> 20))
        if not raw:
            if not finished and not cancel.is_set():
                # llama_cpp.server, for one, just closes the stream when the prompt
                # does not fit its context.
                raise ModelError(tr("err.remote.unfinished"))
            return
        line = raw.decode("utf-8", "replace").strip()
        if not line.startswith("data:"):
            continue
        payload = line[5:].strip()
        if payload == "[DONE]":
            return
        event = _parse_event(payload)
        finished = finished or (event is not None and bool(event[1]))
        yield event


def _parse_event(payload: str) -> tuple[str, str] | None:
    """(text, finish_reason) of one event; None (logged) when it is not one."""
    try:
        chunk = json.loads(payload)
    except (ValueError, RecursionError):
        chunk = None
    if isinstance(chunk, dict) and chunk.get("error") not in (None, False):
        # Servers report failures mid-stream as an event, not an HTTP status.
        error = chunk["error"]
        message = error.get("message", error) if isinstance(error, dict) else error
        raise ModelError(tr("err.remote.failed",
                            reason=_first_line(message) or tr("err.remote.no_reason")))
    choices = chunk.get("choices") if isinstance(chunk, dict) else None
    choice = choices[0] if isinstance(choices, list) and choices else None
    if not isinstance(choice, dict):
        log.warning("remote: skipping malformed event %r", payload[:200])
        return None
    delta = choice.get("delta") or {}  # the last chunk may carry "delta": null
    if not isinstance(delta, dict):
        log.warning("remote: skipping malformed event %r", payload[:200])
        return None
    content = delta.get("content")
    finish = choice.get("finish_reason")
    return (content if isinstance(content, str) else "",
            finish if isinstance(finish, str) else "")
