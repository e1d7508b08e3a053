"""Our attributes must not hide the Qt methods of the same name (mypy found two)."""

from __future__ import annotations

from PySide6.QtCore import QThread
from PySide6.QtGui import QRegion

from interview_desk.ui.tutor.worker import TutorThread
from interview_desk.ui.viz.attention_controls import AttentionControls


def test_tutor_thread_keeps_qobject_thread(qtbot) -> None:
    tutor = TutorThread()
    try:
        # QObject.thread(): the thread the object lives in (here the GUI thread).
        assert tutor.thread() is QThread.currentThread()
        assert tutor.worker.thread() is tutor.model_thread
    finally:
        tutor.shutdown()


def test_attention_controls_keep_qwidget_mask(qtbot) -> None:
    controls = AttentionControls()
    qtbot.addWidget(controls)
    assert isinstance(controls.mask(), QRegion)
    assert controls.settings().mask == "causal"
