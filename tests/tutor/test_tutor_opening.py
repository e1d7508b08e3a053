"""``tutor.opening.open_backend``: the one way the app and the command line open a model
(local GGUF or remote endpoint), with its timings, the endpoint check and the warm-up a
cancel skips."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from tutor_net import free_port

from interview_desk.errors import ModelError
from interview_desk.settings import Settings
from interview_desk.tutor.backend import LoadParams
from interview_desk.tutor.opening import BackendSpec, open_backend
from interview_desk.tutor.remote import RemoteBackend


def test_a_local_model_is_loaded_then_warmed(tiny_model: Path) -> None:
    progress: list[float] = []
    opened = open_backend(BackendSpec(path=str(tiny_model), params=LoadParams(n_ctx=256)),
                          progress=progress.append)
    try:
        assert opened.backend.model_name == tiny_model.name
        assert opened.layers == 2 and opened.parameters > 0
        assert opened.load_seconds > 0 and opened.warm_seconds > 0
        assert progress and progress[-1] == 1.0
    finally:
        opened.backend.close()


def test_a_cancelled_load_is_one_line(tiny_model: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ModelError, match="cancelled"):
        open_backend(BackendSpec(path=str(tiny_model)), cancel=cancel)


def test_an_endpoint_that_is_not_there_fails_at_opening_when_checked() -> None:
    spec = BackendSpec.remote(Settings(remote_url=f"http://127.0.0.1:{free_port()}",
                                       remote_timeout=2.0))
    with pytest.raises(ModelError, match="cannot reach the remote model"):
        open_backend(spec)


def test_a_cancel_after_connecting_skips_the_warm_up() -> None:
    """Unchecked (the command line's way), nothing is asked of the endpoint before the
    warm-up, and a cancel set by then skips that too: no request is made at all."""
    settings = Settings(remote_url=f"http://127.0.0.1:{free_port()}", remote_model="m",
                        n_ctx=2048)
    cancel = threading.Event()
    cancel.set()
    opened = open_backend(BackendSpec.remote(settings), cancel=cancel, check_remote=False)
    assert isinstance(opened.backend, RemoteBackend)
    assert opened.backend.context_size == LoadParams.from_settings(settings).n_ctx
    assert (opened.warm_seconds, opened.layers, opened.parameters) == (0.0, 0, 0)
    opened.backend.close()
