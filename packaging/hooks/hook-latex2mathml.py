"""latex2mathml: its Unicode math symbol table (unimathsymbols.txt)."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("latex2mathml")
