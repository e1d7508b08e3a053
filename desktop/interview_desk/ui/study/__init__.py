"""Studying an entry: the note editor and related entries (room for review and mock interviews)."""
