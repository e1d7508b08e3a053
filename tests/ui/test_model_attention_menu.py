"""'See it in the model' from a real window: the entry's menu, the dock's Model tab, a run
on the tutor's model (a tiny GGUF here), and the language switch."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model_attention"))
pytest.importorskip("llama_cpp")

from tiny_model import TinySpec, write_tiny_model

from interview_desk.ui import i18n
from interview_desk.ui.shell.window import MainWindow
from interview_desk.viz.presets import links_to_model


def test_see_it_in_the_model_runs_the_tutors_model(window: MainWindow, qtbot,
                                                    tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    model = write_tiny_model(tmp_path / "tiny.gguf", TinySpec()) and tmp_path / "tiny.gguf"
    window.visualizer.set_model(SimpleNamespace(path=str(model), name="tiny"))
    entry = next(e for e in window.desk.corpus.entries if "多头注意力" in e.question)
    assert links_to_model(entry)
    window.open_entry(entry.id)
    action = next(a for a in window.menus.visualize.actions()
                  if a.objectName() == "see_in_model")
    assert action.text() == i18n.tr("matt.see_in_model")
    action.trigger()
    dock = window.visualizer.dock
    assert dock is not None and dock.isVisible() and dock.tabs.currentWidget() is dock.model
    qtbot.waitUntil(lambda: dock.model.result is not None, timeout=60_000)
    assert dock.model.result.model == "tiny.gguf"
    assert dock.model.model_label.text() == i18n.tr("matt.model", name="tiny")
    unrelated = next(e for e in window.desk.corpus.entries if not links_to_model(e))
    window.open_entry(unrelated.id)
    assert all(a.objectName() != "see_in_model" for a in window.menus.visualize.actions())
    previous = i18n.current_language()
    try:
        i18n.set_language("zh")
        window.visualizer.retranslate()
        assert dock.model.run_button.text() == "运行"
        assert dock.tabs.tabText(dock.tabs.indexOf(dock.model)) == "模型"
    finally:
        i18n.set_language(previous)
        window.visualizer.retranslate()
