"""A save survives the app being killed right after it returns (os._exit and SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from interview_desk.store import FILE_NAME, UserStore

_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from interview_desk.store import UserStore

    store = UserStore.open(Path(sys.argv[1]))
    store.save_note("q1", "typed just before the crash 崩潰")
    store.set_bookmark("q1", True)
    store.add_message("q1", "user", "unsent?")
    if sys.argv[2] == "exit":
        os._exit(0)  # no close(), no atexit, no checkpoint
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.parametrize("how", ["exit", pytest.param("kill", marks=pytest.mark.skipif(
    not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform"))])
def test_saved_data_survives_a_killed_process(tmp_path: Path, how: str) -> None:
    path = tmp_path / FILE_NAME
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "desktop"))
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path), how], env=env,
                          capture_output=True, timeout=60)
    expected_rc = 0 if how == "exit" else -signal.SIGKILL
    assert proc.returncode == expected_rc, proc.stderr.decode()
    assert Path(str(path) + "-wal").exists()  # the data is in the WAL, never checkpointed
    with UserStore.open(path) as store:
        assert store.recovery_message is None
        assert store.note("q1").text == "typed just before the crash 崩潰"  # type: ignore[union-attr]
        assert store.bookmarks() == ["q1"]
        assert [m.content for m in store.conversation("q1")] == ["unsent?"]
