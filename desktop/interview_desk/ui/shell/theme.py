"""Light and dark Fusion palettes, the system's colour scheme, and the CJK font fallback.

Fusion draws the same on every platform, so one pair of palettes gives a consistent look;
``system`` follows the platform's colour scheme and updates when it changes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from interview_desk.paths import resources_dir

log = logging.getLogger(__name__)


# Preferred CJK families per display script; the first one installed wins. A frozen
# build ships its own font in resources/fonts/, which is registered before the lookup.
_CJK_FAMILIES = {
    "traditional": ("Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC",
                    "Microsoft JhengHei", "Noto Sans CJK SC"),
    "simplified": ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
                   "Microsoft YaHei", "Noto Sans CJK TC"),
}


def system_is_dark(app: QGuiApplication) -> bool:
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    # Unknown (e.g. offscreen): judge the platform's window colour.
    return QApplication.style().standardPalette().color(QPalette.ColorRole.Window).lightness() < 128


def effective_theme(choice: str, app: QGuiApplication) -> str:
    """``light`` or ``dark`` for a setting of ``system``, ``light`` or ``dark``."""
    if choice in ("light", "dark"):
        return choice
    return "dark" if system_is_dark(app) else "light"


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        colors = {
            QPalette.ColorRole.Window: "#2b2d30",
            QPalette.ColorRole.WindowText: "#e6e6e6",
            QPalette.ColorRole.Base: "#1e1f22",
            QPalette.ColorRole.AlternateBase: "#2b2d30",
            QPalette.ColorRole.ToolTipBase: "#3c3f41",
            QPalette.ColorRole.ToolTipText: "#e6e6e6",
            QPalette.ColorRole.PlaceholderText: "#8c8c8c",
            QPalette.ColorRole.Text: "#e6e6e6",
            QPalette.ColorRole.Button: "#3c3f41",
            QPalette.ColorRole.ButtonText: "#e6e6e6",
            QPalette.ColorRole.BrightText: "#ff6b68",
            QPalette.ColorRole.Highlight: "#2f65ca",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.Link: "#6ea8fe",
            QPalette.ColorRole.LinkVisited: "#b392f0",
            QPalette.ColorRole.Mid: "#4a4d50",
            QPalette.ColorRole.Midlight: "#45484b",
            QPalette.ColorRole.Dark: "#1b1c1e",
            QPalette.ColorRole.Shadow: "#000000",
            QPalette.ColorRole.Light: "#505356",
        }
        disabled = "#7a7a7a"
    else:
        colors = {
            QPalette.ColorRole.Window: "#f3f3f3",
            QPalette.ColorRole.WindowText: "#1f1f1f",
            QPalette.ColorRole.Base: "#ffffff",
            QPalette.ColorRole.AlternateBase: "#f6f7f9",
            QPalette.ColorRole.ToolTipBase: "#ffffdc",
            QPalette.ColorRole.ToolTipText: "#1f1f1f",
            QPalette.ColorRole.PlaceholderText: "#8a8a8a",
            QPalette.ColorRole.Text: "#1f1f1f",
            QPalette.ColorRole.Button: "#ececec",
            QPalette.ColorRole.ButtonText: "#1f1f1f",
            QPalette.ColorRole.BrightText: "#d32f2f",
            QPalette.ColorRole.Highlight: "#3b78e7",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.Link: "#1a5fb4",
            QPalette.ColorRole.LinkVisited: "#6b3fa0",
            QPalette.ColorRole.Mid: "#c8c8c8",
            QPalette.ColorRole.Midlight: "#e3e3e3",
            QPalette.ColorRole.Dark: "#a0a0a0",
            QPalette.ColorRole.Shadow: "#707070",
            QPalette.ColorRole.Light: "#ffffff",
        }
        disabled = "#9a9a9a"
    for role, value in colors.items():
        p.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return p


def apply_theme(app: QApplication, choice: str) -> str:
    """Apply the palette for ``choice`` and return the effective ``light``/``dark``."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    theme = effective_theme(choice, app)
    app.setPalette(_palette(theme == "dark"))
    return theme


def muted_color(palette: QPalette) -> QColor:
    """A secondary text colour that stays readable on both palettes."""
    return palette.color(QPalette.ColorRole.PlaceholderText)


def register_bundled_fonts() -> list[str]:
    """Register fonts shipped in resources/fonts (frozen builds); returns the families."""
    families: list[str] = []
    folder = Path(resources_dir()) / "fonts"
    if not folder.is_dir():
        return families
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".ttf", ".otf", ".ttc"):
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load bundled font %s", path.name)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def cjk_family(script: str) -> str | None:
    """The installed CJK family best suited to the display script, if any."""
    installed = set(QFontDatabase.families())
    order = _CJK_FAMILIES["traditional" if script == "traditional" else "simplified"]
    for family in order:
        if family in installed:
            return family
    for family in sorted(installed):  # any CJK font beats tofu
        if "CJK" in family and "Mono" not in family:
            return family
    return None


def apply_font(app: QApplication, script: str) -> QFont:
    """The UI font with a CJK fallback right after the platform's default family."""
    font = QFont(app.font())
    base = QGuiApplication.font().family()
    cjk = cjk_family(script)
    families = [base] + ([cjk] if cjk else [])
    font.setFamilies(families)
    app.setFont(font)
    return font
