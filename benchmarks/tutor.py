"""Tutor speed with a real GGUF model: the app's path against raw llama-cpp-python.

Prints JSON from one run:

* ``throughput``: generation tokens/s through the app (``Tutor.ask`` -> ``LocalBackend``
  stream -> text pieces) and through ``Llama.create_chat_completion(stream=True)`` on
  the same ``Llama`` object with the same messages, runs interleaved; target ratio >= 0.95.
* ``ttft``: time to first token of turn 1 and turn 2 of conversations about corpus
  entries (grounded with real search hits); target turn 2 <= 0.3 x turn 1, which needs
  the prompt prefix reused from the KV cache (``prompt_tokens_reused_turn2``: n_past when
  turn 2's evaluation began, equal to what turn 1 left in the cache) and a follow-up that
  adds little (``prompt_tokens_evaluated_turn2``).
* ``follow_up``: time to first token of that follow-up (turn 2, sources and all) against
  raw llama-cpp-python answering the bare follow-up question on the same warmed model
  (target <= 3x), and the full prompt of turn 1 in tokens (target <= 1,100).
* ``first_question``: time to first token of the first question on a freshly opened
  entry (a) after its notes were pre-read (the learner read the entry a few seconds),
  (b) without a pre-read (the whole prompt read at the question), against the raw bare
  question on the same warmed model; target (a) <= 3x raw and a few seconds at most.
  ``preread_s`` is what the pre-read itself took, in the background. (d) after a
  pause in typing before the last word: the notes the words so far find were read too
  (``typed_ahead_s``, in the background), and the question evaluates only itself.
  ``about_the_entry``: (a) for a question on the entry itself ("Can you explain this in
  more detail: <its question>"), whose best hit is mostly a note the pre-read holds.
* ``warm_up``: the first evaluation after loading (what the app now pays at load time)
  against the same evaluation once warm.
* ``threads``: prompt evaluation and generation speed with 1 and 2 threads, interleaved.
* ``context``: the context the app loads (sized from the source budget) and the memory
  a context of that size adds, against 4096 tokens.
* ``stop``: seconds from Stop (cancel event set) to the end of the stream; target 0.2.
* ``load``: load time (app path with header validation vs raw ``Llama()``), and the
  process's resident memory. Load average is recorded because these machines are shared.

    .venv/bin/python benchmarks/tutor.py [--model PATH] [--repeat 5] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))

QUESTION = "Explain step by step how grouped-query attention saves memory during inference."
FOLLOW_UPS = ["Why does that help long contexts?", "How is it different from MQA?"]
# A question on the entry being read (its notes are the ones pre-read), before its question.
ABOUT_ENTRY = "Can you explain this in more detail: "


def _rss_mb() -> float:
    import psutil

    return round(psutil.Process().memory_info().rss / 1e6, 1)


class _Clock:
    """Wall and CPU time of one stream. CPU seconds are what the work costs; on a shared
    machine wall time also counts the time other people's processes held the cores."""

    def __init__(self) -> None:
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        self.first: tuple[float, float] | None = None
        self.n = 0

    def piece(self) -> None:
        if self.first is None:
            self.first = (time.perf_counter(), time.process_time())
        self.n += 1

    def result(self) -> dict[str, float]:
        wall1, cpu1 = time.perf_counter(), time.process_time()
        fw, fc = self.first or (wall1, cpu1)
        gen = self.n - 1
        return {"tokens": self.n, "ttft_wall": fw - self.wall0, "ttft_cpu": fc - self.cpu0,
                "tps_wall": gen / (wall1 - fw) if gen > 0 and wall1 > fw else 0.0,
                "tps_cpu": gen / (cpu1 - fc) if gen > 0 and cpu1 > fc else 0.0}


def _raw_stream(llm: Any, messages: list[dict[str, str]], max_tokens: int) -> dict[str, float]:
    clock = _Clock()
    for chunk in llm.create_chat_completion(messages=messages, stream=True, temperature=0.0,
                                            top_p=1.0, max_tokens=max_tokens, seed=1):
        if chunk["choices"][0]["delta"].get("content"):
            clock.piece()
    return clock.result()


