"""Study mode's core: decks, today's queue, FSRS scheduling (the ``fsrs`` package), undo,
suspend and bury, statistics and Anki export. No Qt."""

from interview_desk.study.decks import BUILTIN_DECKS, DEFAULT_DECK, Deck
from interview_desk.study.options import DeckOptions
from interview_desk.study.queue import Queue, QueueItem
from interview_desk.study.scheduler import Grade, Outcome, format_interval
from interview_desk.study.service import StudyService

__all__ = ["BUILTIN_DECKS", "DEFAULT_DECK", "Deck", "DeckOptions", "Grade", "Outcome", "Queue",
           "QueueItem", "StudyService", "format_interval"]
