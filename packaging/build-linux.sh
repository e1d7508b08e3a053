#!/usr/bin/env bash
# Build LLM Interview Desk for Linux: the PyInstaller one-folder bundle, a .deb and a .tar.gz.
#
#   packaging/build-linux.sh                      bundle, .deb and .tar.gz in packaging/dist/
#   packaging/build-linux.sh --bundle-only        only packaging/dist/interview-desk/
#   packaging/build-linux.sh --with-model F.gguf  also ship a model in the bundle's models/
#   packaging/build-linux.sh --with-cjk-font      also ship Noto Sans CJK (for the .tar.gz on
#                                                 systems without a Chinese font; +20 MB)
#   packaging/build-linux.sh --release            refuse a llama.cpp built for this CPU only
#
# Needs the project's .venv with the app and PyInstaller (`pip install -e .[package]`), and
# dpkg-deb for the .deb. Release builds need a portable llama.cpp: install llama-cpp-python with
#   CMAKE_ARGS="-DGGML_NATIVE=OFF" .venv/bin/pip install --force-reinstall --no-deps \
#       --no-binary llama-cpp-python "llama-cpp-python==$(.venv/bin/pip show llama-cpp-python | sed -n 's/^Version: //p')"
# (scripts/setup.sh already does so). Without it the binaries use every instruction this
# build machine has (AVX-512 on most CI hosts) and crash with SIGILL on older CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-$ROOT/.venv/bin/python}
DIST=$ROOT/packaging/dist
WORK=$ROOT/packaging/build
APP=interview-desk
bundle_only=0
model=""
cjk_font=0
release=0
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle-only) bundle_only=1 ;;
    --with-model) model=${2:?--with-model needs a .gguf file}; shift ;;
    --with-cjk-font) cjk_font=1 ;;
    --release) release=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "build-linux.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$model" ] && [ ! -f "$model" ]; then
  echo "build-linux.sh: no such model file: $model" >&2; exit 2
fi
if [ ! -x "$PY" ]; then
  echo "build-linux.sh: $PY not found; run scripts/setup.sh --test first" >&2; exit 2
fi

VERSION=$("$PY" -c 'import interview_desk; print(interview_desk.__version__)')
ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m)

echo "==> llama.cpp build check"
"$PY" packaging/llama_portability.py $([ "$release" = 1 ] && echo --strict)

echo "==> PyInstaller bundle ($VERSION, $ARCH)"
started=$(date +%s)
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK" \
  packaging/interview-desk.spec
BUNDLE=$DIST/$APP
echo "    built in $(( $(date +%s) - started ))s"

rm -rf "$BUNDLE/models" "$BUNDLE/_internal/resources/fonts/NotoSansCJK"*
if [ -n "$model" ]; then
  # models/ beside the executable is interview_desk.paths.app_models_dir() in a frozen build.
  mkdir -p "$BUNDLE/models"
  cp "$model" "$BUNDLE/models/"
  echo "    model: $(basename "$model") in $BUNDLE/models"
fi
if [ "$cjk_font" = 1 ]; then
  font=$(fc-match -f '%{file}' 'Noto Sans CJK SC' 2>/dev/null || true)
  case "$font" in
    *NotoSansCJK*) mkdir -p "$BUNDLE/_internal/resources/fonts" && cp "$font" "$BUNDLE/_internal/resources/fonts/" ;;
    *) echo "build-linux.sh: --with-cjk-font needs fonts-noto-cjk installed here" >&2; exit 2 ;;
  esac
fi

sizes() { du -sh --apparent-size "$@" | sed 's/^/    /'; }
echo "==> bundle"
sizes "$BUNDLE"
[ "$bundle_only" = 1 ] && exit 0

suffix=""
[ -n "$model" ] && suffix="-with-model"

echo "==> .deb"
step=$(date +%s)
DEB_ROOT=$WORK/deb/$APP
rm -rf "$DEB_ROOT"
mkdir -p "$DEB_ROOT/DEBIAN" "$DEB_ROOT/opt" "$DEB_ROOT/usr/bin" "$DEB_ROOT/usr/share/applications" \
  "$DEB_ROOT/usr/share/doc/$APP" "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE" "$DEB_ROOT/opt/$APP"
install -m 0755 packaging/linux/launcher.sh "$DEB_ROOT/usr/bin/$APP"
install -m 0644 packaging/linux/$APP.desktop "$DEB_ROOT/usr/share/applications/$APP.desktop"
install -m 0644 packaging/icons/$APP.svg "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps/$APP.svg"
for size in 16 24 32 48 64 128 256 512; do
  dir="$DEB_ROOT/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir" && install -m 0644 "resources/icons/$APP-$size.png" "$dir/$APP.png"
done
install -m 0644 packaging/linux/copyright "$DEB_ROOT/usr/share/doc/$APP/copyright"
depends=$("$PY" packaging/linux/deb_depends.py "$BUNDLE" \
  --extra "fonts-noto-cjk | fonts-wqy-zenhei | fonts-wqy-microhei")
installed_kb=$(du -sk "$DEB_ROOT" | cut -f1)
# No maintainer scripts: the desktop database and icon cache are refreshed by the dpkg
# triggers of desktop-file-utils and hicolor-icon-theme. The package owns only /opt, the
# launcher, the menu entry and icons: removing it never touches the user's data in $HOME.
cat > "$DEB_ROOT/DEBIAN/control" <<EOF
Package: $APP
Version: $VERSION
Architecture: $ARCH
Maintainer: LLM Interview Desk maintainers <interview-desk@users.noreply.github.com>
Installed-Size: $installed_kb
Depends: $depends
Recommends: libwayland-cursor0, libwayland-egl1
Section: education
Priority: optional
Homepage: https://github.com/llm-interview-desk/interview-desk
Description: offline study desk for LLM engineering interviews
 LLM Interview Desk ships Chinese/English question-and-answer documents for large
 language model engineering interviews, with full-text search (Chinese and English),
 rendered code and math, bookmarks, notes and progress, interactive attention and
 positional-encoding visualizers, and a local GGUF model (llama.cpp) as a tutor.
 Everything runs offline; user data stays in the home folder.
EOF
DEB=$DIST/${APP}_${VERSION}${suffix}_${ARCH}.deb
rm -f "$DIST/${APP}_"*.deb
dpkg-deb --root-owner-group -Zxz -z6 --build "$DEB_ROOT" "$DEB" >/dev/null
rm -rf "$DEB_ROOT"
sizes "$DEB"
echo "    built in $(( $(date +%s) - step ))s"

echo "==> .tar.gz"
step=$(date +%s)
TAR_ROOT=$WORK/tar/$APP
rm -rf "$WORK/tar" && mkdir -p "$WORK/tar"
cp -al "$BUNDLE" "$TAR_ROOT"  # hard links: no second copy on disk
install -m 0644 packaging/linux/$APP.desktop "$TAR_ROOT/$APP.desktop"
install -m 0644 resources/icons/$APP-256.png "$TAR_ROOT/$APP.png"
install -m 0755 packaging/linux/install-desktop-entry.sh "$TAR_ROOT/install-desktop-entry.sh"
TGZ=$DIST/$APP-$VERSION$suffix-linux-$(uname -m).tar.gz
rm -f "$DIST/$APP-"*.tar.gz
tar -C "$WORK/tar" --owner=0 --group=0 -cf - "$APP" | gzip -6 > "$TGZ"
rm -rf "$WORK/tar"
sizes "$TGZ"
echo "    built in $(( $(date +%s) - step ))s"
