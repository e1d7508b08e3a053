"""Markdown answers -> HTML and SVG math for the reader (QTextBrowser). No Qt."""

from interview_desk.render.document import (
    DRAFT_LABEL,
    NO_ANSWER,
    RenderedDoc,
    render_entry,
    render_markdown,
    warm_math,
)
from interview_desk.render.math import MathImage

__all__ = ["DRAFT_LABEL", "NO_ANSWER", "MathImage", "RenderedDoc", "render_entry",
           "render_markdown", "warm_math"]
