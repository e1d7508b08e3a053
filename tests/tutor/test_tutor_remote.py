"""The remote backend against a real ``llama_cpp.server`` started here on 127.0.0.1."""

from __future__ import annotations

import threading
import time

import pytest
from tutor_net import free_port

from interview_desk.errors import ModelError
from interview_desk.tutor.backend import GenParams, StreamStats
from interview_desk.tutor.prompt import Conversation
from interview_desk.tutor.remote import RemoteBackend
from interview_desk.tutor.session import Tutor


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
    port = free_port()  # nothing listens there
    backend = RemoteBackend(f"http://127.0.0.1:{port}")
    with pytest.raises(ModelError, match="cannot reach"):
        backend.list_models()
    with pytest.raises(ModelError, match="cannot reach"):
        list(backend.stream([{"role": "user", "content": "x"}], GenParams(),
                            threading.Event(), StreamStats()))
    for url in ("", "ftp://x", "127.0.0.1:8080"):
        with pytest.raises(ModelError, match="http"):
            RemoteBackend(url)


def test_prompt_too_long_for_the_server(server: str) -> None:
    # llama_cpp.server closes the stream without a word; that must not look like an
    # empty answer.
    with pytest.raises(ModelError, match="without finishing"):
        list(RemoteBackend(server).stream([{"role": "user", "content": "word " * 4000}],
                                          GenParams(max_tokens=10), threading.Event(),
                                          StreamStats()))
