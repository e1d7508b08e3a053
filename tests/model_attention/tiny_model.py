"""Tiny LLaMA-family GGUFs for the attention tests, written with ``gguf`` in milliseconds.

Random seeded weights in any of the tensor types the forward pass supports; llama or
qwen2 layout (QKV biases, half-split RoPE), tied or untied output, RoPE base, linear
scaling and llama-3 ``rope_freqs``. ``tensors`` returns the exact float64 weights the
file holds (after quantization), for the independent reference to use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import gguf
import numpy as np
from gguf import GGMLQuantizationType as Q
from gguf import quants

WORDS = ["▁the", "▁model", "▁attention", "▁key", "▁value", "▁query", "▁head", "▁token"]
# K-quant blocks are built from random bytes with sane scales (gguf.quants cannot
# quantize them): byte offset and value of each f16 scale field, picked so weights come
# out roughly zero-mean with a spread near 0.1 (rows of 256 want half the spread of 64).
_K_SCALES: dict[Q, list[tuple[int, float]]] = {
    Q.Q4_K: [(0, 0.0004), (2, 0.003)], Q.Q5_K: [(0, 0.0002), (2, 0.0031)],
    Q.Q6_K: [(208, 0.00008)], Q.Q2_K: [(80, 0.0075), (82, 0.011)],
    Q.Q3_K: [(108, 0.0025)],
}


@dataclass
class TinySpec:
    arch: str = "llama"
    qtype: Q = Q.F32
    n_embd: int = 64
    n_layer: int = 2
    n_head: int = 4
    n_head_kv: int = 2
    n_ff: int = 128
    tied: bool = False
    rope_base: float = 10000.0
    rope_linear: float = 0.0  # linear scaling factor (0: none)
    rope_freqs: bool = False
    seed: int = 0
    rope_scaling: str = ""  # a scaling type written as is (yarn: one we refuse)
    per_layer_kv: bool = False  # kv heads as a per-layer list (what some GGUFs hold)
    drop: tuple[str, ...] = ()  # tensors left out of the file


def _encode(array: np.ndarray, qtype: Q, rng: np.random.Generator) -> np.ndarray:
    if qtype in _K_SCALES:
        block, size = gguf.GGML_QUANT_SIZES[qtype]
        rows, cols = array.shape
        raw = rng.integers(0, 256, (rows, cols // block, size), dtype=np.uint8)
        for offset, value in _K_SCALES[qtype]:
            raw[..., offset:offset + 2] = np.frombuffer(np.float16(value).tobytes(), np.uint8)
        return raw.reshape(rows, cols // block * size)
    if qtype == Q.F32:
        return array.astype(np.float32)
    return quants.quantize(array.astype(np.float32), qtype)


def write_tiny_model(path: Path, spec: TinySpec) -> dict[str, np.ndarray]:
    """Write the GGUF; return its tensors dequantized, float64, numpy (out, in) order."""
    rng = np.random.default_rng(spec.seed)
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{i:02X}>" for i in range(256)] + WORDS
    arch = spec.arch
    w = gguf.GGUFWriter(str(path), arch)
    w.add_name(f"tiny-{arch}-{spec.qtype.name}")
    w.add_context_length(512)
    w.add_embedding_length(spec.n_embd)
    w.add_block_count(spec.n_layer)
    w.add_feed_forward_length(spec.n_ff)
    w.add_head_count(spec.n_head)
    if spec.per_layer_kv:
        w.add_array(f"{arch}.attention.head_count_kv", [spec.n_head_kv] * spec.n_layer)
    else:
        w.add_head_count_kv(spec.n_head_kv)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_dimension_count(spec.n_embd // spec.n_head)
    w.add_rope_freq_base(spec.rope_base)
    if spec.rope_linear:
        w.add_rope_scaling_type(gguf.RopeScalingType.LINEAR)
        w.add_rope_scaling_factor(spec.rope_linear)
    if spec.rope_scaling:
        w.add_string(f"{arch}.rope.scaling.type", spec.rope_scaling)
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores([0.0] * 259 + [-float(i) for i in range(len(WORDS))])
    w.add_token_types([2, 3, 3] + [6] * 256 + [1] * len(WORDS))
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)

    held: dict[str, np.ndarray] = {}

    def add(name: str, array: np.ndarray, qtype: Q = Q.F32) -> None:
        data = _encode(array, qtype, rng)
        if name in spec.drop:
            return
        if qtype == Q.F32:
            w.add_tensor(name, data)
            held[name] = data.astype(np.float64)
        else:
            w.add_tensor(name, data, raw_shape=data.shape, raw_dtype=qtype)
            held[name] = quants.dequantize(data, qtype).astype(np.float64)

    def mat(rows: int, cols: int, scale: float = 0.2) -> np.ndarray:
        return rng.standard_normal((rows, cols)) * scale

    def vec(n: int, around: float = 1.0) -> np.ndarray:
        return around + 0.1 * rng.standard_normal(n)

    d, hd, kvd, vocab = spec.n_embd, spec.n_embd // spec.n_head, \
        spec.n_head_kv * spec.n_embd // spec.n_head, len(tokens)
    add("token_embd.weight", mat(vocab, d, 1.0), spec.qtype)
    add("output_norm.weight", vec(d))
    if not spec.tied:
        add("output.weight", mat(vocab, d, 1.0), spec.qtype)
    if spec.rope_freqs:
        add("rope_freqs.weight", 1.0 + 3.0 * rng.random(hd // 2))
    for i in range(spec.n_layer):
        p = f"blk.{i}"
        add(f"{p}.attn_norm.weight", vec(d))
        add(f"{p}.attn_q.weight", mat(d, d), spec.qtype)
        add(f"{p}.attn_k.weight", mat(kvd, d), spec.qtype)
        add(f"{p}.attn_v.weight", mat(kvd, d), spec.qtype)
        if arch == "qwen2":
            add(f"{p}.attn_q.bias", vec(d, 0.0))
            add(f"{p}.attn_k.bias", vec(kvd, 0.0))
            add(f"{p}.attn_v.bias", vec(kvd, 0.0))
        add(f"{p}.attn_output.weight", mat(d, d), spec.qtype)
        add(f"{p}.ffn_norm.weight", vec(d))
        add(f"{p}.ffn_gate.weight", mat(spec.n_ff, d), spec.qtype)
        add(f"{p}.ffn_up.weight", mat(spec.n_ff, d), spec.qtype)
        add(f"{p}.ffn_down.weight", mat(d, spec.n_ff), spec.qtype)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return held
