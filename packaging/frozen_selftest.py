"""Run a frozen (or installed) app's ``selftest --json`` the way a new user would meet it.

    python packaging/frozen_selftest.py EXECUTABLE [--model FILE.gguf]

The executable runs offscreen, from a scratch folder outside the checkout, with a brand-new
``INTERVIEW_DESK_HOME`` whose ``data/models`` holds the model (so the "model" part loads it
from the user's models folder, as after ``interview-desk models fetch-default``), and with
no PYTHONPATH or virtualenv in its environment. Without ``--model``, the model the source
install finds (``python -m interview_desk models list --json``) is used. Prints the JSON and
exits with the app's status; on failure, the tail of the app's log follows on stderr.
Used by ci-check.sh and the GitHub workflow on all three platforms.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
TIMEOUT_S = 900


def find_model() -> Path | None:
    """The default model (or any usable one) that the source install can see."""
    proc = subprocess.run([sys.executable, "-m", "interview_desk", "models", "list", "--json"],
                          capture_output=True, text=True, check=False, timeout=300)
    try:
        models = json.loads(proc.stdout).get("models", [])
    except json.JSONDecodeError:
        return None
    usable = [Path(m["path"]) for m in models if m.get("ok")]
    usable.sort(key=lambda p: p.name != DEFAULT_MODEL_FILE)
    return usable[0] if usable else None


def clean_env(home: Path) -> dict[str, str]:
    keep = ("PATH", "SYSTEMROOT", "WINDIR", "TEMP", "TMP", "LOCALAPPDATA", "APPDATA",
            "USERPROFILE", "PROGRAMDATA", "DISPLAY", "XAUTHORITY")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update({"HOME": str(home), "INTERVIEW_DESK_HOME": str(home), "LANG": "C.UTF-8",
                "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"})
    return env


def place_model(model: Path, models_dir: Path) -> None:
    models_dir.mkdir(parents=True, exist_ok=True)
    target = models_dir / model.name
    try:
        target.symlink_to(model.resolve())
    except OSError:  # Windows without the symlink privilege
        shutil.copy2(model, target)


def report_failure(proc: subprocess.CompletedProcess[str], home: Path) -> None:
    """Say how the run failed: a failing part, or a crash (after the report, at exit)."""
    try:
        passed = bool(json.loads(proc.stdout).get("ok"))
    except (json.JSONDecodeError, AttributeError):
        passed = False
    how = f"exit status {proc.returncode}"
    if proc.returncode < 0:
        how = f"killed by signal {-proc.returncode}"
    if passed:
        how += (" after every part passed and the report was printed: a crash while the "
                "process shut down (Qt objects destroyed at interpreter exit?)")
    print(f"frozen_selftest: {how}", file=sys.stderr)
    errors = [ln for ln in proc.stderr.splitlines() if "Error" in ln or "Traceback" in ln]
    if errors:
        print("\n".join(errors[-10:]), file=sys.stderr)
    log = home / "log" / "interview-desk.log"
    if log.is_file():
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        tail = [ln for ln in lines if re.search(r" (ERROR|CRITICAL) |Error|Traceback", ln)]
        if tail:
            print(f"--- errors in {log} ---\n" + "\n".join(tail[-12:]), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable", type=Path)
    parser.add_argument("--model", type=Path, help="GGUF for the model part")
    args = parser.parse_args(argv)
    exe = args.executable.resolve()
    if not exe.is_file():
        print(f"frozen_selftest: {exe} does not exist; build the bundle first", file=sys.stderr)
        return 2
    model = args.model or find_model()
    if model is None or not model.is_file():
        print("frozen_selftest: no GGUF model for the model part; run "
              "`interview-desk models fetch-default` or pass --model", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="frozen-selftest-") as tmp:
        home = Path(tmp) / "home"
        place_model(model, home / "data" / "models")
        try:
            proc = subprocess.run([str(exe), "selftest", "--json"], env=clean_env(home),
                                  cwd=tmp, capture_output=True, text=True, encoding="utf-8",
                                  errors="replace", timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            print(f"frozen_selftest: no answer after {TIMEOUT_S}s", file=sys.stderr)
            return 1
        print(proc.stdout, end="")
        if proc.returncode != 0:
            report_failure(proc, home)
        return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
