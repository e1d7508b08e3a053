"""A real process writing notes, bookmarks, progress and chat through the real store.

Run as ``python store_writer.py DBPATH SEED``. After each store call returns (committed),
it prints one acknowledgement line ``kind key seq`` and flushes: that is "the app
reported it saved". The parent kills it with SIGKILL at a random moment.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from interview_desk.store.user_store import UserStore


def main() -> None:
    path, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    store = UserStore.open(path)
    print("open", flush=True)
    seq = 0
    while True:
        seq += 1
        entry = f"e{rng.randrange(40)}"
        kind = rng.choice(("note", "note", "bookmark", "seen", "known", "message"))
        if kind == "note":  # a note typed a little longer each time, 0-4 kB
            store.save_note(entry, f"{seq} " + "笔记 note " * rng.randrange(1, 400))
        elif kind == "bookmark":
            store.set_bookmark(entry, True)
        elif kind == "seen":
            store.mark_seen(entry)
        elif kind == "known":
            store.set_known(entry, True)
        else:
            store.add_message(entry, rng.choice(("user", "assistant")), f"{seq} reply " * 30)
        print(kind, entry, seq, flush=True)


if __name__ == "__main__":
    main()
