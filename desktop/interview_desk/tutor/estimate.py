"""How much memory a GGUF model needs at a context size, from its header alone.

Loaded by llama.cpp, a model costs its weights (the tensor data, memory-mapped), the KV
cache (keys and values for every layer and position: 2 x layers x n_ctx x kv heads x
head dim, F16 by default) and compute buffers. The compute buffers are the least exact
part: we take a fixed floor plus a share of the weights. For SmolLM2-135M the estimate
is 175 / 246 / 340 MB at n_ctx 1024 / 4096 / 8192 against a measured resident growth of
146 / 196 / 289 MB after loading and a first evaluation (the KV cache's pages become
resident as the context fills), so it errs on the safe side for "does it fit".

GPU offload: each repeating block (``blk.N.*`` tensors and its slice of the KV cache)
moves as a unit, so how many layers fit a VRAM size is the share of blocks that fit
after a reserve for llama.cpp's own GPU buffers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_desk.tutor.gguf_header import GGUFHeader

KV_BYTES_PER_ELEMENT = 2  # llama.cpp's default KV cache type is F16
COMPUTE_FLOOR_BYTES = 48 * 1024 * 1024
COMPUTE_SHARE_OF_WEIGHTS = 0.05
GPU_RESERVE_BYTES = 256 * 1024 * 1024  # CUDA context, scratch and output buffers
_BLOCK = re.compile(r"blk\.(\d+)\.")


@dataclass(frozen=True, slots=True)
class MemoryEstimate:
    n_ctx: int
    weights: int
    kv_cache: int
    compute: int
    layers: int
    per_layer: int  # one block's weights and KV cache: what offloading one layer moves

    @property
    def total(self) -> int:
        return self.weights + self.kv_cache + self.compute

    def fits(self, available: int) -> bool:
        return self.total <= available

    def gpu_layers_that_fit(self, vram: int) -> int:
        """Blocks that fit in ``vram`` bytes; ``layers + 1`` means everything, the output
        layer too (llama.cpp's n_gpu_layers counts it as one more)."""
        room = vram - GPU_RESERVE_BYTES - self.compute
        if room <= 0 or self.per_layer <= 0:
            return 0
        if room >= self.weights + self.kv_cache:
            return self.layers + 1
        return min(self.layers, room // self.per_layer)


def _int(header: GGUFHeader, key: str, default: int = 0) -> int:
    value = header.metadata.get(key)
    if isinstance(value, list):  # per-layer arrays (some architectures): the largest
        value = max((v for v in value if isinstance(v, int)), default=default)
    return int(value) if isinstance(value, int) else default


def kv_shape(header: GGUFHeader) -> tuple[int, int, int]:
    """(layers, kv heads, head dim) from the header's attention metadata."""
    arch = str(header.metadata.get("general.architecture") or "")
    layers = _int(header, f"{arch}.block_count")
    heads = _int(header, f"{arch}.attention.head_count")
    kv_heads = _int(header, f"{arch}.attention.head_count_kv", heads)
    embd = _int(header, f"{arch}.embedding_length")
    head_dim = _int(header, f"{arch}.attention.key_length") or (embd // heads if heads else 0)
    return layers, kv_heads, head_dim


def estimate_memory(header: GGUFHeader, n_ctx: int) -> MemoryEstimate:
    """Bytes the model needs loaded with a context of ``n_ctx`` tokens."""
    layers, kv_heads, head_dim = kv_shape(header)
    weights = sum(t.n_bytes for t in header.tensors)
    kv_cache = 2 * layers * n_ctx * kv_heads * head_dim * KV_BYTES_PER_ELEMENT
    block_bytes: dict[int, int] = {}
    for t in header.tensors:
        match = _BLOCK.match(t.name)
        if match:
            n = int(match.group(1))
            block_bytes[n] = block_bytes.get(n, 0) + t.n_bytes
    largest_block = max(block_bytes.values(), default=0)
    per_layer = largest_block + (kv_cache // layers if layers else 0)
    compute = COMPUTE_FLOOR_BYTES + int(weights * COMPUTE_SHARE_OF_WEIGHTS)
    return MemoryEstimate(n_ctx, weights, kv_cache, compute, layers, per_layer)


def available_memory() -> int:
    """Bytes of RAM free for a new allocation now (psutil's "available")."""
    import psutil

    return int(psutil.virtual_memory().available)


def format_bytes(n: int) -> str:
    if n >= 1024 ** 3:
        return f"{n / 1024 ** 3:.1f} GB"
    if n >= 1024 ** 2:
        return f"{n / 1024 ** 2:.0f} MB"
    return f"{n / 1024:.0f} KB"
