"""The app's own package: the CLI and the self-test import their parts by name
(``COMMAND_MODULES``, ``PARTS``), which static analysis cannot follow, so collect them all."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("interview_desk")
datas = collect_data_files("interview_desk")
