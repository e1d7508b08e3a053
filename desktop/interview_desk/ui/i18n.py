"""The UI's own strings in English and Chinese: one table, no Qt .qm files.

``tr(key)`` looks a string up in the current language; widgets call it again from their
``retranslate()`` when the user switches language, so nothing needs a restart.
The table is small on purpose: corpus text is never translated, only the chrome.
"""

from __future__ import annotations

import locale
import logging
import os

log = logging.getLogger(__name__)

LANGUAGES = ("en", "zh")

# key -> (English, Chinese)
_TABLE: dict[str, tuple[str, str]] = {
    # menus
    "menu.file": ("&File", "文件(&F)"),
    "menu.edit": ("&Edit", "编辑(&E)"),
    "menu.view": ("&View", "视图(&V)"),
    "menu.go": ("&Go", "跳转(&G)"),
    "menu.study": ("&Study", "学习(&S)"),
    "menu.visualize": ("Vi&sualize", "可视化(&I)"),
    "menu.help": ("&Help", "帮助(&H)"),
    "menu.theme": ("&Theme", "主题(&T)"),
    "menu.script": ("Chinese &script", "中文字形(&S)"),
    "menu.language": ("&Language", "界面语言(&L)"),
    # actions
    "act.quit": ("&Quit", "退出(&Q)"),
    "act.search": ("&Search", "搜索(&S)"),
    "act.copy": ("&Copy", "复制(&C)"),
    "act.find": ("&Find in page…", "页内查找(&F)…"),
    "act.find_next": ("Find &next", "查找下一个(&N)"),
    "act.back": ("&Back", "后退(&B)"),
    "act.forward": ("&Forward", "前进(&F)"),
    "act.next": ("&Next entry", "下一题(&N)"),
    "act.previous": ("&Previous entry", "上一题(&P)"),
    "act.bookmark": ("&Bookmark", "收藏(&B)"),
    "act.known": ("Mark &known", "标记为已掌握(&K)"),
    "act.note": ("Edit &note", "编辑笔记(&N)"),
    "act.tutor": ("Ask the &tutor", "问导师(&T)"),
    "act.zoom_in": ("Zoom &in", "放大(&I)"),
    "act.zoom_out": ("Zoom &out", "缩小(&O)"),
    "act.zoom_reset": ("&Actual size", "原始大小(&A)"),
    "act.theme_system": ("Follow &system", "跟随系统(&S)"),
    "act.theme_light": ("&Light", "浅色(&L)"),
    "act.theme_dark": ("&Dark", "深色(&D)"),
    "act.script_original": ("As &written", "按原文(&O)"),
    "act.script_simplified": ("&Simplified", "简体(&S)"),
    "act.script_traditional": ("&Traditional", "繁體(&T)"),
    "act.script_cycle": ("Cycle &script", "切换字形(&C)"),
    "act.lang_auto": ("&Automatic", "自动(&A)"),
    "act.lang_en": ("&English", "&English"),
    "act.lang_zh": ("&中文", "&中文"),
    "act.visualizer": ("Show &visualizer", "显示可视化(&V)"),
    "act.no_presets": ("No visualization for this entry", "本题没有可视化"),
    "act.about": ("&About", "关于(&A)"),
    "act.log": ("Open &log folder", "打开日志文件夹(&L)"),
    # panels
    "panel.browse": ("Browse", "浏览"),
    "panel.results": ("Results", "结果"),
    "panel.related": ("Related", "相关题目"),
    "panel.note": ("My note", "我的笔记"),
    "panel.study": ("Study", "学习"),
    "panel.tutor": ("Tutor", "导师"),
    "panel.tutor_loading": ("Loading the tutor…", "正在载入导师…"),
    # tree and filters
    "filter.all": ("All questions", "全部题目"),
    "filter.unanswered": ("Unanswered", "未作答"),
    "filter.bookmarked": ("Bookmarked", "已收藏"),
    "filter.not_known": ("Not known yet", "未掌握"),
    "filter.any_difficulty": ("Any difficulty", "任意难度"),
    "filter.min_difficulty": ("★{n} and harder", "★{n} 及以上"),
    "chip.answered": ("Answered", "有答案"),
    "chip.source": ("Source: {name}", "来源：{name}"),
    "chip.all_sources": ("All sources", "全部来源"),
    "chip.difficulty": ("★{n}+", "★{n}+"),
    "tree.no_answer": ("no answer", "无答案"),
    "tree.tip": ("{answered} of {total} answered · {bookmarked} bookmarked · {known} known",
                 "{total} 题 · {answered} 有答案 · {bookmarked} 收藏 · {known} 已掌握"),
    # search
    "search.placeholder": ("Search questions and answers (Ctrl+K)", "搜索题目和答案 (Ctrl+K)"),
    "search.count": ("{n} results", "{n} 条结果"),
    "search.count_of": ("Best {n} of {total} results", "共 {total} 条结果，显示前 {n} 条"),
    "search.none": ("No results for “{q}”", "没有找到“{q}”"),
    "search.did_you_mean": ("Did you mean <a href=\"suggest\">{s}</a>?",
                            "你是不是要找 <a href=\"suggest\">{s}</a>？"),
    "search.waiting": ("Search is available once the index is ready.",
                       "索引准备好后即可搜索。"),
    "search.searching": ("Searching…", "正在搜索…"),
    # note
    "note.placeholder": ("Your note for this entry. Saved as you type.",
                         "这道题的笔记，输入时自动保存。"),
    "note.saved": ("Saved {time}", "已保存 {time}"),
    "note.saving": ("Saving…", "正在保存…"),
    "note.no_entry": ("Open an entry to write a note.", "打开一道题后即可写笔记。"),
    "related.none": ("No related entries.", "没有相关题目。"),
    # status bar
    "status.progress": ("Seen {seen} · Known {known} · Bookmarked {bookmarked} of {total}",
                        "已看 {seen} · 已掌握 {known} · 收藏 {bookmarked} / 共 {total}"),
    "status.loading_corpus": ("Loading questions…", "正在读取题库…"),
    "status.index_opening": ("Index: opening…", "索引：正在打开…"),
    "status.index_building": ("Index: building…", "索引：正在建立…"),
    "status.index_ready": ("Index: ready ({n} entries)", "索引：就绪（{n} 题）"),
    "status.index_failed": ("Index: unavailable", "索引：不可用"),
    "status.bookmarked": ("Bookmarked", "已收藏"),
    "status.unbookmarked": ("Bookmark removed", "已取消收藏"),
    "status.known": ("Marked as known", "已标记为掌握"),
    "status.unknown": ("Marked as not known", "已标记为未掌握"),
    "status.not_found": ("Not found: {q}", "未找到：{q}"),
    "status.entry_missing": ("That entry is no longer in the corpus.", "题库中已没有这道题。"),
    # reader placeholders
    "reader.welcome": ("Pick a question on the left, or search with Ctrl+K.",
                       "从左侧选一道题，或按 Ctrl+K 搜索。"),
    "reader.pending": ("The reader is not available in this build.", "此版本未包含阅读器。"),
    # errors
    "error.title": ("Interview Desk", "面试备考桌"),
    "error.unexpected": ("Something went wrong: {what}. Details are in {log}.",
                         "出现意外错误：{what}。详情见 {log}。"),
    "find.prompt": ("Find in page:", "页内查找："),
    "about.text": ("LLM Interview Desk {version}: an offline study desk for LLM interviews.",
                   "LLM 面试备考桌 {version}：离线的大模型面试学习工具。"),
    # study mode
    "act.study_now": ("&Review due cards…", "复习到期卡片(&R)…"),
    "act.study_stats": ("Study s&tatistics…", "学习统计(&T)…"),
    "study.title": ("Review", "复习"),
    "study.show": ("Show answer (Space)", "显示答案（空格）"),
    "study.type_here": ("Type your answer here, then Ctrl+Enter to compare (or just think and "
                        "press Space)",
                        "在此输入你的答案，按 Ctrl+Enter 对照（或只在心里想，按空格）"),
    "study.note_here": ("Your note on this entry (N to edit; saved as you type)",
                        "这道题的笔记（按 N 编辑，自动保存）"),
    "study.keys": ("Space show answer · Tab type · Ctrl+Enter compare · 1 Again 2 Hard 3 Good "
                   "4 Easy · Ctrl+Z undo · @ suspend · - bury · N note · O deck options · "
                   "Esc close",
                   "空格 显示答案 · Tab 输入 · Ctrl+Enter 对照 · 1 重来 2 困难 3 良好 4 简单 · "
                   "Ctrl+Z 撤销 · @ 暂停 · - 搁置到明天 · N 笔记 · O 卡组选项 · Esc 关闭"),
    "study.again": ("Again", "重来"),
    "study.hard": ("Hard", "困难"),
    "study.good": ("Good", "良好"),
    "study.easy": ("Easy", "简单"),
    "study.counts": ("New {new} · Learning {learning} · Review {review}",
                     "新卡 {new} · 学习中 {learning} · 复习 {review}"),
    "study.done": ("Nothing more is due today in {deck}. Well done.",
                   "今天「{deck}」没有更多到期的卡片了，做得好。"),
    "study.nothing_to_undo": ("Nothing to undo", "没有可撤销的操作"),
    "study.suspended": ("Card suspended (Ctrl+Z to undo)", "卡片已暂停（Ctrl+Z 撤销）"),
    "study.buried": ("Card buried until tomorrow (Ctrl+Z to undo)",
                     "卡片已搁置到明天（Ctrl+Z 撤销）"),
    "status.due": ("{n} due today", "今日到期 {n}"),
    "study.your_answer": ("Your answer", "你的答案"),
    "study.deck_options": ("Deck options… (O)", "卡组选项…（O）"),
    "deck.title": ("Deck options", "卡组选项"),
    "deck.name": ("Name", "名称"),
    "deck.spec": ("Filter (search syntax)", "筛选（搜索语法）"),
    "deck.new_per_day": ("New cards per day", "每日新卡数"),
    "deck.max_reviews": ("Maximum reviews per day", "每日最多复习数"),
    "deck.retention": ("Desired retention", "期望保持率"),
    "deck.day_start": ("A study day starts at (local)", "学习日开始时间（本地）"),
    "deck.needs_name": ("A deck needs a name.", "卡组需要一个名称。"),
    "study.unanswered": ("The source gives no answer to this question: write your own in the "
                         "note (N), or have the tutor draft one (Tutor tab, Draft an answer); "
                         "a draft then shows here, labelled.",
                         "原文没有给出这道题的答案：可以在笔记里写下你自己的答案（N），或让导师起草一份"
                         "（导师标签页“起草答案”），之后草稿会带标注显示在这里。"),
    "act.study_mock": ("&Mock interview…", "模拟面试(&M)…"),
    "mock.title": ("Mock interview", "模拟面试"),
    "mock.deck": ("Deck", "卡组"),
    "mock.difficulty": ("Difficulty", "难度"),
    "mock.count": ("Questions", "题数"),
    "mock.minutes": ("Minutes per question", "每题分钟数"),
    "mock.start": ("Start (Ctrl+Enter)", "开始（Ctrl+Enter）"),
    "mock.history": ("Earlier interviews (Enter opens one)", "以往的模拟面试（回车打开）"),
    "mock.history_row": ("{when} · {deck} · {n} questions · mean score {score}",
                         "{when} · {deck} · {n} 题 · 平均分 {score}"),
    "mock.answer_here": ("Type (or paste) your answer; Ctrl+Enter for the next question",
                         "输入（或粘贴）你的答案；Ctrl+Enter 进入下一题"),
    "mock.next": ("Next question (Ctrl+Enter)", "下一题（Ctrl+Enter）"),
    "mock.progress": ("Question {i} of {n}", "第 {i} 题，共 {n} 题"),
    "mock.stop": ("Stop critique (Esc)", "停止点评（Esc）"),
    "mock.new": ("New interview", "新的面试"),
    "mock.send_back": ("Send {n} low scores back to review as Again",
                       "把 {n} 道低分题作为“重来”送回复习"),
    "mock.no_answer": ("no answer", "未作答"),
    "mock.waiting": ("Waiting for the critique…", "等待点评…"),
    "mock.degenerate": ("The model's output was not a usable critique (it repeated itself or "
                        "said nothing), so it is not shown. Try a stronger model.",
                        "模型的输出不是可用的点评（重复或为空），因此未显示。请换用更强的模型。"),
    "mock.unstructured": ("The model replied without a score or any finding, so its reply "
                          "is not shown as a critique. Try a stronger model.",
                          "模型的回复既没有分数也没有具体意见，因此不作为点评显示。请换用更强的模型。"),
    "mock.stopped": ("Critique stopped.", "点评已停止。"),
    "mock.failed": ("No critique: {why}", "无法点评：{why}"),
    "mock.score": ("Score {score}/5", "得分 {score}/5"),
    "mock.no_score": ("No score given", "未给出分数"),
    "mock.no_reference": ("no reference answer: judged against related notes",
                          "无参考答案：依据相关笔记评判"),
    "mock.sent_back": ("sent back to review", "已送回复习"),
    "mock.sources": ("Sources:", "来源："),
    "mock.your_answer": ("Your answer", "你的答案"),
    "mock.keys": ("Ctrl+Enter start / next question · Esc stop the critique or close",
                  "Ctrl+Enter 开始 / 下一题 · Esc 停止点评或关闭"),
    "study.reference": ("Reference answer", "参考答案"),
    "stats.title": ("Study statistics", "学习统计"),
    "stats.summary": ("{cards} cards: {new} new, {learning} learning, {review} in review · "
                      "{due} due today · {today} reviewed today · retention (30 days) "
                      "{retention}",
                      "{cards} 张卡片：新卡 {new}，学习中 {learning}，复习中 {review} · "
                      "今日到期 {due} · 今日已复习 {today} · 近 30 天保持率 {retention}"),
    "stats.reviews_per_day": ("Reviews per day (last {n} days; red: Again)",
                              "每日复习（近 {n} 天，红色为重来）"),
    "stats.forecast": ("Due forecast (next {n} days)", "到期预测（未来 {n} 天）"),
    "stats.retention": ("True retention by interval (% passed · reviews)",
                        "按间隔的真实保持率（通过率 · 复习次数）"),
    "stats.coverage": ("Coverage per source (%)", "各来源覆盖率（%）"),
    "stats.seen": ("seen", "已看"),
    "stats.known": ("known", "已掌握"),
    "stats.in_review": ("in review", "复习中"),
    "stats.mock_scores": ("Mock interview scores (mean of each of {n} interviews, 1-5)",
                          "模拟面试得分（{n} 次面试各自的平均分，1-5）"),
}

_current = "en"


def system_language() -> str:
    """``zh`` when the user's locale is Chinese, otherwise ``en``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "zh" if code.lower().startswith("zh") else "en"


def resolve_language(choice: str) -> str:
    """The language to show for a setting of ``auto``, ``zh`` or ``en``."""
    return choice if choice in LANGUAGES else system_language()


def set_language(language: str) -> None:
    global _current
    _current = resolve_language(language)


def current_language() -> str:
    return _current


def tr(key: str, **values: object) -> str:
    """The string for ``key`` in the current language, formatted with ``values``."""
    pair = _TABLE.get(key)
    if pair is None:
        log.warning("i18n: missing key %s", key)
        return key
    text = pair[1] if _current == "zh" else pair[0]
    return text.format(**values) if values else text


def all_keys() -> list[str]:
    return list(_TABLE)
