"""Markdown Q&A documents -> structured entries. No Qt."""

from typing import Any

from interview_desk.corpus.loader import load_corpus
from interview_desk.corpus.model import Corpus, Entry, SourceInfo

__all__ = ["PARSER_VERSION", "Corpus", "Entry", "SourceInfo", "load_corpus", "parse_document"]


def __getattr__(name: str) -> Any:
    # The parser (layouts, KaTeX repair) is imported only when asked for: a command
    # that finds the parsed corpus cached never needs it.
    if name in ("PARSER_VERSION", "parse_document"):
        from interview_desk.corpus import parser

        return getattr(parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
