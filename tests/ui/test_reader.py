"""ReaderView with real corpus entries: tables, coloured code, math images, find, zoom,
links, themes, off-thread rendering."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPalette, QTextDocument, QTextTable

from interview_desk.corpus import Corpus, Entry, load_corpus
from interview_desk.render import ENGLISH, render_entry, render_markdown
from interview_desk.render.theme import BODY_PX, DARK
from interview_desk.ui import i18n
from interview_desk.ui.reader.view import ReaderView

IMAGE = QTextDocument.ResourceType.ImageResource.value


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def _with(corpus: Corpus, feature: str) -> Entry:
    return next(e for e in corpus.entries if getattr(render_entry(e), feature))


@pytest.fixture
def reader(qtbot) -> ReaderView:
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    return view


def _tables(view: ReaderView) -> list[QTextTable]:
    return [f for f in view.document().rootFrame().childFrames() if isinstance(f, QTextTable)]


def _code_colours(view: ReaderView) -> set[str]:
    colours: set[str] = set()
    it = view.document().begin()
    while it.isValid():
        frag_it = it.begin()
        while not frag_it.atEnd():
            frag = frag_it.fragment()
            fmt = frag.charFormat()
            if "Mono" in ",".join(fmt.fontFamilies() or []):
                colours.add(fmt.foreground().color().name())
            frag_it += 1
        it = it.next()
    return colours


def test_table_entry_builds_a_real_table(reader: ReaderView, corpus: Corpus) -> None:
    entry = _with(corpus, "tables")
    reader.show_doc(render_entry(entry), entry.id)
    tables = _tables(reader)
    assert len(tables) == 1
    assert tables[0].columns() == 3 and tables[0].rows() >= 4
    header = tables[0].cellAt(0, 1).firstCursorPosition().block().text()
    assert header and header in (entry.answer or "")


def test_code_entry_is_coloured(reader: ReaderView, corpus: Corpus) -> None:
    entry = next(e for e in corpus.entries if "```python" in (e.answer or ""))
    reader.show_doc(render_entry(entry), entry.id)
    colours = _code_colours(reader)
    assert len(colours) >= 3, colours  # keywords, names, strings... not one flat colour


def test_math_images_resolve_as_sharp_rasters(reader: ReaderView, corpus: Corpus) -> None:
    entry = _with(corpus, "formulas")
    doc = render_entry(entry)
    reader.show_doc(doc, entry.id)
    assert doc.math
    for name, image in doc.math.items():
        raster = reader.loadResource(IMAGE, QUrl(f"math:{name}"))
        assert isinstance(raster, QImage) and not raster.isNull()
        width, height, _ = image.box(1.0, reader._text)
        dpr = raster.devicePixelRatio()
        assert abs(raster.width() / dpr - width) <= 1 and abs(raster.height() / dpr - height) <= 1
        assert raster.pixelColor(raster.width() // 2, raster.height() // 2).isValid()
    # and the document really drew them: something other than background in the image
    reader.show()
    shot = reader.grab().toImage()
    assert not shot.isNull()


def test_unknown_and_web_resources_are_never_fetched(reader: ReaderView) -> None:
    reader.show_doc(render_markdown("x"))
    assert reader.loadResource(IMAGE, QUrl("https://example.com/a.png")) is None
    assert reader.loadResource(IMAGE, QUrl("math:doesnotexist")) is None


def test_find_text_wraps_and_reports_misses(reader: ReaderView, corpus: Corpus) -> None:
    entry = next(e for e in corpus.entries if "何时选择 PEFT" in (e.answer or ""))
    reader.show_doc(render_entry(entry), entry.id)
    assert reader.find_text("LoRA")
    first = reader.textCursor().position()
    assert reader.selected_text() == "LoRA"
    assert reader.find_text("LoRA")
    assert reader.textCursor().position() > first
    for _ in range(30):  # wraps around instead of getting stuck at the end
        assert reader.find_text("LoRA")
    assert reader.find_text("LoRA", backwards=True)
    assert not reader.find_text("zzz-not-in-this-answer")
    assert not reader.find_text("")


def test_zoom_scales_text_and_math_and_resets(reader: ReaderView, corpus: Corpus,
                                              qtbot) -> None:
    entry = _with(corpus, "formulas")
    doc = render_entry(entry)
    reader.show_doc(doc, entry.id)
    name = next(iter(doc.math))
    base = reader.loadResource(IMAGE, QUrl(f"math:{name}"))
    with qtbot.waitSignal(reader.sigZoomChanged) as blocker:
        reader.zoom_in()
    assert blocker.args[0] > 1.0
    reader.zoom_in()
    assert reader.document().defaultFont().pixelSize() > BODY_PX
    bigger = reader.loadResource(IMAGE, QUrl(f"math:{name}"))
    assert bigger.width() > base.width()
    assert f'width="{doc.math[name].box(reader.zoom, reader._text)[0]:.2f}"' in \
        doc.html_at(reader.zoom, reader._text)
    reader.zoom_reset()
    assert reader.zoom == 1.0 and reader.document().defaultFont().pixelSize() == BODY_PX
    for _ in range(40):
        reader.zoom_out()
    assert reader.zoom == 0.5  # clamped


def test_entry_links_emit_and_web_links_do_not_navigate(reader: ReaderView, qtbot) -> None:
    reader.show_doc(render_markdown("[a](entry:003-abc) [b](https://example.com)"))
    with qtbot.waitSignal(reader.sigEntryLinkActivated) as blocker:
        reader.anchorClicked.emit(QUrl("entry:003-abc"))
    assert blocker.args == ["003-abc"]
    with qtbot.waitSignal(reader.sigExternalLinkActivated) as blocker:
        reader.anchorClicked.emit(QUrl("https://example.com"))
    assert blocker.args == ["https://example.com"]
    assert reader.source().isEmpty()  # nothing was loaded


def test_show_entry_renders_off_thread_and_latest_wins(reader: ReaderView, corpus: Corpus,
                                                       qtbot) -> None:
    first, second = corpus.entries[0], _with(corpus, "tables")
    with qtbot.waitSignal(reader.sigDocumentShown, timeout=20_000) as blocker:
        reader.show_entry(first)
        reader.show_entry(second)
    assert blocker.args == [second.id]
    qtbot.wait(200)  # the first job's late result must not replace the second
    assert reader.entry_id == second.id and len(_tables(reader)) == 1


def test_theme_and_script_rerender(reader: ReaderView, corpus: Corpus, qtbot) -> None:
    entry = next(e for e in corpus.entries if e.source.startswith("000") and e.answered)
    with qtbot.waitSignal(reader.sigDocumentShown, timeout=20_000):
        reader.show_entry(entry, script="original", theme="light")
    with qtbot.waitSignal(reader.sigDocumentShown, timeout=20_000):
        reader.set_theme("dark")
    assert reader.rendered is not None and reader.rendered.theme == "dark"
    assert reader.palette().color(QPalette.ColorRole.Base).name() == DARK.background
    with qtbot.waitSignal(reader.sigDocumentShown, timeout=20_000):
        reader.set_script("simplified")
    text = reader.toPlainText()
    assert "数据" in text and "數據" not in text


def test_unanswered_entry(reader: ReaderView, corpus: Corpus) -> None:
    entry = next(e for e in corpus.entries if not e.answered)
    reader.show_doc(render_entry(entry), entry.id)
    assert ENGLISH.no_answer in reader.toPlainText()


def test_unanswered_line_follows_the_ui_language(qtbot, reader: ReaderView,
                                                corpus: Corpus) -> None:
    entry = next(e for e in corpus.entries if not e.answered)
    try:
        i18n.set_language("zh")
        with qtbot.waitSignal(reader.sigDocumentShown, timeout=20_000):
            reader.show_entry(entry)
        assert "此题在原文中没有答案" in reader.toPlainText()
        assert ENGLISH.no_answer not in reader.toPlainText()
        i18n.set_language("en")
        with qtbot.waitSignal(reader.sigDocumentShown, timeout=20_000):
            reader.retranslate()
        assert ENGLISH.no_answer in reader.toPlainText()
        assert "此题在原文中没有答案" not in reader.toPlainText()
    finally:
        i18n.set_language("en")


def test_cjk_font_is_requested(reader: ReaderView) -> None:
    reader.show_doc(render_entry(Entry("x", "s.md", (), "", "訓練", "數據", None, 1, 1)))
    families = reader.document().defaultFont().families()
    assert families[0] == "Noto Sans CJK TC" and "Microsoft JhengHei" in families


def test_copy_and_zoom_keys(reader: ReaderView, corpus: Corpus, qtbot, qapp) -> None:
    from PySide6.QtCore import Qt

    entry = next(e for e in corpus.entries if "何时选择 PEFT" in (e.answer or ""))
    reader.show_doc(render_entry(entry), entry.id)
    assert reader.find_text("QLoRA")
    reader.copy()
    assert qapp.clipboard().text() == "QLoRA"
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom > 1.0
    qtbot.keyClick(reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom == 1.0


def test_view_closed_while_rendering(qtbot, corpus: Corpus) -> None:
    from PySide6.QtCore import QThreadPool

    view = ReaderView()
    with qtbot.captureExceptions() as exceptions:
        view.show_entry(_with(corpus, "formulas"))
        view.deleteLater()
        qtbot.wait(1)  # the view is gone before the render finishes
        assert QThreadPool.globalInstance().waitForDone(20_000)
        qtbot.wait(50)  # the queued result arrives for a dead view: skipped
    assert exceptions == []


def test_wide_display_formula_shrinks_to_the_reader(reader: ReaderView, corpus: Corpus,
                                                    qtbot) -> None:
    entry = next(e for e in corpus.entries if "\\quad" in (e.answer or ""))
    doc = render_entry(entry)
    widest = max((m for m in doc.math.values() if m.display), key=lambda m: m.width)
    reader.resize(420, 600)
    reader.show()
    reader.show_doc(doc, entry.id)
    available = reader._available_width()
    assert widest.width > available  # the case under test
    narrow = reader.loadResource(IMAGE, QUrl(f"math:{widest.name}"))
    assert narrow.width() / narrow.devicePixelRatio() <= available + 1
    assert narrow.height() < widest.ascent + widest.descent  # shrunk, not cropped
    reader.resize(1200, 700)
    qtbot.waitUntil(lambda: reader._fit_width > widest.width, timeout=3000)
    wide = reader.loadResource(IMAGE, QUrl(f"math:{widest.name}"))
    assert abs(wide.width() / wide.devicePixelRatio() - widest.width) <= 1


def test_a_reader_that_cannot_start_says_so_plainly(qtbot, monkeypatch) -> None:
    """The area's hint used to claim the reader was 'not in this build'; a failed import
    is an error of this run, pointing at the log."""
    from interview_desk.ui.i18n import tr
    from interview_desk.ui.reader import area as area_mod

    def broken() -> type[ReaderView]:
        raise ImportError("ziamath is missing")

    monkeypatch.setattr(area_mod, "_import_reader", broken)
    area = area_mod.ReaderArea()
    qtbot.addWidget(area)
    area.load_reader()
    qtbot.waitUntil(lambda: area.hint.text() == tr("reader.load_failed"), timeout=5000)
    assert area.reader is None
    assert "build" not in area.hint.text()
