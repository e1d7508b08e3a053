"""Model attention speed: the numpy forward pass vs llama.cpp on the same tokens.

Prints JSON. For each token count: the numpy pass that captures every layer's and head's
attention (median of ``--repeat``; the first, cold run of the process reported apart),
llama.cpp evaluating the same token ids from an empty KV cache (same thread count, after
its one-off warm-up), their ratio, the pass with numpy's default BLAS thread pool
instead of one thread, and the target (64 tokens ≤ 10 s on 2 cores). Memory:
the peak of numpy/Python allocations during one pass (tracemalloc) and the process's
peak RSS before llama.cpp is loaded, beside the size of the model file.

    .venv/bin/python benchmarks/model_attention.py [--model PATH] [--tokens 16,32,64,128]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))

TARGET_TOKENS, TARGET_S = 64, 10.0
TEXT = ("Attention lets each token look back at the tokens before it. Some heads look at "
        "the previous token, some park their weight on the first one, others follow the "
        "meaning of the words. Grouped-query attention shares keys and values between "
        "heads so the cache stays small while the model keeps many query heads. ") * 4


def _default_model() -> str:
    from interview_desk.tutor.models import resolve_model

    return os.environ.get("INTERVIEW_DESK_TEST_MODEL") or str(resolve_model("").path)


def _median(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="")
    ap.add_argument("--tokens", default="16,32,64,128")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2, help="llama.cpp threads")
    args = ap.parse_args()
    from interview_desk.model_attention.forward import forward
    from interview_desk.model_attention.runner import open_model

    path = args.model or _default_model()
    counts = [int(c) for c in args.tokens.split(",")]
    t0 = time.perf_counter()
    weights, vocab = open_model(path)
    open_s = time.perf_counter() - t0
    ids_all = [int(i) for i in vocab._llm.tokenize(TEXT.encode(), add_bos=True)]
    if len(ids_all) < max(counts):
        raise SystemExit(f"the benchmark text has only {len(ids_all)} tokens")
    t0 = time.perf_counter()
    forward(weights, ids_all[:TARGET_TOKENS])
    cold_s = time.perf_counter() - t0
    tracemalloc.start()
    forward(weights, ids_all[:TARGET_TOKENS])
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_before_llama = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    rows = []
    for n in counts:
        ids = ids_all[:n]
        rows.append({"tokens": n,
                     "numpy_s": round(_median(lambda ids=ids: forward(weights, ids),
                                              args.repeat), 3),
                     "numpy_with_logits_s": round(_median(
                         lambda ids=ids: forward(weights, ids, logits=True), args.repeat), 3),
                     "numpy_default_blas_threads_s": round(_median(
                         lambda ids=ids: forward(weights, ids, one_blas_thread=False),
                         args.repeat), 3)})

    from llama_cpp import Llama

    llm = Llama(model_path=path, n_ctx=512, n_threads=args.threads,
                n_threads_batch=args.threads, logits_all=True, verbose=False)
    llm.eval(ids_all[:2])  # llama.cpp's first evaluation pays a one-off warm-up

    def llama_eval(ids: list[int]) -> None:
        llm.reset()  # eval() then drops the KV cache from position 0 on
        llm.eval(ids)

    for row in rows:
        ids = ids_all[: row["tokens"]]
        row["llama_cpp_s"] = round(_median(lambda ids=ids: llama_eval(ids), args.repeat), 3)
        row["ratio_numpy_vs_llama"] = round(row["numpy_with_logits_s"] / row["llama_cpp_s"], 1)
    cfg = weights.config
    target = next((r for r in rows if r["tokens"] == TARGET_TOKENS), None)
    print(json.dumps({
        "model": weights.name, "model_mb": round(weights.path.stat().st_size / 1e6, 1),
        "layers": cfg.n_layers, "heads": cfg.n_heads, "kv_heads": cfg.n_kv_heads,
        "cpu_count": os.cpu_count(), "load_avg": [round(x, 2) for x in os.getloadavg()],
        "open_s": round(open_s, 3), "cold_first_pass_64_s": round(cold_s, 3),
        "runs": rows,
        "peak_traced_mb": round(traced_peak / 1e6, 1),
        "peak_rss_mb_before_llama": round(rss_before_llama / 1e6, 1),
        "target": f"{TARGET_TOKENS} tokens <= {TARGET_S:.0f} s",
        "target_met": bool(target and max(target["numpy_with_logits_s"], cold_s) <= TARGET_S),
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
