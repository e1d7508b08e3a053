"""The reader shows an answer's text before its uncached formulas are rendered."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_desk.corpus import Corpus, load_corpus
from interview_desk.render import math_cache
from interview_desk.render.math import render_tex
from interview_desk.ui.reader.view import ReaderView


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus([])


def _math_heaviest(corpus: Corpus) -> str:
    return max(corpus.entries, key=lambda e: (e.answer or "").count("$")).id


def test_text_first_then_the_formulas(qtbot, corpus: Corpus, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # A math-heavy answer waited for every formula (306 ms cold) before any text showed.
    monkeypatch.setattr(math_cache, "_folder", tmp_path)  # a cold math cache
    monkeypatch.setattr(math_cache, "_enabled", True)
    render_tex.cache_clear()
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    entry_id = _math_heaviest(corpus)
    with qtbot.waitSignal(reader.sigMathShown, timeout=60_000) as math:
        with qtbot.waitSignal(reader.sigDocumentShown, timeout=30_000):
            reader.show_entry(corpus.get(entry_id))
        first = reader.rendered  # the text, shown before any formula was rendered
        assert first is not None and first.math_pending > 0 and not first.math
        assert "$" in reader.toPlainText()  # TeX source in place of each formula
    assert math.args == [entry_id]
    done = reader.rendered
    assert done is not None and done.math_pending == 0 and done.math
    assert done.formulas == first.formulas
    assert reader.entry_id == entry_id
    # Cached now: the next show comes complete, with no second render.
    with qtbot.waitSignal(reader.sigDocumentShown, timeout=30_000):
        reader.show_entry(corpus.get(entry_id))
    assert reader.rendered is not None and reader.rendered.math_pending == 0
    render_tex.cache_clear()


def test_a_newer_entry_wins_over_pending_math(qtbot, corpus: Corpus, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(math_cache, "_folder", tmp_path)
    monkeypatch.setattr(math_cache, "_enabled", True)
    render_tex.cache_clear()
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show()
    heavy = corpus.get(_math_heaviest(corpus))
    plain = next(e for e in corpus.entries if e.answer and "$" not in e.answer)
    with qtbot.waitSignal(reader.sigDocumentShown, timeout=30_000):
        reader.show_entry(heavy)
    with qtbot.waitSignal(reader.sigDocumentShown, timeout=30_000):
        reader.show_entry(plain)  # before the heavy entry's formulas arrive
    qtbot.wait(1500)  # long enough for the stale math render to have come back
    assert reader.entry_id == plain.id
    assert reader.rendered is not None and not reader.rendered.math
    render_tex.cache_clear()
