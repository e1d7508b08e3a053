"""kill -9 trials against a real store writer; shared by the suite and benchmarks/soak.py."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from interview_desk.store.user_store import UserStore

WRITER = Path(__file__).with_name("store_writer.py")
DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


@dataclass
class Trial:
    acked: int = 0  # writes the writer reported saved before it was killed
    lost: list[str] = field(default_factory=list)
    integrity: str = ""


def run_trial(path: Path, seed: int, kill_after_s: float) -> Trial:
    """Start the writer on ``path``, SIGKILL it after ``kill_after_s``, check every ack."""
    env = dict(os.environ, PYTHONPATH=str(DESKTOP))
    proc = subprocess.Popen([sys.executable, str(WRITER), str(path), str(seed)],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "open":  # the store opened before the clock runs
        proc.kill()
        raise RuntimeError("writer failed to open the store")
    time.sleep(kill_after_s)
    proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()
    proc.wait()
    # Only whole lines count (a line is one write, atomic on a pipe; the last may be cut).
    acks = [parts for line in rest.split("\n")[:-1]
            if len(parts := line.split()) == 3 and parts[2].isdigit()]
    trial = Trial(acked=len(acks))
    with sqlite3.connect(path) as raw:  # before the app opens it: the file as the kill left it
        trial.integrity = raw.execute("PRAGMA integrity_check").fetchone()[0]
    with UserStore.open(path) as store:
        assert store.recovery_message is None, store.recovery_message
        notes, bookmarks = store.notes(), set(store.bookmarks())
        progress = store.progress_all()
        said = {m.content.split(" ", 1)[0] for e in store.conversation_entry_ids()
                for m in store.conversation(e)}
        for kind, entry, seq_text in acks:
            seq = int(seq_text)
            mark = progress.get(entry)
            if kind == "note":
                held = notes.get(entry, "")
                # The last acknowledged text or a later one (written, killed before its ack).
                kept = bool(held) and int(held.split(" ", 1)[0]) >= seq
            elif kind == "bookmark":
                kept = entry in bookmarks
            elif kind == "seen":
                kept = mark is not None and mark.seen
            elif kind == "known":
                kept = mark is not None and mark.known
            else:
                kept = seq_text in said
            if not kept:
                trial.lost.append(f"{kind} {entry} #{seq}")
    return trial


def run_trials(folder: Path, n: int, seed: int = 0, max_kill_s: float = 0.4,
               per_file: int = 10) -> list[Trial]:
    """``n`` trials, ``per_file`` on each growing file, each killed at a random moment."""
    rng = random.Random(seed)
    return [run_trial(folder / f"interview-desk-{i // per_file}.sqlite3", seed * 1000 + i,
                      rng.uniform(0.0, max_kill_s)) for i in range(n)]
