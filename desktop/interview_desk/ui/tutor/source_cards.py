"""Source cards: the notes the model was given, shown before it says a word.

Each card holds the source's number, its question as a link to the entry, and the
excerpt the prompt carried with the sentences that bear on the learner's question
highlighted. The question is read as search reads it, concepts and the other language
included (``search.evidence``), so 'hallucination' marks the sentences about 幻觉.
HTML for the chat's ``QTextBrowser``; colours from the palette.
"""

from __future__ import annotations

import html
import re

from interview_desk.corpus.tex_text import with_readable_math
from interview_desk.render.theme import Palette
from interview_desk.search.evidence import marked_sentences
from interview_desk.tutor.prompt import Source

_MARKUP = re.compile(r"^\s*#{1,6}\s+|\*\*|__|`+|^\s*\$\$\s*$|^\s*[-*]\s+", re.MULTILINE)
CARD_CHARS = 200  # of the excerpt shown on a card


def plain_excerpt(text: str, limit: int = CARD_CHARS) -> str:
    """The excerpt without Markdown marks and blank lines, formulas in their readable
    one-line form (the card showed ``（Query, $Q$）``), cut to ``limit`` characters."""
    lines = [line.strip() for line in _MARKUP.sub("", with_readable_math(text)).splitlines()]
    flat = " ".join(line for line in lines if line)
    return flat if len(flat) <= limit else flat[:limit].rstrip() + " …"


def card_html(source: Source, question: str, p: Palette) -> str:
    excerpt = plain_excerpt(source.excerpt.removesuffix(" …"))
    body = "".join(
        f'<span style="background-color:{p.draft_bg}; color:{p.text}">'
        f"<b>{html.escape(s)}</b></span>"
        if hit
        else html.escape(s)
        for s, hit in marked_sentences(excerpt, question)
    )
    link = (
        f'<a href="entry:{source.entry_id}" style="color:{p.link}">'
        f"{html.escape(source.question.strip())}</a>"
    )
    return (
        f'<tr><td style="background-color:{p.note_bg}; color:{p.text}; '
        f'border: 1px solid {p.note_border}">'
        f"<b>[{source.number}]</b> {link}<br>"
        f'<font size="-1" color="{p.muted}">{body}</font>'
        "</td></tr>"
    )


def cards_html(sources: list[Source], question: str, p: Palette, title: str) -> str:
    """The cards as one table, or "" when there are none."""
    if not sources:
        return ""
    rows = "".join(card_html(s, question, p) for s in sources)
    return (
        f'<p style="color:{p.muted}; margin-bottom:2px"><b>{html.escape(title)}</b></p>'
        f'<table width="100%" cellspacing="2" cellpadding="6">{rows}</table>'
    )
