"""The user's data (bookmarks, notes, progress, tutor chats) in one SQLite file. No Qt."""

from interview_desk.store.note_merge import NoteConflict
from interview_desk.store.records import Draft, Message, Note, Progress, ProgressSummary
from interview_desk.store.user_store import FILE_NAME, UserStore, default_path

__all__ = ["FILE_NAME", "Draft", "Message", "Note", "NoteConflict", "Progress",
           "ProgressSummary", "UserStore", "default_path"]
