"""The LLaMA-family decoder in numpy, keeping every layer's and head's attention weights.

Matches llama.cpp's graph for these architectures: RMSNorm (weight × x / rms), RoPE as
llama.cpp applies it (neighbouring pairs for llama, halves for qwen2; the base, linear
scale and llama-3 ``rope_freqs`` from the file), grouped-query attention with a causal
mask, SwiGLU, tied or untied output. Only one layer's weights are dequantized at a time,
so memory stays near one layer plus the activations, whatever the model's size.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from interview_desk.errors import ModelError
from interview_desk.model_attention.config import ModelConfig
from interview_desk.model_attention.weights import GGUFWeights
from interview_desk.strings import tr
from interview_desk.viz.scene import single_threaded_blas

Progress = Callable[[int, int], None]  # (layers done, layers in all)
OUTPUT_CHUNK_ROWS = 4096  # the output matrix is dequantized in slices of this many rows


class Cancelled(ModelError):
    """The caller set the cancel event; the run stopped between two layers."""


@dataclass(frozen=True)
class ForwardResult:
    attention: np.ndarray  # (layers, heads, query, key) float32, rows sum to 1
    logits_last: np.ndarray | None  # (vocab,) float32 for the last position, when asked


def rms_norm(x: np.ndarray, weight: np.ndarray, eps: float) -> np.ndarray:
    scale = 1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)
    return (x * scale * weight).astype(np.float32, copy=False)


def rope_angles(cfg: ModelConfig, n: int, freq_factors: np.ndarray | None) -> np.ndarray:
    """(n, rope_dim/2) angles: position × scale × base^(-2i/rope_dim) [/ factor_i]."""
    half = cfg.rope_dim // 2
    inv = cfg.rope_base ** (-np.arange(half, dtype=np.float64) * 2.0 / cfg.rope_dim)
    if freq_factors is not None:
        inv = inv / freq_factors[:half].astype(np.float64)
    pos = np.arange(n, dtype=np.float64) * cfg.rope_scale
    return np.outer(pos, inv)


def apply_rope(x: np.ndarray, angles: np.ndarray, style: str) -> np.ndarray:
    """Rotate the first rope_dim features of x (n, heads, head_dim) by angles (n, d/2)."""
    d = angles.shape[1] * 2
    cos = np.cos(angles)[:, None, :].astype(np.float32)
    sin = np.sin(angles)[:, None, :].astype(np.float32)
    out = x.copy()
    if style == "norm":
        a, b = x[..., 0:d:2], x[..., 1:d:2]
        out[..., 0:d:2] = a * cos - b * sin
        out[..., 1:d:2] = a * sin + b * cos
    else:
        a, b = x[..., : d // 2], x[..., d // 2: d]
        out[..., : d // 2] = a * cos - b * sin
        out[..., d // 2: d] = a * sin + b * cos
    return out


def softmax_rows(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)
    return scores


def _linear(w: GGUFWeights, x: np.ndarray, name: str) -> np.ndarray:
    y = x @ w.tensor(f"{name}.weight").T
    if w.has(f"{name}.bias"):  # Qwen2's q/k/v projections
        y += w.tensor(f"{name}.bias")
    return y


def _attention(w: GGUFWeights, cfg: ModelConfig, x: np.ndarray, layer: int,
               angles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n, hd = x.shape[0], cfg.head_dim
    p = f"blk.{layer}"
    q = _linear(w, x, f"{p}.attn_q").reshape(n, cfg.n_heads, hd)
    k = _linear(w, x, f"{p}.attn_k").reshape(n, cfg.n_kv_heads, hd)
    v = _linear(w, x, f"{p}.attn_v").reshape(n, cfg.n_kv_heads, hd)
    q = apply_rope(q, angles, cfg.rope_style)
    k = apply_rope(k, angles, cfg.rope_style)
    group = cfg.n_heads // cfg.n_kv_heads  # query heads per key/value head
    k = np.repeat(k, group, axis=1).transpose(1, 2, 0)  # (heads, hd, n)
    v = np.repeat(v, group, axis=1).transpose(1, 0, 2)  # (heads, n, hd)
    scores = (q.transpose(1, 0, 2) @ k) * np.float32(1.0 / np.sqrt(hd))
    future = np.triu_indices(n, 1)  # causal: a query sees itself and earlier keys only
    scores[:, future[0], future[1]] = -np.inf
    weights = softmax_rows(scores)
    mixed = (weights @ v).transpose(1, 0, 2).reshape(n, cfg.n_heads * hd)
    return mixed @ w.tensor(f"{p}.attn_output.weight").T, weights


def _ffn(w: GGUFWeights, x: np.ndarray, layer: int) -> np.ndarray:
    p = f"blk.{layer}"
    gate = x @ w.tensor(f"{p}.ffn_gate.weight").T
    up = x @ w.tensor(f"{p}.ffn_up.weight").T
    act = gate / (1.0 + np.exp(-gate)) * up  # SiLU(gate) · up
    return act @ w.tensor(f"{p}.ffn_down.weight").T


def _logits(w: GGUFWeights, h: np.ndarray) -> np.ndarray:
    name = "output.weight" if w.has("output.weight") else "token_embd.weight"  # tied
    parts = [w.rows_range(name, lo, hi) @ h for lo, hi in w.row_chunks(name, OUTPUT_CHUNK_ROWS)]
    return np.concatenate(parts).astype(np.float32)


def forward(w: GGUFWeights, token_ids: list[int], *, logits: bool = False,
            progress: Progress | None = None, cancel: threading.Event | None = None,
            one_blas_thread: bool = True) -> ForwardResult:
    """Run ``token_ids`` through the model; ``Cancelled`` if ``cancel`` is set meanwhile.

    One BLAS thread by default: these products are small (64 × 576 × 1536) and
    OpenBLAS's spinning threads made a 64-token pass ~2-10x slower on 2 busy cores
    (benchmarks/model_attention.py measures both).
    """
    if not one_blas_thread:
        return _forward(w, token_ids, logits, progress, cancel)
    with single_threaded_blas():
        return _forward(w, token_ids, logits, progress, cancel)


def _forward(w: GGUFWeights, token_ids: list[int], logits: bool, progress: Progress | None,
             cancel: threading.Event | None) -> ForwardResult:
    cfg = w.config
    n = len(token_ids)
    if n == 0:
        raise ModelError(tr("err.matt.no_tokens"))
    if cfg.n_heads % cfg.n_kv_heads:
        raise ModelError(tr("err.matt.kv_groups", file=w.name, heads=cfg.n_heads,
                            kv=cfg.n_kv_heads))
    freq = w.tensor("rope_freqs.weight") if w.has("rope_freqs.weight") else None
    angles = rope_angles(cfg, n, freq)
    x = w.rows("token_embd.weight", token_ids)
    attention = np.empty((cfg.n_layers, cfg.n_heads, n, n), dtype=np.float32)
    for layer in range(cfg.n_layers):
        if cancel is not None and cancel.is_set():
            raise Cancelled("cancelled")
        h = rms_norm(x, w.tensor(f"blk.{layer}.attn_norm.weight"), cfg.rms_eps)
        out, attention[layer] = _attention(w, cfg, h, layer, angles)
        x = x + out
        h = rms_norm(x, w.tensor(f"blk.{layer}.ffn_norm.weight"), cfg.rms_eps)
        x = x + _ffn(w, h, layer)
        if progress is not None:
            progress(layer + 1, cfg.n_layers)
    last = None
    if logits:
        h = rms_norm(x[-1:], w.tensor("output_norm.weight"), cfg.rms_eps)[0]
        last = _logits(w, h)
    return ForwardResult(attention, last)
