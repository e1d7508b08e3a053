"""``interview-desk attention "TEXT" [--model PATH] [--layers 0,5] [--logits] [--json]``:
the loaded model's real attention over a short text, from a numpy forward pass."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from interview_desk.cli.output import emit_json
from interview_desk.errors import UsageError

if TYPE_CHECKING:
    import numpy as np

    from interview_desk.cli.parsing import Subcommands


def register(sub: Subcommands) -> None:
    p = sub.add_parser("attention", help="every layer's and head's attention of a local "
                       "GGUF model over TEXT (numpy, from the model's own weights)")
    p.add_argument("text", metavar="TEXT", help="at most 128 of the model's tokens")
    p.add_argument("--model", metavar="PATH", help="a .gguf file (default: settings, then "
                   "the default model)")
    p.add_argument("--layers", metavar="L,L", help="only these layers in the output "
                   "(comma-separated, from 0; default all)")
    p.add_argument("--logits", action="store_true", help="also the last position's logits")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def parse_layers(spec: str | None, n_layers: int) -> list[int]:
    if not spec:
        return list(range(n_layers))
    try:
        layers = [int(part) for part in spec.split(",") if part.strip()]
    except ValueError:
        raise UsageError(f"--layers wants comma-separated numbers, got {spec!r}") from None
    bad = [n for n in layers if not 0 <= n < n_layers]
    if bad or not layers:
        raise UsageError(f"--layers {spec!r}: the model has layers 0–{n_layers - 1}")
    return layers


def _rounded(a: np.ndarray) -> Any:
    return a.astype("float64").round(6).tolist()


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from interview_desk.model_attention.analysis import classify_heads
    from interview_desk.model_attention.runner import model_attention, open_model
    from interview_desk.settings import load_settings
    from interview_desk.tutor.models import resolve_model

    settings = load_settings()
    info = resolve_model(args.model or settings.model, settings.model_paths)
    weights, _ = open_model(info.path)  # a bad file or --layers fails before the pass
    layers = parse_layers(args.layers, weights.config.n_layers)
    result = model_attention(info.path, args.text, logits=args.logits)
    cfg = result.config
    patterns = classify_heads(result.attention)
    if args.json:
        out: dict[str, Any] = {
            "model": result.model, "tokens": list(result.tokens),
            "token_ids": list(result.token_ids), "layers": layers, "n_layers": cfg.n_layers,
            "heads": cfg.n_heads, "kv_heads": cfg.n_kv_heads,
            "attention": [_rounded(result.attention[layer]) for layer in layers],
            "entropy": [_rounded(result.entropy[layer]) for layer in layers],
            "patterns": [[p.pattern for p in patterns[layer]] for layer in layers],
            "seconds": round(result.seconds, 3),
        }
        if result.logits_last is not None:
            out["logits_last"] = _rounded(result.logits_last)
        emit_json(out, indent=None)
        return 0
    print(f"{result.model}: {result.n} tokens, {cfg.n_layers} layers × {cfg.n_heads} heads "
          f"({cfg.n_kv_heads} kv), {result.seconds:.2f} s")
    print("tokens: " + " ".join(result.tokens))
    for layer in layers:
        cells = [f"h{h} {p.pattern}" for h, p in enumerate(patterns[layer])]
        print(f"layer {layer:>2}  entropy {float(result.entropy[layer].mean()):.2f}  "
              + ", ".join(cells))
    if result.logits_last is not None:
        top = int(np.argmax(result.logits_last))
        print(f"next token: id {top}, logit {float(result.logits_last[top]):.3f}")
    sys.stdout.flush()
    return 0
