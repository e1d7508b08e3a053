"""ziamath: its STIX Two Math font, read through importlib.resources."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("ziamath")
