"""OpenCC: only the conversions the app uses and the tables they name (replaces the contrib
hook, which ships every Hong Kong / Taiwan / Japanese variant)."""

from pathlib import Path

from bundle_rules import OPENCC_CONFIGS, opencc_data  # on sys.path: see interview-desk.spec
from PyInstaller.utils.hooks import get_package_paths

_, _pkg_dir = get_package_paths("opencc")
datas = [(str(path), str(Path("opencc", path.parent.name)))
         for path in opencc_data(Path(_pkg_dir), OPENCC_CONFIGS)]
