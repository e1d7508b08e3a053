"""Self-test part "reader": real corpus entries with a table, code and math, shown in a
ReaderView offscreen; every formula image must resolve and the table and code must
reach the QTextDocument."""

from __future__ import annotations

from PySide6.QtGui import QImage, QTextDocument, QTextTable
from PySide6.QtWidgets import QApplication

from interview_desk.corpus import load_corpus
from interview_desk.corpus.model import Entry
from interview_desk.render import RenderedDoc, render_entry
from interview_desk.ui.reader.view import ReaderView


def _pick(entries: list[Entry]) -> dict[str, tuple[Entry, RenderedDoc]]:
    """The first answered entry having each feature."""
    found: dict[str, tuple[Entry, RenderedDoc]] = {}
    for entry in entries:
        if not entry.answered:
            continue
        doc = render_entry(entry)
        for feature, count in (("table", doc.tables), ("code", doc.code_blocks),
                               ("math", doc.formulas)):
            if count and feature not in found:
                found[feature] = (entry, doc)
        if len(found) == 3:
            break
    return found


def _tables(document: QTextDocument) -> int:
    return sum(isinstance(frame, QTextTable) for frame in document.rootFrame().childFrames())


def check() -> str:
    app = QApplication.instance() or QApplication([])
    del app
    found = _pick(load_corpus().entries)
    missing = {"table", "code", "math"} - set(found)
    if missing:
        raise RuntimeError(f"no corpus entry with {', '.join(sorted(missing))} found")
    view = ReaderView()
    view.resize(900, 700)
    details = []
    try:
        for feature, (entry, doc) in found.items():
            view.show_doc(doc, entry.id)
            if doc.math_fallbacks:
                raise RuntimeError(f"{entry.id}: {len(doc.math_fallbacks)} formulas not rendered")
            for name in doc.math:
                image = view.loadResource(QTextDocument.ResourceType.ImageResource.value,
                                          f"math:{name}")
                if not isinstance(image, QImage) or image.isNull():
                    raise RuntimeError(f"{entry.id}: formula image {name} did not resolve")
            if feature == "table" and _tables(view.document()) < doc.tables:
                raise RuntimeError(f"{entry.id}: the table did not reach the document")
            if feature == "code" and "color:#" not in view.toHtml():
                raise RuntimeError(f"{entry.id}: the code block has no colours")
            details.append(f"{feature} {entry.id}")
    finally:
        view.deleteLater()
    return ", ".join(details)
