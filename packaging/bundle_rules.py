"""What goes into the frozen bundle: the rules the spec, the hooks and the tests share.

Plain functions over paths and names, so that ``tests/packaging`` can check them without
running PyInstaller. Imported by ``interview-desk.spec`` and the hooks in ``hooks/``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePath

# The Qt modules the app uses; every other PySide6 module is excluded from analysis so that
# an optional import somewhere (pyqtgraph tries QtTest) cannot drag in QML, Quick,
# WebEngine, Pdf and their plugins. pyqtgraph 0.14 imports QtOpenGL and QtOpenGLWidgets
# unconditionally (PlotCurveItem -> Qt/OpenGLHelpers), so those two small ones stay too.
QT_MODULES_KEPT = frozenset({"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtSvgWidgets",
                             "QtOpenGL", "QtOpenGLWidgets"})

# Qt plugin folder -> plugin name stems kept (None: keep the whole folder). Names are matched
# without the "lib" prefix and the extension, so one table serves .so, .dylib and .dll.
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    # xcb (X11), wayland, offscreen (CI, self-test); windows and cocoa on the other platforms.
    "platforms": frozenset({"qxcb", "qwayland", "qwayland-egl", "qwayland-generic",
                            "qoffscreen", "qwindows", "qdirect2d", "qcocoa"}),
    "imageformats": frozenset({"qsvg"}),  # PNG/BMP are built into QtGui; rendered math is SVG
    "iconengines": frozenset({"qsvgicon"}),
    # Chinese input methods (ibus, compose key); the virtual keyboard needs QtQuick.
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin",
                                        "ibusplatforminputcontextplugin"}),
    # The xdg portal gives native file dialogs (also inside Flatpak/Snap sandboxes); the
    # gtk3 theme is left out because it would pull GTK itself into the bundle.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    "xcbglintegrations": None,  # xcb loads one of these at start; missing ones log warnings
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": frozenset({"qt-plugin-wayland-egl"}),
    "styles": None,  # Windows 11 / macOS native widget styles
}

# Qt's own translations: only the languages of the corpus and its readers.
QT_TRANSLATIONS_KEPT = re.compile(r"^qt(base)?_zh_(CN|TW|HK)\.qm$")

# Qt shared libraries that must never be in the bundle (the size budget and the brief).
QT_LIBS_FORBIDDEN = re.compile(
    r"Qt6?(WebEngine|WebView|WebChannel|Qml|Quick|Pdf|VirtualKeyboard|Multimedia|3D|Charts"
    r"|DataVisualization|Graphs|Designer|Sql|Network|Test|Positioning|Location"
    r"|Sensors|SerialPort|Bluetooth|Nfc|RemoteObjects|Scxml|StateMachine|TextToSpeech"
    r"|SpatialAudio|HttpServer|WebSockets)",
)

# Linux system libraries left to the system (the .deb depends on their packages): the display
# stack (X11/xcb/Wayland/GL), fonts, D-Bus and GLib must match the running desktop, and a
# bundled copy of them is what breaks on the next distribution release. Everything the
# Python runtime, Qt, numpy and llama.cpp bring themselves (libpython, ICU, OpenSSL, SQLite,
# OpenBLAS, libstdc++, libgomp) stays in the bundle.
LINUX_SYSTEM_LIBS = re.compile(
    r"^lib(X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|Xi|Xfixes|xcb(-[\w-]+)?|xkbcommon(-x11)?|bsd|md"
    r"|fontconfig|freetype|expat|png16|brotli\w*|harfbuzz|graphite2"
    r"|dbus-1|systemd|gcrypt|gpg-error|lz4|zstd|cap"
    r"|glib-2\.0|gobject-2\.0|gio-2\.0|gmodule-2\.0|gthread-2\.0|pcre2-8|mount|blkid|selinux"
    r"|wayland-[\w-]+|EGL|GL|GLX|OpenGL|GLdispatch|drm|gbm"
    r"|gtk-3|gdk-3|atk-1\.0|atk-bridge-2\.0|cairo(-gobject)?|pango\w*-1\.0|pixman-1|thai|datrie"
    r"|fribidi|gdk_pixbuf-2\.0|jpeg|epoxy"
    r"|krb5|k5crypto|gssapi_krb5|krb5support|com_err|keyutils)\.so(\.\d+)*$"
)

# Python modules never needed at run time (test tools, build tools, other Qt bindings, and
# pkg_resources, which jieba would otherwise use instead of plain file reads). Not yaml:
# ``import gguf`` (the Model mode's weights) imports it through gguf.metadata, and genanki
# (study export-anki) at import time.
PYTHON_EXCLUDES = (
    "tkinter", "_tkinter", "idlelib", "lib2to3", "pydoc_data", "test",
    "pip", "setuptools", "pkg_resources", "distutils", "_distutils_hack",
    "pytest", "_pytest", "pytestqt", "hypothesis", "ruff", "importlinter", "grimp",
    "PyInstaller", "IPython", "matplotlib", "scipy", "pandas", "cupy", "h5py", "OpenGL",
    "PyQt5", "PyQt6", "PySide2", "shiboken2",
    "readline",  # interactive consoles only; drops libreadline/libtinfo
    "jieba.lac_small", "paddle",  # jieba's paddle mode: we use the dictionary mode only
    "pyqtgraph.examples", "pyqtgraph.opengl", "pyqtgraph.jupyter",
    "llama_cpp.server", "llama_cpp.mtmd_cpp", "llama_cpp.llava_cpp",  # text chat only
)

# OpenCC conversions the app uses (interview_desk/script.py); only their tables ship.
OPENCC_CONFIGS = ("t2s", "s2t")

# jieba's data files the app reads: the dictionary (finalseg's HMM tables are Python modules).
JIEBA_DATA = ("dict.txt",)
JIEBA_ANALYSE_DATA = ("analyse/idf.txt",)  # only when jieba.analyse is imported


def pyside_modules(pyside_dir: Path) -> set[str]:
    """Names of the PySide6 extension modules installed in ``pyside_dir``."""
    names = set()
    for path in pyside_dir.iterdir():
        if path.name.startswith("Qt") and path.suffix in {".so", ".pyd", ".pyi"}:
            names.add(path.name.split(".")[0])
    return names


def qt_module_excludes(pyside_dir: Path) -> list[str]:
    """``PySide6.QtX`` for every installed module the app does not use."""
    return sorted(f"PySide6.{name}" for name in pyside_modules(pyside_dir) - QT_MODULES_KEPT)


def _stem(filename: str) -> str:
    name = filename.split(".")[0]
    return name[3:] if name.startswith("lib") else name


def keep_qt_file(dest: str) -> bool:
    """Whether a bundle entry (its destination path) under PySide6's Qt folder stays."""
    parts = PurePath(dest.replace("\\", "/")).parts
    if not parts or parts[0] != "PySide6":
        return True
    name = parts[-1]
    if "plugins" in parts:
        idx = parts.index("plugins")
        if len(parts) < idx + 3:
            return True
        kept = QT_PLUGINS_KEPT.get(parts[idx + 1], frozenset())
        return kept is None or _stem(name) in kept
    if "translations" in parts:
        return bool(QT_TRANSLATIONS_KEPT.match(name))
    if "qml" in parts:
        return False
    return not QT_LIBS_FORBIDDEN.search(name)


