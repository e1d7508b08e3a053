"""File ▸ Import notes folder…: the preview dialog on the real window, real files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from interview_desk.corpus.rules import Rule, folder_rules
from interview_desk.settings import load_settings
from interview_desk.ui.importer.dialog import ImportDialog
from interview_desk.ui.shell.window import MainWindow

HELDOUT = Path(__file__).resolve().parents[1] / "corpus" / "fixtures" / "notes" / "heldout"
WAIT_MS = 30_000


def _rows(dialog: ImportDialog) -> dict[str, tuple[str, str, str]]:
    tree = dialog.tree
    out = {}
    for k in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(k)
        out[item.text(0).split("  [")[0]] = (item.text(1), item.text(2), item.text(3))
    return out


def _wait_rule(qtbot, dialog: ImportDialog, rule: str) -> None:
    qtbot.waitUntil(lambda: dialog.preview is not None and str(dialog.preview.rule) == rule
                    and dialog.add_button.isEnabled(), timeout=WAIT_MS)


def test_preview_then_add_a_folder(qtbot, make_window: Callable[..., MainWindow],
                                   tmp_path: Path) -> None:
    window = make_window(wait_index=False)
    assert window.actions_["import"] in window.menus.file.actions()
    folder = tmp_path / "我的笔记"
    shutil.copytree(HELDOUT, folder)
    dialog = window.open_import(folder)
    _wait_rule(qtbot, dialog, "auto")

    rows = _rows(dialog)
    assert rows["面经/字节跳动-大模型算法一面.md"][:2] == ("10", "4")
    assert rows["qa/rlhf问答.md"] == ("5", "5", "")
    assert rows["README-dir/README.md"] == ("0", "0", "skipped: no questions found")
    log = dialog.tree.topLevelItem(list(rows).index("面经/字节跳动-大模型算法一面.md"))
    assert (log.child(1).text(0), log.child(1).text(3)) == (
        "介绍一下你做的 RAG 项目", "- 数据怎么切分的 - 召回用的什么模型")
    assert dialog.summary.text().endswith("1 files skipped")
    nothing_yet = load_settings()
    assert nothing_yet.user_folders == [] and nothing_yet.folder_rules == []

    # Another rule for the folder: the preview is read again.
    dialog.set_rule("headings:3")
    _wait_rule(qtbot, dialog, "headings:3")
    assert _rows(dialog)["面经/字节跳动-大模型算法一面.md"][0] == "0"
    assert _rows(dialog)["notes/transformer.md"][0] == "6"  # its six "###" headings
    dialog.set_rule("auto")
    _wait_rule(qtbot, dialog, "auto")

    # A rule for one file only.
    english = str(folder.resolve() / "english" / "llm-basics.md")
    dialog.set_file_rule(english, "headings:3")
    qtbot.waitUntil(lambda: any(str(f.rule) == "headings:3" for f in dialog.preview.files),
                    timeout=WAIT_MS)
    assert _rows(dialog)["english/llm-basics.md"][0] == "2"

    before = len(window.desk.corpus.entries)
    readable = sum(1 for f in dialog.preview.files if not f.skipped)
    dialog.add_button.click()
    settings = load_settings()
    assert settings.user_folders == [str(folder.resolve())]
    assert folder_rules(settings.folder_rules) == {english: Rule("headings", 3)}
    qtbot.waitUntil(lambda: len(window.desk.corpus.entries) > before, timeout=WAIT_MS)
    added = [s for s in window.desk.corpus.sources if not s.builtin]
    assert len(added) == readable and sum(s.questions for s in added) == len(
        window.desk.corpus.entries) - before
    assert window.desk.corpus.skipped  # the README, listed, not a warning
    assert window.desk.corpus.warnings == []
    new = [e.id for e in window.desk.corpus.entries if e.source.startswith("我的笔记/")]
    qtbot.waitUntil(lambda: all(eid in window.tree._items for eid in new), timeout=WAIT_MS)


def test_edits_in_an_added_folder_flow_in(qtbot, make_window: Callable[..., MainWindow],
                                          tmp_path: Path) -> None:
    from interview_desk.corpus.folders import add_folder

    folder = (tmp_path / "notes").resolve()
    folder.mkdir()
    (folder / "a.md").write_text("## 什么是 LoRA？\n\n低秩。\n", encoding="utf-8")
    add_folder(str(folder))
    window = make_window(wait_index=False)
    assert str(folder / "a.md") in window.folder_watcher.watched()

    def questions() -> set[str]:
        return {e.question for e in window.desk.corpus.entries if e.source.startswith("notes/")}

    lora = next(e.id for e in window.desk.corpus.entries if e.question == "什么是 LoRA？")
    window.desk.set_bookmark(lora, True)
    with (folder / "a.md").open("a", encoding="utf-8") as fh:
        fh.write("\n## 介绍一下 RoPE\n\n旋转。\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "b.md").write_text("1. 自我介绍\n2. 讲讲 PPO\n", encoding="utf-8")
    qtbot.waitUntil(lambda: {"什么是 LoRA？", "介绍一下 RoPE"} <= questions(), timeout=WAIT_MS)
    # A new subfolder is watched after the reload: its file arrives with the next event.
    qtbot.waitUntil(lambda: str(folder / "sub") in window.folder_watcher.watched(),
                    timeout=WAIT_MS)
    (folder / "sub" / "c.md").write_text("## 为什么要 warmup？\n\n稳定。\n", encoding="utf-8")
    qtbot.waitUntil(lambda: {"自我介绍", "讲讲 PPO", "为什么要 warmup？"} <= questions(),
                    timeout=WAIT_MS)
    # The unchanged question keeps its id, so its bookmark stays attached.
    assert window.desk.corpus.get(lora) is not None and lora in window.desk.marks.bookmarked
    (folder / "sub" / "b.md").unlink()
    qtbot.waitUntil(lambda: "自我介绍" not in questions(), timeout=WAIT_MS)
    assert lora in window.tree._items


def test_an_added_folder_is_one_source_with_its_subfolders_as_sections(
        qtbot, make_window: Callable[..., MainWindow], tmp_path: Path) -> None:
    """Issue 13: the folder appears in the tree as its own source, subfolders as sections
    (before, every file was a top-level source named by its whole path)."""
    from interview_desk.corpus.folders import add_folder

    folder = (tmp_path / "我的笔记").resolve()
    (folder / "面经").mkdir(parents=True)
    (folder / "a.md").write_text("## 什么是 LoRA？\n\n低秩。\n", encoding="utf-8")
    (folder / "面经" / "b.md").write_text("## 讲讲 PPO？\n\n策略。\n", encoding="utf-8")
    add_folder(str(folder))
    window = make_window(wait_index=False)
    tree = window.tree.tree
    tops = [tree.topLevelItem(k) for k in range(tree.topLevelItemCount())]
    mine = [t for t in tops if t is not None and t.text(0).startswith("我的笔记")]
    assert len(mine) == 1 and mine[0].text(0) == "我的笔记  (2)"
    assert not any(t is not None and "/" in t.text(0) for t in tops)
    children = {mine[0].child(i).text(0): mine[0].child(i) for i in range(mine[0].childCount())}
    assert set(children) == {"a.md  (1)", "面经  (1)"}, children
    sub = children["面经  (1)"]
    assert sub.child(0).text(0) == "b.md  (1)"  # the file inside its subfolder
    ppo = next(e.id for e in window.desk.corpus.entries if e.question == "讲讲 PPO？")
    assert window.tree.select_entry(ppo, emit=False)
    assert window.tree.current_entry_id() == ppo
