"""jieba.analyse (keyword extraction) reads its IDF table; shipped only if the app imports it."""

from pathlib import Path

from bundle_rules import JIEBA_ANALYSE_DATA  # on sys.path: see interview-desk.spec
from PyInstaller.utils.hooks import get_package_paths

_, _pkg_dir = get_package_paths("jieba")
datas = [(str(Path(_pkg_dir) / name), str(Path("jieba", name).parent))
         for name in JIEBA_ANALYSE_DATA]
