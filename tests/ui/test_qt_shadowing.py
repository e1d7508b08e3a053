"""Our attributes must not hide the Qt methods of the same name (mypy found two; the other,
the tutor thread's ``thread`` attribute, went with the QThread it named)."""

from __future__ import annotations

from PySide6.QtGui import QRegion

from interview_desk.ui.viz.attention_controls import AttentionControls


def test_attention_controls_keep_qwidget_mask(qtbot) -> None:
    controls = AttentionControls()
    qtbot.addWidget(controls)
    assert isinstance(controls.mask(), QRegion)
    assert controls.settings().mask == "causal"
