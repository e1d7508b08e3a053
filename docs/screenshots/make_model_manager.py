"""Make the README's model manager screenshots (light and dark) offscreen.

    INTERVIEW_DESK_TEST_MODEL=models/SmolLM2-135M-Instruct.Q4_1.gguf \
        .venv/bin/python docs/screenshots/make_model_manager.py

A throwaway home whose models folder holds a link to the default model and a tiny test
model, so the pictures show real headers. Writes model-manager-light.png,
model-manager-dark.png and model-manager-recommended.png beside this script.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "desktop"))
sys.path.insert(0, str(REPO / "tests" / "tutor"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["INTERVIEW_DESK_HOME"] = tempfile.mkdtemp(prefix="interview-desk-shots-")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from tiny_gguf import write_tiny_gguf  # noqa: E402

from interview_desk.paths import user_models_dir  # noqa: E402
from interview_desk.tutor.install import install  # noqa: E402
from interview_desk.ui.shell import theme  # noqa: E402
from interview_desk.ui.shell.app import create_application  # noqa: E402
from interview_desk.ui.tutor.manager import ModelManagerDialog  # noqa: E402


def settle(app: QApplication, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def shoot(app: QApplication, choice: str, name: str, tab: int = 0) -> None:
    theme.apply_theme(app, choice)
    theme.apply_font(app, "original")
    dialog = ModelManagerDialog()
    dialog.resize(980, 600)
    default = dialog.models.findItems("SmolLM2", Qt.MatchFlag.MatchStartsWith)
    if default:
        dialog.models.setCurrentItem(default[0])
    dialog.details.vram.setValue(0.5)
    dialog.tabs.setCurrentIndex(tab)
    dialog.show()
    settle(app)
    dialog.grab().save(str(HERE / name))
    dialog.close()


def main() -> int:
    models = user_models_dir()
    model = os.environ.get("INTERVIEW_DESK_TEST_MODEL")
    if model:
        install(Path(model), models, link=True)
    write_tiny_gguf(models / "tiny-llama-test.gguf")
    app = create_application([])
    shoot(app, "light", "model-manager-light.png")
    shoot(app, "dark", "model-manager-dark.png")
    shoot(app, "light", "model-manager-recommended.png", tab=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
