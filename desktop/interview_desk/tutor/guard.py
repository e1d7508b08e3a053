"""A degeneration guard for a token stream: stop when the text starts looping.

Small models fall into loops (``LSTM_FEATURES_LSTM_FEATURES…``, ``2.1.1.1.1…``, the same
line over and over). The guard watches the tail of the text as pieces arrive and trips
when one unit (1 to ``MAX_PERIOD`` characters) repeats back to back over at least
``MIN_SPAN`` characters, and at least ``MIN_REPEATS`` times. Units made only of
punctuation or spaces (a Markdown rule ``-----``, table ``|---|``) never trip it.
"""

from __future__ import annotations

import re

MAX_PERIOD = 120  # a repeated line of up to this many characters
MIN_SPAN = 60  # characters of pure repetition before stopping
MIN_REPEATS = 3
_LAYOUT_ONLY = re.compile(r"^[\s\-=_*#~|:.+`>]*$")


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

    @property
    def tripped(self) -> bool:
        return self.loop_start >= 0

    def _needed(self, period: int) -> int:
        return max(self.min_repeats, -(-self.min_span // period))

    def feed(self, piece: str) -> bool:
        """Add ``piece``; True once the text ends in a loop (then stays True)."""
        if self.tripped:
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

    def kept_text(self, text: str) -> str:
        """``text`` with the loop cut down to one occurrence of its unit."""
        if not self.tripped:
            return text
        return text[: self.loop_start + len(self.unit)].rstrip()
