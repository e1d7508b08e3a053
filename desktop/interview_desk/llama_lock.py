"""One process-wide lock around creating ``llama_cpp.Llama`` objects. No Qt.

With ``verbose=False`` llama-cpp-python silences a load by ``dup2``-ing /dev/null over
file descriptors 1 and 2 and restoring them afterwards. Two loads in two threads at
once interleave those swaps, and one can "restore" the other's /dev/null: stdout and
stderr then stay silent for the rest of the process. So every ``Llama(...)`` the app
makes (the tutor's model, the visualizer's vocabulary-only tokenizer) is made under
this lock.

Each of them is also closed by :func:`close_with` when its owner goes, or at exit while
the owner lives: left to its own ``__del__`` during interpreter shutdown, a ``Llama``
calls llama.cpp's free functions after the module's globals are cleared and prints a
``TypeError: 'NoneType' object is not callable`` traceback on the way out.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

LLAMA_LOAD_LOCK = threading.Lock()


def close_with(owner: object, llm: Any) -> weakref.finalize:
    """Close ``llm`` when ``owner`` is collected, and at exit (before the interpreter
    tears its modules down) if it still lives. The owner's own ``close`` calls the
    returned finalizer: that closes ``llm`` now and lets it go (the finalizer would
    otherwise hold it, and its buffers, until the owner is collected)."""
    return weakref.finalize(owner, llm.close)
