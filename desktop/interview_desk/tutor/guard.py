"""A degeneration guard for a token stream: stop when the text starts looping.

Small models fall into loops (``LSTM_FEATURES_LSTM_FEATURES…``, ``2.1.1.1.1…``, the same
line over and over). The guard watches the tail of the text as pieces arrive and trips
when one unit (1 to ``MAX_PERIOD`` characters) repeats back to back over at least
``MIN_SPAN`` characters, and at least ``MIN_REPEATS`` times. Units made only of
punctuation or spaces (a Markdown rule ``-----``, table ``|---|``) never trip it.

Looser loops repeat whole sentences with something between them (list items "2. …",
"3. …" saying the same thing): a sentence of ``MIN_SENTENCE`` characters or more that
comes ``SENTENCE_REPEATS`` times in one reply trips the guard too. Long ones loop with
a period past ``MAX_PERIOD`` (SmolLM2-135M wrote a 400-character sentence about the KV
cache two and a half times before max_tokens): once the sentence being written has
repeated ``LONG_REPEAT`` characters of an earlier sentence word for word, it is a loop.

``is_degenerate`` judges a finished reply the same way (the guard fed it piece by piece)
and also catches what only shows once it is whole: an empty reply, short lines repeated
(a list naming the same three things over and over), text that compresses to almost
nothing. The tutor's stream and the mock interview's critic share it.
"""

from __future__ import annotations

import re
import zlib

MAX_PERIOD = 120  # a repeated line of up to this many characters
MIN_SPAN = 60  # characters of pure repetition before stopping
MIN_REPEATS = 3
MIN_SENTENCE = 30
SENTENCE_REPEATS = 3
# Characters (spacing, digits, punctuation aside) of an earlier sentence written again. On
# benchmarks/guard.py's labelled replies 80-100 catch every loop and stop none of the
# corpus's answers; 60 stops 3 of them, 120 misses 2 of 11 loops.
LONG_REPEAT = 100
# A Chinese character says about as much as three Latin letters: 34 of them are "long".
_WIDE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LAYOUT_ONLY = re.compile(r"^[\s\-=_*#~|:.+`>]*$")
_SENTENCE_END = re.compile(r"[。！？!?\n]|[.;:](?=\s)")
_NOISE = re.compile(r"[\s\d*#_`>|.,:;()\-]+")  # list numbers, Markdown, spacing
# Lines that shape a Markdown answer and come back in any long one: code fences, $$ around
# formulas, rules, quote marks, a short label ("操作:") over each item of a list. Seven of
# the corpus's 166 answers, written by people, repeat one of these four times or more.
_STRUCTURE = re.compile(r"^(?:(?:```|~~~)[\w+-]*|\$\$|[\s\-=_*#~|:.+`>]+|.{1,20}[:：])$")
_LIST_MARK = re.compile(r"^\s*(?:\[\d+\]|\d+[.)、]|[-*•·])\s*")
_PIECE = re.compile(r"\s*\S+")  # word-sized pieces, as a stream would bring them
MIN_TEXT = 8  # characters: anything shorter says nothing
LINE_REPEATS = 4  # one line (list marks aside) this often among >= this many lines
MIN_COMPRESSED = 0.18  # zlib ratio below which 300+ bytes are one phrase looping


