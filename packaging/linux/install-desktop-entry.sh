#!/bin/sh
# Add LLM Interview Desk (unpacked from the .tar.gz) to your desktop's application menu.
#   ./install-desktop-entry.sh            install for this user (~/.local/share)
#   ./install-desktop-entry.sh --remove   take the menu entry and icon away again
# Your data (~/.local/share/interview-desk) is never touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
icons=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/interview-desk.desktop" "$icons/interview-desk.png"
  echo "Removed the menu entry."
  exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/interview-desk.png" "$icons/interview-desk.png"
sed -e "s|^Exec=.*|Exec=\"$here/interview-desk\"|" -e "s|^TryExec=.*|TryExec=$here/interview-desk|" \
  "$here/interview-desk.desktop" > "$apps/interview-desk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
echo "Added LLM Interview Desk to the application menu (starts $here/interview-desk)."
