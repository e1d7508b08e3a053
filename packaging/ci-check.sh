#!/usr/bin/env bash
# CI check of the installers (called by .ci/run after scripts/test.sh set up .venv):
#   1. build the Linux bundle, .deb and .tar.gz (packaging/build-linux.sh);
#   2. check the bundle: under the 250 MB budget, no WebEngine/QML/Quick/Pdf, resources in;
#   3. run the frozen `interview-desk selftest --json` offscreen, from outside the checkout,
#      in a brand-new home whose models/ holds the default model; every part must pass;
#   4. start the frozen GUI (xcb under Xvfb when available, else offscreen), let it search
#      once and quit: a smoke test of the real window, timed beside the source install.
#
#   packaging/ci-check.sh            all of the above
#   CI_CHECK_SKIP_BUILD=1            check the existing build in packaging/dist instead
#   CI_CHECK_MODEL=/path/x.gguf      the model for the self-test (default: the one the
#                                    source install finds, `interview-desk models list`)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
BUNDLE=$ROOT/packaging/dist/interview-desk
BUDGET_MB=250
started=$(date +%s)

if [ "${CI_CHECK_SKIP_BUILD:-0}" = 1 ] && [ -x "$BUNDLE/interview-desk" ]; then
  echo "==> using the existing build in packaging/dist"
else
  echo "==> build (packaging/build-linux.sh)"
  bash packaging/build-linux.sh
fi

echo "==> bundle contents"
"$PY" - "$BUNDLE" "$BUDGET_MB" <<'EOF'
import re, sys
from pathlib import Path
bundle, budget = Path(sys.argv[1]), float(sys.argv[2])
files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
size_mb = sum(p.stat().st_size for p in files if "models" not in p.relative_to(bundle).parts) / 1e6
forbidden = [str(p.relative_to(bundle)) for p in files
             if re.search(r"Qt6?(WebEngine|Qml|Quick|Pdf|VirtualKeyboard|Network)|/qml/|lac_small",
                          str(p))]
internal = bundle / "_internal"
required = ["resources/qa", "resources/thesaurus/concepts.tsv", "jieba/dict.txt",
            "opencc/config/t2s.json",
            "ziamath/fonts", "llama_cpp/lib"]
missing = [r for r in required if not (internal / r).exists()]
print(f"    bundle {size_mb:.1f} MB in {len(files)} files (budget {budget:.0f} MB, models/ excluded)")
problems = []
if size_mb > budget:
    problems.append(f"bundle is {size_mb:.1f} MB, over the {budget:.0f} MB budget")
problems += [f"forbidden file in bundle: {f}" for f in forbidden[:10]]
problems += [f"missing from bundle: _internal/{m}" for m in missing]
for p in problems:
    print(f"ci-check: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF

echo "==> frozen selftest --json (offscreen, clean home, outside the checkout)"
"$PY" packaging/frozen_selftest.py "$BUNDLE/interview-desk" ${CI_CHECK_MODEL:+--model "$CI_CHECK_MODEL"}

echo "==> frozen GUI start (searches once, then quits)"
if command -v xvfb-run >/dev/null 2>&1; then
  QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" \
    "$PY" packaging/frozen_startup.py --bundle "$BUNDLE" --repeat 2
else
  "$PY" packaging/frozen_startup.py --bundle "$BUNDLE" --repeat 2
fi

echo "==> sizes"
du -sh --apparent-size "$BUNDLE" packaging/dist/*.deb packaging/dist/*.tar.gz | sed 's/^/    /'
echo "ci-check passed in $(( $(date +%s) - started ))s"
