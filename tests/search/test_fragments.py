"""Lone Han characters (what jieba leaves of 变笨; of 点积 too, until the thesaurus made it a
dictionary word) count little alone, much as a phrase."""

from __future__ import annotations

from interview_desk.corpus.model import Corpus
from interview_desk.search import SearchIndex
from interview_desk.search.analyzer import SINGLE_HAN_WEIGHT, fold, han_fragments, query_groups


def test_lone_characters_weigh_less_than_words() -> None:
    assert query_groups("缩放变笨") == [{"缩放": 1.0}, {"变": SINGLE_HAN_WEIGHT},
                                        {"笨": SINGLE_HAN_WEIGHT}]
    assert query_groups("温度参数") == [{"温度": 1.0}, {"参数": 1.0}]


def test_adjacent_lone_characters_form_a_fragment() -> None:
    assert han_fragments("缩放变笨") == [["变", "笨"]]
    assert han_fragments("缩放變笨注意力") == [["变", "笨"]]  # folded like the index
    assert han_fragments("缩放 变 笨") == []  # typed apart: the user meant them apart
    assert han_fragments("温度参数 RoPE") == []


def test_scaled_dot_product_finds_attention_not_a_stray_character(
        real_corpus: Corpus, real_index: SearchIndex) -> None:
    for q in ("缩放点积", "點積"):
        hits = real_index.search(q, limit=5).hits
        assert hits, q
        first = real_corpus.get(hits[0].entry_id)
        assert "点积" in fold(first.question + (first.answer or "")), (q, first.question)
        top3 = [real_corpus.get(h.entry_id).question for h in hits[:3]]
        assert not any("WordPiece" in question for question in top3), (q, top3)


def test_a_large_index_drops_fragments_of_everyday_characters() -> None:
    from whoosh import query

    from interview_desk.search.query import COMMON_FRAGMENT_SHARE, with_fragment_phrases

    base = query.Term("body", "量化")
    text = "缩放变笨，量化上不去"
    assert han_fragments(text) == [["变", "笨"], ["上", "不", "去"]]
    shares = {"上": 0.28, "不": 0.16, "去": 0.017, "变": 0.03, "笨": 0.001}
    q = with_fragment_phrases(base, text, ("body",), shares.__getitem__)
    assert isinstance(q, query.Or)
    phrases = [sub.words for sub in q.subqueries if isinstance(sub, query.Phrase)]
    assert phrases == [["变", "笨"]]  # 笨 is rare; the rarest of 上不去 is not
    assert min(shares[c] for c in "上不去") > COMMON_FRAGMENT_SHARE
    everything = with_fragment_phrases(base, text, ("body",))  # a small index: both
    assert isinstance(everything, query.Or)
    assert len([s for s in everything.subqueries if isinstance(s, query.Phrase)]) == 2
