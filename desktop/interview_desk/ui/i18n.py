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
    # model attention
    "matt.tab": ("Model", "模型"),
    "matt.see_in_model": ("See it in the model", "在模型中查看"),
    "matt.run": ("Run", "运行"),
    "matt.cancel": ("Cancel", "取消"),
    "matt.layer": ("Layer", "层"),
    "matt.head": ("Head", "头"),
    "matt.query": ("Query", "查询"),
    "matt.all_queries": ("all", "全部"),
    "matt.text_hint": ("Text to run through the model (at most 128 tokens)",
                       "输入送入模型的文本（最多 128 个词元）"),
    "matt.no_model": ("No model: load one in the Tutor tab or run "
                      "`interview-desk models fetch-default`",
                      "没有模型：请在导师页加载，或运行 `interview-desk models fetch-default`"),
    "matt.model": ("Model: {name}", "模型：{name}"),
    "matt.running": ("Running {name}: layer {done}/{total}…",
                     "正在运行 {name}：第 {done}/{total} 层…"),
    "matt.cancelled": ("Cancelled.", "已取消。"),
    "matt.done": ("{n} tokens · {layers} layers × {heads} heads ({kv} KV heads) · "
                  "{seconds:.2f} s · numbers from the model's own weights",
                  "{n} 个词元 · {layers} 层 × {heads} 头（{kv} 个 KV 头）· {seconds:.2f} 秒 · "
                  "数值来自模型自身的权重"),
    "matt.tab_grid": ("All heads", "全部头"),
    "matt.tab_map": ("Head map", "单头热图"),
    "matt.tab_lines": ("Head view", "连线视图"),
    "matt.tab_rollout": ("Rollout && entropy", "累积与熵"),  # && : a plain & in a tab
    "matt.grid_title": ("Layers (rows) × heads (columns) · click a head",
                        "层（行）× 头（列）· 点击查看"),
    "matt.grid_title_wide": ("Heads (rows) × layers (columns) · click a head",
                             "头（行）× 层（列）· 点击查看"),
    "matt.map_title": ("Layer {layer} · head {head} → KV {kv} · {pattern}",
                       "第 {layer} 层 · 第 {head} 头 → KV {kv} · {pattern}"),
    "matt.row_title": ("Query #{q} “{token}”: its weights over the keys",
                       "查询 #{q} “{token}” 在各键上的权重"),
    "matt.rollout_title": ("Rollout after layer {layer}: how much each input reaches each position",
                           "第 {layer} 层后的注意力累积：每个输入流向每个位置的份额"),
    "matt.entropy_title": ("Mean attention entropy (nats): layers × heads",
                           "平均注意力熵（nats）：层 × 头"),
    "matt.hover": ("Layer {layer} · head {head} · query #{q} “{qt}” → key #{k} “{kt}”: "
                   "weight {w:.4f}",
                   "第 {layer} 层 · 第 {head} 头 · 查询 #{q} “{qt}” → 键 #{k} “{kt}”："
                   "权重 {w:.4f}"),
    "matt.hover_head": ("Layer {layer} · head {head}: {pattern} · entropy {entropy:.2f}",
                        "第 {layer} 层 · 第 {head} 头：{pattern} · 熵 {entropy:.2f}"),
    "matt.export_png": ("Export PNG", "导出 PNG"),
    "matt.export_csv": ("Export CSV", "导出 CSV"),
    "matt.export": ("Export", "导出"),
    "matt.pattern.previous": ("previous token", "前一个词元"),
    "matt.pattern.sink": ("first token (attention sink)", "首词元（注意力汇聚）"),
    "matt.pattern.diagonal": ("diagonal (itself)", "对角线（自身）"),
    "matt.pattern.broad": ("broad", "广泛"),
    "matt.pattern.content": ("by content", "按内容"),
    "matt.explain.previous": ("Looks at the token just before: carries local order forward, "
                              "half of an induction circuit.",
                              "看紧邻的前一个词元：传递局部顺序，是归纳回路的一半。"),
    "matt.explain.sink": ("Parks its weight on the first token: softmax must put weight "
                          "somewhere, and the first token is always visible.",
                          "把权重停在首词元上：softmax 必须分配权重，而首词元总是可见。"),
    "matt.explain.diagonal": ("Attends to the token itself: keeps its own information.",
                              "关注词元自身：保留自己的信息。"),
    "matt.explain.broad": ("Spreads its weight over many earlier tokens: an average of "
                           "the context.",
                           "把权重分散到许多之前的词元上：相当于对上下文取平均。"),
    "matt.explain.content": ("Picks keys by what the words mean, not where they are.",
                             "按词义而不是位置选择键。"),
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
