"""The local backend on real llama.cpp: streaming, Stop, abort, prefix reuse, GPU layers."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from interview_desk.errors import ModelError
from interview_desk.tutor.backend import GenParams, LoadParams, StreamStats
from interview_desk.tutor.local import LocalBackend, gpu_offload_supported

GREEDY = GenParams(temperature=0.0, top_p=1.0, max_tokens=40, seed=1)


@pytest.fixture(scope="module")
def tiny(tiny_model: Path):
    backend = LocalBackend.load(tiny_model, LoadParams(n_ctx=2048, n_threads=1))
    yield backend
    backend.close()


def _ask(backend: LocalBackend, messages: list[dict[str, str]], params: GenParams = GREEDY,
         cancel: threading.Event | None = None) -> tuple[str, StreamStats]:
    stats = StreamStats()
    text = "".join(backend.stream(messages, params, cancel or threading.Event(), stats))
    return text, stats


def test_streams_pieces_until_max_tokens(tiny: LocalBackend) -> None:
    stats = StreamStats()
    pieces = list(tiny.stream([{"role": "user", "content": "hello"}], GREEDY,
                              threading.Event(), stats))
    assert len(pieces) == stats.tokens == GREEDY.max_tokens
    assert all(isinstance(p, str) and p for p in pieces)
    assert stats.finish_reason == "length" and stats.first_token_s is not None
    again, _ = _ask(tiny, [{"role": "user", "content": "hello"}])
    assert again == "".join(pieces)  # greedy and seeded: reproducible


def test_follow_up_reuses_the_prompt_prefix(tiny: LocalBackend) -> None:
    system = {"role": "system", "content": "You are a tutor. " * 40}
    turn1 = [system, {"role": "user", "content": "first question about attention"}]
    reply, stats1 = _ask(tiny, turn1)
    turn2 = [*turn1, {"role": "assistant", "content": reply},
             {"role": "user", "content": "and the key value cache?"}]
    _, stats2 = _ask(tiny, turn2)
    full = tiny.count_tokens(system["content"])
    assert stats1.prompt_tokens > full
    # Turn 2 evaluates only what follows turn 1's prompt, not the long system message.
    assert 0 < stats2.prompt_tokens < full


def test_stop_ends_generation_within_200ms(default_model: Path) -> None:
    backend = LocalBackend.load(default_model, LoadParams(n_ctx=1024, n_threads=1))
    try:
        cancel = threading.Event()
        stats = StreamStats()
        stopped_at: list[float] = []
        pieces = backend.stream([{"role": "user", "content": "Explain attention."}],
                                GenParams(temperature=0.0, max_tokens=800, seed=1),
                                cancel, stats)
        for n, _piece in enumerate(pieces, start=1):
            if n == 10:
                # Stop comes from another thread, as the GUI's Stop button does.
                threading.Thread(target=lambda: (stopped_at.append(time.perf_counter()),
                                                 cancel.set())).start()
        ended = time.perf_counter()
        assert stats.finish_reason == "cancelled"
        assert ended - stopped_at[0] < 0.2
        assert stats.tokens < 800
    finally:
        backend.close()


def test_abort_during_long_prompt_evaluation(default_model: Path) -> None:
    backend = LocalBackend.load(default_model, LoadParams(n_ctx=4096, n_threads=1))
    try:
        cancel = threading.Event()
        long_prompt = "Attention lets every token look at every other token. " * 250
        timer = threading.Timer(0.3, cancel.set)
        stats = StreamStats()
        timer.start()
        text = "".join(backend.stream([{"role": "user", "content": long_prompt}],
                                      GREEDY, cancel, stats))
        ended = time.perf_counter()
        assert stats.finish_reason == "cancelled" and text == ""
        # The abort callback interrupts llama_decode between graph nodes.
        assert ended - (stats.started + 0.3) < 0.5
        # The model is still usable afterwards.
        reply, after = _ask(backend, [{"role": "user", "content": "Say hi."}])
        assert reply and after.finish_reason in ("stop", "length")
    finally:
        backend.close()


def test_gpu_layers_are_passed_through(tiny_model: Path) -> None:
    for layers, expected in ((0, 0), (1, 1), (-1, 0x7FFFFFFF)):
        backend = LocalBackend.load(tiny_model, LoadParams(n_ctx=256, n_threads=1,
                                                           n_gpu_layers=layers))
        try:
            assert backend.llama.model_params.n_gpu_layers == expected
            text, _ = _ask(backend, [{"role": "user", "content": "hi"}])
            assert text  # a CPU-only build ignores the request and still runs
        finally:
            backend.close()
    assert isinstance(gpu_offload_supported(), bool)


def test_load_reports_progress_and_can_be_cancelled(tiny_model: Path) -> None:
    seen: list[float] = []
    backend = LocalBackend.load(tiny_model, LoadParams(n_ctx=256, n_threads=1),
                                progress=seen.append)
    backend.close()
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ModelError, match="cancelled"):
        LocalBackend.load(tiny_model, LoadParams(n_ctx=256), cancel=cancel)


def test_load_rejects_bad_files(tmp_path: Path, tiny_model: Path) -> None:
    truncated = tmp_path / "cut.gguf"
    truncated.write_bytes(tiny_model.read_bytes()[:-1000])
    for path in (truncated, tmp_path / "absent.gguf"):
        with pytest.raises(ModelError) as err:
            LocalBackend.load(path, LoadParams(n_ctx=256))
        assert "\n" not in str(err.value)


def test_prompt_larger_than_context_is_a_model_error(tiny_model: Path) -> None:
    backend = LocalBackend.load(tiny_model, LoadParams(n_ctx=64, n_threads=1))
    try:
        with pytest.raises(ModelError):
            _ask(backend, [{"role": "user", "content": "word " * 200}])
    finally:
        backend.close()


def test_load_progress_swaps_no_global(tiny_model: Path) -> None:
    """Another thread building model parameters during our load must get llama.cpp's
    plain defaults, not our progress callback (the load used to swap the global)."""
    import ctypes

    import llama_cpp.llama_cpp as low

    original = low.llama_model_default_params
    during: list[tuple[bool, bool]] = []

    def on_progress(_value: float) -> None:
        if not during:  # what any other thread would see right now
            params = low.llama_model_default_params()
            callback = ctypes.cast(params.progress_callback, ctypes.c_void_p).value
            during.append((low.llama_model_default_params is original, callback is None))

    backend = LocalBackend.load(tiny_model, LoadParams(n_ctx=256), progress=on_progress)
    backend.close()
    assert during == [(True, True)]


def test_concurrent_loads_keep_stdout_and_stderr(tiny_model: Path, capfd) -> None:
    """The tutor's load and the visualizer's vocabulary-only load in two threads at once
    (issue 15: the terminal went silent): llama-cpp-python's quiet-mode fd swaps must
    not interleave, so fds 1 and 2 still reach their files afterwards."""
    import os
    import sys

    from interview_desk.viz.model_tokens import ModelTokenizer

    before = [(os.fstat(fd).st_dev, os.fstat(fd).st_ino) for fd in (1, 2)]
    streams = (sys.stdout, sys.stderr)
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def repeat(load) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        try:
            for _ in range(20):
                load()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=repeat, args=(
            lambda: LocalBackend.load(tiny_model, LoadParams(n_ctx=256)).close(),)),
        threading.Thread(target=repeat, args=(lambda: ModelTokenizer(tiny_model),)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert (sys.stdout, sys.stderr) == streams
    assert [(os.fstat(fd).st_dev, os.fstat(fd).st_ino) for fd in (1, 2)] == before
    os.write(1, b"fd1-still-works\n")
    os.write(2, b"fd2-still-works\n")
    out, err = capfd.readouterr()
    assert "fd1-still-works" in out and "fd2-still-works" in err


def test_sampling_defaults_follow_the_model_size() -> None:
    from interview_desk.settings import Settings
    from interview_desk.tutor.backend import sampling_for

    small, large, unknown = sampling_for(134_515_008), sampling_for(7_000_000_000), \
        sampling_for(0)
    assert (small.temperature, small.repeat_penalty) == (0.5, 1.1)  # benchmarks/sampling.py
    assert (large.temperature, large.repeat_penalty) == (0.3, 1.1) == \
        (unknown.temperature, unknown.repeat_penalty)
    # The settings leave the temperature to the model's size unless the user sets one.
    assert GenParams.from_settings(Settings()).temperature is None
    assert GenParams.from_settings(Settings(temperature=0.7)).temperature == 0.7
