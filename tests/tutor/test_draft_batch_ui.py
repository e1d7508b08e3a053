"""The background batch of drafts on the tutor's model owner, with real llama.cpp (tiny
GGUFs), a real store and real widgets: progress, pause/resume, cancel, the guard, and
the panel going on with its own business meanwhile."""

from __future__ import annotations

from pathlib import Path

from interview_desk.corpus import Corpus
from interview_desk.store import UserStore
from interview_desk.study.drafts import REPETITION, BatchState
from interview_desk.ui.runtime.user_data import UserData
from interview_desk.ui.tutor.batch_runner import DraftBatchRunner
from interview_desk.ui.tutor.batch_view import DraftBatchBar
from interview_desk.ui.tutor.panel import TutorPanel
from interview_desk.ui.tutor.worker import BATCH

WAIT = 60_000


def _section_ids(corpus: Corpus, unanswered: int = 3) -> list[str]:
    """Entry ids of the first source section holding at least ``unanswered`` unanswered
    entries (answered ones included: the batch skips them)."""
    by_section: dict[tuple[str, str], list[str]] = {}
    for e in corpus.entries:
        by_section.setdefault((e.source, e.section), []).append(e.id)
    for ids in by_section.values():
        if sum(1 for i in ids if not corpus.get(i).answered) >= unanswered:  # type: ignore[union-attr]
            return ids
    raise AssertionError("no such section")


def _runner(
    qtbot, panel: TutorPanel, corpus: Corpus, user_data: UserData
) -> tuple[DraftBatchRunner, DraftBatchBar]:
    runner = DraftBatchRunner(lambda: panel, lambda: corpus, user_data)
    bar = DraftBatchBar(runner)
    qtbot.addWidget(bar)
    return runner, bar


def test_batch_drafts_a_section_while_the_panel_moves_on(
    qtbot, make_panel, corpus: Corpus, user_data: UserData, store: UserStore
) -> None:
    panel = make_panel(max_tokens=16)
    runner, bar = _runner(qtbot, panel, corpus, user_data)
    ids = _section_ids(corpus)
    unanswered = [i for i in ids if not corpus.get(i).answered]  # type: ignore[union-attr]
    store.save_draft(unanswered[0], "already drafted", "me")
    seen: list[str] = []
    runner.sigChanged.connect(lambda: seen.append(bar.label.text()))
    assert runner.start("Section", ids)
    assert not runner.start("Other", ids)  # one batch at a time
    qtbot.waitUntil(
        lambda: runner.batch is not None and runner.batch.current is not None, timeout=WAIT
    )
    # Opening other entries and the panel's own Stop leave the batch alone.
    panel.set_entry(corpus.get(unanswered[0]))
    panel.set_entry(corpus.entries[0])
    panel.stop()
    qtbot.waitUntil(lambda: runner.batch is not None and runner.batch.finished_state, timeout=WAIT)
    batch = runner.batch
    assert batch is not None and batch.state is BatchState.DONE
    assert batch.skipped == 1 and batch.total == len(unanswered) - 1
    assert sorted(batch.saved) == sorted(unanswered[1:])  # the tiny model never loops
    drafts = store.drafts()
    assert drafts[unanswered[0]].text == "already drafted"
    assert all(drafts[i].text.strip() for i in unanswered[1:])
    assert any(t.startswith(f"Drafting 1 of {batch.total}: ") for t in seen)
    assert bar.isVisibleTo(bar.parentWidget() or bar) and not bar.pause_button.isVisibleTo(bar)
    assert bar.label.text().startswith("Drafts for “Section”: ")
    assert f"{batch.total} saved" in bar.label.text()
    runner.dismiss()
    assert runner.batch is None and not bar.isVisibleTo(bar)


