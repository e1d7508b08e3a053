"""Replaces PyInstaller's hook for this Qt module: the same collection, with the plugins and
translations we do not ship left out before their libraries are analysed."""

from bundle_rules import trimmed_qt_dependencies  # on sys.path: see interview-desk.spec

hiddenimports, binaries, datas = trimmed_qt_dependencies(__file__)
