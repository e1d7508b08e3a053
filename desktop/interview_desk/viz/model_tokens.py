"""A GGUF model's own tokenizer for the attention view (vocabulary only, no weights).

The tutor's ``Llama`` belongs to its worker thread and is not thread-safe, so the
visualizer opens its own vocabulary-only copy (~0.2 s, a few MB), under the same load
lock as the tutor (``llama_lock``: concurrent quiet loads break stdout/stderr).
Byte-level BPE splits a Chinese character into several byte tokens; those are shown as
``\\xe6``-style escapes rather than merged, so the picture keeps the model's real token
count.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from interview_desk.errors import ModelError
from interview_desk.llama_lock import LLAMA_LOAD_LOCK, close_with
from interview_desk.strings import tr

log = logging.getLogger(__name__)

WORD_START = "▁"  # shows a token's leading space (SentencePiece's convention)


def piece_label(piece: bytes) -> str:
    """A readable label for one token's bytes."""
    text = piece.decode("utf-8", errors="backslashreplace")
    if text.startswith(" ") and text.strip():
        text = WORD_START + text[1:]
    return text


class ModelTokenizer:
    """``ModelTokenizer(path)(text) -> list[str]``: the model's tokens as labels."""

    def __init__(self, model_path: str | Path) -> None:
        path = Path(model_path)
        if not path.is_file():
            raise ModelError(tr("err.gguf.not_found", path=path))
        try:
            from llama_cpp import Llama

            with LLAMA_LOAD_LOCK:
                self._llm: Any = Llama(model_path=str(path), vocab_only=True, verbose=False)
        except ImportError as exc:
            raise ModelError(tr("err.vocab.no_llama")) from exc
        except (ValueError, RuntimeError, OSError) as exc:
            log.warning("cannot read the vocabulary of %s: %s", path, exc)
            raise ModelError(tr("err.viz.unreadable_model", file=path.name)) from exc
        close_with(self, self._llm)
        self.name = path.stem

    def __call__(self, text: str) -> list[str]:
        ids = self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)
        return [piece_label(self._llm.detokenize([i])) for i in ids]
