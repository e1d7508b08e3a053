"""Self-test part "search": index the shipped corpus in a scratch folder and query it.

Checks what a frozen build can lose: jieba's dictionary, OpenCC's tables, the pickled
analyzer, Whoosh's codecs, the thesaurus file. Nothing is written to the user's cache.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from interview_desk.corpus.loader import load_corpus
from interview_desk.errors import SearchError
from interview_desk.search.index import SearchIndex
from interview_desk.search.thesaurus import load as load_thesaurus

# (query, words the first hit's question must contain, after folding to Simplified)
PROBES: tuple[tuple[str, str], ...] = (
    ("旋轉位置編碼", "旋转位置编码"),  # Traditional query -> Simplified text
    ("知识蒸馏", "蒸"),  # Simplified query -> Traditional text
    ("RoPE", "rope"),
)


def check() -> str:
    from interview_desk.search.analyzer import fold

    thesaurus = load_thesaurus()
    if not thesaurus.concepts or thesaurus.problems:
        problem = thesaurus.problems[0] if thesaurus.problems else "no concepts"
        raise SearchError(f"thesaurus: {problem}")
    corpus = load_corpus([])
    scratch = Path(tempfile.mkdtemp(prefix="desk-selftest-search-"))
    try:
        started = time.perf_counter()
        with SearchIndex.open(corpus, index_dir=scratch) as index:
            built = time.perf_counter() - started
            slowest = 0.0
            for text, expected in PROBES:
                results = index.search(text, limit=5)
                slowest = max(slowest, results.elapsed_ms)
                if not results.hits or expected not in fold(results.hits[0].question):
                    first = results.hits[0].question if results.hits else "nothing"
                    raise SearchError(f"search {text!r} found {first!r} first")
                if '<b class="hit">' not in results.hits[0].question_html:
                    raise SearchError(f"search {text!r}: no highlight in the question")
            if index.search("hallucinaton").suggestion != "hallucination":
                raise SearchError("no did-you-mean for 'hallucinaton'")
            colloquial = index.search("模型老是胡说八道", limit=5).hits  # 幻觉, in other words
            if not any("幻觉" in fold(h.question) for h in colloquial):
                raise SearchError("the thesaurus did not bring up hallucination entries")
            index.search('((" *')  # must not raise
            if len(index.related(index.search("LoRA").hits[0].entry_id)) == 0:
                raise SearchError("no related entries for a LoRA question")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return (f"{len(corpus.entries)} entries indexed in {built:.1f}s; "
            f"{len(thesaurus.concepts)} thesaurus concepts; "
            f"slowest probe {slowest:.1f} ms")
