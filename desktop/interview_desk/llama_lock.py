"""One process-wide lock around creating ``llama_cpp.Llama`` objects. No Qt.

With ``verbose=False`` llama-cpp-python silences a load by ``dup2``-ing /dev/null over
file descriptors 1 and 2 and restoring them afterwards. Two loads in two threads at
once interleave those swaps, and one can "restore" the other's /dev/null: stdout and
stderr then stay silent for the rest of the process. So every ``Llama(...)`` the app
makes (the tutor's model, the visualizer's vocabulary-only tokenizer) is made under
this lock.
"""

from __future__ import annotations

import threading

LLAMA_LOAD_LOCK = threading.Lock()
