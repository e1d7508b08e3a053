"""Hostile answers in the real reader: nothing fetched, nothing read from disk, no freeze."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_desk.corpus.model import Entry
from interview_desk.render import render_markdown
from interview_desk.render.limits import CODE_BLOCK_CHARS
from interview_desk.ui.reader.view import ReaderView
from interview_desk.ui.tutor.chat_view import ChatItem, ChatView

# How long each takes to show is measured in benchmarks/render.py (--long-lines), not
# asserted here.


@pytest.fixture
def listener() -> Iterator[tuple[int, list[object]]]:
    """A local port that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    hits: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            hits.append(conn.recv(512))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    stop.set()
    thread.join()
    sock.close()


def _hostile(port: int, secret: Path) -> dict[str, str]:
    url = f"http://127.0.0.1:{port}"
    return {
        "img-http": f'<img src="{url}/a.png"> and ![x]({url}/b.png)',
        "script": f"<script>fetch('{url}/s')</script><iframe src=\"{url}/f\"></iframe>",
        "links": f"[js](javascript:alert(1)) [file](file://{secret}) [web]({url}/l)",
        "img-file": f'<img src="file://{secret}"> ![y](file://{secret})',
        "css": f'<div style="background:url({url}/c.png)">styled</div>'
               f'<link rel="stylesheet" href="{url}/x.css">',
        "data-uri": "![d](data:image/png;base64," + "A" * 1_000_000 + ")",
        "huge-formula": "$$" + "{" * 3000 + "x" + "}" * 3000 + "$$",
        "def-loop": r"$$\def\a{\a\a}\a$$ and $\def\b{\b}\b$",
        "long-code-line": "```\n" + "x = 1; " * 15_000 + "\n```",  # 100 kB
        "long-paragraph": "word " * 10_000,
    }


CASES = ["img-http", "script", "links", "img-file", "css", "data-uri", "huge-formula",
         "def-loop", "long-code-line", "long-paragraph"]


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_answer_fetches_nothing_and_shows_quickly(qtbot, tmp_path: Path,
                                                            listener, case: str) -> None:
    port, hits = listener
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not really")
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    doc = render_markdown(_hostile(port, secret)[case])
    view.show_doc(doc)
    qtbot.wait(350)  # let the layout and any resource loads run
    assert hits == [], hits
    resources = [v for v in doc.images.values() if b"not really" in v]
    assert resources == []


# Each froze the window (213 s, > 420 s, 23 s, 218 s) and came back at every start, as
# the window reopens the last entry. What Qt is handed is now capped (render/limits.py).
LONG = {
    "code-line-1mb": ("```\n" + "x = 1; " * 150_000 + "\n```", 1_050_000),
    "code-line-200kb": ("```\n" + "y=2;" * 50_000 + "\n```", 200_000),
    "paragraph-50kb": ("z" * 50_000, 50_000),
    "paragraph-words-50kb": ("word " * 10_000, 50_000),
    "data-uri-1mb": ("see data:image/png;base64," + "A" * 1_000_000, 1_000_000),
}


@pytest.mark.parametrize("case", list(LONG))
def test_a_long_line_is_shown_cut_with_a_marker_and_the_reader_works(qtbot, case: str
                                                                      ) -> None:
    answer, size = LONG[case]
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    entry = Entry("long-1", "s.md", (), "", "A long line", answer, None, 1, 1)
    with qtbot.waitSignal(view.sigDocumentShown, timeout=60_000):
        view.show_entry(entry)
    shown = view.toPlainText()
    assert "more characters" in shown
    assert len(shown) < min(size, CODE_BLOCK_CHARS * 2)
    # Still a reader: find, zoom, scroll, select, and the whole source is one click away.
    assert view.find_text(answer.strip("`\n")[:4])
    view.zoom_in()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.selectAll()
    assert view.selected_text()
    assert entry.shown_source == answer  # what "Show source text" and copy-source give


def test_a_tutor_reply_with_a_1mb_data_uri_is_shown_cut(qtbot) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.show()
    reply = "Here: data:image/png;base64," + "A" * 1_000_000 + " done."
    streaming = view.add(ChatItem("assistant", reply, streaming=True))  # as it streams
    assert "more characters" in view.toPlainText()
    view.finish_streaming(reply)  # then rendered as Markdown
    shown = view.toPlainText()
    assert "more characters" in shown and "done." in shown
    assert len(shown) < 100_000
    assert streaming.text == reply  # the reply itself is kept whole
