"""Small widget helpers shared by several features: a placeholder and a captioned box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from interview_desk.ui.i18n import tr


def placeholder(key: str, name: str) -> QLabel:
    """A centred, word-wrapped hint shown until the real widget takes its place."""
    label = QLabel(tr(key), objectName=name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setProperty("i18nKey", key)
    return label


def label(key: str) -> QLabel:
    """A caption whose text follows the language (the window re-reads its i18n key)."""
    caption = QLabel(tr(key))
    caption.setProperty("i18nKey", key)
    return caption


def titled(widget: QWidget, key: str) -> QWidget:
    """``widget`` under a small bold caption (retranslated through its i18n key)."""
    box = QWidget()
    caption = label(key)
    font = caption.font()
    font.setBold(True)
    caption.setFont(font)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(2, 4, 2, 2)
    layout.setSpacing(3)
    layout.addWidget(caption)
    layout.addWidget(widget, 1)
    return box


