"""The local backend: one ``llama_cpp.Llama`` owned by whoever created it.

``Llama`` is not thread-safe: the UI keeps one worker thread that loads, runs and closes
it. Follow-up turns reuse the prompt prefix already in the KV cache because the same
object continues the conversation (llama-cpp-python compares token prefixes itself).

Cancelling: between tokens the stream checks the event; during a long prompt evaluation
only llama.cpp's abort callback can interrupt ``llama_decode``, so it is installed while
the prompt is evaluated and removed once tokens flow (it runs on every graph node and
would cost a few percent of generation speed).
"""

from __future__ import annotations

import ctypes
import functools
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from interview_desk.errors import ModelError
from interview_desk.llama_lock import LLAMA_LOAD_LOCK, close_with
from interview_desk.strings import tr
from interview_desk.tutor.backend import (
    GenParams,
    LoadParams,
    Message,
    StreamStats,
    sampling_for,
)
from interview_desk.tutor.chat_format import (
    ChatFormatInfo,
    confirm_chat_format,
    resolve_chat_format,
)
from interview_desk.tutor.gguf_header import read_header
from interview_desk.tutor.models import ModelInfo, describe

log = logging.getLogger(__name__)


def llama_cpp_version() -> str:
    try:
        import llama_cpp
    except ImportError:
        return ""
    return str(getattr(llama_cpp, "__version__", "?"))


def gpu_offload_supported() -> bool:
    """Whether this llama.cpp build can put layers on a GPU (CUDA, Metal, Vulkan...)."""
    try:
        import llama_cpp
    except ImportError:
        return False
    return bool(llama_cpp.llama_supports_gpu_offload())


def _progress_callback(progress: Callable[[float], None] | None,
                       cancel: threading.Event | None) -> Any:
    """llama.cpp's load progress callback; returning False abandons the load (cancel)."""
    import llama_cpp.llama_cpp as low

    def on_progress(value: float, _data: Any) -> bool:
        if progress is not None:
            try:
                progress(float(value))
            except Exception:  # an exception cannot cross the C boundary
                log.exception("load progress callback failed")
        return not (cancel is not None and cancel.is_set())

    return low.llama_progress_callback(on_progress)


PROMPT_CHUNK = 128  # tokens per progress step while a prompt is read
# Tokens per step of a pre-read (``read_prefix``), which stops only between steps: at
# ~75-150 tokens/s on one or two busy cores a question elsewhere waits under a second.
# On a 2-core AMD EPYC VM small steps cost nothing per CPU second (64: 147 tokens/CPU-s, 128:
# 134, one 512 batch: 136 with SmolLM2-135M, one thread).
PREREAD_CHUNK = 64
# A pre-read runs on one thread. Two batch threads meet at a barrier after every graph
# node, and when another process holds a core (the GUI showing the entry just opened)
# each barrier waits out a time slice: the same 451-token prefix read in 2.7-3.2 s on
# one thread quiet or beside a busy process, in 2.9 s on two threads quiet, 7.5-8 s
# beside a busy process and once 33 s (2-core AMD EPYC VM, measured 2026-12-02, issue 17).
# One thread also leaves the other core to the learner.
PREREAD_THREADS = 1


class _Rendered(Exception):
    """Raised by ``ProgressLlama.generate`` in render-only mode: the prompt's tokens."""

    def __init__(self, tokens: list[int]) -> None:
        super().__init__("rendered")
        self.tokens = tokens


