"""What every backend offers: load settings, sampling settings, and a token stream.

A backend turns chat messages into a stream of text pieces. The stream is a plain
iterator (the UI worker turns it into signals) that stops early when a
``threading.Event`` is set, and records its figures in ``StreamStats`` as it goes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from interview_desk.settings import Settings
from interview_desk.tutor.chat_format import ChatFormatInfo

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": ...}


@dataclass(frozen=True, slots=True)
class LoadParams:
    n_gpu_layers: int = 0  # 0 = CPU only, -1 = all layers
    n_ctx: int = 4096
    n_threads: int = 0  # 0 = llama.cpp's choice
    chat_format: str = ""  # "" = the GGUF template

    @classmethod
    def from_settings(cls, s: Settings) -> LoadParams:
        return cls(n_gpu_layers=s.n_gpu_layers, n_ctx=s.n_ctx, n_threads=s.n_threads,
                   chat_format=s.chat_format)


@dataclass(frozen=True, slots=True)
class GenParams:
    temperature: float = 0.3
    top_p: float = 0.9
    max_tokens: int = 512
    seed: int | None = None  # fixed in tests and benchmarks

    @classmethod
    def from_settings(cls, s: Settings) -> GenParams:
        return cls(temperature=s.temperature, top_p=s.top_p, max_tokens=s.max_tokens)


@dataclass
class StreamStats:
    """Filled in while a stream runs; final once the iterator is exhausted."""

    started: float = field(default_factory=time.perf_counter)
    first_token_s: float | None = None  # time to first piece
    seconds: float = 0.0
    tokens: int = 0  # pieces produced (one per token for llama.cpp)
    prompt_tokens: int = 0  # prompt tokens evaluated (after prefix reuse); 0 if unknown
    finish_reason: str = ""  # "stop" | "length" | "cancelled"

    def piece(self) -> None:
        if self.first_token_s is None:
            self.first_token_s = time.perf_counter() - self.started
        self.tokens += 1

    def finish(self, reason: str) -> None:
        self.seconds = time.perf_counter() - self.started
        self.finish_reason = reason

    @property
    def tokens_per_second(self) -> float:
        gen = self.seconds - (self.first_token_s or 0.0)
        return (self.tokens - 1) / gen if self.tokens > 1 and gen > 0 else 0.0


class Backend(Protocol):
    @property
    def model_name(self) -> str: ...

    @property
    def chat_format(self) -> ChatFormatInfo: ...

    @property
    def context_size(self) -> int: ...

    def count_tokens(self, text: str) -> int: ...

    def stream(self, messages: list[Message], params: GenParams,
               cancel: threading.Event, stats: StreamStats) -> Iterator[str]: ...

    def close(self) -> None: ...
