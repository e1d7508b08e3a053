"""jieba: only the dictionary (replaces the contrib hook, which ships all 40 MB of data,
including the paddle model ``lac_small`` and the pickled copies of the HMM tables)."""

from pathlib import Path

from bundle_rules import JIEBA_DATA  # on sys.path: interview-desk.spec puts packaging/ there
from PyInstaller.utils.hooks import get_package_paths

_, _pkg_dir = get_package_paths("jieba")
datas = [(str(Path(_pkg_dir) / name), str(Path("jieba", name).parent)) for name in JIEBA_DATA]
