"""Render packaging/icons/interview-desk.svg into the PNG, ICO and ICNS files installers use.

Run after editing the SVG: ``QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py``.
The outputs are committed, so builds need neither this script nor Pillow. ICO and ICNS
both accept embedded PNG images, which keeps the writers here a few lines each.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parent / "icons"  # the SVG source, .ico and .icns
PNG_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"  # shipped with the app
SVG = ICON_DIR / "interview-desk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold a PNG, by pixel size (Apple's icns format).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        out[size] = bytes(data.data())
    del app
    return out


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns made of PNG elements."""
    body = b""
    for size, png in sorted(pngs.items()):
        body += ICNS_TYPES[size] + struct.pack(">I", len(png) + 8) + png
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main() -> int:
    pngs = render_pngs(SVG, PNG_SIZES)
    for size, png in pngs.items():
        (PNG_DIR / f"interview-desk-{size}.png").write_bytes(png)
    (ICON_DIR / "interview-desk.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (ICON_DIR / "interview-desk.icns").write_bytes(
        icns_bytes({s: pngs[s] for s in ICNS_TYPES}))
    print(f"make_icons: wrote {len(pngs)} PNGs to {PNG_DIR}, .ico and .icns to {ICON_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
