"""Self-test part "model": the default (or configured) model loads and generates."""

from __future__ import annotations

import threading

from interview_desk.settings import load_settings
from interview_desk.tutor.backend import GenParams, LoadParams, StreamStats
from interview_desk.tutor.local import LocalBackend, gpu_offload_supported, llama_cpp_version
from interview_desk.tutor.models import resolve_model


def check() -> str:
    settings = load_settings()
    info = resolve_model(settings.model, settings.model_paths)
    backend = LocalBackend.load(info.path, LoadParams(n_ctx=512, n_threads=settings.n_threads,
                                                      chat_format=settings.chat_format))
    try:
        stats = StreamStats()
        text = "".join(backend.stream([{"role": "user", "content": "Say hello."}],
                                      GenParams(temperature=0.0, max_tokens=8, seed=1),
                                      threading.Event(), stats))
    finally:
        backend.close()
    if stats.tokens == 0 or not text.strip():
        raise RuntimeError(f"{info.path.name} loaded but generated nothing")
    gpu = "GPU offload available" if gpu_offload_supported() else "CPU-only build"
    return (f"{info.path.name}: {stats.tokens} tokens in {stats.seconds:.2f}s, "
            f"{backend.chat_format.label}, llama-cpp-python {llama_cpp_version()}, {gpu}")
