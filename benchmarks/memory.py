"""Memory with the default model loaded, against the idle app plus raw llama.cpp.

Three fresh processes, each printing its resident set size (RSS, MiB):

* ``idle_app``: the real window (``create_application`` + ``create_window`` +
  ``start``), offscreen, after the search index is ready and a first search ran;
* ``raw_llama``: ``python`` + ``llama_cpp.Llama(model, n_ctx=N)``, and the same process
  before the load, so ``raw_model_mb`` is what the model itself adds;
* ``app_with_model``: the idle app as above, then the model loaded through the app's own
  path (``LocalBackend.load`` with ``LoadParams(n_ctx=N)``) and one short reply.

The context is passed explicitly (``--n-ctx``, default 4096) so the figure does not move
with the tutor's prompt-budget choice. Target: ``app_with_model`` <= 1.3 x
(``idle_app`` + ``raw_model_mb``).

    .venv/bin/python benchmarks/memory.py [--n-ctx 4096] [--model PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = 1.3

_RSS = "import psutil; rss = lambda: psutil.Process().memory_info().rss / 2**20\n"

_APP = _RSS + """
import sys, time
from PySide6.QtCore import QCoreApplication, QEventLoop
from interview_desk.ui.shell.app import create_application, create_window
app = create_application([])
window = create_window(app)
window.show()
window.start()
desk = window.desk
deadline = time.time() + 240
while desk.index is None and time.time() < deadline:
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
desk.index.search("attention")
for _ in range(40):
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 25)
print("RSS idle_app", rss(), flush=True)
if sys.argv[1] != "-":
    from pathlib import Path
    from interview_desk.tutor.backend import LoadParams
    from interview_desk.tutor.local import LocalBackend
    backend = LocalBackend.load(Path(sys.argv[1]), LoadParams(n_ctx=int(sys.argv[2])))
    list(backend.llama.create_completion("Hello", max_tokens=8, stream=True))
    print("RSS app_with_model", rss(), flush=True)
"""

_RAW = _RSS + """
import sys
import llama_cpp
print("RSS raw_before", rss(), flush=True)
llm = llama_cpp.Llama(sys.argv[1], n_ctx=int(sys.argv[2]), verbose=False)
list(llm.create_completion("Hello", max_tokens=8, stream=True))
print("RSS raw_llama", rss(), flush=True)
"""


def _run(code: str, argv: list[str], env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *argv], env=env, capture_output=True,
                         text=True, timeout=600, check=False)
    found = {parts[1]: round(float(parts[2]), 1) for line in out.stdout.splitlines()
             if len(parts := line.split()) == 3 and parts[0] == "RSS"}
    if out.returncode != 0 or not found:
        raise SystemExit(f"benchmark process failed: {out.stderr.strip()[-800:]}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument("--model", help="GGUF file (default: the installed default model)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "desktop"))
    from interview_desk.tutor.models import resolve_model

    model = str(resolve_model(args.model or "", []).path)
    env = {**os.environ, "PYTHONPATH": str(REPO / "desktop"),
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="desk-bench-mem-") as home:
        env["INTERVIEW_DESK_HOME"] = home
        _run(_APP, ["-", "0"], env)  # builds the index and caches; not measured
        idle = _run(_APP, ["-", "0"], env)["idle_app"]
        raw = _run(_RAW, [model, str(args.n_ctx)], env)
        with_model = _run(_APP, [model, str(args.n_ctx)], env)["app_with_model"]
    raw_model = round(raw["raw_llama"] - raw["raw_before"], 1)
    floor = idle + raw_model
    report = {
        "benchmark": "memory",
        "model": Path(model).name,
        "n_ctx": args.n_ctx,
        "rss_mib": {"idle_app": idle, "raw_python_llama_cpp_imported": raw["raw_before"],
                    "raw_llama": raw["raw_llama"], "raw_model_mb": raw_model,
                    "app_with_model": with_model},
        "floor_idle_app_plus_raw_model_mib": round(floor, 1),
        "ratio_to_floor": round(with_model / floor, 3),
        "target_ratio": TARGET,
        "met": with_model / floor <= TARGET,
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