@functools.cache
def _progress_llama() -> type:
    """A ``Llama`` whose model load reports progress, for this instance only.

    ``Llama()`` has no parameter for the callback, but its ``__init__`` builds the model
    parameters with one assignment, ``self.model_params = llama_model_default_params()``,
    before loading. This subclass turns that attribute into a property whose setter adds
    the callback to the instance's own parameters: nothing global is swapped, so other
    threads calling llama.cpp meanwhile are unaffected.
    """
    from llama_cpp import Llama

    class ProgressLlama(Llama):
        def __init__(self, *args: Any, progress_callback: Any, **kwargs: Any) -> None:
            self._progress_callback = progress_callback  # kept alive with the model
            # Set while a prompt is read: (tokens evaluated, tokens to evaluate).
            self.eval_progress: Callable[[int, int], None] | None = None
            # The last generation's prompt: its length in tokens, and how many of them
            # were already in the KV cache (n_past when its evaluation began; -1 before).
            self.prompt_length = 0
            self.prompt_reused = -1
            # Set by ``render``: generate() hands back the prompt instead of running it.
            self.render_only = False
            super().__init__(*args, **kwargs)

        def generate(self, tokens: Any, *args: Any, **kwargs: Any) -> Any:
            if self.render_only:
                raise _Rendered(list(tokens))
            self.prompt_length, self.prompt_reused = len(tokens), -1
            return super().generate(tokens, *args, **kwargs)

        def render(self, messages: list[Message]) -> list[int]:
            """The tokens ``create_chat_completion(messages)`` would evaluate: the same
            chat handler, template and tokenizer call, stopped where generation starts."""
            request: Any = messages  # llama-cpp-python's TypedDicts; ours are plain dicts
            self.render_only = True
            try:
                self.create_chat_completion(messages=request, max_tokens=1)
            except _Rendered as rendered:
                return rendered.tokens
            finally:
                self.render_only = False
            raise ModelError("the chat handler never reached generation")

        def read(self, tokens: list[int], chunk: int, cancel: threading.Event,
                 progress: Callable[[int, int], None] | None) -> int:
            """Evaluate ``tokens`` after the part of them already in the KV cache, ``chunk``
            tokens at a time, stopping between chunks once ``cancel`` is set; the tokens
            cached of them (a later prompt that starts with them reuses these)."""
            cached = Llama.longest_token_prefix(
                self.input_ids[: self.n_tokens].tolist(), tokens)
            self.n_tokens = cached  # eval() drops the cache after n_tokens first
            for start in range(cached, len(tokens), chunk):
                if cancel.is_set():
                    break
                Llama.eval(self, tokens[start:start + chunk])
                if progress is not None:
                    progress(int(self.n_tokens), len(tokens))
            return int(self.n_tokens)

        def eval(self, tokens: Any) -> None:
            """Evaluate a long prompt in chunks, reporting progress between them (each
            call continues at ``n_tokens``, so chunks give the same KV cache)."""
            if self.prompt_reused < 0:  # the prompt's first evaluation: after the prefix
                self.prompt_reused = self.n_tokens
            hook = self.eval_progress
            total = len(tokens)
            if hook is None or total <= PROMPT_CHUNK:
                super().eval(tokens)
                return
            for start in range(0, total, PROMPT_CHUNK):
                super().eval(tokens[start:start + PROMPT_CHUNK])
                hook(min(total, start + PROMPT_CHUNK), total)

        @property
        def model_params(self) -> Any:
            return self._own_model_params

        @model_params.setter
        def model_params(self, params: Any) -> None:
            params.progress_callback = self._progress_callback
            self._own_model_params = params

    return ProgressLlama


