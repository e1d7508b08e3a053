"""The shape of a LLaMA-family model, read from its GGUF metadata."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from interview_desk.errors import ModelError
from interview_desk.strings import tr

# Architectures whose blocks are RMSNorm -> attention (+ optional QKV bias) -> RMSNorm ->
# SwiGLU, and how each rotates q/k: "norm" pairs neighbours (2i, 2i+1), "neox" pairs
# halves (i, i + d/2) -- llama.cpp's LLAMA_ROPE_TYPE_NORM / _NEOX for these names.
ROPE_STYLE: dict[str, str] = {"llama": "norm", "mistral": "norm", "qwen2": "neox"}


@dataclass(frozen=True)
class ModelConfig:
    architecture: str
    n_layers: int
    n_embd: int
    n_heads: int
    n_kv_heads: int
    head_dim: int
    n_ff: int
    rms_eps: float
    rope_dim: int
    rope_base: float
    rope_scale: float  # positions are multiplied by this (1 / linear scaling factor)
    rope_style: str

    @classmethod
    def from_metadata(cls, meta: Mapping[str, Any], name: str = "model") -> ModelConfig:
        arch = str(meta.get("general.architecture", ""))
        if not arch:
            raise ModelError(tr("err.model.no_architecture", file=name))
        if arch not in ROPE_STYLE:
            raise ModelError(tr("err.matt.architecture", file=name, arch=arch,
                                supported=", ".join(ROPE_STYLE)))

        def get(key: str, default: Any = None) -> Any:
            value = meta.get(f"{arch}.{key}", default)
            if value is None:
                raise ModelError(tr("err.matt.metadata_lacks", file=name, key=f"{arch}.{key}"))
            if isinstance(value, list):
                raise ModelError(tr("err.matt.per_layer", file=name, key=f"{arch}.{key}"))
            return value

        n_embd, n_heads = int(get("embedding_length")), int(get("attention.head_count"))
        head_dim = int(get("attention.key_length", n_embd // n_heads))
        scaling = str(meta.get(f"{arch}.rope.scaling.type", "none") or "none")
        factor = float(meta.get(f"{arch}.rope.scaling.factor", 0.0) or 0.0)
        if scaling == "linear" and factor > 0:
            rope_scale = 1.0 / factor
        elif scaling in ("none", "linear"):
            rope_scale = float(meta.get(f"{arch}.rope.freq_scale", 1.0) or 1.0)
        else:
            raise ModelError(tr("err.matt.rope_scaling", file=name, scaling=scaling))
        return cls(
            architecture=arch, n_layers=int(get("block_count")), n_embd=n_embd,
            n_heads=n_heads, n_kv_heads=int(get("attention.head_count_kv", n_heads)),
            head_dim=head_dim, n_ff=int(get("feed_forward_length")),
            rms_eps=float(get("attention.layer_norm_rms_epsilon", 1e-5)),
            rope_dim=int(get("rope.dimension_count", head_dim)),
            rope_base=float(get("rope.freq_base", 10000.0)), rope_scale=rope_scale,
            rope_style=ROPE_STYLE[arch],
        )
