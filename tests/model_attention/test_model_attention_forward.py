"""The numpy forward pass against an independent float64 reference, on tiny GGUFs.

Same weights (read back from the file the test wrote), so any difference is arithmetic:
RoPE pairing and base/scaling, GQA grouping, biases, norms, SwiGLU, tied output.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from gguf import GGMLQuantizationType as Q
from reference import reference
from tiny_model import TinySpec, write_tiny_model

from interview_desk.errors import ModelError
from interview_desk.model_attention.forward import Cancelled, forward
from interview_desk.model_attention.weights import GGUFWeights

IDS = [1, 260, 263, 72, 261, 101, 262, 264, 33, 266, 265, 80]

SPECS = {
    "llama-untied": TinySpec(),
    "llama-tied-mqa": TinySpec(tied=True, n_head_kv=1, seed=1),
    "llama-rope-linear-freqs": TinySpec(rope_base=500000.0, rope_linear=4.0, rope_freqs=True,
                                        seed=2),
    "qwen2-biases-neox": TinySpec(arch="qwen2", tied=True, rope_base=1000000.0, seed=3),
    "llama-q4_k": TinySpec(qtype=Q.Q4_K, n_embd=256, n_ff=512, seed=4),
}


@pytest.mark.parametrize("name", list(SPECS))
def test_forward_matches_the_independent_reference(tmp_path: Path, name: str) -> None:
    spec = SPECS[name]
    tensors = write_tiny_model(tmp_path / "m.gguf", spec)
    result = forward(GGUFWeights(tmp_path / "m.gguf"), IDS, logits=True)
    att, logits = reference(tensors, spec, IDS)
    assert result.attention.shape == (spec.n_layer, spec.n_head, len(IDS), len(IDS))
    np.testing.assert_allclose(result.attention, att, atol=2e-5)
    np.testing.assert_allclose(result.logits_last, logits[-1], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(result.attention.sum(-1), 1.0, atol=1e-5)


def test_progress_per_layer_and_cancel(tmp_path: Path) -> None:
    write_tiny_model(tmp_path / "m.gguf", TinySpec(n_layer=3))
    weights = GGUFWeights(tmp_path / "m.gguf")
    seen: list[tuple[int, int]] = []
    forward(weights, IDS, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    cancel = threading.Event()

    def stop_after_first(done: int, _total: int) -> None:
        if done == 1:
            cancel.set()

    with pytest.raises(Cancelled):
        forward(weights, IDS, progress=stop_after_first, cancel=cancel)


def test_unsupported_or_broken_files_get_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "notes.gguf"
    bad.write_bytes(b"not a model at all" * 10)
    with pytest.raises(ModelError, match="not a GGUF"):
        GGUFWeights(bad)
    write_tiny_model(tmp_path / "m.gguf", TinySpec())
    data = (tmp_path / "m.gguf").read_bytes()
    (tmp_path / "cut.gguf").write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="truncated"):
        GGUFWeights(tmp_path / "cut.gguf")
    with pytest.raises(ModelError, match="no tokens"):
        forward(GGUFWeights(tmp_path / "m.gguf"), [])
