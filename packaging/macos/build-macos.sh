#!/usr/bin/env bash
# Build LLM Interview Desk for macOS: the PyInstaller .app and a drag-to-Applications .dmg.
#
#   packaging/macos/build-macos.sh              "LLM Interview Desk.app" and the .dmg in packaging/dist/
#   packaging/macos/build-macos.sh --app-only   only the .app
#   packaging/macos/build-macos.sh --release    refuse a llama.cpp compiled for this CPU only
#   CODESIGN_IDENTITY="Developer ID Application: ..." to sign for distribution (default: ad hoc)
#
# Needs the project's .venv with the app and PyInstaller (pip install -e .[package]);
# hdiutil and codesign come with macOS. Build on the oldest macOS to support, once per
# architecture (arm64 on Apple silicon runners, x86_64 on Intel). llama-cpp-python for a
# release: CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_METAL=on" pip install --no-binary llama-cpp-python ...
# (Metal is on by default on Apple silicon). The .app's CLI: run
#   "/Applications/LLM Interview Desk.app/Contents/MacOS/interview-desk" selftest --json
# User data lives in ~/Library/Application Support/interview-desk; deleting the app keeps it.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
DIST=packaging/dist
APP_NAME="LLM Interview Desk"
app_only=0
release=0
for arg in "$@"; do
  case "$arg" in
    --app-only) app_only=1 ;;
    --release) release=1 ;;
    *) echo "build-macos.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
VERSION=$("$PY" -c 'import interview_desk; print(interview_desk.__version__)')
ARCH=$(uname -m)

echo "==> llama.cpp build check"
"$PY" packaging/llama_portability.py $([ "$release" = 1 ] && echo --strict)

echo "==> PyInstaller .app ($VERSION, $ARCH)"
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath packaging/build \
  packaging/interview-desk.spec
APP="$DIST/$APP_NAME.app"
# PyInstaller signs ad hoc (required on Apple silicon); re-sign the whole bundle with a real
# identity when one is given, with the hardened runtime that notarization requires.
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP"
fi
if ! codesign --verify --deep --strict "$APP"; then
  # Fatal for a distribution signature; with PyInstaller's ad hoc one, the self-test that
  # follows (the app must start) is the real check.
  [ -n "${CODESIGN_IDENTITY:-}" ] && exit 1
  echo "build-macos.sh: warning: codesign --verify failed on the ad hoc signature" >&2
fi
du -sh "$APP" | sed 's/^/    /'
[ "$app_only" = 1 ] && exit 0

echo "==> .dmg"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$APP" "$stage/"
ln -s /Applications "$stage/Applications"
DMG="$DIST/interview-desk-$VERSION-macos-$ARCH.dmg"
rm -f "$DMG"
hdiutil create -volname "$APP_NAME" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$DMG" >/dev/null
du -sh "$DMG" | sed 's/^/    /'
