"""Markdown Q&A documents -> structured entries. No Qt."""

from interview_desk.corpus.model import Corpus, Entry, SourceInfo

__all__ = ["Corpus", "Entry", "SourceInfo"]
