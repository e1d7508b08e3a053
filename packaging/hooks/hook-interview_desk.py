"""The app's own package, collected whole: a few parts are imported lazily inside
functions (the GUI from the CLI, the self-test's parts, the reader off the GUI thread), and
collecting every submodule keeps a frozen build from depending on PyInstaller following them."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("interview_desk")
datas = collect_data_files("interview_desk")
