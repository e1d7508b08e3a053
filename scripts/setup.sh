#!/usr/bin/env bash
# Install LLM Interview Desk from a source checkout on Debian/Ubuntu, then start it.
#
#   scripts/setup.sh             install system packages, .venv, the app, the default model; start
#   scripts/setup.sh --no-start  install only
#   scripts/setup.sh --test      also install the test tools (used by scripts/test.sh)
#
# Runs as root or with sudo. Safe to re-run: every step is idempotent.
set -euo pipefail

cd "$(dirname "$0")/.."
start=1
extras=""
for arg in "$@"; do
  case "$arg" in
    --no-start) start=0 ;;
    --test) extras="[test,package]"; start=0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

# System packages: compilers for llama.cpp, Qt's xcb runtime libraries, a CJK font,
# Xvfb for headless tests and screenshots.
APT_PACKAGES=(
  python3 python3-venv python3-dev build-essential cmake git
  fonts-noto-cjk fontconfig
  libegl1 libgl1 libopengl0 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
  libxcb-xkb1 libxcb-xfixes0 libx11-xcb1
  xvfb xauth
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Python >= 3.11: the first of these that is new enough.
PY=""
for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
  [ -n "$candidate" ] || continue
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    PY="$candidate"; break
  fi
done
if [ -z "$PY" ]; then
  echo "setup.sh: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $PY"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip

# llama.cpp is compiled from source (~5 min on 2 cores, once; pip caches the wheel).
# GGML_NATIVE=OFF keeps the binary portable (AVX2/FMA still on); for a GPU build see
# models/README.md (CMAKE_ARGS="-DGGML_CUDA=on" and friends).
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}"
echo "==> pip install -e .${extras}"
.venv/bin/python -m pip install -q -e ".${extras}"

echo "==> default model"
.venv/bin/interview-desk models fetch-default || \
  echo "setup.sh: the default model could not be fetched; the tutor stays off until a .gguf is in models/" >&2

if [ "$start" = "1" ]; then
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: start the app later with .venv/bin/interview-desk"
    exit 0
  fi
  echo "==> starting interview-desk"
  exec .venv/bin/interview-desk
fi
