"""What every backend offers: load settings, sampling settings, and a token stream.

A backend turns chat messages into a stream of text pieces. The stream is a plain
iterator (the UI worker turns it into signals) that stops early when a
``threading.Event`` is set, and records its figures in ``StreamStats`` as it goes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

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
        return cls(n_gpu_layers=s.n_gpu_layers,
                   n_ctx=context_for(s.source_tokens, s.max_tokens, s.n_ctx),
                   n_threads=s.n_threads, chat_format=s.chat_format)


# Instructions, the question, template markers; and room for two follow-up turns (their
# hits, questions and replies) before the oldest turns are dropped (prompt.fit_to_context).
_PROMPT_OVERHEAD = 256


def context_for(source_tokens: int, max_tokens: int, limit: int) -> int:
    """The context to load: what a first turn and a couple of follow-ups need, in steps
    of 256 (llama.cpp's granularity), at most ``limit``. Each token of context costs KV
    cache memory whether it is used or not."""
    need = _PROMPT_OVERHEAD + 2 * source_tokens + 2 * max_tokens
    return min(limit, -(-need // 256) * 256)


@dataclass(frozen=True, slots=True)
class GenParams:
    temperature: float | None = None  # None: chosen by the model's size (sampling_for)
    top_p: float = 0.9
    max_tokens: int = 512
    seed: int | None = None  # fixed in tests and benchmarks
    source_tokens: int = 700  # the prompt's budget for notes (prompt.SourceBudget)
    repeat_penalty: float | None = None  # None: chosen by the model's size (sampling_for)

    @classmethod
    def from_settings(cls, s: Settings) -> GenParams:
        return cls(temperature=s.temperature if s.temperature >= 0 else None, top_p=s.top_p,
                   max_tokens=s.max_tokens, source_tokens=s.source_tokens)


@dataclass(frozen=True, slots=True)
class Sampling:
    temperature: float
    repeat_penalty: float


SMALL_MODEL = 1_000_000_000  # below this many parameters models loop readily


def sampling_for(parameters: int) -> Sampling:
    """Sampling defaults by model size (0: unknown, e.g. a remote model). Small models
    fall into loops that the guard then has to cut: ``benchmarks/sampling.py`` counts
    guard trips and nonsense replies per temperature and repeat penalty, and the setting
    it picks is theirs; larger models keep llama.cpp's usual penalty, which does not
    distort their wording."""
    if 0 < parameters < SMALL_MODEL:
        return Sampling(SMALL_TEMPERATURE, SMALL_REPEAT_PENALTY)
    return Sampling(temperature=0.3, repeat_penalty=1.1)


# Measured with SmolLM2-135M. Repeat penalty (3 questions x 160 tokens, temperature 0.3):
# the guard tripped 1/3 at 1.0, 0/3 at 1.1 and 1.3; at 1.1 a longer (280-token) reply still
# looped sentence by sentence. benchmarks/sampling.py (6 grounded questions x 128 tokens,
# temperature 0.2/0.5/0.8 x penalty 1.1/1.3): no trips and no nonsense replies in any
# setting, so it picked by its tie-break, nearest the old default: 0.2 with 1.3. With the
# guard stopping long sentences begun again (2026-12-07), --max-tokens 300 separates them:
# the guard stopped 0.2/1.3 on 7 of 12 replies (seeds 7 and 11), 0.2/1.1 on 6, 0.5/1.3 on
# 8, 0.5/1.1, 0.8/1.1 and 0.8/1.3 on none; picked 0.5 with 1.1 both times.
SMALL_REPEAT_PENALTY = 1.1
SMALL_TEMPERATURE = 0.5


@dataclass
class StreamStats:
    """Filled in while a stream runs; final once the iterator is exhausted."""

    started: float = field(default_factory=time.perf_counter)
    first_token_s: float | None = None  # time to first piece
    seconds: float = 0.0
    tokens: int = 0  # pieces produced (one per token for llama.cpp)
    prompt_tokens: int = 0  # prompt tokens evaluated (after prefix reuse); 0 if unknown
    prompt_reused: int = 0  # prompt tokens found in the KV cache (n_past); 0 if unknown
    finish_reason: str = ""  # "stop" | "length" | "cancelled" | "repetition"
    # Called (tokens evaluated, tokens to evaluate) while a long prompt is read.
    on_prompt: Callable[[int, int], None] | None = None

    def prompt_progress(self, done: int, total: int) -> None:
        if self.on_prompt is not None:
            self.on_prompt(done, total)

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

    def warm_up(self, messages: list[Message]) -> float: ...

    def stream(self, messages: list[Message], params: GenParams,
               cancel: threading.Event, stats: StreamStats) -> Iterator[str]: ...

    def close(self) -> None: ...


@runtime_checkable
class PrefixReader(Protocol):
    """A backend that can read the start of a prompt into its cache before the request
    comes (llama.cpp's KV cache, reused by prefix match); a remote server cannot be."""

    def prompt_tokens(self, messages: list[Message]) -> list[int]: ...

    def read_prefix(self, tokens: list[int], cancel: threading.Event,
                    progress: Callable[[int, int], None] | None = None) -> int: ...
