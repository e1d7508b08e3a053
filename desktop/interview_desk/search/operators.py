"""Queries with operators (quotes, AND/OR/NOT, brackets, ``word^2``, ``prefix*``), read by
Whoosh's query parser. Imported only for such a query: plain words are built directly
(``query.plain_query``), and the parser's modules cost more to import than a search.
"""

from __future__ import annotations

import logging
import re

from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.query import Query

from interview_desk.search.analyzer import iter_terms
from interview_desk.search.schema import FIELD_BOOSTS, TEXT_FIELDS

log = logging.getLogger(__name__)

_LEADING_WILDCARD = re.compile(r"(?<!\S)[*?]+")


class _PhrasePlugin(qparser.PhrasePlugin):
    """Phrases are tokenized without jieba's extra parts, so positions line up."""

    class PhraseNode(qparser.PhrasePlugin.PhraseNode):
        def query(self, parser: qparser.QueryParser) -> Query:
            fieldname = self.fieldname or parser.fieldname
            words = [t for t, *_ in iter_terms(self.text, mode="phrase")]
            if not words:
                return query.NullQuery
            if len(words) == 1:
                q: Query = query.Term(fieldname, words[0], boost=self.boost)
            else:
                q = query.Phrase(fieldname, words, slop=self.slop, boost=self.boost)
            return qparser.attach(q, self)

    class PhraseTagger(qparser.RegexTagger):
        def create(self, parser: qparser.QueryParser, match: re.Match[str]) -> qparser.SyntaxNode:
            slop = int(match.group("slop")) if match.group("slop") else 1
            return _PhrasePlugin.PhraseNode(match.group("text"), match.start("text"), slop)

    def taggers(self, parser: qparser.QueryParser) -> list[tuple[qparser.Tagger, int]]:
        return [(self.PhraseTagger(self.expr), 0)]


def make_parser(schema: Schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(
        list(TEXT_FIELDS), schema, fieldboosts=FIELD_BOOSTS, group=qparser.OrGroup
    )
    # Apostrophes are English, not quoting; ranges and *:* make no sense here.
    for plugin in (
        qparser.SingleQuotePlugin,
        qparser.RangePlugin,
        qparser.EveryPlugin,
        qparser.PhrasePlugin,
    ):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(_PhrasePlugin())
    return parser


def _sanitize(text: str) -> str:
    """Repair what the parser would choke on: odd quotes, unbalanced brackets, ``\\``."""
    text = text.replace("\\", " ").replace("“", '"').replace("”", '"')
    text = re.sub(r"[\[\]{}]", " ", text)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    if text.count("(") != text.count(")"):
        text = text.replace("(", " ").replace(")", " ")
    # A word may end in * (prefix search) but not start with one: that scans every term.
    return _LEADING_WILDCARD.sub(" ", text)


def _broken(q: Query) -> bool:
    if q is None or q is query.NullQuery or isinstance(q, query.qcore._NullQuery):
        return True
    return any(getattr(sub, "error", None) for sub in q.leaves()) or bool(getattr(q, "error", None))


def _require_nots(q: Query) -> Query:
    """``a NOT b`` under an OR group means "a, and never b" (Whoosh alone would OR the
    NOT in, matching every entry without b)."""
    if isinstance(q, query.Or):
        nots = [c for c in q.subqueries if isinstance(c, query.Not)]
        positives = [c for c in q.subqueries if not isinstance(c, query.Not)]
        if nots and positives:
            kept = positives[0] if len(positives) == 1 else query.Or(positives)
            return query.AndNot(kept, query.Or([n.query for n in nots]))
    return q


def parse_operators(text: str, parser: qparser.QueryParser) -> Query | None:
    """``text`` parsed with its operators, or None when the parser cannot make sense of it."""
    try:
        q = parser.parse(_sanitize(text))
        if not _broken(q):
            return _require_nots(q)
    except Exception:  # whoosh's parser has many odd corners; plain terms still work
        log.debug("query parse failed for %r", text, exc_info=True)
    return None
