"""The reader tells rebuilt formulas apart and shows the source text as written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from interview_desk.corpus import Corpus, load_corpus
from interview_desk.corpus.model import Entry
from interview_desk.render.html import REPAIRED_TIP
from interview_desk.render.limits import CODE_LINE_CHARS
from interview_desk.ui.i18n import tr
from interview_desk.ui.reader.source_text import SourceTextDialog
from interview_desk.ui.reader.view import ReaderView


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus([])


@pytest.fixture
def reader(qtbot) -> ReaderView:
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    return view


def _show(reader: ReaderView, corpus: Corpus, entry_id: str, qtbot) -> None:
    with qtbot.waitSignal(reader.sigDocumentShown, timeout=30_000):
        reader.show_entry(corpus.get(entry_id))
    if reader.rendered is not None and reader.rendered.math_pending:  # text came first
        qtbot.waitSignal(reader.sigMathShown, timeout=30_000).wait()


def _image_positions(reader: ReaderView) -> list[tuple[int, str]]:
    """(document position, tooltip) of every math image."""
    found = []
    block = reader.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            fmt = frag.charFormat()
            if fmt.isImageFormat() and fmt.toImageFormat().name().startswith("math:"):
                found.append((frag.position(), fmt.toolTip()))
            it += 1
        block = block.next()
    return found


def test_rebuilt_formulas_have_the_tooltip(reader, corpus, qtbot) -> None:
    _show(reader, corpus, "004-a3759c90", qtbot)
    images = _image_positions(reader)
    assert len(images) == 6 and all(tip == REPAIRED_TIP for _, tip in images)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(images[0][0])
    reader.ensureCursorVisible()
    rect = reader.cursorRect(cursor)
    point = QPoint(rect.right() + 3, rect.center().y())
    assert reader.tooltip_at(point) == tr("reader.repaired_formula")
    assert reader.tooltip_at(QPoint(5, 5)) == ""  # the page margin


def test_formulas_written_as_tex_have_none(reader, corpus, qtbot) -> None:
    entry = next(e for e in corpus.entries if "$" in (e.answer or "") and not e.repaired)
    _show(reader, corpus, entry.id, qtbot)
    images = _image_positions(reader)
    assert images and all(tip == "" for _, tip in images)


def test_show_source_text_shows_the_answer_as_written(reader, corpus, qtbot) -> None:
    assert reader.show_source_text() is None  # nothing shown yet
    _show(reader, corpus, "004-a3759c90", qtbot)
    dialog = reader.show_source_text()
    assert dialog is not None
    qtbot.addWidget(dialog)
    # QPlainTextEdit gives no-break spaces back as spaces.
    written = corpus.get("004-a3759c90").source_answer.replace("\xa0", " ")
    assert dialog.text.toPlainText() == written
    assert "dkd_kdk" in dialog.text.toPlainText()
    assert dialog.info.text() == tr("reader.source_repaired", n=6)
    dialog.close()


def _x_of(reader: ReaderView, needle: str) -> int:
    found = reader.document().find(needle)
    assert not found.isNull(), needle
    cursor = QTextCursor(reader.document())
    cursor.setPosition(found.selectionStart())
    return reader.cursorRect(cursor).x()


def test_text_after_code_in_a_list_item_stays_in_the_item(reader, corpus, qtbot) -> None:
    _show(reader, corpus, "002-29e0773f", qtbot)
    item = _x_of(reader, "如果希望 GPT-3 在沒有大規模微調")
    after = _x_of(reader, "基於這些示例，GPT-3 能夠推斷出")
    margin = _x_of(reader, "優勢")  # a paragraph at the left margin, for scale
    assert after == item and after > margin + 20


def test_source_nodes_show_the_document_overview(qtbot, corpus) -> None:
    from interview_desk.ui.browse.tree import KEY_ROLE, SourceTree

    tree = SourceTree()
    qtbot.addWidget(tree)
    tree.set_corpus(corpus)
    tips = {}
    for i in range(tree.tree.topLevelItemCount()):
        item = tree.tree.topLevelItem(i)
        tips[item.data(0, KEY_ROLE)] = item.toolTip(0)
    assert "這些問題深入探討了 LLM 模型訓練與微調" in tips["000_6e52044bc7ed58c7.md"]
    assert tr("tree.overview") in tips["003_44fb7fc701a0187b.md"]
    assert "大模型全技术面试大纲" in tips["003_44fb7fc701a0187b.md"]
    assert tips["004_12b7bcc9e549f3c1.md"].count("• ") == 31
    assert tips["002_e4b8416c61e22f11.md"].endswith("002_e4b8416c61e22f11.md")  # none: path
    assert tree.source_overview("004_12b7bcc9e549f3c1.md").startswith("𝗔𝗿𝗰𝗵𝗶𝘁𝗲𝗰𝘁𝘂𝗿𝗲")


@pytest.mark.parametrize("line", ["x = 1; " * 150_000, "A" * 1_000_000],
                         ids=["1mb_line_with_spaces", "1mb_line_without_spaces"])
def test_source_text_of_a_1mb_line_opens_in_short_lines(line: str, qtbot) -> None:
    # Qt lays a block out whole: a 1 MB line took ~3 s to open, one without spaces far
    # longer. The box shows it broken into lines of CODE_LINE_CHARS; Copy all copies the
    # text as written.
    source = f"before\n{line}\nafter"
    entry = Entry(id="big", source="big.md", section_path=(), number="", question="Q",
                  answer=source, difficulty=None, line_start=1, line_end=3)
    dialog = SourceTextDialog(entry)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.grab()
    doc = dialog.text.document()
    widest = max(len(doc.findBlockByNumber(i).text()) for i in range(doc.blockCount()))
    assert widest == CODE_LINE_CHARS
    assert doc.blockCount() == 2 + len(line) // CODE_LINE_CHARS
    assert dialog.text.toPlainText().replace("\n", "") == source.replace("\n", "")
    assert dialog.info.text().endswith(tr("reader.source_broken", n=CODE_LINE_CHARS))
    QApplication.clipboard().clear()
    dialog.copy_all.click()
    assert QApplication.clipboard().text() == source
    dialog.close()


def test_source_text_within_the_limits_is_shown_unbroken(qtbot) -> None:
    source = "short\n" + "y" * CODE_LINE_CHARS
    entry = Entry(id="ok", source="ok.md", section_path=(), number="", question="Q",
                  answer=source, difficulty=None, line_start=1, line_end=2)
    dialog = SourceTextDialog(entry)
    qtbot.addWidget(dialog)
    assert dialog.text.toPlainText() == source
    assert dialog.info.text() == tr("reader.source_as_written")
    dialog.copy_all.click()
    assert QApplication.clipboard().text() == source
