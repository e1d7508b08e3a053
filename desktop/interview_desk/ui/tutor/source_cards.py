"""Source cards: the notes the model was given, shown before it says a word.

Each card holds the source's number, its question as a link to the entry, and the
excerpt the prompt carried with the sentences that share words with the learner's
question highlighted. HTML for the chat's ``QTextBrowser``; colours from the palette.
"""

from __future__ import annotations

import html
import re

from interview_desk.render.theme import Palette
from interview_desk.tutor.prompt import Source

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{2,}|[\u3400-\u9fff]+")
_SENTENCE = re.compile(r"(?<=[。！？；!?;\n])|(?<=[.:])(?=\s)")
_STOP = frozenset({"the", "and", "for", "why", "what", "how", "does", "with", "that", "this",
                   "are", "from", "into", "when"})
_MARKUP = re.compile(r"^\s*#{1,6}\s+|\*\*|__|`+|^\s*\$\$\s*$|^\s*[-*]\s+", re.MULTILINE)
MAX_MARKED = 2  # sentences highlighted per card
CARD_CHARS = 200  # of the excerpt shown on a card


def plain_excerpt(text: str, limit: int = CARD_CHARS) -> str:
    """The excerpt without Markdown marks and blank lines, cut to ``limit`` characters."""
    lines = [line.strip() for line in _MARKUP.sub("", text).splitlines()]
    flat = " ".join(line for line in lines if line)
    return flat if len(flat) <= limit else flat[:limit].rstrip() + " …"


def query_terms(question: str) -> set[str]:
    """Lower-cased English words and Chinese character pairs of ``question``."""
    terms: set[str] = set()
    for word in _WORD.findall(question):
        if word[0].isascii():
            if word.lower() not in _STOP:
                terms.add(word.lower())
        else:
            terms.update(word[i:i + 2] for i in range(max(1, len(word) - 1)))
    return terms


def matching_sentences(text: str, terms: set[str]) -> list[tuple[str, bool]]:
    """``text`` split into sentences, the best ``MAX_MARKED`` matches flagged."""
    sentences = [s for s in _SENTENCE.split(text) if s]
    scores = [sum(1 for t in terms if t in s.lower()) for s in sentences]
    ranked = sorted((i for i, sc in enumerate(scores) if sc > 0), key=lambda i: -scores[i])
    marked = set(ranked[:MAX_MARKED])
    return [(s, i in marked) for i, s in enumerate(sentences)]


def card_html(source: Source, terms: set[str], p: Palette) -> str:
    excerpt = plain_excerpt(source.excerpt.removesuffix(" …"))
    body = "".join(
        f'<span style="background-color:{p.draft_bg}; color:{p.text}">'
        f"<b>{html.escape(s)}</b></span>" if hit else html.escape(s)
        for s, hit in matching_sentences(excerpt, terms))
    link = (f'<a href="entry:{source.entry_id}" style="color:{p.link}">'
            f"{html.escape(source.question.strip())}</a>")
    return (f'<tr><td style="background-color:{p.note_bg}; color:{p.text}; '
            f'border: 1px solid {p.note_border}">'
            f'<b>[{source.number}]</b> {link}<br>'
            f'<font size="-1" color="{p.muted}">{body}</font>'
            "</td></tr>")


def cards_html(sources: list[Source], question: str, p: Palette, title: str) -> str:
    """The cards as one table, or "" when there are none."""
    if not sources:
        return ""
    terms = query_terms(question)
    rows = "".join(card_html(s, terms, p) for s in sources)
    return (f'<p style="color:{p.muted}; margin-bottom:2px"><b>{html.escape(title)}</b></p>'
            f'<table width="100%" cellspacing="2" cellpadding="6">{rows}</table>')
