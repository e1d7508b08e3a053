"""The remote backend against a real ``llama_cpp.server`` started here on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_desk.errors import ModelError
from interview_desk.tutor.backend import GenParams, StreamStats
from interview_desk.tutor.prompt import Conversation
from interview_desk.tutor.remote import RemoteBackend
from interview_desk.tutor.session import Tutor

pytest.importorskip("uvicorn", reason="llama-cpp-python[server] extras not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    log = (tmp_path_factory.mktemp("server") / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(tiny_model),
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
         "--n_threads", "1", "--n_threads_batch", "1", "--model_alias", "tiny"],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/v1/models", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"llama_cpp.server did not start (see {log.name})")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_lists_models_and_streams(server: str) -> None:
    backend = RemoteBackend(server, "tiny")
    assert backend.list_models() == ["tiny"]
    stats = StreamStats()
    pieces = list(backend.stream([{"role": "user", "content": "hello"}],
                                 GenParams(temperature=0.0, max_tokens=24, seed=1),
                                 threading.Event(), stats))
    assert len(pieces) == stats.tokens > 1
    assert stats.finish_reason == "length"
    assert backend.chat_format.source == "remote"


def test_tutor_over_remote_cites(server: str) -> None:
    tutor = Tutor(RemoteBackend(server + "/v1/", "tiny", context_size=2048))
    reply = tutor.ask(Conversation(None), "what is attention?",
                      GenParams(temperature=0.0, max_tokens=30, seed=1)).run()
    assert reply.text and reply.model == "tiny" and reply.stats.tokens > 1


def test_stop_closes_the_stream(server: str) -> None:
    backend = RemoteBackend(server, "tiny")
    cancel = threading.Event()
    stats = StreamStats()
    stopped_at = 0.0
    for n, _piece in enumerate(backend.stream([{"role": "user", "content": "go on"}],
                                              GenParams(temperature=0.0, max_tokens=1500),
                                              cancel, stats), start=1):
        if n == 5:
            stopped_at = time.perf_counter()
            cancel.set()
    assert time.perf_counter() - stopped_at < 0.2
    assert stats.finish_reason == "cancelled" and stats.tokens < 1500
    # The server is still fine afterwards.
    assert backend.list_models() == ["tiny"]


def test_unreachable_and_bad_urls() -> None:
    port = _free_port()  # nothing listens there
    backend = RemoteBackend(f"http://127.0.0.1:{port}")
    with pytest.raises(ModelError, match="cannot reach"):
        backend.list_models()
    with pytest.raises(ModelError, match="cannot reach"):
        list(backend.stream([{"role": "user", "content": "x"}], GenParams(),
                            threading.Event(), StreamStats()))
    for url in ("", "ftp://x", "127.0.0.1:8080"):
        with pytest.raises(ModelError, match="http"):
            RemoteBackend(url)
