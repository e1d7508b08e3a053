"""A GGUF file's tensors, dequantized on demand with ``gguf.quants``.

The header comes from the tutor's own reader (milliseconds, and it catches truncated
files; ``gguf.GGUFReader`` spends ~3 s on a 49k-token vocabulary). Tensor bytes are a
read-only memory map, so nothing is read until a tensor is asked for and the caller
decides how many dequantized tensors live at once (the forward pass: one layer's).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gguf import GGMLQuantizationType
from gguf import quants as gq

from interview_desk.errors import ModelError
from interview_desk.model_attention.config import ModelConfig
from interview_desk.strings import tr
from interview_desk.tutor.gguf_header import GGML_TYPE_NAMES, read_header

# Types gguf.quants dequantizes in numpy and that LLaMA-family GGUFs use.
SUPPORTED_TYPES = frozenset(GGMLQuantizationType[n] for n in (
    "F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1",
    "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"))


def dequantize(raw: np.ndarray, qtype: GGMLQuantizationType) -> np.ndarray:
    """float32 values of ``raw`` (rows of bytes) in one numpy pass.

    ``gguf.quants.dequantize`` splits a matrix into groups of 16 rows and pays Python
    overhead per group (and per memmap view): 2.5 s of a 3.5 s pass on SmolLM2. The
    type's own ``dequantize_rows`` does the same arithmetic on the whole matrix at once.
    """
    raw = np.asarray(raw)  # a plain ndarray view: memmap views cost per-slice overhead
    if qtype in (GGMLQuantizationType.F32, GGMLQuantizationType.F16,
                 GGMLQuantizationType.BF16):
        return gq.dequantize(raw, qtype)
    return getattr(gq, qtype.name).dequantize_rows(raw)


class GGUFWeights:
    """``GGUFWeights(path)``: config, ``tensor(name)`` and ``rows(name, ids)`` in float32."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        header = read_header(self.path)  # ModelError for missing, foreign or truncated files
        self.name = self.path.name
        self.config = ModelConfig.from_metadata(header.metadata, self.name)
        self._tensors = {t.name: t for t in header.tensors}
        self._data_start = header.data_start
        unsupported = sorted({GGML_TYPE_NAMES.get(t.ggml_type, str(t.ggml_type))
                              for t in header.tensors if t.ggml_type not in SUPPORTED_TYPES})
        if unsupported:
            raise ModelError(tr("err.matt.tensor_types", file=self.name,
                                types=", ".join(unsupported)))
        required = ["token_embd.weight", "output_norm.weight"] + [
            f"blk.{i}.{part}.weight" for i in range(self.config.n_layers)
            for part in ("attn_norm", "attn_q", "attn_k", "attn_v", "attn_output",
                         "ffn_norm", "ffn_gate", "ffn_up", "ffn_down")]
        missing = [n for n in required if n not in self._tensors]
        if missing:
            raise ModelError(tr("err.matt.tensor_missing", file=self.name, tensor=missing[0],
                                n=len(missing)))
        try:
            self._map = np.memmap(self.path, dtype=np.uint8, mode="r")
        except OSError as exc:
            raise ModelError(tr("err.matt.map_failed", path=self.path,
                                reason=exc.strerror or exc)) from exc

    def has(self, name: str) -> bool:
        return name in self._tensors

    def _raw(self, name: str) -> tuple[np.ndarray, GGMLQuantizationType]:
        """The tensor's bytes shaped (rows..., bytes per row) and its type."""
        info = self._tensors.get(name)
        if info is None:
            raise ModelError(tr("err.matt.no_tensor", file=self.name, tensor=name))
        qtype = GGMLQuantizationType(info.ggml_type)
        start = self._data_start + info.offset
        raw = self._map[start:start + info.n_bytes]
        shape = tuple(reversed(info.shape))  # GGUF lists the fastest dimension first
        return raw.reshape(gq.quant_shape_to_byte_shape(shape, qtype)), qtype

    def tensor(self, name: str) -> np.ndarray:
        """The whole tensor, numpy order (a matrix is (out_features, in_features))."""
        raw, qtype = self._raw(name)
        return np.ascontiguousarray(dequantize(raw, qtype), dtype=np.float32)

    def rows(self, name: str, ids: np.ndarray | list[int]) -> np.ndarray:
        """Selected rows of a matrix (embedding lookup without dequantizing the table)."""
        raw, qtype = self._raw(name)
        return np.asarray(dequantize(raw[np.asarray(ids, dtype=np.int64)], qtype),
                          dtype=np.float32)

    def row_count(self, name: str) -> int:
        return int(self._tensors[name].shape[-1])

    def row_chunks(self, name: str, chunk: int) -> list[tuple[int, int]]:
        n = self.row_count(name)
        return [(lo, min(n, lo + chunk)) for lo in range(0, n, chunk)]

    def rows_range(self, name: str, lo: int, hi: int) -> np.ndarray:
        raw, qtype = self._raw(name)
        return np.asarray(dequantize(raw[lo:hi], qtype), dtype=np.float32)
