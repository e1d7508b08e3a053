"""The remote backend: an OpenAI-compatible chat endpoint (llama-server, Ollama, vLLM).

Standard library only (``http.client``): streaming is server-sent events, one JSON delta
per ``data:`` line. Stop works even while the server is still reading the prompt: a
watcher closes the socket when the cancel event is set, which unblocks the read.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from interview_desk.errors import ModelError
from interview_desk.tutor.backend import GenParams, Message, StreamStats
from interview_desk.tutor.chat_format import ChatFormatInfo

log = logging.getLogger(__name__)

_CONNECT_TIMEOUT = 10.0
_READ_TIMEOUT = 300.0  # a big model on a slow server may think for a while
_CHARS_PER_TOKEN = 3  # no tokenizer here; a cautious estimate for Latin and CJK text


class RemoteBackend:
    def __init__(self, url: str, model: str = "", *, context_size: int = 4096,
                 api_key: str = "") -> None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ModelError(f"remote endpoint must be an http(s) URL, got {url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (443 if self._https else 80)
        base = parts.path.rstrip("/")
        self._base = base if base.endswith("/v1") else base + "/v1"
        self._model = model
        self._context = context_size
        self._api_key = api_key
        self.url = url

    # -- plumbing -------------------------------------------------------------------
    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        return cls(self._host, self._port, timeout=timeout)

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _fail(self, exc: BaseException) -> ModelError:
        return ModelError(f"cannot reach the remote model at {self.url}: "
                          f"{getattr(exc, 'strerror', None) or exc}")

    def list_models(self) -> list[str]:
        conn = self._connection(_CONNECT_TIMEOUT)
        try:
            conn.request("GET", f"{self._base}/models", headers=self._headers())
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200:
                raise ModelError(f"{self.url}: /models answered HTTP {resp.status}")
            data = json.loads(body)
        except (OSError, http.client.HTTPException) as exc:
            raise self._fail(exc) from exc
        except ValueError as exc:
            raise ModelError(f"{self.url}: /models did not return JSON") from exc
        finally:
            conn.close()
        return [str(m.get("id")) for m in data.get("data", []) if isinstance(m, dict)]

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
        conn = self._connection(_READ_TIMEOUT)
        done = threading.Event()
        reason = "stop"

        def watch() -> None:
            # Closing the socket from here unblocks a read waiting on the server.
            while not done.wait(0.02):
                if cancel.is_set():
                    sock = conn.sock
                    if sock is not None:
                        with contextlib.suppress(OSError):
                            sock.shutdown(socket.SHUT_RDWR)
                    return

        watcher = threading.Thread(target=watch, name="remote-cancel", daemon=True)
        watcher.start()
        try:
            try:
                conn.request("POST", f"{self._base}/chat/completions",
                             body=json.dumps(body).encode("utf-8"), headers=self._headers())
                resp = conn.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                if cancel.is_set():
                    reason = "cancelled"
                    return
                reason = "error"
                raise self._fail(exc) from exc
            if resp.status != 200:
                reason = "error"
                detail = resp.read(300).decode("utf-8", "replace").replace("\n", " ")
                raise ModelError(f"{self.url} answered HTTP {resp.status}: {detail}")
            for text, finish in self._events(resp, cancel):
                if finish:
                    reason = finish
                if text:
                    stats.piece()
                    yield text
            if cancel.is_set():
                reason = "cancelled"
        except (OSError, http.client.HTTPException) as exc:
            if cancel.is_set():
                reason = "cancelled"
            else:
                reason = "error"
                raise self._fail(exc) from exc
        except ModelError:
            reason = "error"
            raise
        finally:
            done.set()
            conn.close()
            stats.finish(reason)

    @staticmethod
    def _events(resp: http.client.HTTPResponse,
                cancel: threading.Event) -> Iterator[tuple[str, str]]:
        """(text, finish_reason) from each SSE ``data:`` line, until ``[DONE]``."""
        finished = False
        while not cancel.is_set():
            raw = resp.readline()
            if not raw:
                if not finished and not cancel.is_set():
                    # llama_cpp.server, for one, just closes the stream when the prompt
                    # does not fit its context.
                    raise ModelError("the remote server ended the reply without finishing "
                                     "(prompt longer than its context? see the server's log)")
                return
            line = raw.decode("utf-8", "replace").strip()
            if not line.startswith("data:"):
                continue
            payload = line[5:].strip()
            if payload == "[DONE]":
                return
            try:
                chunk = json.loads(payload)
            except ValueError:
                log.warning("remote: skipping malformed event %r", payload[:200])
                continue
            if isinstance(chunk, dict) and chunk.get("error"):
                # Servers report failures mid-stream as an event, not an HTTP status.
                error = chunk["error"]
                message = error.get("message", error) if isinstance(error, dict) else error
                raise ModelError(f"the remote model failed: "
                                 f"{str(message).splitlines()[0][:300]}")
            try:
                choice = chunk["choices"][0]
            except (KeyError, IndexError, TypeError):
                log.warning("remote: skipping malformed event %r", payload[:200])
                continue
            delta = choice.get("delta") or {}
            finish = str(choice.get("finish_reason") or "")
            finished = finished or bool(finish)
            yield str(delta.get("content") or ""), finish

    def close(self) -> None:
        """Nothing is held between requests."""