def _app_stream(generation: Any) -> dict[str, float]:
    clock = _Clock()
    for _piece in generation:
        clock.piece()
    return clock.result()


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="GGUF file (default: the installed default model)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=0, help="0 = llama-cpp-python's choice")
    parser.add_argument("--gpu-layers", type=int, default=0)
    args = parser.parse_args()
    load_before = os.getloadavg()
    rss_start = _rss_mb()

    import llama_cpp
    from llama_cpp import Llama

    from interview_desk.corpus import load_corpus
    from interview_desk.search.index import SearchIndex
    from interview_desk.settings import Settings
    from interview_desk.tutor.backend import GenParams, LoadParams
    from interview_desk.tutor.local import LocalBackend, gpu_offload_supported
    from interview_desk.tutor.models import resolve_model
    from interview_desk.tutor.prompt import Conversation, warm_up_messages
    from interview_desk.tutor.session import Tutor, search_retriever

    info = resolve_model(args.model or "", [])

    # Describing a model: our header reader vs llama-cpp-python's vocab_only load.
    from interview_desk.tutor.models import inspect_model

    t0 = time.perf_counter()
    inspect_model(info.path)
    inspect_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    Llama(str(info.path), vocab_only=True, verbose=False).close()
    vocab_only_s = time.perf_counter() - t0
    settings = Settings(n_threads=args.threads, n_gpu_layers=args.gpu_layers)
    params = LoadParams.from_settings(settings)  # n_ctx sized from the source budget

    # Load: raw first (warms the page cache for both), then the app's path.
    t0 = time.perf_counter()
    raw_kwargs: dict[str, Any] = {"n_ctx": 4096, "n_gpu_layers": args.gpu_layers,
                                  "verbose": False}
    if args.threads:
        raw_kwargs.update(n_threads=args.threads, n_threads_batch=args.threads)
    rss_before_raw = _rss_mb()
    raw = Llama(str(info.path), **raw_kwargs)
    raw_load = time.perf_counter() - t0
    rss_raw = _rss_mb()
    raw.close()
    rss_before_app = _rss_mb()
    t0 = time.perf_counter()
    backend = LocalBackend.load(info.path, params)
    app_load = time.perf_counter() - t0
    rss_loaded = _rss_mb()
    llm = backend.llama
    app_n_ctx = int(llm.n_ctx())  # read now: the context is freed before the report

    print("benchmark: Warm-up", file=sys.stderr, flush=True)
    # Warm-up: the first evaluation after loading, then the same evaluation again.
    warm = warm_up_messages()
    cold_s = backend.warm_up(warm)
    llm.reset()
    warm_s = backend.warm_up(warm)

    corpus = load_corpus()
    index = SearchIndex.open(corpus)
    retriever = search_retriever(index, corpus)
    gen = GenParams(temperature=0.0, top_p=1.0, max_tokens=args.max_tokens, seed=1)
    entry = next(e for e in corpus.entries if e.answered and "注意力" in e.question)

    print("benchmark: Throughput", file=sys.stderr, flush=True)
    # Throughput: identical messages, interleaved runs. The prompt stays cached between
    # runs (both paths share the Llama), so each run is mostly generation.
    app_runs, raw_runs = [], []
    for _ in range(args.repeat):
        conv = Conversation(entry)
        user, _new = conv.user_message(QUESTION, [])
        raw_runs.append(_raw_stream(llm, conv.messages_for(user), args.max_tokens))
        app_runs.append(_app_stream(Tutor(backend).ask(Conversation(entry), QUESTION, gen)))

    print("benchmark: Time to first token", file=sys.stderr, flush=True)
    # Time to first token, turn 1 vs turn 2, grounded with real search hits.
    turn1, turn2, eval1, eval2, reused2, cached1 = [], [], [], [], [], []
    tutor = Tutor(backend, retriever)
    entries = [e for e in corpus.entries if e.answered][: max(2, args.repeat // 2 + 1)]
    for e in entries:
        llm.reset()
        conv = Conversation(e)
        first = tutor.ask(conv, QUESTION, gen)
        turn1.append(_app_stream(first))
        cached1.append(int(llm.n_tokens))
        second = tutor.ask(conv, FOLLOW_UPS[0], gen)
        turn2.append(_app_stream(second))
        eval1.append(first.stats.prompt_tokens)
        eval2.append(second.stats.prompt_tokens)
        reused2.append(second.stats.prompt_reused)

    print("benchmark: Follow-up vs raw bare question", file=sys.stderr, flush=True)
    # Follow-up vs raw bare question on the same warmed model: turn 2 of a grounded
    # conversation (new hits + question over a cached prefix) against a chat of one
    # bare question, which evaluates its whole (short) prompt.
    follow, bare, full_prompt = [], [], []
    for e in entries:
        llm.reset()
        conv = Conversation(e)
        first = tutor.ask(conv, QUESTION, gen)
        _app_stream(first)
        full_prompt.append(first.stats.prompt_tokens + first.stats.prompt_reused)
        follow.append(_app_stream(tutor.ask(conv, FOLLOW_UPS[1], gen)))
        bare.append(_raw_stream(llm, [{"role": "user", "content": FOLLOW_UPS[1]}],
                                args.max_tokens))

    print("benchmark: First question after a pre-read", file=sys.stderr, flush=True)
    # First question on a freshly opened entry: (a) its notes pre-read first, (b) none,
    # (c) raw bare question; interleaved. The cache is emptied between entries, as
    # opening another entry does (another prefix replaces it).
    pre_q, cold_q, bare_q, pre_s, pre_tokens = [], [], [], [], []
    typed_q, typed_s, typed_eval = [], [], []
    own_q, own_eval, own_bare = [], [], []
    typed = QUESTION.rsplit(" ", 1)[0]  # the pause before the last word
    for e in entries:
        llm.reset()
        conv = Conversation(e)
        t0 = time.perf_counter()
        pre_tokens.append(tutor.preread(conv, gen))
        pre_s.append(time.perf_counter() - t0)
        pre_q.append(_app_stream(tutor.ask(conv, QUESTION, gen)))
        # The same, asking about the entry itself: its notes are mostly the ones read.
        llm.reset()
        conv = Conversation(e)
        tutor.preread(conv, gen)
        generation = tutor.ask(conv, ABOUT_ENTRY + e.question, gen)
        own_q.append(_app_stream(generation))
        own_eval.append(generation.stats.prompt_tokens)
        own_bare.append(_raw_stream(llm, [{"role": "user", "content": ABOUT_ENTRY + e.question}],
                                    args.max_tokens))
        llm.reset()
        conv = Conversation(e)
        tutor.preread(conv, gen)
        t0 = time.perf_counter()
        tutor.preread(conv, gen, typed=typed)
        typed_s.append(time.perf_counter() - t0)
        generation = tutor.ask(conv, QUESTION, gen)
        typed_q.append(_app_stream(generation))
        typed_eval.append(generation.stats.prompt_tokens)
        llm.reset()
        cold_q.append(_app_stream(tutor.ask(Conversation(e), QUESTION, gen)))
        llm.reset()
        bare_q.append(_raw_stream(llm, [{"role": "user", "content": QUESTION}],
                                  args.max_tokens))

    print("benchmark: Threads", file=sys.stderr, flush=True)
    # Threads: the same grounded first turn with 1 and 2 threads, interleaved.
    thread_runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
    thread_eval: dict[int, list[float]] = {1: [], 2: []}
    conv0 = Conversation(entries[0])
    conv0.use_budget(tutor._budget(gen))
    user0, _ = conv0.user_message(QUESTION, retriever(QUESTION, 3))
    msgs0 = conv0.messages_for(user0)
    for _ in range(max(1, args.repeat - 1)):
        for n in (1, 2):
            llama_cpp.llama_set_n_threads(llm._ctx.ctx, n, n)
            llm.reset()
            run = _raw_stream(llm, msgs0, 32)
            thread_eval[n].append(run["ttft_wall"])
            thread_runs[n].append(run)
    default_threads = int(llm.context_params.n_threads)
    llama_cpp.llama_set_n_threads(llm._ctx.ctx, default_threads, int(
        llm.context_params.n_threads_batch))

    print("benchmark: Stop latency", file=sys.stderr, flush=True)
    # Stop latency: cancel from another thread after a few tokens.
    stops = []
    for _ in range(args.repeat):
        cancel = threading.Event()
        set_at: list[float] = []
        generation = Tutor(backend).ask(Conversation(None), QUESTION,
                                        GenParams(temperature=0.0, max_tokens=400), cancel)
        for n, _piece in enumerate(generation):
            if n == 5:
                set_at.append(time.perf_counter())
                cancel.set()
        stops.append(time.perf_counter() - set_at[0] if set_at else 0.0)
    rss_end = _rss_mb()
    backend.close()
    index.close()

    def med(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    app_wall, raw_wall = med(app_runs, "tps_wall"), med(raw_runs, "tps_wall")
    app_cpu, raw_cpu = med(app_runs, "tps_cpu"), med(raw_runs, "tps_cpu")
    app_best = max(r["tps_wall"] for r in app_runs)
    raw_best = max(r["tps_wall"] for r in raw_runs)
    t1, t2 = med(turn1, "ttft_wall"), med(turn2, "ttft_wall")
    c1, c2 = med(turn1, "ttft_cpu"), med(turn2, "ttft_cpu")
    result = {
        "model": info.path.name, "parameters": info.parameters,
        "quantization": info.quantization,
        "n_threads": int(llm.context_params.n_threads), "n_gpu_layers": args.gpu_layers,
        "gpu_offload_supported": gpu_offload_supported(),
        "inspect": {"header_reader_s": round(inspect_s, 4),
                    "llama_vocab_only_s": round(vocab_only_s, 4)},
        "load": {"app_s": round(app_load, 3), "raw_s": round(raw_load, 3),
                 "rss_mb": {"start": rss_start, "loaded": rss_loaded, "end": rss_end}},
        "context": {"app_n_ctx": app_n_ctx, "raw_n_ctx": 4096,
                    "app_added_mb": round(rss_loaded - rss_before_app, 1),
                    "raw_4096_added_mb": round(rss_raw - rss_before_raw, 1)},
        "warm_up": {"first_eval_s": round(cold_s, 3), "warm_eval_s": round(warm_s, 3),
                    "ratio_first_over_warm": _ratio(cold_s, warm_s)},
        "follow_up": {
            "app_follow_up_ttft_s": round(med(follow, "ttft_wall"), 3),
            "raw_bare_question_ttft_s": round(med(bare, "ttft_wall"), 3),
            "ratio": _ratio(med(follow, "ttft_wall"), med(bare, "ttft_wall")),
            "ratio_cpu": _ratio(med(follow, "ttft_cpu"), med(bare, "ttft_cpu")),
            "target_ratio": 3.0,
            "turn1_prompt_tokens": full_prompt, "target_prompt_tokens": 1100,
        },
        "first_question": {
            "after_preread_ttft_s": round(med(pre_q, "ttft_wall"), 3),
            "without_preread_ttft_s": round(med(cold_q, "ttft_wall"), 3),
            "raw_bare_question_ttft_s": round(med(bare_q, "ttft_wall"), 3),
            "ratio_preread_over_raw": _ratio(med(pre_q, "ttft_wall"), med(bare_q, "ttft_wall")),
            "ratio_without_over_raw": _ratio(med(cold_q, "ttft_wall"),
                                             med(bare_q, "ttft_wall")),
            "ratio_preread_over_without": _ratio(med(pre_q, "ttft_wall"),
                                                 med(cold_q, "ttft_wall")),
            "ratio_preread_over_raw_cpu": _ratio(med(pre_q, "ttft_cpu"),
                                                 med(bare_q, "ttft_cpu")),
            "after_typed_ahead_ttft_s": round(med(typed_q, "ttft_wall"), 3),
            "ratio_typed_ahead_over_raw": _ratio(med(typed_q, "ttft_wall"),
                                                 med(bare_q, "ttft_wall")),
            "typed_ahead_s": round(statistics.median(typed_s), 3),
            "typed_ahead_prompt_tokens_evaluated": typed_eval,
            "preread_s": round(statistics.median(pre_s), 3),
            "preread_tokens": pre_tokens, "target_ratio": 3.0,
            "about_the_entry": {
                "question": ABOUT_ENTRY + "<the entry's question>",
                "after_preread_ttft_s": round(med(own_q, "ttft_wall"), 3),
                "raw_bare_question_ttft_s": round(med(own_bare, "ttft_wall"), 3),
                "ratio_over_raw": _ratio(med(own_q, "ttft_wall"), med(own_bare, "ttft_wall")),
                "prompt_tokens_evaluated": own_eval,
            },
        },
        "threads": {str(n): {"turn1_ttft_s": round(statistics.median(thread_eval[n]), 3),
                             "tokens_per_s": round(med(thread_runs[n], "tps_wall"), 1)}
                    for n in (1, 2)},
        "throughput": {
            "app_tokens_per_s": round(app_wall, 1), "raw_tokens_per_s": round(raw_wall, 1),
            "ratio_app_over_raw": _ratio(app_wall, raw_wall),
            "best_app_tokens_per_s": round(app_best, 1),
            "best_raw_tokens_per_s": round(raw_best, 1),
            "ratio_best": _ratio(app_best, raw_best),
            "app_tokens_per_cpu_s": round(app_cpu, 1), "raw_tokens_per_cpu_s": round(raw_cpu, 1),
            "ratio_cpu": _ratio(app_cpu, raw_cpu),
            "target_ratio": 0.95, "runs": args.repeat,
            "tokens_per_run": sorted({r["tokens"] for r in app_runs + raw_runs}),
            "app_runs": [round(r["tps_wall"], 1) for r in app_runs],
            "raw_runs": [round(r["tps_wall"], 1) for r in raw_runs],
        },
        "ttft": {
            "turn1_s": round(t1, 3), "turn2_s": round(t2, 3),
            "ratio_turn2_over_turn1": _ratio(t2, t1),
            "turn1_cpu_s": round(c1, 3), "turn2_cpu_s": round(c2, 3),
            "ratio_cpu": _ratio(c2, c1),
            "target_ratio": 0.3, "conversations": len(entries),
            "prompt_tokens_evaluated_turn1": eval1, "prompt_tokens_evaluated_turn2": eval2,
            "tokens_cached_after_turn1": cached1, "prompt_tokens_reused_turn2": reused2,
        },
        "stop": {"max_s": round(max(stops), 4), "median_s": round(statistics.median(stops), 4),
                 "target_s": 0.2},
        "loadavg": {"before": [round(x, 2) for x in load_before],
                    "after": [round(x, 2) for x in os.getloadavg()]},
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
