"""Fast static checks of what the installers ship; the real build runs in packaging/ci-check.sh.

These read the real installed packages (PySide6, OpenCC, jieba, llama_cpp) and the app's
source, so a new Qt import or OpenCC conversion in the app that the bundle would lack
fails here in a second instead of in the frozen self-test minutes later.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
sys.path.insert(0, str(PACKAGING))

import bundle_rules  # noqa: E402
import llama_portability  # noqa: E402


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None, f"{name} is not installed"
    return Path(spec.origin).parent


def _app_sources() -> list[Path]:
    return sorted((REPO / "desktop" / "interview_desk").rglob("*.py"))


def test_heavy_qt_modules_are_excluded() -> None:
    excludes = set(bundle_rules.qt_module_excludes(_package_dir("PySide6")))
    for heavy in ("QtWebEngineCore", "QtWebEngineWidgets", "QtQml", "QtQuick", "QtPdf",
                  "QtMultimedia", "QtNetwork", "Qt3DCore"):
        if (_package_dir("PySide6") / f"{heavy}.pyi").exists():
            assert f"PySide6.{heavy}" in excludes
    assert not {f"PySide6.{m}" for m in bundle_rules.QT_MODULES_KEPT} & excludes


def test_every_qt_module_the_app_imports_is_kept() -> None:
    used: dict[str, str] = {}
    for path in _app_sources():
        text = path.read_text(encoding="utf-8")
        names = re.findall(r"PySide6\.(Qt\w+)", text)
        for group in re.findall(r"from PySide6 import \(?([\w\s,]+)\)?", text):
            names += [n.strip() for n in group.split(",") if n.strip().startswith("Qt")]
        for name in names:
            used.setdefault(name, str(path.relative_to(REPO)))
    missing = {m: where for m, where in used.items() if m not in bundle_rules.QT_MODULES_KEPT}
    assert not missing, f"Qt modules imported but excluded from the bundle: {missing}"


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qtwebengine_zh_CN.qm", False),
    ("PySide6/Qt/lib/libQt6WebEngineCore.so.6", False),
    ("PySide6/Qt/lib/libQt6Quick.so.6", False),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/lib/libQt6OpenGLWidgets.so.6", True),
    ("PySide6/Qt/qml/QtQuick/libqtquick2plugin.so", False),
    ("numpy/_core/_multiarray_umath.so", True),
])
def test_qt_file_filter(dest: str, kept: bool) -> None:
    assert bundle_rules.keep_qt_file(dest) is kept


@pytest.mark.parametrize(("name", "platform", "kept"), [
    ("libxcb-cursor.so.0", "linux", False),
    ("libfontconfig.so.1", "linux", False),
    ("libglib-2.0.so.0", "linux", False),
    ("libgtk-3.so.0", "linux", False),
    ("libpython3.11.so.1.0", "linux", True),
    ("libstdc++.so.6", "linux", True),
    ("libssl.so.3", "linux", True),
    ("libicuuc.so.73", "linux", True),
    ("libgomp.so.1", "linux", True),
    ("libQt6OpenGL.so.6", "linux", True),
    ("libfontconfig.so.1", "darwin", True),  # the rule is about Linux distributions only
])
def test_system_library_rule(name: str, platform: str, kept: bool) -> None:
    assert bundle_rules.keep_binary(name, platform) is kept


def test_opencc_tables_cover_every_conversion_the_app_uses() -> None:
    opencc_dir = _package_dir("opencc")
    known = {p.stem for p in (opencc_dir / "config").glob("*.json")}
    used = set()
    for path in _app_sources():
        used |= set(re.findall(r"[\"'](\w+)[\"']", path.read_text(encoding="utf-8"))) & known
    assert used, "the app uses no OpenCC conversion? the scan is broken"
    assert used <= set(bundle_rules.OPENCC_CONFIGS), f"add to OPENCC_CONFIGS: {used}"
    files = bundle_rules.opencc_data(opencc_dir)
    assert all(f.is_file() for f in files)
    names = {f.name for f in files}
    assert {"t2s.json", "TSCharacters.txt", "TSPhrases.txt", "STCharacters.txt"} <= names
    assert not {"HKVariants.txt", "TWPhrases.txt", "JPVariants.txt"} & names


def test_jieba_ships_its_dictionary_only() -> None:
    jieba_dir = _package_dir("jieba")
    for name in (*bundle_rules.JIEBA_DATA, *bundle_rules.JIEBA_ANALYSE_DATA):
        assert (jieba_dir / name).is_file()
    assert "jieba.lac_small" in bundle_rules.PYTHON_EXCLUDES


def test_llama_libraries_from_the_installed_wheel() -> None:
    lib_dir = _package_dir("llama_cpp") / "lib"
    names = {p.name for p in bundle_rules.llama_libraries(lib_dir)}
    opened = {"libllama.so", "libllama.dylib", "llama.dll"}
    assert names & opened, f"the library llama_cpp opens is missing: {names}"
    assert not any("mtmd" in n for n in names)


@pytest.mark.parametrize(("files", "expected"), [
    # Linux wheel: full copies under every alias; keep what ctypes and the loader open.
    (["libllama.so", "libllama.so.0", "libllama.so.0.5.0", "libggml.so", "libggml.so.0",
      "libggml.so.0.25.3", "libggml-cpu.so.0", "libggml-cpu.so", "libmtmd.so"],
     {"libllama.so", "libggml.so.0", "libggml-cpu.so.0"}),
    # macOS: install-name aliases.
    (["libllama.dylib", "libllama.0.dylib", "libggml.dylib", "libggml.0.dylib"],
     {"libllama.dylib", "libggml.0.dylib"}),
    # A build without aliases keeps the plain names.
    (["libllama.dylib", "libggml.dylib", "libggml-metal.dylib"],
     {"libllama.dylib", "libggml.dylib", "libggml-metal.dylib"}),
    # Windows: no aliases; every DLL but the multimodal one.
    (["llama.dll", "ggml.dll", "ggml-base.dll", "ggml-cpu.dll", "mtmd.dll", "llama.lib"],
     {"llama.dll", "ggml.dll", "ggml-base.dll", "ggml-cpu.dll"}),
])
def test_llama_library_selection(tmp_path: Path, files: list[str], expected: set[str]) -> None:
    for name in files:
        (tmp_path / name).write_bytes(b"\0")
    assert {p.name for p in bundle_rules.llama_libraries(tmp_path)} == expected


@pytest.mark.parametrize(("info", "native"), [
    ("CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | "
     "LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 |", []),
    ("CPU : AVX = 1 | AVX2 = 1 | AVX512 = 1 | AVX512_VBMI = 1 | AVX512_VNNI = 1 | "
     "AVX_VNNI = 0 |", ["AVX512", "AVX512_VBMI", "AVX512_VNNI"]),
    ("Metal : EMBED_LIBRARY = 1 | CPU : NEON = 1 | ARM_FMA = 1 | DOTPROD = 1 |", []),
])
def test_llama_native_feature_detection(info: str, native: list[str]) -> None:
    assert llama_portability.native_features(info) == native


def test_spec_wires_rules_hooks_and_resources() -> None:
    spec = (PACKAGING / "interview-desk.spec").read_text(encoding="utf-8")
    compile(spec, "interview-desk.spec", "exec")  # valid Python
    assert 'hookspath=[str(SPEC_DIR / "hooks")]' in spec
    assert "bundle_rules.qt_module_excludes" in spec and "PYTHON_EXCLUDES" in spec
    assert '(str(ROOT / "resources"), "resources")' in spec
    assert "upx=False" in spec
    init = (REPO / "desktop" / "interview_desk" / "__init__.py").read_text(encoding="utf-8")
    assert re.search(r'__version__ = "([^"]+)"', init), "the spec reads the version this way"
    hooks = {p.name for p in (PACKAGING / "hooks").glob("hook-*.py")}
    for module in bundle_rules.QT_MODULES_KEPT:
        assert f"hook-PySide6.{module}.py" in hooks, f"no trimming hook for {module}"
    for needed in ("hook-interview_desk.py", "hook-llama_cpp.py", "hook-jieba.py",
                   "hook-opencc.py", "hook-ziamath.py"):
        assert needed in hooks


def test_desktop_entry_matches_launcher_and_icons() -> None:
    entry = (PACKAGING / "linux" / "interview-desk.desktop").read_text(encoding="utf-8")
    fields = dict(line.split("=", 1) for line in entry.splitlines()[1:] if "=" in line)
    assert entry.startswith("[Desktop Entry]\n")
    assert fields["Type"] == "Application" and fields["Terminal"] == "false"
    assert fields["Exec"] == "interview-desk" and fields["Icon"] == "interview-desk"
    assert fields["Categories"].endswith(";") and "Education" in fields["Categories"]
    # The window sets QGuiApplication.desktopFileName to this name (Wayland app id).
    assert fields["StartupWMClass"] == "interview-desk"
    for size in (16, 32, 48, 64, 128, 256, 512):
        png = PACKAGING.parent / "resources" / "icons" / f"interview-desk-{size}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (PACKAGING / "icons" / "interview-desk.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (PACKAGING / "icons" / "interview-desk.icns").read_bytes()[:4] == b"icns"


def test_installer_scripts_agree_on_names_and_paths() -> None:
    iss = (PACKAGING / "windows" / "interview-desk.iss").read_text(encoding="utf-8")
    windows = PACKAGING / "windows"
    for rel in re.findall(r"SetupIconFile=(.+)", iss):
        assert (windows / rel.strip().replace("\\", "/")).is_file()
    assert '#define AppExe "interview-desk.exe"' in iss
    assert "ArchitecturesInstallIn64BitMode=x64compatible" in iss
    assert "[UninstallDelete]" not in iss  # uninstalling keeps the user's data
    build = (PACKAGING / "build-linux.sh").read_text(encoding="utf-8")
    assert "/opt/$APP" in build or 'opt/$APP' in build
    assert "DEBIAN/postrm" not in build  # nothing touches user data on removal
    launcher = (PACKAGING / "linux" / "launcher.sh").read_text(encoding="utf-8")
    assert "exec /opt/interview-desk/interview-desk \"$@\"" in launcher


def test_workflow_builds_and_self_tests_on_three_systems() -> None:
    yaml = pytest.importorskip("yaml")
    flow = yaml.safe_load((REPO / ".github" / "workflows" / "installers.yml").read_text())
    job = flow["jobs"]["installer"]
    systems = {row["os"].split("-")[0] for row in job["strategy"]["matrix"]["include"]}
    assert systems == {"ubuntu", "windows", "macos"}
    steps = " ".join(str(step.get("run", "")) for step in job["steps"])
    assert steps.count("frozen_selftest.py") >= 4  # bundle and installed copy, per system
    assert "-DGGML_NATIVE=OFF" in flow["env"]["CMAKE_ARGS"]
    for script in ("packaging/ci-check.sh", "packaging/windows/build-windows.ps1",
                   "packaging/macos/build-macos.sh"):
        assert script.replace("/", "\\") in steps or script in steps


def test_deb_depends_resolves_a_real_binary(tmp_path: Path) -> None:
    import shutil

    if not all(shutil.which(tool) for tool in ("readelf", "dpkg", "ldconfig")):
        pytest.skip("needs a Debian-like system with binutils")
    sys.path.insert(0, str(PACKAGING / "linux"))
    import deb_depends

    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy2(shutil.which("ls") or "/bin/ls", bundle / "tool")
    value, unresolved = deb_depends.depends(bundle, ["fonts-noto-cjk | fonts-wqy-zenhei"])
    items = [item.strip() for item in value.split(",")]
    assert re.fullmatch(r"libc6 \(>= 2\.\d+\)", items[0])
    assert items[-1] == "fonts-noto-cjk | fonts-wqy-zenhei"
    needed, _ = deb_depends.needed_and_glibc([bundle / "tool"])
    if "libselinux.so.1" in needed:  # ls on Debian and Ubuntu
        assert "libselinux1" in items and not unresolved
