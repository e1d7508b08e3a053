"""A damaged search index, or an index folder that cannot be made, is reported in the
learner's language (a real Whoosh index with its files overwritten on disk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_desk.corpus.model import Corpus
from interview_desk.errors import SearchError
from interview_desk.search import SearchIndex


def test_a_corrupt_index_is_rebuilt_and_the_reason_worded(language: str, corpus: Corpus,
                                                          tmp_path: Path) -> None:
    with SearchIndex.open(corpus, index_dir=tmp_path) as first:
        directory = first.directory
    for f in directory.iterdir():
        if f.name != "ready.json" and f.is_file():
            f.write_bytes(b"\x00garbage" * 10)
    with SearchIndex.open(corpus, index_dir=tmp_path) as again:
        reason = again.rebuilt_reason
    assert reason is not None and again.built
    head, tail = {"en": ("search index was unusable (it cannot be ", "); rebuilt it"),
                  "zh": ("搜索索引无法使用（无法", "）；已重新建立")}[language]
    assert reason.startswith(head) and reason.endswith(tail), reason


def test_an_index_folder_that_is_a_file(language: str, corpus: Corpus,
                                        tmp_path: Path) -> None:
    blocker = tmp_path / "index"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(SearchError) as caught:
        SearchIndex.open(corpus, index_dir=blocker)
    message = str(caught.value)
    assert str(blocker) in message
    assert message.startswith({"en": "cannot create the search index folder ",
                               "zh": "无法创建搜索索引文件夹 "}[language]), message
