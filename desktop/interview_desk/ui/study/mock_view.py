"""The mock interview window: choose a deck, a difficulty range, how many questions and
minutes per question; answer each against a visible timer; then every answer is
critiqued by the tutor's model (streaming, stoppable, off the GUI thread). Sessions are
kept and listed; low scores can go back to the review queue as Again."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from interview_desk.corpus.model import Entry
from interview_desk.script import convert
from interview_desk.study import BUILTIN_DECKS, Deck
from interview_desk.study.clock import utc_now
from interview_desk.study.mock import Critique, MockAnswer, MockSession, MockSetup
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.desk import Desk
from interview_desk.ui.shell.geometry import resize_within_screen
from interview_desk.ui.study.access import StudyAccess
from interview_desk.ui.study.critic import Critic, CritiqueJob
from interview_desk.ui.study.deck_names import deck_label, fill_deck_box, relabel_deck_box
from interview_desk.ui.study.keys import MOCK_KEYS, hint_line

if TYPE_CHECKING:
    from interview_desk.ui.tutor.worker import ModelOwner

LOW_SCORE = 2  # at or below: offered to go back to the review queue
_KEY = "i18nKey"  # the main window's retranslate() re-reads these (children of it)


def _keyed(widget: Any, key: str) -> Any:
    widget.setProperty(_KEY, key)
    widget.setText(tr(key))
    return widget


class MockWindow(QWidget):
    sigCardsSentBack = Signal(int)

    def __init__(self, desk: Desk, access: StudyAccess, parent: QWidget | None = None, *,
                 script: str = "original", clock: Callable[[], datetime] = utc_now,
                 model: Callable[[], ModelOwner | None] = lambda: None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("mockInterview")
        self._desk, self._access, self._script, self._clock = desk, access, script, clock
        self._model = model  # the tutor's model owner, which the critic shares
        self._critic: Critic | None = None
        self.session: MockSession | None = None
        self._entries: list[Entry] = []
        self._index = 0
        self._deadline = 0.0
        self._started = 0.0
        self._streams: dict[int, str] = {}
        self._pending: set[int] = set()
        self._build()
        self._bind_keys()
        self.retranslate()
        resize_within_screen(self, QSize(1000, 700))
        access.decks(self._fill_decks)

    # -- construction ------------------------------------------------------------------
    def _build(self) -> None:
        self.deck_box = QComboBox(objectName="mockDeck")
        self._fill_decks(list(BUILTIN_DECKS))
        self.min_box, self.max_box = QSpinBox(minimum=1, maximum=5), QSpinBox(minimum=1,
                                                                             maximum=5, value=5)
        self.count_box = QSpinBox(minimum=1, maximum=50, value=5, objectName="mockCount")
        self.minutes_box = QDoubleSpinBox(minimum=0.5, maximum=30, value=3, singleStep=0.5,
                                          objectName="mockMinutes")
        self.start_button = _keyed(QPushButton(objectName="mockStart"), "mock.start")
        self.start_button.clicked.connect(self.start)
        self.setup_error = QLabel(objectName="mockSetupError")
        self.history = QListWidget(objectName="mockHistory")
        self.history.itemActivated.connect(self._on_history_item_activated)
        form = QFormLayout()
        # numbers at their own width, not stretched across a 1000 px window
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(_keyed(QLabel(), "mock.deck"), self.deck_box)
        difficulty = QHBoxLayout()
        difficulty.addWidget(self.min_box)
        difficulty.addWidget(QLabel("–"))
        difficulty.addWidget(self.max_box)
        difficulty.addStretch(1)
        form.addRow(_keyed(QLabel(), "mock.difficulty"), difficulty)
        form.addRow(_keyed(QLabel(), "mock.count"), self.count_box)
        form.addRow(_keyed(QLabel(), "mock.minutes"), self.minutes_box)
        setup = QWidget()
        col = QVBoxLayout(setup)
        col.addLayout(form)
        col.addWidget(self.start_button)
        col.addWidget(self.setup_error)
        col.addWidget(_keyed(QLabel(), "mock.history"))
        col.addWidget(self.history, 1)

        self.progress = QLabel(objectName="mockProgress")
        self.timer_label = QLabel(objectName="mockTimer")
        font = QFont(self.timer_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.timer_label.setFont(font)
        self.question = QLabel(objectName="mockQuestion")
        self.question.setWordWrap(True)
        qfont = QFont(self.question.font())
        qfont.setPointSizeF(qfont.pointSizeF() * 1.3)
        self.question.setFont(qfont)
        self.answer = QPlainTextEdit(objectName="mockAnswer")
        self.next_button = _keyed(QPushButton(objectName="mockNext"), "mock.next")
        self.next_button.clicked.connect(self.next_question)
        asking = QWidget()
        col = QVBoxLayout(asking)
        top = QHBoxLayout()
        top.addWidget(self.progress)
        top.addStretch(1)
        top.addWidget(self.timer_label)
        col.addLayout(top)
        col.addWidget(self.question)
        col.addWidget(self.answer, 1)
        col.addWidget(self.next_button)

        self.results = QTextBrowser(objectName="mockResults")
        self.results.setOpenLinks(False)
        self.stop_button = _keyed(QPushButton(objectName="mockStop"), "mock.stop")
        self.stop_button.clicked.connect(self.stop_critique)
        self.send_back_button = QPushButton(objectName="mockSendBack")
        self.send_back_button.clicked.connect(self.send_back_low_scores)
        self.again_button = _keyed(QPushButton(objectName="mockNew"), "mock.new")
        self.again_button.clicked.connect(self.show_setup)
        done = QWidget()
        col = QVBoxLayout(done)
        col.addWidget(self.results, 1)
        buttons = QHBoxLayout()
        for b in (self.stop_button, self.send_back_button, self.again_button):
            buttons.addWidget(b)
        col.addLayout(buttons)

        self.pages = QStackedWidget()
        for page in (setup, asking, done):
            self.pages.addWidget(page)
        self.setup_page, self.question_page, self.results_page = setup, asking, done
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.hint = QLabel(hint_line(MOCK_KEYS), objectName="mockHint")
        layout.addWidget(self.hint)

        self._tick = QTimer(self, interval=250)
        self._tick.timeout.connect(self._on_tick)
        self._redraw = QTimer(self, singleShot=True, interval=120)  # tokens arrive fast
        self._redraw.timeout.connect(self._render_results)

    def _bind_keys(self) -> None:
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self._on_ctrl_return)
        QShortcut(QKeySequence("Escape"), self, activated=self._on_escape)

    def _fill_decks(self, decks: list[Deck]) -> None:
        fill_deck_box(self.deck_box, decks, self.deck_box.currentData())

    def _fill_history(self, sessions: list[MockSession]) -> None:
        self.history.clear()
        for s in sessions:
            when = datetime.fromtimestamp(s.started_at).strftime("%Y-%m-%d %H:%M")
            mean = s.mean_score
            item = QListWidgetItem(tr("mock.history_row", when=when,
                                      deck=deck_label(s.setup.deck),
                                      n=len(s.answers),
                                      score="–" if mean is None else f"{mean:.1f}"))
            item.setData(Qt.ItemDataRole.UserRole, s)
            self.history.addItem(item)
        if not sessions:  # an empty box said nothing: say what will be listed here
            empty = QListWidgetItem(tr("mock.history_empty"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.history.addItem(empty)

    def retranslate(self) -> None:
        """Texts that are not a plain key (the main window sets those)."""
        self.setWindowTitle(tr("mock.title"))
        self.answer.setPlaceholderText(tr("mock.answer_here"))
        self.hint.setText(hint_line(MOCK_KEYS))
        relabel_deck_box(self.deck_box)
        for widget in self.findChildren(QWidget):
            key = widget.property(_KEY)
            if isinstance(key, str) and hasattr(widget, "setText"):
                widget.setText(tr(key))
        if 0 <= self._index < len(self._entries):
            self.progress.setText(tr("mock.progress", i=self._index + 1, n=len(self._entries)))
        self._render_results()
        self._access.mock_history(self._fill_history)

    # -- the interview -----------------------------------------------------------------
    def start(self) -> None:
        try:
            setup = MockSetup(self.deck_box.currentData() or BUILTIN_DECKS[0].name,
                              self.count_box.value(), self.minutes_box.value(),
                              self.min_box.value(), self.max_box.value())
        except Exception as exc:  # UsageError: a one-line reason
            self.setup_error.setText(str(exc))
            return
        self.setup_error.clear()
        self.start_button.setEnabled(False)
        self._access.pick_mock(setup, lambda entries: self._begin(setup, entries),
                               self._on_pick_failed)

    def _on_pick_failed(self, exc: BaseException) -> None:
        self.start_button.setEnabled(True)
        self.setup_error.setText(str(exc))

    def _begin(self, setup: MockSetup, entries: list[Entry]) -> None:
        self.start_button.setEnabled(True)
        self._entries = entries
        self.session = MockSession(setup, [MockAnswer(e.id) for e in entries])
        self._streams.clear()
        self._index = -1
        self.pages.setCurrentWidget(self.question_page)
        self._tick.start()
        self.next_question()

    def next_question(self) -> None:
        """Keep the current answer (if any) and show the next question, or finish."""
        session = self.session
        if session is None or self.pages.currentWidget() is not self.question_page:
            return
        if 0 <= self._index < len(self._entries):
            answer = session.answers[self._index]
            answer.answer = self.answer.toPlainText()
            answer.seconds = round(time.monotonic() - self._started, 1)
        self._index += 1
        if self._index >= len(self._entries):
            self._finish()
            return
        entry = self._entries[self._index]
        self.progress.setText(tr("mock.progress", i=self._index + 1, n=len(self._entries)))
        self.question.setText(convert(entry.question, self._script))
        self.answer.clear()
        self.answer.setFocus()
        self._started = time.monotonic()
        self._deadline = self._started + session.setup.minutes_per_question * 60
        self._on_tick()

    def seconds_left(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    def _on_tick(self) -> None:
        left = self.seconds_left()
        self.timer_label.setText(f"{int(left) // 60}:{int(left) % 60:02d}")
        if left <= 0 and self.pages.currentWidget() is self.question_page:
            self.next_question()  # time is up: on to the next

    def _finish(self) -> None:
        self._tick.stop()
        session = self.session
        assert session is not None
        session.finished_at = time.time()
        self._access.save_mock(session)
        self.pages.setCurrentWidget(self.results_page)
        if self._critic is None:
            self._critic = Critic(self._retriever, self._model)
            relay = self._critic.relay
            relay.sigTokenReceived.connect(self._on_critic_token_received)
            relay.sigCritiqueFinished.connect(self._on_critic_critique_finished)
            relay.sigCritiqueFailed.connect(self._on_critic_critique_failed)
        self._pending = set(range(len(self._entries)))
        for i, entry in enumerate(self._entries):
            self._critic.submit(CritiqueJob(i, entry, session.answers[i].answer))
        self.stop_button.setEnabled(True)
        self.stop_button.setFocus()
        self._render_results()

    def _retriever(self) -> Any:
        from interview_desk.tutor.session import search_retriever

        index, corpus = self._desk.index, self._desk.corpus
        return search_retriever(index, corpus) if index is not None and corpus else None

    # -- critiques arrive ----------------------------------------------------------------
    def _on_critic_token_received(self, index: int, piece: str) -> None:
        self._streams[index] = self._streams.get(index, "") + piece
        if not self._redraw.isActive():
            self._redraw.start()

    def _on_critic_critique_finished(self, index: int, result: Critique) -> None:
        self._settle(index, result.to_dict())

    def _on_critic_critique_failed(self, index: int, reason: str) -> None:
        self._settle(index, {"error": reason})

    def _settle(self, index: int, critique: dict[str, Any]) -> None:
        if self.session is None or index >= len(self.session.answers):
            return
        self.session.answers[index].critique = critique
        self._pending.discard(index)
        if not self._pending:
            self.stop_button.setEnabled(False)
            self._access.save_mock(self.session)
        self._render_results()

    @property
    def critiquing(self) -> bool:
        return bool(self._pending)

    def stop_critique(self) -> None:
        if self._critic is not None and self._pending:
            self._critic.stop()

    def low_scores(self) -> list[str]:
        if self.session is None:
            return []
        return [a.entry_id for a in self.session.answers if not a.sent_back and a.critique
                and a.critique.get("score") and a.critique["score"] <= LOW_SCORE]

    def send_back_low_scores(self) -> None:
        ids = self.low_scores()
        if not ids or self.session is None:
            return
        for answer in self.session.answers:
            if answer.entry_id in ids:
                answer.sent_back = True
        self._access.save_mock(self.session)
        self._access.send_back(ids, self._clock(), self.sigCardsSentBack.emit)
        self._render_results()

    # -- showing results -----------------------------------------------------------------
    def _render_results(self) -> None:
        session = self.session
        if session is None:
            return
        parts = []
        for i, answer in enumerate(session.answers):
            entry = self._desk.entry(answer.entry_id)
            question = html.escape(entry.question if entry else answer.entry_id)
            parts.append(f"<h3>{i + 1}. {question}</h3>")
            typed = html.escape(answer.answer) or f"<i>{html.escape(tr('mock.no_answer'))}</i>"
            parts.append(f"<p><b>{html.escape(tr('mock.your_answer'))}</b> "
                         f"({answer.seconds:.0f} s): {typed}</p>")
            parts.append(self._critique_html(i, answer))
        self.results.setHtml("".join(parts))
        low = len(self.low_scores())
        self.send_back_button.setText(tr("mock.send_back", n=low))
        self.send_back_button.setEnabled(low > 0)

    def _critique_html(self, index: int, answer: MockAnswer) -> str:
        c = answer.critique
        if c is None:
            text = self._streams.get(index, "")
            if not text:
                return f"<p><i>{html.escape(tr('mock.waiting'))}</i></p>"
            return f"<p style='white-space:pre-wrap'>{html.escape(text)}▌</p>"
        if "error" in c:
            key = {"degenerate": "mock.degenerate", "unstructured": "mock.unstructured",
                   "stopped": "mock.stopped"}.get(c["error"])
            message = tr(key) if key else tr("mock.failed", why=c["error"])
            return f"<p><i>{html.escape(message)}</i></p>"
        score = c.get("score")
        head = tr("mock.score", score=score) if score else tr("mock.no_score")
        against = "" if c.get("against") == "reference" else f" · {tr('mock.no_reference')}"
        sources = ", ".join(f"[{s['n']}] {html.escape(s['question'])}"
                            for s in c.get("citations", []))
        sent = f" · {tr('mock.sent_back')}" if answer.sent_back else ""
        body = html.escape(c.get("text", ""))
        cites = f"<br><small>{html.escape(tr('mock.sources'))} {sources}</small>" \
            if sources else ""
        return (f"<p><b>{html.escape(head)}</b>{html.escape(against)}{html.escape(sent)}"
                f" <small>({html.escape(c.get('model', ''))})</small></p>"
                f"<p style='white-space:pre-wrap'>{body}{cites}</p>")

    # -- keys and lifetime ---------------------------------------------------------------
    def _on_ctrl_return(self) -> None:
        page = self.pages.currentWidget()
        if page is self.setup_page:
            self.start()
        elif page is self.question_page:
            self.next_question()

    def _on_escape(self) -> None:
        if self.pages.currentWidget() is self.results_page and self.critiquing:
            self.stop_critique()
        else:
            self.close()

    def show_setup(self) -> None:
        self.stop_critique()
        self.pages.setCurrentWidget(self.setup_page)
        self._access.mock_history(self._fill_history)

    def _on_history_item_activated(self, item: QListWidgetItem) -> None:
        session = item.data(Qt.ItemDataRole.UserRole)
        corpus = self._desk.corpus
        if not isinstance(session, MockSession) or corpus is None:
            return
        self.session = session
        self._entries = [e for e in (corpus.get(a.entry_id) for a in session.answers) if e]
        self._pending.clear()
        self.stop_button.setEnabled(False)
        self.pages.setCurrentWidget(self.results_page)
        self._render_results()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick.stop()
        if self._critic is not None:
            self._critic.close()
            self._critic = None
        super().closeEvent(event)
