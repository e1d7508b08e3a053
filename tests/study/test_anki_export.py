"""The .apkg imports into a fresh Anki collection with the official ``anki`` package."""

from __future__ import annotations

from pathlib import Path

import pytest
from study_corpus import make_entry

from interview_desk.errors import UsageError
from interview_desk.study.anki import FIELDS, export_apkg, markdown_to_anki_html

anki_collection = pytest.importorskip("anki.collection")


def test_markdown_becomes_anki_html_with_mathjax_and_code() -> None:
    out = markdown_to_anki_html("Energy $E=mc^2$ here\n\n$$\\sum_i x_i$$\n\n"
                                "```python\nif a < b: pass\n```\n\n\\[ q_k \\] then")
    assert "\\(E=mc^2\\)" in out and "\\[\\sum_i x_i\\]" in out and "\\[q_k\\]" in out
    assert '<pre><code class="language-python">if a &lt; b: pass' in out
    assert "$" not in out


def test_apkg_imports_into_a_fresh_collection(tmp_path: Path) -> None:
    entries = [make_entry(1), make_entry(2, source="005_attention.md",
                                         section=("注意力 机制", "MHA"), difficulty=5),
               make_entry(3, answered=False)]
    path = tmp_path / "deck.apkg"
    assert export_apkg(path, "RoPE", entries, drafts={"e0003": "drafted *text*"}) == 3
    (tmp_path / "fresh").mkdir()
    col = anki_collection.Collection(str(tmp_path / "fresh" / "collection.anki2"))
    try:
        col.import_anki_package(anki_collection.ImportAnkiPackageRequest(
            package_path=str(path),
            options=anki_collection.ImportAnkiPackageOptions(with_scheduling=True)))
        ids = col.find_notes("")
        assert len(ids) == 3
        notes = sorted((col.get_note(i) for i in ids), key=lambda n: n["EntryId"])
        assert list(notes[0].keys()) == list(FIELDS)
        first = notes[0]
        assert first["Question"] == "<p>Question 1: what is RoPE?</p>\n"
        assert "\\(x^2\\)" in first["Answer"] and "<code>code</code>" in first["Answer"]
        assert first["Source"] == "003_rope.md" and first["Section"] == "位置编码"
        assert set(first.tags) == {"source::003_rope", "section::位置编码", "difficulty::3"}
        assert set(notes[1].tags) == {"source::005_attention", "section::注意力_机制",
                                      "difficulty::5"}
        assert "unanswered" in notes[2].tags
        assert "Machine-drafted" in notes[2]["Answer"] and "<em>text</em>" in notes[2]["Answer"]
        assert col.decks.by_name("Interview Desk::RoPE") is not None
    finally:
        col.close()


def test_export_refuses_a_bad_path_or_an_empty_deck(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"ends in \.apkg"):
        export_apkg(tmp_path / "deck.zip", "d", [make_entry(1)])
    with pytest.raises(UsageError, match="no such folder"):
        export_apkg(tmp_path / "missing" / "deck.apkg", "d", [make_entry(1)])
    with pytest.raises(UsageError, match="no cards"):
        export_apkg(tmp_path / "deck.apkg", "d", [])


def test_selftest_part_runs_the_scheduler_and_writes_a_package() -> None:
    from interview_desk.selftest import PARTS, run_part

    result = run_part("study", PARTS["study"])
    assert result.ok, result.error
    assert result.detail == "FSRS queue, rating, undo and an Anki package (1 note)"
