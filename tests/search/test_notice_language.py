"""A search's remarks (an ignored filter, a cut query, a filter nothing matches) are
worded in the learner's language, on the real index of the built-in corpus."""

from __future__ import annotations

import pytest

from interview_desk.errors import UsageError
from interview_desk.search import SearchIndex
from interview_desk.search.analyzer import MAX_GROUPS
from interview_desk.search.query import MAX_EXPANSION
from interview_desk.study.decks import parse_spec

NOTICES = {
    "difficulty:9 attention": {"en": "ignored difficulty:9 (use 1-5, >=4, <3 or 2-4)",
                               "zh": "已忽略 difficulty:9（可用 1-5、>=4、<3 或 2-4）"},
    "answered:maybe attention": {"en": "ignored answered:maybe (use yes or no)",
                                 "zh": "已忽略 answered:maybe（可用 yes 或 no）"},
    "source:zzz9 attention": {"en": "no source matches 'zzz9'",
                              "zh": "没有与 'zzz9' 匹配的来源"},
    "section:zzz9 attention": {"en": "no section matches 'zzz9'",
                               "zh": "没有与 'zzz9' 匹配的章节"},
    "difficulty:>5 attention": {"en": "no difficulty is in that range",
                                "zh": "没有落在这个范围内的难度"},
    "a*": {"en": f"a* matches too many words; searched its {MAX_EXPANSION} most common",
           "zh": f"a* 匹配的词太多；只搜索了其中最常见的 {MAX_EXPANSION} 个"},
    " ".join(f"attention{i}x kv" for i in range(300)): {
        "en": f"query shortened to {MAX_GROUPS} terms",
        "zh": f"查询已缩短为 {MAX_GROUPS} 个词"},
    "attention kv " * 200: {"en": "query shortened to 400 characters",
                            "zh": "查询已缩短为 400 个字符"},
}


@pytest.mark.parametrize("query", list(NOTICES), ids=lambda q: q[:24])
def test_each_notice_in_both_languages(language: str, real_index: SearchIndex,
                                       query: str) -> None:
    assert NOTICES[query][language] in real_index.search(query).notices


def test_unreadable_operators_are_said_in_both_languages(language: str,
                                                         real_index: SearchIndex) -> None:
    # NOT of a stop word parses to nothing: the words are searched instead.
    said = {"en": "could not read the query's operators; searched its words",
            "zh": "无法解读查询中的运算符；已按其中的词搜索"}[language]
    assert said in real_index.search("NOT the").notices


def test_a_deck_with_a_bad_filter_says_so_in_both_languages(language: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_spec("source:003 difficulty:9")
    assert str(caught.value) == {"en": "ignored difficulty:9 (use 1-5, >=4, <3 or 2-4)",
                                 "zh": "已忽略 difficulty:9（可用 1-5、>=4、<3 或 2-4）"}[language]
