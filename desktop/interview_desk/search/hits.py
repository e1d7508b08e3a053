"""From stored fields to a :class:`Hit`: question and snippet highlighted."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from whoosh import query
from whoosh.reading import IndexReader

from interview_desk.search.highlight import HighlightTerms, make_snippet, mark_html
from interview_desk.search.results import Hit, HitText, LazyText
from interview_desk.search.schema import TEXT_FIELDS

log = logging.getLogger(__name__)


def highlight_terms(q: query.Query, reader: IndexReader) -> HighlightTerms:
    """The text-field terms of ``q`` (prefixes and wildcards expanded) to mark in hits."""
    texts: set[str] = set()
    try:
        # Not Query.existing_terms: in Whoosh 2.7.5 its loop variable shadows its
        # ``fieldname`` argument, so it drops every field after the first.
        for leaf in q.leaves():
            for fieldname, value in leaf.expanded_terms(reader):
                if fieldname in TEXT_FIELDS:
                    texts.add(value.decode("utf-8") if isinstance(value, bytes) else value)
    except Exception:  # highlighting is a nicety; never let it fail a search
        log.debug("could not collect highlight terms", exc_info=True)
    return HighlightTerms.from_terms(texts)


def make_hit(fields: Mapping[str, Any], score: float, terms: HighlightTerms) -> Hit:
    """A hit whose snippet comes from the answer, or from the note when only it matches
    (made when first shown: ``results.LazyText``)."""
    difficulty = fields.get("difficulty") or None
    return Hit(entry_id=fields["id"], score=float(score), question=fields.get("question", ""),
               source=fields.get("source", ""), section=fields.get("section", ""),
               number=fields.get("number", ""), difficulty=difficulty,
               answered=bool(fields.get("answered")),
               text=LazyText(lambda: hit_text(fields, terms)))


def hit_text(fields: Mapping[str, Any], terms: HighlightTerms) -> HitText:
    question = fields.get("question", "")
    q_spans = terms.spans(fields.get("question_folded", "")) if terms else []
    snippet = make_snippet(fields.get("answer", ""), fields.get("answer_folded", ""), terms)
    origin = "answer" if fields.get("answer") else ""
    notes = fields.get("notes", "")
    if notes and (snippet.hits == 0 or not origin):
        note_snippet = make_snippet(notes, fields.get("notes_folded", ""), terms)
        if note_snippet.hits or not origin:
            snippet, origin = note_snippet, "notes"
    return HitText(snippet=snippet.text, snippet_html=snippet.html,
                   question_html=mark_html(question, q_spans), snippet_from=origin)
