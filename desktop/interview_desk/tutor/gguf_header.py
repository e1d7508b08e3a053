"""Read a GGUF file's header (metadata and tensor table) without touching tensor data.

Why our own reader: ``gguf.GGUFReader`` maps every field into numpy (seconds on a
150k-token vocabulary) and loading through llama.cpp cannot tell a truncated file from a
good one until it reads the weights. Walking the header with a buffered reader takes
milliseconds, skips the large token arrays, and the tensor table gives both the
parameter count and the byte where the data must end, so truncation is caught up front.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from interview_desk.errors import ModelError
from interview_desk.strings import tr

GGUF_MAGIC = b"GGUF"
_DEFAULT_ALIGNMENT = 32
# Guards against random bytes that happen to start with "GGUF".
_MAX_COUNT = 1 << 24
_MAX_STRING = 1 << 26
_MAX_NESTING = 8  # llama.cpp itself reads no nested arrays
# Arrays longer than this are kept as their length only (token lists, merges).
_ARRAY_KEEP = 64

# GGUF value types -> struct format for scalars.
_SCALARS: dict[int, str] = {
    0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
    10: "<Q", 11: "<q", 12: "<d",
}
_STRING, _ARRAY = 8, 9

# ggml tensor type -> (block size in elements, bytes per block); from ggml.h / gguf-py.
GGML_TYPE_SIZES: dict[int, tuple[int, int]] = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24),
    8: (32, 34), 9: (32, 40), 10: (256, 84), 11: (256, 110), 12: (256, 144),
    13: (256, 176), 14: (256, 210), 15: (256, 292), 16: (256, 66), 17: (256, 74),
    18: (256, 98), 19: (256, 50), 20: (32, 18), 21: (256, 110), 22: (256, 82),
    23: (256, 136), 24: (1, 1), 25: (1, 2), 26: (1, 4), 27: (1, 8), 28: (1, 8),
    29: (256, 56), 30: (1, 2), 34: (256, 54), 35: (256, 66), 39: (32, 17),
    40: (64, 36), 41: (128, 18),
}
GGML_TYPE_NAMES: dict[int, str] = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0",
    9: "Q8_1", 10: "Q2_K", 11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K",
    16: "IQ2_XXS", 17: "IQ2_XS", 18: "IQ3_XXS", 19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S",
    22: "IQ2_S", 23: "IQ4_XS", 24: "I8", 25: "I16", 26: "I32", 27: "I64", 28: "F64",
    29: "IQ1_M", 30: "BF16", 34: "TQ1_0", 35: "TQ2_0", 39: "MXFP4", 40: "NVFP4",
    41: "Q1_0",
}
# general.file_type (llama_ftype) -> the name model hubs use.
FILE_TYPE_NAMES: dict[int, str] = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
    10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M",
    16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S",
    22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M",
    28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0",
    37: "TQ2_0", 38: "MXFP4_MOE", 39: "NVFP4", 40: "Q1_0",
}


@dataclass(frozen=True, slots=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int  # from the start of the data section

    @property
    def n_elements(self) -> int:
        n = 1
        for dim in self.shape:
            n *= dim
        return n

    @property
    def n_bytes(self) -> int:
        block, size = GGML_TYPE_SIZES.get(self.ggml_type, (1, 0))
        return self.n_elements // block * size


@dataclass
class GGUFHeader:
    path: Path
    version: int
    metadata: dict[str, Any]
    # Long arrays are not kept; their lengths are (e.g. "tokenizer.ggml.tokens": 49152).
    array_lengths: dict[str, int] = field(default_factory=dict)
    tensors: list[TensorInfo] = field(default_factory=list)
    data_start: int = 0
    file_size: int = 0

    @property
    def data_end(self) -> int:
        """Byte where the last tensor ends; a complete file is at least this long."""
        if not self.tensors:
            return self.data_start
        return self.data_start + max(t.offset + t.n_bytes for t in self.tensors)

    @property
    def parameter_count(self) -> int:
        return sum(t.n_elements for t in self.tensors)


class _Reader:
    def __init__(self, fh: BinaryIO, path: Path) -> None:
        self._fh = fh
        self._path = path

    def read(self, n: int) -> bytes:
        data = self._fh.read(n)
        if len(data) != n:
            raise ModelError(tr("err.gguf.cut_short", file=self._path.name))
        return data

    def scalar(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def count(self, what: str) -> int:
        n = int(self.scalar("<Q"))
        if n > _MAX_COUNT:
            raise ModelError(tr("err.gguf.count", file=self._path.name, what=what, n=n))
        return n

    def string(self) -> str:
        n = int(self.scalar("<Q"))
        if n > _MAX_STRING:
            raise ModelError(tr("err.gguf.string", file=self._path.name, n=n))
        return self.read(n).decode("utf-8", errors="replace")

    def skip_string(self) -> None:
        n = int(self.scalar("<Q"))
        if n > _MAX_STRING:
            raise ModelError(tr("err.gguf.string", file=self._path.name, n=n))
        self._fh.seek(n, 1)

    def value(self, vtype: int, key: str, lengths: dict[str, int], depth: int = 0) -> Any:
        if vtype in _SCALARS:
            return self.scalar(_SCALARS[vtype])
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY:
            if depth >= _MAX_NESTING:  # 20,000 nested arrays were a RecursionError
                raise ModelError(tr("err.gguf.nesting", file=self._path.name, depth=_MAX_NESTING,
                                    key=key))
            item_type = int(self.scalar("<I"))
            n = self.count(f"array {key}")
            if n > _ARRAY_KEEP:
                lengths[key] = n
                self._skip_array(item_type, n, key)
                return None
            return [self.value(item_type, key, lengths, depth + 1) for _ in range(n)]
        raise ModelError(tr("err.gguf.value_type", file=self._path.name, vtype=vtype, key=key))

    def _skip_array(self, item_type: int, n: int, key: str) -> None:
        if item_type in _SCALARS:
            self._fh.seek(struct.calcsize(_SCALARS[item_type]) * n, 1)
        elif item_type == _STRING:
            for _ in range(n):
                self.skip_string()
        else:
            raise ModelError(tr("err.gguf.array", file=self._path.name, key=key))

    def tell(self) -> int:
        return self._fh.tell()


def read_header(path: Path) -> GGUFHeader:
    """Parse the header of ``path``; raise ``ModelError`` with one line if it is not a
    complete GGUF file."""
    path = Path(path)
    if not path.exists():
        raise ModelError(tr("err.gguf.not_found", path=path))
    if path.is_dir():
        raise ModelError(tr("err.gguf.is_folder", path=path))
    try:
        file_size = path.stat().st_size
        with path.open("rb") as raw:
            fh = _Reader(raw, path)
            if file_size < 24 or raw.read(4) != GGUF_MAGIC:
                raise ModelError(tr("err.gguf.not_gguf", file=path.name))
            version = int(fh.scalar("<I"))
            if version not in (2, 3):
                raise ModelError(tr("err.gguf.version", file=path.name, version=version))
            n_tensors = fh.count("tensor count")
            n_kv = fh.count("metadata count")
            metadata: dict[str, Any] = {}
            lengths: dict[str, int] = {}
            for _ in range(n_kv):
                key = fh.string()
                vtype = int(fh.scalar("<I"))
                metadata[key] = fh.value(vtype, key, lengths)
            tensors = []
            for _ in range(n_tensors):
                name = fh.string()
                n_dims = int(fh.scalar("<I"))
                if n_dims > 8:
                    raise ModelError(tr("err.gguf.tensor_table", file=path.name))
                shape = tuple(int(fh.scalar("<Q")) for _ in range(n_dims))
                ggml_type = int(fh.scalar("<I"))
                offset = int(fh.scalar("<Q"))
                tensors.append(TensorInfo(name, shape, ggml_type, offset))
            alignment = metadata.get("general.alignment") or _DEFAULT_ALIGNMENT
            if not isinstance(alignment, int) or alignment <= 0:
                alignment = _DEFAULT_ALIGNMENT
            pos = fh.tell()
            data_start = (pos + alignment - 1) // alignment * alignment
    except OSError as exc:
        raise ModelError(tr("err.gguf.unreadable", path=path, reason=exc.strerror or exc)) from exc
    header = GGUFHeader(path, version, metadata, lengths, tensors, data_start, file_size)
    unknown = sorted({t.ggml_type for t in tensors if t.ggml_type not in GGML_TYPE_SIZES})
    if unknown:
        raise ModelError(tr("err.gguf.unknown_types", file=path.name, unknown=unknown))
    _check_block_count(header)
    if header.data_end > file_size:
        missing = header.data_end - file_size
        raise ModelError(tr("err.gguf.truncated", file=path.name, missing=missing))
    return header


def _check_block_count(header: GGUFHeader) -> None:
    """A layer count the tensors do not back (2**32-1) made llama.cpp abort the process."""
    arch = header.metadata.get("general.architecture")
    blocks = header.metadata.get(f"{arch}.block_count")
    layers = {int(parts[1]) for t in header.tensors
              if len(parts := t.name.split(".")) > 2 and parts[0] == "blk" and parts[1].isdigit()}
    if not isinstance(blocks, int) or not layers:
        return
    if not 0 < blocks <= max(layers) + 1:
        raise ModelError(tr("err.gguf.block_count", file=header.path.name, arch=arch, blocks=blocks,
                            layers=max(layers) + 1))
