"""An independent, deliberately plain reference decoder (float64, one query at a time).

Written from the papers, not from the package: RoPE as complex multiplication, one loop
per head with its key/value head ``h // group``, softmax over the keys a query may see.
"""

from __future__ import annotations

import numpy as np
from tiny_model import TinySpec


def _rms(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return x / np.sqrt((x ** 2).mean() + 1e-5) * w


def _rotate(vec: np.ndarray, pos: int, spec: TinySpec, t: dict[str, np.ndarray]) -> np.ndarray:
    hd = vec.shape[0]
    freqs = np.array([spec.rope_base ** (-2 * i / hd) for i in range(hd // 2)])
    if spec.rope_freqs:
        freqs = freqs / t["rope_freqs.weight"]
    scale = 1.0 / spec.rope_linear if spec.rope_linear else 1.0
    turn = np.exp(1j * pos * scale * freqs)
    if spec.arch == "qwen2":  # GPT-NeoX pairs: (i, i + hd/2)
        z = (vec[: hd // 2] + 1j * vec[hd // 2:]) * turn
        return np.concatenate([z.real, z.imag])
    z = (vec[0::2] + 1j * vec[1::2]) * turn  # GPT-J / Meta pairs: (2i, 2i+1)
    out = np.empty(hd)
    out[0::2], out[1::2] = z.real, z.imag
    return out


def reference(t: dict[str, np.ndarray], spec: TinySpec,
              ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(attention (layers, heads, n, n), logits (n, vocab))."""
    n, hd = len(ids), spec.n_embd // spec.n_head
    group = spec.n_head // spec.n_head_kv
    xs = [t["token_embd.weight"][i].copy() for i in ids]
    att = np.zeros((spec.n_layer, spec.n_head, n, n))
    for layer in range(spec.n_layer):
        p = f"blk.{layer}"

        def proj(name: str, x: np.ndarray, p: str = p) -> np.ndarray:
            y = t[f"{p}.{name}.weight"] @ x
            return y + t[f"{p}.{name}.bias"] if f"{p}.{name}.bias" in t else y

        hs = [_rms(x, t[f"{p}.attn_norm.weight"]) for x in xs]
        qs = [proj("attn_q", h).reshape(spec.n_head, hd) for h in hs]
        ks = [proj("attn_k", h).reshape(spec.n_head_kv, hd) for h in hs]
        vs = [proj("attn_v", h).reshape(spec.n_head_kv, hd) for h in hs]
        new = []
        for i in range(n):
            heads = []
            for h in range(spec.n_head):
                q = _rotate(qs[i][h], i, spec, t)
                s = np.array([q @ _rotate(ks[j][h // group], j, spec, t) / np.sqrt(hd)
                              for j in range(i + 1)])
                a = np.exp(s - s.max())
                a /= a.sum()
                att[layer, h, i, : i + 1] = a
                heads.append(sum(a[j] * vs[j][h // group] for j in range(i + 1)))
            x = xs[i] + t[f"{p}.attn_output.weight"] @ np.concatenate(heads)
            f = _rms(x, t[f"{p}.ffn_norm.weight"])
            gate, up = t[f"{p}.ffn_gate.weight"] @ f, t[f"{p}.ffn_up.weight"] @ f
            new.append(x + t[f"{p}.ffn_down.weight"] @ (gate / (1 + np.exp(-gate)) * up))
        xs = new
    out = t.get("output.weight", t["token_embd.weight"])
    logits = np.stack([out @ _rms(x, t["output_norm.weight"]) for x in xs])
    return att, logits
