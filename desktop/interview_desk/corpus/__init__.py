"""Markdown Q&A documents -> structured entries. No Qt."""

from interview_desk.corpus.loader import load_corpus
from interview_desk.corpus.model import Corpus, Entry, SourceInfo
from interview_desk.corpus.parser import PARSER_VERSION, parse_document

__all__ = ["PARSER_VERSION", "Corpus", "Entry", "SourceInfo", "load_corpus", "parse_document"]
