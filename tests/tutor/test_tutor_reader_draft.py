""""Draft an answer" offered in the reader itself for entries the notes leave unanswered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from interview_desk.corpus import Corpus
from interview_desk.ui.reader.area import ReaderArea


def test_reader_offers_a_draft_for_unanswered_entries(qtbot, corpus: Corpus) -> None:
    area = ReaderArea()
    qtbot.addWidget(area)
    area.show()
    answered = next(e for e in corpus.entries if e.answered)
    unanswered = next(e for e in corpus.entries if not e.answered)
    area.show_entry(answered, "original")
    assert not area.draft_button.isVisible()
    area.show_entry(unanswered, "original")
    assert area.draft_button.isVisible() and area.draft_button.text() == "Draft an answer"
    with qtbot.waitSignal(area.sigDraftRequested, timeout=2000) as asked:
        qtbot.mouseClick(area.draft_button, Qt.MouseButton.LeftButton)
    assert asked.args == [unanswered.id]
