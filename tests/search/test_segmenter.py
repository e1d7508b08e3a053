"""The sharded segmenter finds exactly jieba's words; a search reads only its shards."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from interview_desk.corpus.model import Corpus
from interview_desk.search.analyzer import DOMAIN_WORDS, fold
from interview_desk.search.segmenter import cache_name, open_segmenter

_HAN_RUN = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word in DOMAIN_WORDS:
        tk.add_word(word)
    return tk


def test_words_equal_jiebas_on_the_whole_corpus(real_corpus: Corpus, tmp_path: Path,
                                                reference: jieba.Tokenizer) -> None:
    seg = open_segmenter(tmp_path, DOMAIN_WORDS)  # builds the shard file
    assert (tmp_path / cache_name(DOMAIN_WORDS)).is_file()
    assert not (tmp_path / "jieba.cache").exists()  # jieba's own copy is not kept
    runs = {run for e in real_corpus.entries
            for text in (e.question, e.answer or "", " ".join(e.section_path))
            for run in _HAN_RUN.findall(fold(text))}
    runs |= {"々々", "㐀㐁中文", "\uf900注意力\u9fff"}  # characters jieba leaves alone
    assert len(runs) > 1000
    for run in sorted(runs):
        assert list(seg.tokenize(run)) == list(reference.tokenize(run, HMM=False)), run
    reread = open_segmenter(tmp_path, DOMAIN_WORDS)  # now from the cached file
    for word in ("位置编码", "旋转", "知识蒸馏", "位置编", "没有这个词"):
        assert reread.freq(word) == reference.FREQ.get(word, 0), word


def test_a_search_never_loads_the_whole_chinese_dictionary(tmp_path: Path) -> None:
    # Opening a cached index loaded jieba's whole dictionary (~1 s) before any query.
    script = (
        "import sys\n"
        "from interview_desk.corpus import load_corpus\n"
        "from interview_desk.search import SearchIndex, analyzer\n"
        "corpus = load_corpus()\n"
        f"SearchIndex.open(corpus, index_dir={str(tmp_path)!r}).close()\n"  # may build
        "analyzer._segmenter = None\n"
        f"with SearchIndex.open(corpus, index_dir={str(tmp_path)!r}) as index:\n"
        "    assert analyzer._segmenter is None, 'opening the index loaded the dictionary'\n"
        "    assert index.search('RoPE').hits and index.search('位置编码').hits\n"
        "    seg = analyzer._segmenter\n"
        "    assert seg is not None and seg.loaded() < 3000, seg.loaded()\n"
        "print('jieba' in sys.modules)\n")
    for _ in range(2):  # the first run may build the cached dictionary (imports jieba)
        out = subprocess.run([sys.executable, "-c", script], capture_output=True,
                             text=True, timeout=300, check=False)
        assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "False", "jieba imported with its dictionary cached"
