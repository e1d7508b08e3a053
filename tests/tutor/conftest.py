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
from tutor_net import llama_server

from interview_desk import APP_NAME
from interview_desk.corpus import Corpus, load_corpus
from interview_desk.paths import app_models_dir
from interview_desk.settings import Settings
from interview_desk.store import UserStore
from interview_desk.tutor.backend import LoadParams
from interview_desk.tutor.local import LocalBackend
from interview_desk.tutor.models import DEFAULT_MODEL_FILE
from interview_desk.ui.runtime.user_data import UserData
from interview_desk.ui.tutor.panel import TutorPanel


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A loadable llama-architecture GGUF with a ChatML template (~0.4 MB, random)."""
    return write_tiny_gguf(tmp_path_factory.mktemp("tiny") / "tiny-llama.gguf")


@pytest.fixture(scope="session")
def loop_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny GGUF that repeats one word forever (for the degeneration guard)."""
    return write_tiny_gguf(tmp_path_factory.mktemp("loop") / "loop-llama.gguf", loop=True)


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


@pytest.fixture(scope="module")
def default_backend(default_model: Path) -> Iterator[LocalBackend]:
    """The default model, loaded once per test module (n_ctx 4096, one thread)."""
    b = LocalBackend.load(default_model, LoadParams(n_ctx=4096, n_threads=1))
    yield b
    b.close()


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


@pytest.fixture(scope="session")
def server(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m llama_cpp.server`` serving the tiny model on 127.0.0.1 (its URL)."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    with llama_server(tiny_model, log, "--n_ctx", "8192", "--n_threads", "1",
                      "--n_threads_batch", "1", "--model_alias", "tiny") as url:
        yield url


# -- the tutor panel over a real store and index (shared by the panel tests) --------
@pytest.fixture
def user_data(qapp, tmp_path: Path) -> Iterator[UserData]:
    """The window's owner of the user's file, opened like the window opens it."""
    data = UserData(tmp_path / "user.sqlite3")
    opened: list[object] = []
    data.open(opened.append, pytest.fail)
    while not opened:
        qapp.processEvents()
    yield data
    data.close()


@pytest.fixture
def store(tmp_path: Path, user_data: UserData) -> Iterator[UserStore]:
    """A second connection to the same file, to check what the panel saved (WAL)."""
    s = UserStore.open(tmp_path / "user.sqlite3")
    yield s
    s.close()


@pytest.fixture
def make_panel(qtbot, tiny_model: Path, corpus: Corpus, index: object,
               user_data: UserData, isolated_home: Path):
    panels: list[TutorPanel] = []

    def make(model: Path = tiny_model, max_tokens: int = 60) -> TutorPanel:
        settings = Settings(model=str(model), n_ctx=8192, n_threads=1, temperature=0.0,
                            max_tokens=max_tokens)
        panel = TutorPanel(corpus, lambda: index, user_data, settings)
        qtbot.addWidget(panel)
        panels.append(panel)
        return panel

    yield make
    for panel in panels:
        panel.shutdown()