def keep_binary(dest: str, platform: str) -> bool:
    """Whether a collected binary (by its destination path in the bundle) ships."""
    if not keep_qt_file(dest):
        return False
    if platform.startswith("linux"):
        return not LINUX_SYSTEM_LIBS.match(PurePath(dest).name)
    return True


def trimmed_qt_dependencies(hook_file: str) -> tuple[list[str], list[tuple[str, str]],
                                                     list[tuple[str, str]]]:
    """PyInstaller's own Qt module hook result, less the plugins and translations we leave out.

    Trimming here, before analysis, matters: a plugin dropped later would still have had its
    libraries (GTK for the gtk3 theme, EGL device support for eglfs) pulled into the bundle.
    """
    from PyInstaller.utils.hooks.qt import add_qt6_dependencies

    hiddenimports, binaries, datas = add_qt6_dependencies(hook_file)

    def keep(entry: tuple[str, str]) -> bool:
        src, dest_dir = entry
        return keep_qt_file(str(PurePath(dest_dir, PurePath(src).name)))

    return hiddenimports, [b for b in binaries if keep(b)], [d for d in datas if keep(d)]


def opencc_data(opencc_dir: Path, configs: Iterable[str] = OPENCC_CONFIGS) -> list[Path]:
    """The config files and the dictionary tables they name, for the given conversions."""
    files: set[Path] = set()
    for config in configs:
        config_path = opencc_dir / "config" / f"{config}.json"
        files.add(config_path)
        text = config_path.read_text(encoding="utf-8")
        for table in re.findall(r'"file"\s*:\s*"([^"]+)"', text):
            files.add(opencc_dir / "dictionary" / table)
        json.loads(text)  # a corrupt config should fail the build, not the installed app
    return sorted(files)


def llama_libraries(lib_dir: Path) -> list[Path]:
    """The llama.cpp libraries to ship: what llama_cpp loads plus the ggml libraries it needs.

    Wheels store every Linux/macOS version alias (libggml.so, .so.0, .so.0.25.3) as a full
    copy. Kept: the name ctypes opens for libllama (libllama.so / .dylib), and for the ggml
    libraries the SONAME / install-name alias the dynamic loader resolves (libggml.so.0,
    libggml.0.dylib), or the plain name when there is no alias. mtmd (images, audio) is
    left out: the tutor is text-only.
    """
    families: dict[str, list[Path]] = {}
    for path in sorted(lib_dir.iterdir()):
        if path.is_file() and re.search(r"\.(so|dylib|dll)(\.\d+)*$", path.name):
            families.setdefault(path.name.split(".")[0], []).append(path)
    keep: list[Path] = []
    for family, paths in sorted(families.items()):
        if "mtmd" in family or "llava" in family:
            continue
        if any(p.suffix == ".dll" for p in paths):
            keep += paths
            continue
        plain = [p for p in paths if re.fullmatch(rf"{re.escape(family)}\.(so|dylib)", p.name)]
        alias = [p for p in paths
                 if re.fullmatch(rf"{re.escape(family)}(\.so\.\d+|\.\d+\.dylib)", p.name)]
        if family == "libllama":
            keep += plain or alias  # opened by path from llama_cpp/llama_cpp.py
        else:
            keep += alias or plain
    return keep


def strip_debug_info(folder: Path) -> int:
    """``strip --strip-debug`` every ELF file in ``folder`` that carries DWARF; bytes saved.

    Only the Python runtime from pyenv / a source build has debug info (libpython alone is
    22 MB of it). A blanket strip (PyInstaller's ``strip=True``) is not safe: it breaks
    libraries that auditwheel/patchelf rewrote, such as numpy's OpenBLAS.
    """
    strip, readelf = shutil.which("strip"), shutil.which("readelf")
    if not strip or not readelf:
        return 0
    saved = 0
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        sections = subprocess.run([readelf, "-S", "-W", str(path)], capture_output=True,
                                  text=True, check=False).stdout
        if ".debug_info" not in sections:
            continue
        before = path.stat().st_size
        subprocess.run([strip, "--strip-debug", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved
