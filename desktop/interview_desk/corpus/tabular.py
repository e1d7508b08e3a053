"""CSV/TSV files of question and answer columns (Anki's "Notes in Plain Text" export)."""

from __future__ import annotations

import csv
import io
import re

from interview_desk.corpus.markers import Kind, Marker

_ANKI_HEADER_RE = re.compile(r"^#(separator|html|tags column|columns|notetype|deck)\s*:", re.I)
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}
_HTML_RE = re.compile(r"<br\s*/?>|<[^>]+>", re.I)


def _delimiter(lines: list[str], suffix: str) -> str:
    for line in lines:
        m = re.match(r"^#separator\s*:\s*(\S+)", line, re.I)
        if m:
            return _SEPARATORS.get(m.group(1).lower(), m.group(1)[:1])
    return "\t" if suffix == ".tsv" or "\t" in "".join(lines[:5]) else ","


def _plain(cell: str) -> str:
    return _HTML_RE.sub(lambda m: "\n" if m.group(0).lower().startswith("<br") else "",
                        cell).strip()


def read_table(lines: list[str], suffix: str) -> list[Marker]:
    """One question per row: the first column is the question, the second its answer
    (a header row naming them is skipped; Anki's ``#key:value`` lines are ignored)."""
    body = [("" if _ANKI_HEADER_RE.match(x) else x) for x in lines]
    reader = csv.reader(io.StringIO("\n".join(body)), delimiter=_delimiter(lines, suffix))
    markers: list[Marker] = []
    start = 0
    for row in reader:
        line, start = start, reader.line_num
        cells = [_plain(c) for c in row]
        if len(cells) < 1 or not cells[0]:
            continue
        if not markers and cells[0].casefold() in ("question", "问题", "front", "q"):
            continue
        answer = cells[1] if len(cells) > 1 and cells[1] else None
        markers.append(Marker(line, Kind.QUESTION, cells[0], inline_answer=answer or ""))
    return markers
