"""Study tests: a small real corpus and a real user file in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from study_corpus import make_corpus

from interview_desk.corpus.model import Corpus
from interview_desk.store import FILE_NAME, UserStore


@pytest.fixture
def corpus() -> Corpus:
    return make_corpus()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[UserStore]:
    with UserStore.open(tmp_path / FILE_NAME) as s:
        yield s
