"""Markers: what a layout finds on a line, before answers are cut out and ids assigned."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    QUESTION = "question"  # a question; its answer is the text up to the next marker
    ANSWER = "answer"  # an answer to a question asked earlier (e.g. "### 3." after a list)
    SECTION = "section"  # a heading or group title: starts a section, ends the answer above
    STOP = "stop"  # ends the answer above without starting anything (a document title)
    END = "end"  # ends the answer above; sections go on (an author's remark follows)


@dataclass(frozen=True, slots=True)
class Marker:
    line: int  # 0-based index into the document's lines
    kind: Kind
    text: str = ""  # question text or section title, as written (emphasis stripped)
    number: str = ""  # as written, "" when none
    level: int = 1  # section depth, 1 = top
    difficulty: int | None = None
    # The whole answer when it sits on the question's own line (a table row,
    # "**Q:** … **A:** …"); the lines below then belong to something else.
    inline_answer: str | None = None
    # A question heading ends the sections at its level and deeper ("## Why?" after
    # "## Basics" is Basics' sibling); None: sections go on (every shipped layout).
    closes: int | None = None
