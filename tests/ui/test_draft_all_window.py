""" "Draft all unanswered" from the window: a section's context menu in the tree and the
study deck's button start one background batch, shown in the status bar, that goes on
while the learner opens other entries and screens (real window, store, tiny GGUF)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QTreeWidgetItem, QTreeWidgetItemIterator

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tutor"))

from tiny_gguf import write_tiny_gguf

from interview_desk.corpus import load_corpus
from interview_desk.paths import user_models_dir
from interview_desk.settings import load_settings, save_settings
from interview_desk.store import UserStore
from interview_desk.study.drafts import BatchState
from interview_desk.ui.browse.tree import ID_ROLE, KEY_ROLE, LABEL_ROLE, SourceTree
from interview_desk.ui.shell.window import MainWindow

WAIT = 60_000


def _section_item(tree: SourceTree, corpus_get, at_least: int) -> QTreeWidgetItem:
    """The first section node (not a source) holding ``at_least`` unanswered entries."""
    it = QTreeWidgetItemIterator(tree.tree)
    while it.value():
        item = it.value()
        if (
            item.parent() is not None
            and not item.data(0, ID_ROLE)
            and "\x1f" in str(item.data(0, KEY_ROLE))
        ):
            ids = tree.entries_under(item)
            if sum(1 for i in ids if not corpus_get(i).answered) >= at_least:
                return item
        it += 1
    raise AssertionError("no section with enough unanswered entries")


def test_tree_menu_offers_the_section_and_entries_get_none(qtbot) -> None:
    corpus = load_corpus()
    tree = SourceTree()
    qtbot.addWidget(tree)
    tree.set_corpus(corpus)
    item = _section_item(tree, corpus.get, 1)
    ids = tree.entries_under(item)
    menu = tree.section_menu(item)
    assert menu is not None
    action = menu.actions()[0]
    unanswered = sum(1 for i in ids if not corpus.get(i).answered)
    assert action.text() == f"Draft all unanswered ({unanswered})" and action.isEnabled()
    with qtbot.waitSignal(tree.sigDraftAllRequested) as asked:
        action.trigger()
    assert asked.args == [item.data(0, LABEL_ROLE), ids]
    leaf = next(tree._items[i] for i in ids)
    assert tree.section_menu(leaf) is None


def test_window_batch_from_tree_and_deck_runs_in_the_background(
    make_window, desk_home: Path, qtbot
) -> None:
    model = write_tiny_gguf(user_models_dir() / "tiny-drafts.gguf")
    settings = load_settings()
    settings.model, settings.max_tokens, settings.n_threads = str(model), 16, 1
    settings.temperature = 0.0
    save_settings(settings)
    window: MainWindow = make_window()
    qtbot.waitUntil(lambda: window.side.tutor is not None, timeout=WAIT)
    corpus = window.desk.corpus
    item = _section_item(window.tree, corpus.get, 2)
    ids = window.tree.entries_under(item)
    window.tree.section_menu(item).actions()[0].trigger()
    qtbot.waitUntil(window.draft_bar.isVisible, timeout=WAIT)  # once its plan is read
    qtbot.waitUntil(
        lambda: window.drafts.batch is not None and window.drafts.batch.current is not None,
        timeout=WAIT,
    )
    # Other entries and the study screen open meanwhile; the batch goes on.
    window.open_entry(corpus.entries[0].id)
    review = window.study.open_review(window.script)
    qtbot.waitUntil(lambda: window.drafts.batch.finished_state, timeout=WAIT)
    batch = window.drafts.batch
    assert batch.state is BatchState.DONE and batch.completed == batch.total
    unanswered = {i for i in ids if not corpus.get(i).answered}
    with UserStore.open() as store:
        assert set(store.drafts()) == set(batch.saved) <= unanswered
    assert window.draft_bar.label.text().startswith("Drafts for ")
    window.draft_bar.close_button.click()
    assert not window.draft_bar.isVisible()

    # A deck: bookmark an unanswered entry, then "Draft all unanswered" for Bookmarked.
    target = next(e for e in corpus.entries if not e.answered and e.id not in unanswered)
    window.open_entry(target.id)
    window.toggle_mark("bookmark")
    review.load("Bookmarked")
    qtbot.waitUntil(
        lambda: review.deck is not None and review.deck.name == "Bookmarked", timeout=WAIT
    )
    assert review.draft_button.text() == "Draft all unanswered"
    review.draft_button.click()
    qtbot.waitUntil(
        lambda: (
            window.drafts.batch is not None
            and window.drafts.batch.title == "Bookmarked"
            and window.drafts.batch.finished_state
        ),
        timeout=WAIT,
    )
    assert window.drafts.batch.plan.todo == (target,)
    with UserStore.open() as store:
        assert store.draft(target.id) is not None


def test_the_reader_shows_a_saved_draft_labelled_and_hides_draft_an_answer(
    make_window, desk_home: Path, qtbot
) -> None:
    corpus = load_corpus()
    drafted, bare = [e for e in corpus.entries if not e.answered][:2]
    with UserStore.open() as store:
        store.save_draft(drafted.id, "A drafted answer about **this** question.", "tiny")
    window: MainWindow = make_window(wait_index=False)
    reader = window.centre.reader
    with qtbot.waitSignal(reader.sigDocumentShown, timeout=WAIT):
        window.open_entry(drafted.id)
    text = reader.toPlainText()
    assert "A drafted answer about this question." in text
    assert "Machine-drafted, not from the source" in text  # labelled, never as the answer
    assert window.centre.draft_button.isHidden()
    with qtbot.waitSignal(reader.sigDocumentShown, timeout=WAIT):
        window.open_entry(bare.id)
    assert "Machine-drafted" not in reader.toPlainText()
    assert not window.centre.draft_button.isHidden()
    # A draft saved while its entry is open (the tutor or a batch) appears at once.
    with UserStore.open() as store:
        store.save_draft(bare.id, "Drafted while open.", "tiny")
    with qtbot.waitSignal(reader.sigDocumentShown, timeout=WAIT):
        window.side.sigDraftFinished.emit(bare.id)
    assert "Drafted while open." in reader.toPlainText()
