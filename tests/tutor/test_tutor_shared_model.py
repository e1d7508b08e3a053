"""One owner of the model: the mock interview's critic runs on the tutor's ``ModelOwner``
(real llama.cpp, the tiny GGUF), never on a second copy of the model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject

from interview_desk.corpus import Corpus
from interview_desk.tutor.backend import Backend, LoadParams
from interview_desk.tutor.opening import BackendSpec
from interview_desk.ui.study.critic import Critic, CritiqueJob
from interview_desk.ui.tutor.worker import LoadedModel, ModelOwner

WAIT = 60_000


@pytest.fixture
def owner() -> Iterator[ModelOwner]:
    model = ModelOwner()
    yield model
    model.shutdown()


def _spec(tiny_model: Path) -> BackendSpec:
    return BackendSpec(path=str(tiny_model), params=LoadParams(n_ctx=8192, n_threads=1))


def _backend_in_use(qtbot, owner: ModelOwner, holder: QObject) -> Backend:
    """The backend the owner runs work on now (asking it through ``run`` itself)."""
    seen: list[Backend] = []

    def no_load() -> BackendSpec:
        raise AssertionError("a model is loaded: nothing should be loaded again")

    owner.run(
        lambda backend, _task: backend,
        no_load,
        on_item=lambda _i: None,
        on_done=seen.append,
        on_error=pytest.fail,
        context=holder,
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)
    return seen[0]


def _critique(qtbot, critic: Critic, entry: Any) -> str:
    """Run one critique through the critic; the outcome ("finished" or why not)."""
    outcome: list[str] = []
    critic.relay.sigCritiqueFinished.connect(lambda _i, _c: outcome.append("finished"))
    critic.relay.sigCritiqueFailed.connect(lambda _i, why: outcome.append(why))
    critic.submit(CritiqueJob(0, entry, "Attention weighs values by similarity."))
    qtbot.waitUntil(lambda: bool(outcome), timeout=WAIT)
    return outcome[0]


def _load(qtbot, owner: ModelOwner, model: Path, holder: QObject) -> list[LoadedModel]:
    """Load ``model`` as the tutor panel does and wait for it."""
    loaded: list[LoadedModel] = []
    owner.load(_spec(model), on_progress=lambda _p: None, on_loaded=loaded.append,
               on_failed=pytest.fail, context=holder)
    qtbot.waitUntil(lambda: bool(loaded), timeout=WAIT)
    return loaded


def test_the_critic_uses_the_model_the_tutor_loaded(
    qtbot, owner: ModelOwner, tiny_model: Path, corpus: Corpus
) -> None:
    holder = QObject()
    _load(qtbot, owner, tiny_model, holder)
    before = _backend_in_use(qtbot, owner, holder)
    asked: list[int] = []

    def spec() -> BackendSpec:
        asked.append(1)
        return _spec(tiny_model)

    critic = Critic(lambda: None, lambda: owner, spec)
    entry = next(e for e in corpus.entries if e.answered)
    # The tiny model writes noise: judged degenerate or unstructured, but it ran.
    assert _critique(qtbot, critic, entry) in ("finished", "degenerate", "unstructured")
    assert asked == []  # the critic never asked for a model of its own
    assert _backend_in_use(qtbot, owner, holder) is before


def test_a_model_the_critic_loaded_serves_the_tutor(
    qtbot, owner: ModelOwner, tiny_model: Path, corpus: Corpus
) -> None:
    holder = QObject()
    critic = Critic(lambda: None, lambda: owner, lambda: _spec(tiny_model))
    entry = next(e for e in corpus.entries if e.answered)
    assert _critique(qtbot, critic, entry) in ("finished", "degenerate", "unstructured")
    first = _backend_in_use(qtbot, owner, holder)
    # The tutor then asks for the same model: it is the one already loaded, not a reload.
    loaded = _load(qtbot, owner, tiny_model, holder)
    assert loaded[0].path == str(tiny_model)
    assert _backend_in_use(qtbot, owner, holder) is first
