"""The tutor panel and its settings dialog save only their own fields: theme, language
and added folders changed elsewhere meanwhile survive (real TutorPanel, real files)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from interview_desk.cli import main
from interview_desk.settings import (
    RULES,
    Settings,
    load_settings,
    save_settings,
    update_settings,
)
from interview_desk.ui.i18n import tr
from interview_desk.ui.shell.view_state import save_display_pref
from interview_desk.ui.tutor.panel import TutorPanel
from interview_desk.ui.tutor.settings_dialog import TutorSettingsDialog


def test_panel_save_keeps_what_others_changed(qtbot, tiny_model: Path, isolated_home: Path,
                                              tmp_path: Path) -> None:
    save_settings(Settings(model=str(tiny_model), theme="light"))
    panel = TutorPanel(autoload=False)  # reads settings.json now
    qtbot.addWidget(panel)
    try:
        # Meanwhile the window and the command line change their own fields.
        save_display_pref("theme", "dark")
        save_display_pref("language", "zh")
        notes = tmp_path / "notes"
        notes.mkdir()
        assert main(["corpus", "add", str(notes)]) == 0
        update_settings(source_tokens=900)  # the prompt budget, set from another place
        # Then the tutor saves a sampling change (no model reload needed).
        panel.apply_settings(dataclasses.replace(panel.settings, temperature=0.8))
        saved = load_settings()
        assert saved.temperature == 0.8 and saved.model == str(tiny_model)
        assert (saved.theme, saved.language) == ("dark", "zh")
        assert saved.user_folders == [str(notes.resolve())]
        assert saved.source_tokens == 900
    finally:
        panel.shutdown()


def test_display_pref_rejects_a_bad_value(isolated_home: Path) -> None:
    save_settings(Settings(theme="dark"))
    save_display_pref("theme", "klingon")  # logged, not raised
    assert load_settings().theme == "dark"


def test_dialog_ranges_come_from_the_settings_rules(qtbot) -> None:
    dialog = TutorSettingsDialog(Settings(), gpu_offload=False)
    qtbot.addWidget(dialog)
    boxes = {"n_gpu_layers": dialog.gpu_layers, "n_ctx": dialog.n_ctx,
             "n_threads": dialog.n_threads, "temperature": dialog.temperature,
             "top_p": dialog.top_p, "max_tokens": dialog.max_tokens}
    for name, box in boxes.items():
        rule = RULES[name]
        assert (box.minimum(), box.maximum()) == (rule.minimum, rule.maximum), name
        # the GPU box explains itself through the string table (translated); others show
        # the rule's own description
        expected = tr("tset.gpu_tip") if name == "n_gpu_layers" else rule.description
        assert box.toolTip() == expected, name
    # A model's layer count narrows the GPU range; nothing widens it past the rule.
    small = TutorSettingsDialog(Settings(n_gpu_layers=30), gpu_offload=True, layers=12)
    qtbot.addWidget(small)
    assert small.gpu_layers.maximum() == 12 and small.gpu_layers.value() == 12