class RepetitionGuard:
    def __init__(self, *, max_period: int = MAX_PERIOD, min_span: int = MIN_SPAN,
                 min_repeats: int = MIN_REPEATS) -> None:
        self.max_period = max_period
        self.min_span = min_span
        self.min_repeats = min_repeats
        self._text = ""  # the tail that can still hold a loop
        self._dropped = 0  # characters trimmed off the front of ``_text``
        self.unit = ""  # the repeated piece once tripped
        self.loop_start = -1  # index in the text where the repetition begins
        self._sentence_start = 0  # where the sentence being written began
        self._seen: dict[str, int] = {}  # normalized sentence -> times written
        self._long: list[str] = []  # sentences written, normalized and widened, >= LONG_REPEAT

    @property
    def tripped(self) -> bool:
        return self.loop_start >= 0

    def _needed(self, period: int) -> int:
        return max(self.min_repeats, -(-self.min_span // period))

    def feed(self, piece: str) -> bool:
        """Add ``piece``; True once the text ends in a loop (then stays True)."""
        if self.tripped:
            return True
        if self._repeated_sentence(piece):
            return True
        text = self._text + piece
        keep = self.max_period * max(self.min_repeats, 2) * 4
        if len(text) > keep:
            self._dropped += len(text) - keep
            text = text[-keep:]
        self._text = text
        for period in range(1, self.max_period + 1):
            repeats = self._needed(period)
            span = period * repeats
            if span > len(text):
                if period * self.min_repeats > len(text):
                    break
                continue
            unit = text[-period:]
            if _LAYOUT_ONLY.match(unit) or text[-span:] != unit * repeats:
                continue
            start = len(text) - span
            while start >= period and text[start - period:start] == unit:
                start -= period
            self.unit, self.loop_start = unit, self._dropped + start
            return True
        return False

    def _repeated_sentence(self, piece: str) -> bool:
        """Count each sentence as it completes; trip on the ``SENTENCE_REPEATS``-th copy."""
        before = self._dropped + len(self._text)  # characters fed before ``piece``
        tail = self._text[self._sentence_start - self._dropped:] \
            if self._sentence_start >= self._dropped else ""
        ends = [m.end() for m in _SENTENCE_END.finditer(piece)]
        if piece[:1].isspace() and self._text[-1:] in (".", ";", ":"):
            ends.insert(0, 0)  # "." closed the last piece, the space opens this one
        pos = 0
        for end in ends:
            sentence = tail + piece[pos:end]
            tail, pos = "", end
            start, self._sentence_start = self._sentence_start, before + end
            key = _NOISE.sub("", sentence).lower()
            if len(key) < MIN_SENTENCE:
                continue
            self._seen[key] = self._seen.get(key, 0) + 1
            wide = _widen(key)
            if self._seen[key] >= SENTENCE_REPEATS or self._repeats_long(wide):
                self.unit, self.loop_start = "", start
                return True
            if len(wide) >= LONG_REPEAT:
                self._long.append(wide)
        # the sentence still being written: a long one repeating an earlier one
        if self._long and self._repeats_long(
                _widen(_NOISE.sub("", tail + piece[pos:]).lower())):
            self.unit, self.loop_start = "", self._sentence_start
            return True
        return False

    def _repeats_long(self, wide: str) -> bool:
        """``wide`` (a normalized, widened sentence, or the start of one) opens with the
        first ``LONG_REPEAT`` characters of a long sentence already written."""
        if len(wide) < LONG_REPEAT:
            return False
        head = wide[:LONG_REPEAT]
        return any(earlier.startswith(head) for earlier in self._long)

    def kept_text(self, text: str) -> str:
        """``text`` with the loop cut down to one occurrence of its unit."""
        if not self.tripped:
            return text
        return text[: self.loop_start + len(self.unit)].rstrip()


def _widen(key: str) -> str:
    """``key`` with each Chinese character written three times (for length checks)."""
    return _WIDE.sub(r"\g<0>\g<0>\g<0>", key)


def is_degenerate(text: str) -> bool:
    """A finished reply that is no answer: too short, a loop the stream guard would
    have stopped, one line over and over, or a phrase looping (compresses to nothing)."""
    body = text.strip()
    if len(body) < MIN_TEXT:
        return True
    guard = RepetitionGuard()
    if any(guard.feed(piece) for piece in _PIECE.findall(body)):
        return True
    lines = [_LIST_MARK.sub("", ln).strip() for ln in body.splitlines() if ln.strip()]
    said = [ln for ln in lines if not _STRUCTURE.match(ln)]
    if len(lines) >= LINE_REPEATS and (not said  # all labels and fences, nothing said
                                       or max(map(said.count, set(said))) >= LINE_REPEATS):
        return True
    raw = body.encode("utf-8")
    return len(raw) >= 300 and len(zlib.compress(raw, 9)) / len(raw) < MIN_COMPRESSED