class LocalBackend:
    def __init__(self, llm: Any, info: ModelInfo, params: LoadParams,
                 chat: ChatFormatInfo) -> None:
        import llama_cpp

        self._llm = llm
        self._close_llm = close_with(self, llm)
        self.info = info
        self.params = params
        self._chat = chat
        self._cancel: threading.Event | None = None
        self._abort_cb = llama_cpp.ggml_abort_callback(self._should_abort)
        self._no_abort_cb = ctypes.cast(
            None,  # type: ignore[arg-type]  # NULL: ctypes takes None, its stubs do not
            llama_cpp.ggml_abort_callback)

    # -- loading --------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path, params: LoadParams, *,
             progress: Callable[[float], None] | None = None,
             cancel: threading.Event | None = None) -> LocalBackend:
        """Validate the file, then load it with llama.cpp; ``ModelError`` on any failure."""
        header = read_header(Path(path).expanduser())
        info = describe(header)
        if info.architecture == "unknown" or not header.tensors:
            raise ModelError(tr("err.model.unusable", file=header.path.name))
        chat_arg, planned = resolve_chat_format(header.metadata, params.chat_format)
        if planned.source == "broken":  # llama.cpp would refuse it after reading it all
            raise ModelError(tr("err.model.with_note", file=header.path.name, note=planned.note))
        try:
            llama_class = _progress_llama()
        except ImportError as exc:
            raise ModelError(tr("err.model.no_llama")) from exc
        # llama.cpp rounds the context up to a multiple of 256 while llama-cpp-python sizes
        # its token buffer with the number asked for: a prompt between the two overflows.
        n_ctx = max(256, -(-params.n_ctx // 256) * 256)
        kwargs: dict[str, Any] = {
            "model_path": str(header.path), "n_gpu_layers": params.n_gpu_layers,
            "n_ctx": n_ctx, "chat_format": chat_arg, "verbose": False,
        }
        if params.n_threads > 0:
            kwargs["n_threads"] = params.n_threads
            kwargs["n_threads_batch"] = params.n_threads
        log.info("loading %s (n_gpu_layers=%d n_ctx=%d n_threads=%d chat_format=%s)",
                 header.path, params.n_gpu_layers, params.n_ctx, params.n_threads, chat_arg)
        try:
            with LLAMA_LOAD_LOCK:
                llm = llama_class(**kwargs,
                                  progress_callback=_progress_callback(progress, cancel))
        except Exception as exc:  # llama-cpp-python raises ValueError, RuntimeError, Jinja
            if cancel is not None and cancel.is_set():
                raise ModelError(tr("err.model.load_cancelled", file=header.path.name)) from exc
            log.exception("llama.cpp could not load %s", header.path)
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelError(tr("err.model.load_failed", file=header.path.name,
                                first=first)) from exc
        chat = confirm_chat_format(llm.chat_format, planned)
        if chat.source == "fallback":
            log.warning("%s: chat format %s (%s)", header.path.name, chat.name, chat.note)
        return cls(llm, info, params, chat)

    # -- Backend protocol ---------------------------------------------------------
    @property
    def model_name(self) -> str:
        return self.info.path.name

    @property
    def chat_format(self) -> ChatFormatInfo:
        return self._chat

    @property
    def context_size(self) -> int:
        return int(self._llm.n_ctx())

    @property
    def llama(self) -> Any:
        """The underlying ``llama_cpp.Llama`` (benchmarks compare against it directly)."""
        return self._llm

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def _should_abort(self, _data: Any) -> bool:
        cancel = self._cancel
        return cancel is not None and cancel.is_set()

    def _set_abort(self, on: bool) -> None:
        import llama_cpp

        cb = self._abort_cb if on else self._no_abort_cb
        llama_cpp.llama_set_abort_callback(self._llm._ctx.ctx, cb, None)

    def _record_prompt(self, stats: StreamStats) -> None:
        """What the prompt cost: after a follow-up turn only the new suffix is evaluated,
        the rest found in the KV cache by llama-cpp-python's prefix match."""
        reused = max(0, int(self._llm.prompt_reused))
        stats.prompt_reused = reused
        stats.prompt_tokens = int(self._llm.prompt_length) - reused

    def stream(self, messages: list[Message], params: GenParams,
               cancel: threading.Event, stats: StreamStats) -> Iterator[str]:
        self._cancel = cancel
        reason = "stop"
        chunks: Iterator[dict[str, Any]] | None = None
        self._set_abort(True)
        self._llm.eval_progress = stats.prompt_progress if stats.on_prompt else None
        try:
            auto = sampling_for(self.info.parameters)  # what params leave to the size
            chunks = self._llm.create_chat_completion(
                messages=messages, stream=True,
                temperature=(params.temperature if params.temperature is not None
                             else auto.temperature),
                top_p=params.top_p, max_tokens=params.max_tokens, seed=params.seed,
                repeat_penalty=(params.repeat_penalty if params.repeat_penalty is not None
                                else auto.repeat_penalty),
            )
            for chunk in chunks:
                if cancel.is_set():
                    reason = "cancelled"
                    break
                choice = chunk["choices"][0]
                text = choice["delta"].get("content")
                if choice.get("finish_reason"):
                    reason = choice["finish_reason"]
                if text:
                    if stats.first_token_s is None:
                        self._set_abort(False)
                        self._record_prompt(stats)
                    stats.piece()
                    yield text
        except RuntimeError as exc:
            if not cancel.is_set():
                log.exception("generation failed")
                reason = "error"
                raise ModelError(tr("err.model.generate_failed", exc=exc)) from exc
            reason = "cancelled"  # llama_decode aborted by our callback
        except ValueError as exc:  # e.g. the prompt does not fit the context
            reason = "error"
            raise ModelError(str(exc).splitlines()[0]) from exc
        finally:
            if chunks is not None:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()
            self._set_abort(False)
            self._llm.eval_progress = None
            self._cancel = None
            stats.finish(reason)

    def prompt_tokens(self, messages: list[Message]) -> list[int]:
        """The tokens a request with ``messages`` evaluates, as its chat template renders
        them ("ModelError" when they do not fit the context)."""
        try:
            return list(self._llm.render(messages))
        except ValueError as exc:
            raise ModelError(str(exc).splitlines()[0]) from exc

    def read_prefix(self, tokens: list[int], cancel: threading.Event,
                    progress: Callable[[int, int], None] | None = None) -> int:
        """Read ``tokens`` into the KV cache ahead of a request that starts with them,
        stopping between chunks once ``cancel`` is set (what was read stays: the request
        continues from there); the number of them cached. ``progress(done, total)``
        after each chunk."""
        import llama_cpp

        llm = self._llm
        ctx, own = llm._ctx.ctx, llm.context_params
        llama_cpp.llama_set_n_threads(ctx, own.n_threads, PREREAD_THREADS)
        try:
            return int(llm.read(tokens, PREREAD_CHUNK, cancel, progress))
        finally:
            llama_cpp.llama_set_n_threads(ctx, own.n_threads, own.n_threads_batch)

    def warm_up(self, messages: list[Message]) -> float:
        """Evaluate ``messages`` and one token: llama.cpp's first evaluation after loading
        pays a one-off cost (buffers, thread pool), better paid now than by the first
        question; the instructions stay cached as the start of every prompt."""
        stats = StreamStats()
        for _ in self.stream(messages, GenParams(max_tokens=1, temperature=0.0, seed=0),
                             threading.Event(), stats):
            pass
        return stats.seconds

    def close(self) -> None:
        self._llm = None
        self._close_llm()  # closes the model once, however often this is called
