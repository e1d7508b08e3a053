"""The model manager from the window: Study ▸ Model manager… and the tutor's models button
open it; "Use this model" switches the tutor's model without a restart."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tutor"))

from tiny_gguf import write_tiny_gguf

from interview_desk.paths import user_models_dir
from interview_desk.settings import load_settings
from interview_desk.ui.shell.window import MainWindow
from interview_desk.ui.tutor.manager import ModelManagerDialog


def _dialog(window: MainWindow) -> ModelManagerDialog:
    dialogs = [d for d in window.findChildren(ModelManagerDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_menu_and_button_open_it_and_use_switches_the_tutor(window: MainWindow,
                                                            qtbot) -> None:
    model = write_tiny_gguf(user_models_dir() / "tiny-switch.gguf")
    assert window.actions_["models"] in window.menus.study.actions()
    window.actions_["models"].trigger()
    _dialog(window).close()
    qtbot.waitUntil(lambda: window.side.tutor is not None, timeout=30_000)
    tutor = window.side.tutor
    tutor.bar.models_button.click()
    dialog = _dialog(window)
    dialog.models.setCurrentItem(dialog.models.findItems(model.name,
                                                         Qt.MatchFlag.MatchExactly)[0])
    dialog.details.n_ctx.setValue(1024)
    with qtbot.waitSignal(tutor.sigModelLoaded, timeout=60_000):
        dialog.use_button.click()
    assert tutor.bar.model_combo.choice() == str(model)
    saved = load_settings()
    assert (saved.model, saved.n_ctx) == (str(model), 1024)
