"""A deck as an Anki package (``.apkg``, written with ``genanki``).

One note per entry: question, answer, source, section, difficulty and a link back (the
entry id). Markdown becomes HTML with the reader's own parser (every math form of the
corpus), math goes out as ``\\(…\\)`` / ``\\[…\\]`` for Anki's MathJax, code stays code.
Unanswered entries carry the machine draft when there is one, labelled as such.
Ids are derived from names, so exporting again updates the same notes in Anki.
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import genanki
from markdown_it import MarkdownIt
from markdown_it.token import Token

from interview_desk.corpus.model import Entry
from interview_desk.errors import UsageError
from interview_desk.render.mdparse import DISPLAY_INLINE, parse
from interview_desk.strings import tr

FIELDS = ("Question", "Answer", "Source", "Section", "Difficulty", "EntryId")
MODEL_ID = 1_607_392_319  # fixed: Anki matches note types by id across imports
_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
pre { background: #f4f4f4; padding: 6px; overflow-x: auto; }
.meta { color: #888; font-size: 13px; }
.draft { border-left: 3px solid #c90; padding-left: 6px; }"""
_TAG_UNSAFE = re.compile(r"[\s\"]+")


def _note_model() -> genanki.Model:
    return genanki.Model(
        MODEL_ID, "Interview Desk Q&A",
        fields=[{"name": f} for f in FIELDS],
        templates=[{
            "name": "Recall",
            "qfmt": '{{Question}}<div class="meta">{{Source}} · {{Section}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}',
        }],
        css=_CSS,
    )


def _math(tokens: Sequence[Token], idx: int, display: bool) -> str:
    tex = html.escape(tokens[idx].content.strip(), quote=False)
    return f"\\[{tex}\\]" if display else f"\\({tex}\\)"


def _fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    lang = html.escape(token.info.strip().split(" ")[0]) if token.info else ""
    cls = f' class="language-{lang}"' if lang else ""
    return f"<pre><code{cls}>{html.escape(token.content)}</code></pre>\n"


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    for name in ("math_inline", "math_inline_double"):
        md.add_render_rule(name, lambda s, t, i, o, e: _math(t, i, False))
    for name in ("math_block", "math_block_label", DISPLAY_INLINE):
        md.add_render_rule(name, lambda s, t, i, o, e: f"<p>{_math(t, i, True)}</p>\n")
    md.add_render_rule("fence", _fence)
    md.add_render_rule("code_block", _fence)
    return md


def markdown_to_anki_html(text: str) -> str:
    md = _renderer()
    return md.renderer.render(parse(text), md.options, {})


def tag(text: str) -> str:
    """An Anki tag: no spaces (they separate tags), hierarchy with ``::``."""
    return _TAG_UNSAFE.sub("_", text.strip()).strip("_")


def _answer(entry: Entry, drafts: Mapping[str, str]) -> str:
    if entry.answered:
        return markdown_to_anki_html(entry.answer or "")
    draft = drafts.get(entry.id)
    if draft:
        return ('<div class="draft"><i>Machine-drafted answer (not from the source):</i>'
                f"{markdown_to_anki_html(draft)}</div>")
    return "<i>No answer in the source.</i>"


def build_package(deck_name: str, entries: Iterable[Entry],
                  drafts: Mapping[str, str] | None = None) -> tuple[genanki.Package, int]:
    model = _note_model()
    deck = genanki.Deck(zlib.crc32(f"interview-desk:{deck_name}".encode()) | 1 << 30,
                        f"Interview Desk::{deck_name}")
    for entry in entries:
        tags = [tag(f"source::{entry.source.rsplit('.', 1)[0]}")]
        tags += [tag(f"section::{s}") for s in entry.section_path[:1]]
        if entry.difficulty:
            tags.append(f"difficulty::{entry.difficulty}")
        if not entry.answered:
            tags.append("unanswered")
        deck.add_note(genanki.Note(
            model=model,
            fields=[markdown_to_anki_html(entry.question), _answer(entry, drafts or {}),
                    html.escape(entry.source), html.escape(entry.section),
                    str(entry.difficulty or ""), entry.id],
            tags=[t for t in tags if t],
            guid=genanki.guid_for("interview-desk", entry.id),
        ))
    return genanki.Package(deck), len(deck.notes)


def export_apkg(path: str | Path, deck_name: str, entries: Iterable[Entry | None],
                drafts: Mapping[str, str] | None = None) -> int:
    """Write the package; returns how many notes it holds."""
    target = Path(path).expanduser()
    if target.suffix.lower() != ".apkg":
        raise UsageError(tr("err.anki.suffix", path=path))
    if target.is_dir() or not target.parent.is_dir():
        raise UsageError(tr("err.anki.bad_path", path=path))
    package, count = build_package(deck_name, [e for e in entries if e is not None], drafts)
    if count == 0:
        raise UsageError(tr("err.anki.empty", deck_name=deck_name))
    try:
        package.write_to_file(str(target))
    except OSError as exc:
        raise UsageError(tr("err.anki.write_failed", path=path,
                            reason=exc.strerror or exc)) from None
    return count
