"""Fixtures for the tutor tests: a tiny GGUF built here, the default model if installed."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tiny_gguf import write_tiny_gguf

from interview_desk import APP_NAME
from interview_desk.corpus import Corpus, load_corpus
from interview_desk.paths import app_models_dir
from interview_desk.tutor.models import DEFAULT_MODEL_FILE


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A loadable llama-architecture GGUF with a ChatML template (~0.4 MB, random)."""
    return write_tiny_gguf(tmp_path_factory.mktemp("tiny") / "tiny-llama.gguf")


def find_default_model() -> Path | None:
    """The real default model when installed (env override, checkout models/, the real
    user models folder); tests that need it are skipped otherwise."""
    candidates = []
    if os.environ.get("INTERVIEW_DESK_TEST_MODEL"):
        candidates.append(Path(os.environ["INTERVIEW_DESK_TEST_MODEL"]))
    candidates.append(app_models_dir() / DEFAULT_MODEL_FILE)
    real_data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    candidates.append(real_data / "models" / DEFAULT_MODEL_FILE)
    return next((p for p in candidates if p.is_file()), None)


@pytest.fixture(scope="session")
def default_model() -> Path:
    path = find_default_model()
    if path is None:
        pytest.skip("default model not installed (interview-desk models fetch-default)")
    return path


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="session")
def index(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The app's real search index over the shipped corpus (built once per session)."""
    from interview_desk.search.index import SearchIndex

    ix = SearchIndex.open(corpus, index_dir=tmp_path_factory.mktemp("tutor-index"))
    yield ix
    ix.close()
