"""Markdown answers -> HTML and SVG math for the reader (QTextBrowser). No Qt."""

from interview_desk.render.document import (
    ENGLISH,
    EntryLabels,
    RenderedDoc,
    render_entry,
    render_markdown,
    warm_math,
)
from interview_desk.render.math import MathImage

__all__ = ["ENGLISH", "EntryLabels", "MathImage", "RenderedDoc", "render_entry",
           "render_markdown", "warm_math"]
