"""Watching the user's folders: an edited, new or removed file reloads the corpus.

``QFileSystemWatcher`` reports each change of a watched file or folder; a save often
comes as several (write, rename, attribute), so changes are gathered for a moment and
reported once. Editors that save by replacing the file drop it from the watch list;
the window re-arms the watch after every reload.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from interview_desk.corpus.loader_io import folder_documents

SETTLE_MS = 800  # a save's burst of events is over by then


class FolderWatcher(QObject):
    sigFoldersChanged = Signal()

    def __init__(self, parent: QObject | None = None, settle_ms: int = SETTLE_MS) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self, singleShot=True, interval=settle_ms)
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        self._timer.timeout.connect(self.sigFoldersChanged)

    def watch(self, folders: list[str]) -> None:
        """Watch ``folders``, their subfolders and their documents (replacing the list)."""
        paths: set[str] = set()
        for folder in folders:
            root = Path(folder)
            files = folder_documents(root, [])  # its warnings were reported when loading
            paths.add(str(root))
            paths.update(str(p) for p in files)
            paths.update(str(parent) for p in files for parent in p.parents
                         if parent != root and root in parent.parents)
        old = set(self._watcher.files()) | set(self._watcher.directories())
        if old - paths:
            self._watcher.removePaths(sorted(old - paths))
        if paths - old:
            self._watcher.addPaths(sorted(paths - old))

    def watched(self) -> list[str]:
        return sorted(self._watcher.files() + self._watcher.directories())

    @Slot(str)
    def _on_watcher_changed(self, _path: str) -> None:
        self._timer.start()
