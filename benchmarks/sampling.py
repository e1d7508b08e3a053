"""Sampling defaults measured against the degeneration guard, on a real GGUF model.

For a fixed set of learner questions, each grounded like the tutor grounds it (the best
search hit as the entry studied, hits as numbered notes), every setting of temperature x
repeat penalty answers once with the same seed; the prompt of a question is evaluated
once and stays in the KV cache for the other settings. Prints JSON: per setting, how
often the stream guard stopped a loop (``trips``) and how many replies were nonsense
(``tutor.guard.is_degenerate``: empty, looping, one line over and over, compressing to
nothing; guard trips included), and the setting picked (fewest nonsense, then fewest
trips, then the one nearest the current default). ``tutor.backend.sampling_for``
holds the pick for models of this size.

    .venv/bin/python benchmarks/sampling.py [--model PATH] [--max-tokens 300]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))

QUESTIONS = [
    "Why divide by sqrt(d_k) in attention?",
    "What is the KV cache and why does it speed up decoding?",
    "什么是 KV 缓存？",
    "How does LoRA reduce the number of trainable parameters?",
    "为什么大模型会产生幻觉？",
    "Explain step by step how grouped-query attention saves memory during inference.",
]
TEMPERATURES = (0.2, 0.5, 0.8)
PENALTIES = (1.1, 1.3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="GGUF file (default: the installed default model)")
    parser.add_argument("--max-tokens", type=int, default=300)  # 128 separated nothing
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    load_before = os.getloadavg()
    started = time.perf_counter()

    from interview_desk.corpus import load_corpus
    from interview_desk.search.index import SearchIndex
    from interview_desk.settings import Settings
    from interview_desk.tutor.backend import GenParams, LoadParams, sampling_for
    from interview_desk.tutor.guard import is_degenerate
    from interview_desk.tutor.local import LocalBackend
    from interview_desk.tutor.models import resolve_model
    from interview_desk.tutor.prompt import Conversation
    from interview_desk.tutor.session import Tutor, search_retriever

    info = resolve_model(args.model or "", [])
    backend = LocalBackend.load(info.path, LoadParams.from_settings(Settings(n_threads=1)))
    corpus = load_corpus()
    index = SearchIndex.open(corpus)
    retriever = search_retriever(index, corpus)
    tutor = Tutor(backend, retriever)
    settings = [(t, p) for t in TEMPERATURES for p in PENALTIES]
    counts: dict[tuple[float, float], dict[str, Any]] = {
        s: {"trips": 0, "nonsense": 0, "chars": 0} for s in settings
    }
    samples: dict[str, list[str]] = {}
    for question in QUESTIONS:
        print(f"benchmark: {question}", file=sys.stderr, flush=True)
        hits = retriever(question, 1)
        entry = hits[0] if hits else None
        for temperature, penalty in settings:
            reply = tutor.ask(
                Conversation(entry),
                question,
                GenParams(
                    temperature=temperature,
                    top_p=0.9,
                    max_tokens=args.max_tokens,
                    seed=args.seed,
                    repeat_penalty=penalty,
                ),
            ).run()
            c = counts[(temperature, penalty)]
            c["trips"] += reply.looped
            c["nonsense"] += reply.looped or is_degenerate(reply.text)
            c["chars"] += len(reply.text)
            samples.setdefault(f"{temperature}/{penalty}", []).append(reply.text[:160])
    backend.close()
    index.close()

    current = sampling_for(info.parameters)

    def rank(s: tuple[float, float]) -> tuple[int, int, float]:
        c = counts[s]
        nearest = abs(s[0] - current.temperature) + abs(s[1] - current.repeat_penalty)
        return c["nonsense"], c["trips"], nearest

    best = min(settings, key=rank)
    print(
        json.dumps(
            {
                "model": info.path.name,
                "parameters": info.parameters,
                "questions": len(QUESTIONS),
                "max_tokens": args.max_tokens,
                "seed": args.seed,
                "settings": [
                    {
                        "temperature": t,
                        "repeat_penalty": p,
                        **counts[(t, p)],
                        "nonsense_rate": round(counts[(t, p)]["nonsense"] / len(QUESTIONS), 2),
                    }
                    for t, p in settings
                ],
                "picked": {"temperature": best[0], "repeat_penalty": best[1]},
                "current_default": {
                    "temperature": current.temperature,
                    "repeat_penalty": current.repeat_penalty,
                },
                "samples": samples,
                "seconds": round(time.perf_counter() - started, 1),
                "loadavg": {
                    "before": [round(x, 2) for x in load_before],
                    "after": [round(x, 2) for x in os.getloadavg()],
                },
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
