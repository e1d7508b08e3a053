"""The tutor a learner can trust (issue 17), with real llama.cpp: the default model for
budget, warm-up and the panel's states, the looping tiny GGUF for the guard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QPalette

from interview_desk.corpus import Corpus
from interview_desk.render.theme import DARK, LIGHT
from interview_desk.settings import Settings
from interview_desk.store import UserStore
from interview_desk.tutor.backend import GenParams, LoadParams
from interview_desk.tutor.local import LocalBackend
from interview_desk.tutor.prompt import Conversation, Source
from interview_desk.tutor.session import Tutor, search_retriever, warm_up
from interview_desk.ui.tutor.chat_view import ChatItem, ChatView
from interview_desk.ui.tutor.panel import TutorPanel

WAIT = 120_000
QUICK = GenParams(temperature=0.0, max_tokens=8, seed=1)


@pytest.fixture(scope="module")
def smol(default_model: Path) -> LocalBackend:
    backend = LocalBackend.load(default_model, LoadParams.from_settings(Settings(n_threads=1)))
    yield backend
    backend.close()


def _long_chinese_entry(corpus: Corpus):
    return max((e for e in corpus.entries if e.answered and "注意力" in e.question),
               key=lambda e: len(e.answer or ""))


def test_prompt_keeps_to_the_token_budget(smol: LocalBackend, corpus: Corpus,
                                          index: object) -> None:
    entry = _long_chinese_entry(corpus)
    assert smol.count_tokens(entry.answer or "") > 700  # the entry alone would overrun it
    smol.llama.reset()
    conv = Conversation(entry)
    generation = Tutor(smol, search_retriever(index, corpus)).ask(
        conv, "为什么要除以根号 d_k？", QUICK)
    generation.run()
    used = sum(smol.count_tokens(s.excerpt) for s in conv.sources)
    assert len(conv.sources) >= 3  # the entry and hits all fit
    assert used <= Settings().source_tokens
    # Everything llama.cpp read for this first turn, template and instructions included.
    assert generation.stats.prompt_tokens <= 1100
    # The context is sized from the budget, not 4096 by default.
    assert smol.context_size < 4096


def test_warm_up_caches_the_instructions(smol: LocalBackend, corpus: Corpus) -> None:
    entry = next(e for e in corpus.entries if e.answered)
    smol.llama.reset()
    cold = Tutor(smol).ask(Conversation(entry), "what is it?", QUICK)
    cold.run()
    smol.llama.reset()
    assert warm_up(smol) > 0 and smol.llama.n_tokens > 0
    warm = Tutor(smol).ask(Conversation(entry), "what is it?", QUICK)
    warm.run()
    # The instructions evaluated at load time are not read again by the first question.
    assert warm.stats.prompt_tokens < cold.stats.prompt_tokens - 40


TURN_2_SHARE = 0.3  # issue 17: a follow-up's first token within 0.3x of turn 1's


def test_follow_up_extends_the_cached_prompt(smol: LocalBackend, corpus: Corpus,
                                             index: object) -> None:
    """Turn 2 finds every token turn 1 left in the KV cache (llama-cpp-python's n_past
    when turn 2's evaluation begins) and reads only what it adds: a short hit and the
    question, a fraction of what turn 1 read."""
    smol.llama.reset()
    tutor = Tutor(smol, search_retriever(index, corpus))
    conv = Conversation(_long_chinese_entry(corpus))
    first = tutor.ask(conv, "为什么要除以根号 d_k？", QUICK)
    first.run()
    turn_1_sources = list(conv.sources)
    cached = smol.llama.n_tokens  # turn 1's prompt and the reply tokens evaluated
    second = tutor.ask(conv, "Why does that help long contexts?", QUICK)
    second.run()
    assert first.stats.prompt_reused == 0 and first.stats.prompt_tokens > 500
    assert second.stats.prompt_reused == cached
    assert 0 < second.stats.prompt_tokens <= TURN_2_SHARE * first.stats.prompt_tokens
    # Turn 1's sources keep their numbers; what turn 2 adds comes after them.
    assert conv.sources[: len(turn_1_sources)] == turn_1_sources
    assert [s.number for s in conv.sources] == list(range(1, len(conv.sources) + 1))


def test_prompt_progress_is_reported(smol: LocalBackend, corpus: Corpus,
                                     index: object) -> None:
    smol.llama.reset()
    seen: list[tuple[int, int]] = []
    generation = Tutor(smol, search_retriever(index, corpus)).ask(
        Conversation(_long_chinese_entry(corpus)), "KV cache 是什么？", QUICK,
        on_prompt=lambda done, total: seen.append((done, total)))
    assert [s.number for s in generation.sources][:1] == [1]  # known before reading
    generation.run()
    assert len(seen) >= 2 and seen[-1][0] == seen[-1][1] == generation.stats.prompt_tokens
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def _panel(qtbot, settings: Settings, corpus: Corpus | None = None, index: object = None,
           user_data: object = None) -> TutorPanel:
    panel = TutorPanel(corpus, (lambda: index) if index is not None else None, user_data,
                       settings)
    qtbot.addWidget(panel)
    return panel


def test_no_model_explains_inline_and_is_never_busy(qtbot, isolated_home: Path) -> None:
    panel = _panel(qtbot, Settings(model="", model_paths=[]))
    try:
        assert panel.bar.model_combo.choice() == ""
        # before any question: a short combo text, and under it how to get a model
        assert panel.bar.model_combo.currentText() == "No model installed"
        hint = panel.bar.demo
        assert not hint.isHidden() and "fetch-default" in hint.toolTip()
        assert 'href="action:add-model"' in hint.text() and panel.bar.status.isHidden()
        panel.ask("what is RoPE?")
        assert not panel.busy and panel.ask_button.isEnabled()
        notice = panel.chat.items[-1]
        assert notice.role == "notice" and "No model is installed" in panel.chat.toHtml()
        assert 'href="action:add-model"' in panel.chat.toHtml()
        requested: list[bool] = []
        panel.sigAddModelRequested.connect(lambda: requested.append(True))
        panel.chat.anchorClicked.emit(QUrl("action:add-model"))
        hint.linkActivated.emit("action:add-model")
        assert requested == [True, True]
        panel.stop()  # Stop with nothing running is harmless
        assert not panel.busy
    finally:
        panel.shutdown()


def test_entry_switch_during_load_keeps_the_question(qtbot, default_model: Path,
                                                     corpus: Corpus, index: object,
                                                     user_data: object,
                                                     store: UserStore,
                                                     isolated_home: Path) -> None:
    settings = Settings(model=str(default_model), n_threads=1, temperature=0.0,
                        max_tokens=12)
    panel = _panel(qtbot, settings, corpus, index, user_data)
    try:
        first, other = [e for e in corpus.entries if e.answered][:2]
        panel.set_entry(first)
        with qtbot.waitSignal(panel.sigReplyFinished, timeout=WAIT) as done:
            panel.ask("What does this mean?")
            panel.set_entry(other)  # while the model is still loading
            assert panel.loaded_model is None
        reply = done.args[0]
        assert not reply.cancelled and reply.text
        assert panel.loaded_model is not None and panel.loaded_model.warm_seconds > 0
        # Saved with the entry it was asked about; the other entry got a notice only.
        assert [m.role for m in store.conversation(first.id)] == ["user", "assistant"]
        assert store.conversation(other.id) == []
        assert panel.chat.items[-1].role == "notice"
        assert "is ready" in panel.chat.items[-1].text
        panel.set_entry(first)
        qtbot.waitUntil(lambda: [i.role for i in panel.chat.items] == ["user", "assistant"],
                        timeout=5000)
        shown = panel.chat.items[-1]
        assert [s.entry_id for s in shown.context][:1] == [first.id]  # sources kept
        assert 'href="entry:' + first.id in panel.chat.toHtml()
        # The default model is labelled as a demonstration.
        assert panel.bar.demo.isVisibleTo(panel) and "often wrong" in panel.bar.demo.text()
    finally:
        panel.shutdown()


def test_looping_draft_is_stopped_and_not_saved(qtbot, make_panel, loop_model: Path,
                                                corpus: Corpus, store: UserStore) -> None:
    panel = make_panel(model=loop_model, max_tokens=400)
    entry = next(e for e in corpus.entries if not e.answered)
    panel.set_entry(entry)
    with qtbot.waitSignal(panel.sigReplyFinished, timeout=WAIT) as done:
        panel.draft()
    reply = done.args[0]
    assert reply.looped and reply.stats.tokens < 40
    assert store.draft(entry.id) is None
    assert panel.chat.items[-1].key == "tutor.looped_draft"
    assert not panel.busy


def test_reply_is_rendered_with_citation_links(qtbot) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    gqa = Source(1, "000-gqa", "什麼是 GQA？", "GQA 讓多個查詢頭共用鍵值頭，KV 快取因此變小。")
    text = ("**GQA** shares key/value heads [1].\n\n```python\nkv = k.repeat(4)\n```\n\n"
            "The cache shrinks by $n_h / n_{kv}$.")
    view.add(ChatItem("assistant", text, [gqa], context=[gqa], query="GQA 為什麼省記憶體"))
    page = view.toHtml()
    plain = view.toPlainText()
    assert 'href="entry:000-gqa"' in page and "kv = k.repeat(4)" in plain
    assert "**GQA**" not in plain and "```" not in plain  # Markdown rendered, not raw
    assert "$n_h" not in plain and "<img" in page  # the formula became an image
    # While streaming, the source card shows at once with the matching sentence marked.
    view.add(ChatItem("assistant", "", streaming=True, context=[gqa], query="KV 快取"))
    assert "Notes given to the model (1)" in view.toPlainText()
    assert "KV 快取因此變小" in view.toPlainText()


def test_dark_theme_colours_come_from_the_palette(qtbot) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor(DARK.background))
    view.setPalette(dark)
    view.set_items([ChatItem("user", "why?"), ChatItem("assistant", "Because.")])
    page = view.toHtml().lower()
    assert view.theme_palette is DARK
    assert DARK.header_bg in page and DARK.code_bg in page
    assert LIGHT.header_bg not in page and "#dbeafe" not in page and "#f3f4f6" not in page


def _highlighted(page: str, colour: str) -> list[str]:
    """Texts of the spans drawn on ``colour`` in the view's HTML."""
    spans = re.findall(r'<span style="[^"]*background-color:([^;"]+)[^"]*">([^<]*)</span>', page)
    return [text for bg, text in spans if bg.strip().lower() == colour.lower()]


def test_source_cards_mark_chinese_sentences_for_an_english_question(qtbot) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    note = Source(
        1,
        "004-32",
        "為什麼幻覺問題在 LLM 中如此常見？",
        "訓練數據有噪聲。模型會產生幻覺，生成與事實不符的內容。解碼時隨機取樣。",
    )
    view.add(
        ChatItem(
            "assistant", "", streaming=True, context=[note], query="why does the model hallucinate?"
        )
    )
    colour = view.theme_palette.draft_bg
    assert _highlighted(view.toHtml(), colour) == ["模型會產生幻覺，生成與事實不符的內容。"]
    # In the learner's own words too, and only the sentence that bears on it.
    view.set_items([ChatItem("assistant", "Because.", context=[note], query="模型老是胡说八道")])
    assert _highlighted(view.toHtml(), colour) == ["模型會產生幻覺，生成與事實不符的內容。"]


def test_source_cards_show_formulas_as_text_not_tex(qtbot) -> None:
    """A card read '（Query, $Q$）、鍵向量（Key, $K$）': the excerpt's formulas now read
    as they do in search snippets."""
    view = ChatView()
    qtbot.addWidget(view)
    note = Source(1, "004-3", "自注意力機制是如何運作的？",
                  "輸入序列生成查詢向量（Query, $Q$）和鍵向量（Key, $K$）。\n$$\n"
                  "\\text{Attention}(Q, K, V) = \\text{softmax}\\left(\\frac{QK^T}"
                  "{\\sqrt{d_k}}\\right)V\n$$\n除以 $\\sqrt{d_k}$ 是為了縮放。")
    view.add(ChatItem("assistant", "Because.", context=[note], query="why divide by sqrt(d_k)"))
    text = view.toPlainText()
    assert "（Query, Q）" in text and "softmax(QKᵀ/√d_k)V" in text and "除以 √d_k" in text
    assert "$" not in text and "\\frac" not in text and "\\text" not in text
