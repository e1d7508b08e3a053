"""Tokenizing with the model's own tokenizer: llama.cpp, vocabulary only (no weights).

Loads go through the tutor's load lock: two llama.cpp loads at once (the tutor's model
and this vocabulary) interleave their redirected stdout and break it. A vocabulary-only
load still makes a context and warns about it on stderr even with ``verbose=False``
(``n_ctx_seq > n_ctx_train (0)``), so the load runs with stdout/stderr silenced.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from interview_desk.errors import ModelError
from interview_desk.llama_lock import LLAMA_LOAD_LOCK, close_with
from interview_desk.strings import tr
from interview_desk.viz.model_tokens import piece_label

log = logging.getLogger(__name__)

MAX_TOKENS = 128  # the attention maps stay readable and the pass stays interactive


class ModelVocab:
    """``ModelVocab(path).encode(text) -> (ids, labels)``, with BOS when the model wants it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()  # two quick runs may tokenize from two pool threads
        try:
            from llama_cpp import Llama
            from llama_cpp._utils import suppress_stdout_stderr
        except ImportError as exc:
            raise ModelError(tr("err.vocab.no_llama")) from exc
        try:
            with LLAMA_LOAD_LOCK, suppress_stdout_stderr(disable=False):
                self._llm: Any = Llama(model_path=str(self.path), vocab_only=True,
                                       verbose=False)
        except (ValueError, RuntimeError, OSError) as exc:
            log.warning("cannot read the vocabulary of %s: %s", self.path, exc)
            raise ModelError(tr("err.matt.vocab_unreadable", file=self.path.name)) from exc
        self._close_llm = close_with(self, self._llm)

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> tuple[list[int], list[str]]:
        if not text.strip():
            raise ModelError(tr("err.matt.empty_text"))
        with self._lock:
            # add_bos=True adds BOS only when the GGUF asks for it (add_bos_token)
            ids = [int(i) for i in self._llm.tokenize(text.encode("utf-8"), add_bos=True,
                                                       special=False)]
            if len(ids) > max_tokens:
                raise ModelError(tr("err.matt.too_many_tokens", n=len(ids),
                                    most=max_tokens))
            return ids, [self._label(i) for i in ids]

    def _label(self, token_id: int) -> str:
        piece = self._llm.detokenize([token_id], special=True)
        return piece_label(piece) or f"<{token_id}>"

    def close(self) -> None:
        self._llm = None
        self._close_llm()  # closes the vocabulary once, however often this is called
