"""llama-cpp-python loads libllama through ctypes, which analysis cannot see: ship the
libraries from ``llama_cpp/lib`` (one copy each, see bundle_rules.llama_libraries)."""

from pathlib import Path

from bundle_rules import llama_libraries  # on sys.path: see interview-desk.spec
from PyInstaller.utils.hooks import get_package_paths

_, _pkg_dir = get_package_paths("llama_cpp")
binaries = [(str(path), "llama_cpp/lib") for path in llama_libraries(Path(_pkg_dir) / "lib")]
