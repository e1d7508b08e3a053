"""ziamath: its STIX Two Math font, read through importlib.resources, and its metadata
(render/math_cache.py keys the formula cache by ziamath's version without importing it)."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = collect_data_files("ziamath") + copy_metadata("ziamath")