def test_pause_holds_and_resume_finishes(
    qtbot, make_panel, corpus: Corpus, user_data: UserData, store: UserStore
) -> None:
    panel = make_panel(max_tokens=16)
    runner, bar = _runner(qtbot, panel, corpus, user_data)
    # Pause as the first draft is saved: nothing else starts until Resume.
    runner.sigDraftSaved.connect(
        lambda _id: runner.batch.completed == 1 and bar.pause_button.click()
    )
    runner.start("Section", _section_ids(corpus))
    qtbot.waitUntil(
        lambda: runner.batch is not None and runner.batch.state is BatchState.PAUSED, timeout=WAIT
    )
    batch = runner.batch
    assert batch.completed == 1 and batch.current is None
    assert bar.pause_button.text() == "Resume" and bar.label.text().startswith(
        f"Drafts paused at 1 of {batch.total}"
    )
    qtbot.wait(300)
    assert batch.completed == 1 and len(store.drafts()) == 1  # held
    bar.pause_button.click()
    qtbot.waitUntil(lambda: batch.finished_state, timeout=WAIT)
    assert batch.state is BatchState.DONE and len(store.drafts()) == batch.total


def test_pause_and_cancel_stop_the_draft_being_written(
    qtbot, make_panel, corpus: Corpus, user_data: UserData, store: UserStore
) -> None:
    panel = make_panel(max_tokens=4000)  # long enough to stop in the middle
    runner, bar = _runner(qtbot, panel, corpus, user_data)
    runner.start("Section", _section_ids(corpus))
    qtbot.waitUntil(lambda: runner.tokens > 5, timeout=WAIT)
    first = runner.batch.current
    task = runner._task
    bar.pause_button.click()
    assert task is not None and task.is_cancelled
    qtbot.waitUntil(task.finished.is_set, timeout=WAIT)
    assert runner.batch.position == 0 and store.draft(first.id) is None
    runner.resume()
    qtbot.waitUntil(lambda: runner.batch.current is not None and runner.tokens > 5, timeout=WAIT)
    assert runner.batch.current is first  # the paused entry comes first again
    task = runner._task
    bar.cancel_button.click()
    qtbot.waitUntil(task.finished.is_set, timeout=WAIT)
    batch = runner.batch
    assert batch.state is BatchState.CANCELLED and batch.remaining == batch.total
    assert store.drafts() == {} and not runner.running
    assert bar.label.text().startswith("Drafts for “Section” cancelled: 0 saved")
    assert bar.close_button.isVisibleTo(bar)


def test_a_looping_model_is_counted_failed_with_the_reason(
    qtbot, make_panel, loop_model: Path, corpus: Corpus, user_data: UserData, store: UserStore
) -> None:
    panel = make_panel(model=loop_model, max_tokens=400)
    runner, bar = _runner(qtbot, panel, corpus, user_data)
    runner.start("Loops", _section_ids(corpus, unanswered=2)[:8])
    qtbot.waitUntil(lambda: runner.batch is not None and runner.batch.finished_state, timeout=WAIT)
    batch = runner.batch
    assert batch.saved == [] and batch.failed
    assert {f.reason for f in batch.failed} == {REPETITION}
    assert store.drafts() == {}
    assert f"{len(batch.failed)} failed" in bar.label.text()
    assert "the model repeated itself, so the draft was not saved" in bar.toolTip()


def test_no_model_refuses_without_a_stuck_batch(
    qtbot, make_panel, tmp_path: Path, corpus: Corpus, user_data: UserData
) -> None:
    panel = make_panel(model=tmp_path / "absent.gguf")
    runner, _bar = _runner(qtbot, panel, corpus, user_data)
    with qtbot.waitSignal(runner.sigRefused, timeout=WAIT):
        runner.start("Section", _section_ids(corpus))
    qtbot.waitUntil(lambda: runner.batch is not None and runner.batch.finished_state, timeout=WAIT)
    assert not runner.running and runner.batch.state is BatchState.CANCELLED


def test_a_draft_stopped_from_elsewhere_holds_the_batch_paused(
    qtbot, make_panel, corpus: Corpus, user_data: UserData, store: UserStore
) -> None:
    panel = make_panel(max_tokens=4000)
    runner, bar = _runner(qtbot, panel, corpus, user_data)
    runner.start("Section", _section_ids(corpus))
    qtbot.waitUntil(lambda: runner.tokens > 5, timeout=WAIT)
    panel.model.stop(BATCH)  # not the batch's own Pause: it must not stall
    qtbot.waitUntil(lambda: runner.batch.state is BatchState.PAUSED, timeout=WAIT)
    assert bar.pause_button.text() == "Resume" and runner.batch.completed == 0
    assert store.drafts() == {}
