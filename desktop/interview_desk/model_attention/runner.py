"""Text in, the model's attention out: tokenize, run the forward pass, cache per (model, text).

Opened weights and vocabularies are kept per model file (a few MB: the weights are a
memory map); results are kept for the last few (model, text) pairs, so switching back to a
text, or a layer filter on the command line, costs nothing.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interview_desk.errors import ModelError
from interview_desk.model_attention.analysis import head_entropy
from interview_desk.model_attention.config import ModelConfig
from interview_desk.model_attention.forward import Progress, forward
from interview_desk.model_attention.vocab import MAX_TOKENS, ModelVocab
from interview_desk.model_attention.weights import GGUFWeights
from interview_desk.strings import tr

RESULTS_KEPT = 8
MODELS_KEPT = 2


@dataclass(frozen=True)
class ModelAttention:
    model: str  # file name
    path: Path
    config: ModelConfig
    tokens: tuple[str, ...]
    token_ids: tuple[int, ...]
    attention: np.ndarray  # (layers, heads, query, key)
    entropy: np.ndarray  # (layers, heads) mean row entropy, nats
    logits_last: np.ndarray | None
    seconds: float  # forward pass only (tokenizing and opening the file excluded)

    @property
    def n(self) -> int:
        return len(self.tokens)


_lock = threading.Lock()
_models: OrderedDict[tuple[str, int, int], tuple[GGUFWeights, ModelVocab]] = OrderedDict()
_results: OrderedDict[tuple[object, ...], ModelAttention] = OrderedDict()


def _file_key(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
    except OSError as exc:
        raise ModelError(tr("err.gguf.not_found", path=path)) from exc
    if not path.is_file():
        raise ModelError(tr("err.matt.not_a_file", path=path))
    return str(path.resolve()), st.st_mtime_ns, st.st_size


def open_model(path: str | Path) -> tuple[GGUFWeights, ModelVocab]:
    """The model's weights and vocabulary, opened once per file version."""
    key = _file_key(Path(path).expanduser())
    with _lock:
        if key in _models:
            _models.move_to_end(key)
            return _models[key]
    weights = GGUFWeights(key[0])  # validates before the slower vocabulary load
    opened = (weights, ModelVocab(key[0]))
    with _lock:
        _models[key] = opened
        while len(_models) > MODELS_KEPT:
            _models.popitem(last=False)[1][1].close()
    return opened


def model_attention(path: str | Path, text: str, *, logits: bool = False,
                    progress: Progress | None = None, cancel: threading.Event | None = None,
                    max_tokens: int = MAX_TOKENS) -> ModelAttention:
    """Every layer's and head's attention of the model at ``path`` over ``text``."""
    weights, vocab = open_model(path)
    file_key = _file_key(weights.path)
    key = (file_key, text, max_tokens)
    with _lock:
        hit = _results.get(key)
    if hit is not None and (hit.logits_last is not None or not logits):
        if progress is not None:
            progress(weights.config.n_layers, weights.config.n_layers)
        return hit
    ids, labels = vocab.encode(text, max_tokens)
    start = time.perf_counter()
    out = forward(weights, ids, logits=logits, progress=progress, cancel=cancel)
    result = ModelAttention(
        model=weights.name, path=weights.path, config=weights.config, tokens=tuple(labels),
        token_ids=tuple(ids), attention=out.attention, entropy=head_entropy(out.attention),
        logits_last=out.logits_last, seconds=time.perf_counter() - start)
    with _lock:
        _results[key] = result
        while len(_results) > RESULTS_KEPT:
            _results.popitem(last=False)
    return result
