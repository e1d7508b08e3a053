"""The UI's own strings in English and Chinese: one table, no .qm files of our own.

``tr(key)`` looks a string up in the current language; widgets call it again from their
``retranslate()`` when the user switches language, so nothing needs a restart. Every
visible string of ours is here (tests/ui/test_strings.py scans ``ui/`` for literals);
corpus text is never translated, only the chrome. Qt's own texts (context menus,
standard buttons) come from Qt's catalogues: see ``qt_translations``.
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
    "chip.any_difficulty": ("Difficulty", "难度"),  # the tree has its own "Any difficulty"
    "tree.no_answer": ("no answer", "无答案"),
    # search
    "search.placeholder": ("Search questions and answers (Ctrl+K)", "搜索题目和答案 (Ctrl+K)"),
    "search.count": ("{n} results", "{n} 条结果"),
    "search.count_of": ("Best {n} of {total} results", "共 {total} 条结果，显示前 {n} 条"),
    "search.none": ("No results for “{q}”", "没有找到“{q}”"),
    "search.did_you_mean": ("Did you mean <a href=\"suggest\">{s}</a>?",
                            "你是不是要找 <a href=\"suggest\">{s}</a>？"),
    "search.waiting": ("Search is available once the index is ready.",
                       "索引准备好后即可搜索。"),
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
    "reader.load_failed": ("The reader could not be started; the log folder (Help menu) has "
                           "the details.", "阅读器无法启动；详情见日志文件夹（帮助菜单）。"),
    # errors
    "error.title": ("Interview Desk", "面试备考桌"),
    "notice.settings_damaged": (
        "{file} was damaged; the default settings are used. The old file is kept as "
        "{aside}.", "{file} 已损坏，现使用默认设置。原文件保留为 {aside}。"),
    "notice.settings_fields": (
        "{file} had wrong values for {fields}; their defaults are used. The old file is "
        "kept as {aside}.", "{file} 中 {fields} 的值有误，现使用默认值。原文件保留为 {aside}。"),
    "notice.settings_unkept": (
        "{file} is damaged and could not be kept aside; the default settings are used.",
        "{file} 已损坏且无法另存，现使用默认设置。"),
    "notice.window_state": (
        "The saved window layout ({file}) was damaged; the default layout is used. The "
        "old file is kept as {aside}.", "保存的窗口布局（{file}）已损坏，现使用默认布局。"
        "原文件保留为 {aside}。"),
    "error.unexpected": ("Something went wrong: {what}. Details are in {log}.",
                         "出现意外错误：{what}。详情见 {log}。"),
    "find.prompt": ("Find in page:", "页内查找："),
    "about.text": ("LLM Interview Desk {version}: an offline study desk for LLM interviews.",
                   "LLM 面试备考桌 {version}：离线的大模型面试学习工具。"),
    "button.ok": ("OK", "确定"),
    "button.cancel": ("Cancel", "取消"),
    "button.close": ("Close", "关闭"),
    "reader.render_failed": ("This answer could not be displayed ({message}).",
                             "无法显示这个答案（{message}）。"),
    # accessible names (screen readers)
    "a11y.search": ("Search", "搜索"),
    "a11y.tree": ("Sources", "来源"),
    "a11y.results": ("Search results", "搜索结果"),
    "a11y.related": ("Related", "相关题目"),
    "a11y.note": ("Note", "笔记"),
    "a11y.answer": ("Answer", "答案"),
    # Help > Keyboard shortcuts
    "act.shortcuts": ("&Keyboard shortcuts", "键盘快捷键(&K)"),
    "shortcuts.title": ("Keyboard shortcuts", "键盘快捷键"),
    "shortcuts.action": ("Action", "操作"),
    "shortcuts.keys": ("Shortcut", "快捷键"),
    # the status bar's Chinese script indicator
    "script.original": ("As written", "原文"),
    "script.simplified": ("Simplified", "简"),
    "script.traditional": ("Traditional", "繁"),
    "script.tip": ("Chinese script: {mode}. Click to cycle (Ctrl+Shift+S).",
                   "中文字形：{mode}。点击切换（Ctrl+Shift+S）。"),
    # tutor panel
    "tutor.ask": ("Ask", "提问"),
    "tutor.stop": ("Stop", "停止"),
    "tutor.draft": ("Draft an answer", "起草答案"),
    "tutor.draft_tip": ("This entry has no answer in the notes: let the model draft one (kept "
                        "apart, labelled as machine-drafted)",
                        "此题在笔记中没有答案：让模型起草一个（单独保存，并标明为机器起草）"),
    "tutor.clear": ("Clear chat", "清空对话"),
    "tutor.browse_tip": ("Add a .gguf model file", "添加 .gguf 模型文件"),
    "tutor.settings_tip": ("Tutor settings", "导师设置"),
    "tutor.placeholder": ("Ask a follow-up question, e.g. why does GQA save memory?",
                          "追问，例如：为什么 GQA 能节省显存？"),
    "tutor.general": ("General questions (no entry open)", "一般问题（未打开题目）"),
    "tutor.about": ("About: {question}", "关于：{question}"),
    "tutor.no_model": ("No usable model selected.", "没有可用的模型。"),
    "tutor.loading": ("Loading {name}…", "正在载入 {name}…"),
    "tutor.not_loaded": ("Model not loaded: {message}", "模型未载入：{message}"),
    "tutor.chat_note": ("Chat format: {note}. Choose one in ⚙ settings.",
                        "对话格式：{note}。请在 ⚙ 设置中选择。"),
    "tutor.stopped": ("Stopped.", "已停止。"),
    "tutor.you": ("You", "你"),
    "tutor.speaker": ("Tutor", "导师"),
    "tutor.drafted": ("Machine-drafted answer — generated by the model, not from the source "
                      "notes", "机器起草的答案——由模型生成，并非来自原始笔记"),
    "tutor.sources": ("Sources", "来源"),
    "tutor.offered": ("Notes given to the model (none cited)", "提供给模型的笔记（未引用）"),
    "tutor.unreadable": ("Could not read the saved conversation: {error}",
                         "无法读取保存的对话：{error}"),
    "tutor.add_model": ("Add a GGUF model", "添加 GGUF 模型"),
    "tutor.gguf_filter": ("GGUF models (*.gguf)", "GGUF 模型 (*.gguf)"),
    "tutor.remote_item": ("Remote: {url}", "远程：{url}"),
    "tutor.no_model_item": ("No model: run `interview-desk models fetch-default`",
                            "没有模型：请运行 `interview-desk models fetch-default`"),
    "tutor.model_tip": ("{name}, {arch}, context {ctx}", "{name}，{arch}，上下文 {ctx}"),
    "tutor.status": ("{name} · {format} · {gpu}", "{name} · {format} · {gpu}"),
    "tutor.gpu_layers_on": ("GPU offload available, {layers} layers on GPU",
                            "可用 GPU 加速，{layers} 层在 GPU 上"),
    "tutor.gpu_all_on": ("GPU offload available, every layer on GPU",
                         "可用 GPU 加速，所有层都在 GPU 上"),
    "tutor.gpu_remote": ("remote", "远程"),
    "tutor.gpu_cpu_only": ("CPU only (this llama.cpp build has no GPU support)",
                           "仅 CPU（此 llama.cpp 版本不支持 GPU）"),
    # The tutor a learner can trust (issue 17): stages, sources first, states.
    "tutor.reading_sources": ("Notes given to the model ({n})", "提供给模型的笔记（{n} 条）"),
    "tutor.reading": ("Reading the notes…", "正在读取笔记…"),
    "tutor.reading_tokens": ("Reading the notes: {done} / {total} tokens…",
                             "正在读取笔记：{done} / {total} 词元…"),
    "tutor.no_model_inline": ("No model is installed, so the tutor cannot answer yet.",
                              "尚未安装模型，导师暂时无法回答。"),
    "tutor.add_model_link": ("Add a model…", "添加模型…"),
    "tutor.looped": ("The model started repeating itself, so it was stopped.",
                     "模型开始重复同样的内容，已停止。"),
    "tutor.looped_draft": ("The model started repeating itself; the draft was not saved.",
                           "模型开始重复同样的内容；草稿未保存。"),
    "tutor.demo": ("Demonstration model: fast, often wrong — add a stronger model for real "
                   "answers.", "演示模型：速度快，但常常答错——添加更强的模型以获得可靠答案。"),
    "tutor.elsewhere": ("Still answering “{question}”; the reply is kept with that entry.",
                        "仍在回答“{question}”；回复会保存在该题目下。"),
    "tset.source_tokens": ("Notes in the prompt (tokens)", "提示中的笔记（词元）"),
    "tutor.elsewhere_done": ("The reply about “{question}” is ready: open that entry to read "
                             "it.", "关于“{question}”的回复已完成：打开该题目即可查看。"),
    # "Draft all unanswered": a background batch for a section or a deck
    "tree.draft_all": ("Draft all unanswered ({n})", "起草全部未答题目（{n}）"),
    "study.deck_draft": ("Draft all unanswered", "起草全部未答题目"),
    "study.deck_draft_tip": ("Let the tutor's model draft an answer for every unanswered "
                             "entry of this deck, in the background (entries that have a "
                             "draft are skipped)",
                             "让导师的模型在后台为此卡组中每道未答题目起草答案（已有草稿的"
                             "题目会跳过）"),
    "batch.already": ("A batch of drafts is already running: pause or cancel it first.",
                      "已有一批草稿正在起草：请先暂停或取消。"),
    "batch.not_ready": ("The tutor is not ready yet; try again in a moment.",
                        "导师尚未就绪，请稍后再试。"),
    "batch.drafting": ("Drafting {n} of {total}: {question}", "正在起草 {n}/{total}：{question}"),
    "batch.waiting": ("Drafts for “{title}”: waiting for the model…",
                      "“{title}”的草稿：正在等待模型…"),
    "batch.paused": ("Drafts paused at {n} of {total} ({title})",
                     "草稿已暂停于 {n}/{total}（{title}）"),
    "batch.done": ("Drafts for “{title}”: {saved} saved, {failed} failed, {skipped} skipped",
                   "“{title}”的草稿：已保存 {saved}，失败 {failed}，跳过 {skipped}"),
    "batch.cancelled": ("Drafts for “{title}” cancelled: {saved} saved, {failed} failed, "
                        "{left} not drafted",
                        "“{title}”的草稿已取消：已保存 {saved}，失败 {failed}，"
                        "未起草 {left}"),
    "batch.pause": ("Pause", "暂停"),
    "batch.resume": ("Resume", "继续"),
    "batch.cancel": ("Cancel", "取消"),
    "batch.close": ("Close", "关闭"),
    "batch.tip": ("“{title}”: {total} unanswered entries to draft; {skipped} skipped (they "
                  "have a draft), {answered} answered in the notes",
                  "“{title}”：待起草的未答题目 {total} 道；跳过 {skipped} 道（已有草稿），"
                  "笔记中已回答 {answered} 道"),
    "batch.failed_line": ("✗ {question}: {reason}", "✗ {question}：{reason}"),
    "batch.reason_repetition": ("the model repeated itself, so the draft was not saved",
                                "模型开始重复同样的内容，草稿未保存"),
    "batch.reason_empty": ("the model wrote nothing", "模型没有输出任何内容"),
    "batch.reason_error": ("failed: {detail}", "失败：{detail}"),
    # tutor settings dialog
    "tset.title": ("Tutor settings", "导师设置"),
    "tset.gpu_layers": ("GPU layers", "GPU 层数"),
    "tset.gpu_all": ("all layers", "全部层"),
    "tset.gpu_tip": ("0 = CPU only; -1 = every layer on the GPU",
                     "0 = 仅 CPU；-1 = 所有层放到 GPU"),
    "tset.gpu_yes": ("This llama.cpp build can offload layers to the GPU.",
                     "此 llama.cpp 版本可以把层放到 GPU 上运行。"),
    "tset.gpu_no": ("This llama.cpp build is CPU-only: GPU layers are ignored. Install a CUDA, "
                    "Metal or Vulkan build of llama-cpp-python to use a GPU (see "
                    "models/README.md).",
                    "此 llama.cpp 版本只支持 CPU：GPU 层数不起作用。要使用 GPU，请安装 CUDA、"
                    "Metal 或 Vulkan 版本的 llama-cpp-python（见 models/README.md）。"),
    "tset.n_ctx": ("Context size (tokens)", "上下文长度（词元）"),
    "tset.threads": ("CPU threads", "CPU 线程数"),
    "tset.threads_auto": ("automatic", "自动"),
    "tset.temperature": ("Temperature", "温度"),
    "tset.temperature_auto": ("Auto (by model size)", "自动（按模型大小）"),
    "tset.top_p": ("Top-p", "Top-p"),
    "tset.max_tokens": ("Max tokens per reply", "每次回复的最多词元"),
    "tset.chat_format": ("Chat format", "对话格式"),
    "tset.format_model": ("From the model (GGUF template)", "来自模型（GGUF 模板）"),
    "tset.remote_url": ("Remote endpoint", "远程端点"),
    "tset.remote_hint": ("empty = local model; e.g. http://127.0.0.1:8080",
                         "留空 = 本地模型；例如 http://127.0.0.1:8080"),
    "tset.remote_model": ("Remote model name", "远程模型名称"),
    "tset.remote_timeout": ("Remote timeout (s)", "远程超时（秒）"),
    # visualizer dock
    "viz.dock": ("Visualizer", "可视化"),
    "viz.tab_attention": ("Attention", "注意力"),
    "viz.tab_positions": ("Positions", "位置编码"),
    "viz.query": ("query", "查询"),
    "viz.key": ("key", "键"),
    "viz.weight": ("weight", "权重"),
    "viz.offset": ("offset", "距离"),
    "viz.position": ("position", "位置"),
    "viz.dimension": ("dimension", "维度"),
    # attention view
    "att.text": ("Text", "文本"),
    "att.text_hint": ("Type text to attend over", "输入要计算注意力的文本"),
    "att.tokens": ("Tokens:", "分词："),
    "att.words": ("words", "按词"),
    "att.model_tokens": ("model", "模型"),
    "att.heads": ("Heads", "头数"),
    "att.kv_heads": ("KV heads", "KV 头数"),
    "att.mask": ("Mask", "掩码"),
    "att.position": ("Position", "位置编码"),
    "att.temperature": ("Temperature", "温度"),
    "att.show_head": ("Show head", "查看头"),
    "att.export_png": ("Export PNG", "导出 PNG"),
    "att.export_csv": ("Export CSV", "导出 CSV"),
    "att.export_png_tip": ("Export the picture as PNG", "把图导出为 PNG"),
    "att.export_csv_tip": ("Export this head's attention weights as CSV",
                           "把这个头的注意力权重导出为 CSV"),
    "att.export": ("Export", "导出"),
    "att.png_filter": ("PNG image (*.png)", "PNG 图片 (*.png)"),
    "att.csv_filter": ("CSV table (*.csv)", "CSV 表格 (*.csv)"),
    "att.mask_none": ("None", "无"),
    "att.mask_causal": ("Causal", "因果"),
    "att.mask_padding": ("Padding", "填充"),
    "att.mask_sliding": ("Sliding window", "滑动窗口"),
    "att.mask_prefix": ("Prefix-LM", "前缀语言模型"),
    "att.extra_sliding": ("Window", "窗口"),
    "att.extra_prefix": ("Prefix", "前缀"),
    "att.extra_padding": ("Pad", "填充数"),
    "att.pos_none": ("None", "无"),
    "att.pos_sinusoidal": ("Sinusoidal (added)", "正弦（相加）"),
    "att.pos_learned": ("Learned (added)", "可学习（相加）"),
    "att.pos_rope": ("RoPE (rotates q, k)", "RoPE（旋转 q、k）"),
    "att.pos_alibi": ("ALiBi (score bias)", "ALiBi（分数偏置）"),
    "att.pos_t5": ("T5 relative (score bias)", "T5 相对位置（分数偏置）"),
    "att.scores_title": ("scores QKᵀ/√d (pre-softmax)", "分数 QKᵀ/√d（softmax 前）"),
    "att.weights_head": ("weights · head {head} → kv {kv}", "权重 · 头 {head} → kv {kv}"),
    "att.bars_title": ("distribution of query #{query} “{token}” (head {head})",
                       "查询 #{query} “{token}” 的分布（头 {head}）"),
    "att.hover": ("head {head} · query #{row} “{q}” → key #{col} “{k}”: weight {weight:.4f}",
                  "头 {head} · 查询 #{row} “{q}” → 键 #{col} “{k}”：权重 {weight:.4f}"),
    "att.hover_masked": (" · masked", " · 已屏蔽"),
    "att.hover_score": (" · score {score:+.3f}", " · 分数 {score:+.3f}"),
    "att.info": ("{n} tokens{cut} · {heads} heads / {kv} kv · d_k {dk} · T {t:.2f} · hover a "
                 "cell for its values, click a row for its distribution",
                 "{n} 个词元{cut} · {heads} 个头 / {kv} 个 kv · d_k {dk} · T {t:.2f} · "
                 "悬停查看数值，点击一行查看分布"),
    "att.first_tokens": (" (first {n})", "（前 {n} 个）"),
    "att.no_model_tokens": ("the model's tokenizer returned no tokens",
                            "模型的分词器没有返回任何词元"),
    # position view
    "pos.length": ("Length", "长度"),
    "pos.dim": ("Dim", "维度"),
    "pos.base": ("Base", "底数"),
    "pos.scaling": ("Scaling", "缩放"),
    "pos.factor": ("Factor", "倍数"),
    "pos.alibi_heads": ("ALiBi heads", "ALiBi 头数"),
    "pos.panel": ("Panel", "面板"),
    "pos.panel_all": ("All", "全部"),
    "pos.panel_sinusoidal": ("Sinusoidal", "正弦"),
    "pos.panel_rope": ("RoPE", "RoPE"),
    "pos.panel_alibi": ("ALiBi", "ALiBi"),
    "pos.panel_t5": ("T5 relative", "T5 相对位置"),
    "pos.scaling_none": ("None", "无"),
    "pos.scaling_pi": ("PI (position interpolation)", "PI 位置插值"),
    "pos.scaling_ntk": ("NTK-aware", "NTK-aware"),
    "pos.info": ("length {length} · dim {dim} · base {base:,.0f} · {scaling}",
                 "长度 {length} · 维度 {dim} · 底数 {base:,.0f} · {scaling}"),
    "pos.sin_title": ("Sinusoidal PE", "正弦位置编码"),
    "pos.similarity_title": ("Similarity by offset", "按距离的相似度"),
    "pos.sinusoidal": ("sinusoidal", "正弦"),
    "pos.learned": ("learned (untrained)", "可学习（未训练）"),
    "pos.pairs_title": ("RoPE rotating pairs", "RoPE 旋转对"),
    "pos.decay_title": ("q·k long-range decay", "q·k 远程衰减"),
    "pos.decay_x": ("offset |m−n|", "距离 |m−n|"),
    "pos.decay_y": ("q·k (normalised)", "q·k（归一化）"),
    "pos.base_curve": ("base {base:,.0f}", "底数 {base:,.0f}"),
    "pos.now": (" ← now", " ← 当前"),
    "pos.alibi_title": ("ALiBi bias = −m·(i−j), first {n} positions, shared colour scale "
                        "{lo:.1f}…0", "ALiBi 偏置 = −m·(i−j)，前 {n} 个位置，统一色标 {lo:.1f}…0"),
    "pos.t5_title": ("T5 buckets (key − query)", "T5 桶（键 − 查询）"),
    "pos.t5_size": ("T5 buckets ({n}×{n})", "T5 桶（{n}×{n}）"),
    "pos.t5_chart": ("T5 buckets by offset", "T5 按距离分桶"),
    "pos.t5_x": ("key − query", "键 − 查询"),
    "pos.t5_y": ("bucket", "桶"),
    "pos.bidirectional": ("bidirectional", "双向"),
    "pos.causal": ("causal", "单向"),
    # Visualize menu: one entry per preset in viz.presets
    "preset.attention-basics": ("Self-attention", "自注意力"),
    "preset.attention-multihead": ("Multi-head attention", "多头注意力"),
    "preset.attention-gqa": ("Grouped-query attention (GQA / MQA)", "分组查询注意力 GQA / MQA"),
    "preset.attention-causal": ("Causal mask", "因果掩码"),
    "preset.attention-padding": ("Padding mask", "填充掩码"),
    "preset.attention-sliding": ("Sliding window attention", "滑动窗口注意力"),
    "preset.attention-prefix": ("Prefix-LM mask", "前缀语言模型掩码"),
    "preset.attention-temperature": ("Temperature and softmax", "温度与 softmax"),
    "preset.position-sinusoidal": ("Sinusoidal positions", "正弦位置编码"),
    "preset.position-rope": ("Rotary positions (RoPE)", "旋转位置编码 RoPE"),
    "preset.position-extrapolation": ("Length extrapolation", "长度外推"),
    "preset.position-alibi": ("Linear biases (ALiBi)", "线性偏置 ALiBi"),
    "preset.position-relative": ("Relative positions (T5)", "相对位置编码（T5）"),
    "preset.attention-rope": ("Attention with RoPE", "注意力 + RoPE"),
    "preset.attention-alibi": ("Attention with ALiBi", "注意力 + ALiBi"),
    # reader fidelity
    "reader.repaired_formula": (
        "Formula reconstructed from text copied off a web page.\n"
        "Right-click ▸ Show source text to see it as written.",
        "此公式由网页复制的文字重建。\n右键 ▸ 显示原文 可查看原样。"),
    "reader.no_answer": ("No answer in the source", "此题在原文中没有答案"),
    "reader.draft_label": ("Machine-drafted, not from the source", "机器草稿，非原文"),
    "reader.show_source": ("Show source text", "显示原文"),
    "reader.source_title": ("Source text: {q}", "原文：{q}"),
    "reader.source_repaired": (
        "{n} formula(s) in this answer were rebuilt from copied text; below is the answer "
        "exactly as the document has it.",
        "此答案中有 {n} 个公式由复制的文字重建；下面是文档中的原样。"),
    "reader.source_as_written": ("The answer exactly as the document has it.",
                                 "文档中答案的原样。"),
    "reader.source_broken": (
        "Lines longer than {n:,} characters are shown broken into lines of that length; "
        "Copy all copies the text as written.",
        "超过 {n:,} 个字符的行按此长度分行显示；“全部复制”复制原样文字。"),
    "reader.source_copy_all": ("Copy all", "全部复制"),
    "tree.overview": ("About this document:", "关于此文档："),
    # model attention
    "matt.tab": ("Model", "模型"),
    "matt.see_in_model": ("See it in the model", "在模型中查看"),
    "matt.run": ("Run", "运行"),
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
    # importer
    "act.import": ("&Import notes folder…", "导入笔记文件夹(&I)…"),
    "imp.title": ("Import notes", "导入笔记"),
    "imp.folder": ("Folder:", "文件夹："),
    "imp.no_folder": ("(no folder chosen)", "（未选择文件夹）"),
    "imp.choose": ("Choose…", "选择…"),
    "imp.choose_title": ("Choose a folder of notes", "选择笔记文件夹"),
    "imp.rule": ("Questions are:", "问题识别规则："),
    "imp.file_rule": ("For the selected file:", "所选文件："),
    "imp.rule_inherit": ("Same as the folder", "与文件夹相同"),
    "imp.rule_auto": ("Found automatically", "自动识别"),
    "imp.rule_headings": ("Headings of level {level}", "第 {level} 级标题"),
    "imp.rule_numbered": ("Numbered items", "编号条目"),
    "imp.rule_bullets": ("Bullet items", "项目符号条目"),
    "imp.rule_qa": ("Q:/A: pairs and tables", "问/答对与表格"),
    "imp.col_file": ("File / question", "文件 / 问题"),
    "imp.col_questions": ("Questions", "问题数"),
    "imp.col_answered": ("Answered", "有答案"),
    "imp.col_status": ("Start of the answer", "答案开头"),
    "imp.skipped": ("skipped: {reason}", "已跳过：{reason}"),
    "imp.no_answer": ("(no answer)", "（无答案）"),
    "imp.more": ("… and {count} more", "……还有 {count} 个"),
    "imp.reading": ("Reading the folder…", "正在读取文件夹…"),
    "imp.failed": ("Could not read the folder: {reason}", "无法读取文件夹：{reason}"),
    "imp.summary": ("{questions} questions ({answered} answered) in {files} files; "
                    "{skipped} files skipped",
                    "{files} 个文件中共 {questions} 个问题（{answered} 个有答案）；"
                    "跳过 {skipped} 个文件"),
    "imp.add": ("Add folder", "添加文件夹"),
    # study mode
    "act.study_now": ("&Review due cards…", "复习到期卡片(&R)…"),
    "act.study_stats": ("Study s&tatistics…", "学习统计(&T)…"),
    "study.title": ("Review", "复习"),
    "study.show": ("Show answer (Space)", "显示答案（空格）"),
    "study.type_here": ("Press Tab (or click) to type your answer here, then Ctrl+Enter to "
                        "compare; or just think and press Space",
                        "按 Tab（或点击）在此输入你的答案，按 Ctrl+Enter 对照；"
                        "或只在心里想，按空格"),
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
    "deck.all_answered": ("All answered", "全部有答案"),
    "deck.bookmarked": ("Bookmarked", "已收藏"),
    "deck.struggling": ("Struggling", "薄弱题"),
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
    "stats.mock_none": ("Mock interview scores: none yet (Study ▸ Mock interview…, "
                        "Ctrl+Shift+M)",
                        "模拟面试得分：还没有（学习 ▸ 模拟面试…，Ctrl+Shift+M）"),
    "stats.mock_scores": ("Mock interview scores (mean of each of {n} interviews, 1-5)",
                          "模拟面试得分（{n} 次面试各自的平均分，1-5）"),
    # model manager (ui/tutor/manager)
    "act.models": ("&Model manager…", "模型管理(&M)…"),
    "tutor.models_tip": ("Model manager: add, remove and compare models",
                         "模型管理：添加、删除、比较模型"),
    "manager.title": ("Model manager", "模型管理"),
    "manager.tab_installed": ("Installed", "已安装"),
    "manager.tab_recommended": ("Recommended", "推荐模型"),
    "manager.col_model": ("Model", "模型"),
    "manager.col_params": ("Parameters", "参数量"),
    "manager.col_quant": ("Quantization", "量化"),
    "manager.col_size": ("Size", "大小"),
    "manager.col_ctx": ("Context", "上下文"),
    "manager.col_licence": ("Licence", "许可证"),
    "manager.col_good_for": ("Good for", "适合"),
    "manager.col_file": ("Exact file name", "文件名"),
    "manager.chinese_flag": ("[ZH] ", "[中] "),
    "manager.add": ("Add a model…", "添加模型…"),
    "manager.link": ("Link instead of copying", "链接而不复制"),
    "manager.link_tip": ("Leave the file where it is and put a link in the models folder "
                         "(no extra disk space)",
                         "文件留在原处，只在模型文件夹中放一个链接（不占额外空间）"),
    "manager.remove": ("Remove", "删除"),
    "manager.use": ("Use this model", "使用此模型"),
    "manager.cancel": ("Cancel", "取消"),
    "manager.drop_hint": ("Drop a .gguf file here to add it to {folder}",
                          "把 .gguf 文件拖到这里，加入 {folder}"),
    "manager.never_downloads": ("The app never downloads. Fetch one of these files yourself "
                                "(the tooltip names its publisher), then add it here or put it "
                                "in {folder}. [ZH] = good in Chinese.",
                                "本应用从不下载。请自行获取下列文件（提示中写明发布者），再在这里添加，"
                                "或放入 {folder}。[中] = 中文能力好。"),
    "manager.published_by": ("Published as {publisher}", "发布于 {publisher}"),
    "manager.busy": ("Another model is being added; wait or cancel it.",
                     "正在添加另一个模型；请等待或取消。"),
    "manager.refused": ("Not added: {message}", "未完成：{message}"),
    "manager.copying": ("Copying {name}…", "正在复制 {name}…"),
    "manager.linking": ("Linking {name}…", "正在链接 {name}…"),
    "manager.installed": ("Added {name}.", "已添加 {name}。"),
    "manager.cancelled": ("Cancelled; nothing was left behind.", "已取消，没有留下残余文件。"),
    "manager.removed": ("Removed {name}.", "已删除 {name}。"),
    "manager.using": ("The tutor now uses {name}.", "导师现在使用 {name}。"),
    "manager.nothing_selected": ("No model selected. Add one, or see the recommended models.",
                                 "未选择模型。请添加一个，或查看推荐模型。"),
    "manager.template_own": ("its own", "自带"),
    "manager.template_none": ("none (a fallback format is used)", "无（使用后备格式）"),
    "manager.facts": ("<b>{name}</b> · {arch}<br>{params} parameters · {quant} · {size} on disk"
                      "<br>trained context {ctx} tokens · {layers} layers · chat template: "
                      "{template}<br><small>{path}</small>",
                      "<b>{name}</b> · {arch}<br>参数 {params} · {quant} · 磁盘 {size}"
                      "<br>训练上下文 {ctx} token · {layers} 层 · 对话模板：{template}"
                      "<br><small>{path}</small>"),
    "manager.n_ctx": ("Context (tokens)", "上下文（token）"),
    "manager.vram": ("GPU memory", "显存"),
    "manager.gb_suffix": (" GB", " GB"),
    "manager.gpu_layers": ("Layers on GPU (-1 = all)", "放到 GPU 的层数（-1 = 全部）"),
    "manager.memory_fits": ("Needs about {total} at {ctx} tokens (weights {weights} + KV cache "
                            "{kv}): fits in the {free} free now.",
                            "{ctx} token 时约需 {total}（权重 {weights} + KV 缓存 {kv}）："
                            "当前空闲 {free}，放得下。"),
    "manager.memory_too_big": ("Needs about {total} at {ctx} tokens (weights {weights} + KV "
                               "cache {kv}): more than the {free} free now; lower the context "
                               "or close other programs.",
                               "{ctx} token 时约需 {total}（权重 {weights} + KV 缓存 {kv}）："
                               "超过当前空闲的 {free}；请减小上下文或关闭其他程序。"),
    "manager.gpu_yes": ("This build can offload layers to a GPU.", "此版本可以把层放到 GPU。"),
    "manager.gpu_no": ("This build runs on the CPU only (no GPU offload).",
                       "此版本只能用 CPU 运行（不支持 GPU）。"),
    "manager.gpu_all_fit": ("{build} With {vram:g} GB of GPU memory every layer fits.",
                            "{build} {vram:g} GB 显存可以放下全部层。"),
    "manager.gpu_some_fit": ("{build} With {vram:g} GB of GPU memory, {n} of {total} layers fit.",
                             "{build} {vram:g} GB 显存可以放下 {total} 层中的 {n} 层。"),
    # reliability (issue 18): a note typed while the data file could not be opened
    "note.not_saved": ("Not saved: your data file could not be opened (see the message "
                       "at start-up)", "未保存：无法打开你的数据文件（见启动时的提示）"),
    "note.merged": ("Another window changed this note too: both versions are kept below.",
                    "另一个窗口也改了这条笔记：两个版本都保留在下面。"),
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
