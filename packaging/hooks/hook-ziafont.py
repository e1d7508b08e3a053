"""ziafont: its fallback DejaVu Sans font."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("ziafont")
