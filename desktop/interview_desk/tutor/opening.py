"""Opening the tutor's model: what to open (``BackendSpec``) and ``open_backend``, which
connects to a remote endpoint or loads a local GGUF, then pays the first evaluation.

The app's model owner (``ui/tutor/worker.py``) and the command line's ``ask`` both open
models here, so they time, check and warm up a model the same way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from interview_desk.settings import Settings
from interview_desk.tutor.backend import Backend, LoadParams
from interview_desk.tutor.local import LocalBackend
from interview_desk.tutor.models import resolve_model
from interview_desk.tutor.remote import RemoteBackend
from interview_desk.tutor.session import warm_up


@dataclass(frozen=True)
class BackendSpec:
    """What to load: a local GGUF path with its load settings, or a remote endpoint."""

    path: str = ""
    params: LoadParams = field(default_factory=LoadParams)
    remote_url: str = ""
    remote_model: str = ""
    remote_timeout: float = 120.0  # Settings.remote_timeout

    @classmethod
    def from_settings(cls, s: Settings) -> BackendSpec:
        """The model the settings name: the remote endpoint, else the chosen GGUF."""
        if s.remote_url:
            return cls.remote(s)
        return cls.local(s, str(resolve_model(s.model, s.model_paths).path))

    @classmethod
    def remote(cls, s: Settings) -> BackendSpec:
        """The settings' remote endpoint."""
        return cls(params=LoadParams.from_settings(s), remote_url=s.remote_url,
                   remote_model=s.remote_model, remote_timeout=s.remote_timeout)

    @classmethod
    def local(cls, s: Settings, path: str) -> BackendSpec:
        """The GGUF at ``path`` with the settings' load parameters."""
        return cls(path=path, params=LoadParams.from_settings(s))


@dataclass(frozen=True)
class OpenedBackend:
    backend: Backend
    load_seconds: float  # connecting or loading; the warm-up not counted
    warm_seconds: float  # the first evaluation (0.0: cancelled before it, or it failed)
    layers: int = 0  # the GGUF's layer count (0: remote)
    parameters: int = 0  # the GGUF's parameter count (0: remote or unknown)


def open_backend(spec: BackendSpec, *, progress: Callable[[float], None] | None = None,
                 cancel: threading.Event | None = None,
                 check_remote: bool = True) -> OpenedBackend:
    """Connect to ``spec``'s endpoint or load its GGUF (``progress`` in 0..1; ``cancel``
    abandons the load, ``ModelError``), then warm it up unless cancelled by then.

    ``check_remote`` asks the endpoint for its models at once, so a wrong address fails
    here rather than at the first question (the command line asks its question at once,
    and reports that request's error instead). Whatever fails after loading closes the
    backend before the error goes on.
    """
    started = time.perf_counter()
    backend: Backend
    layers = parameters = 0
    if spec.remote_url:
        backend = RemoteBackend(spec.remote_url, spec.remote_model,
                                context_size=spec.params.n_ctx, timeout=spec.remote_timeout)
    else:
        local = LocalBackend.load(spec.path, spec.params, progress=progress, cancel=cancel)
        backend, layers, parameters = local, local.info.layers, local.info.parameters
    try:
        if check_remote and isinstance(backend, RemoteBackend):
            backend.list_models()
        loaded = time.perf_counter()
        warm = 0.0 if cancel is not None and cancel.is_set() else warm_up(backend)
    except BaseException:
        backend.close()
        raise
    return OpenedBackend(backend, loaded - started, warm, layers, parameters)
