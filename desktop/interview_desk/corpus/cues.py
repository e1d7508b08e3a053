"""Does a line's text ask something? Wording cues for question detection in notes.

Real collections write many questions without a question mark: study prompts
("介绍一下 LoRA", "手写 attention", "Explain beam search") and interview-log items
("kv-cache 解释一下"). Group titles ("Layer Norm 篇", "参考资料", "二面") are the
opposite: they name a set of questions and never are one.
"""

from __future__ import annotations

import re

from interview_desk.corpus.lines import nfkc, strip_emphasis

# A question mark anywhere outside a link or inline code: "… 为什么？说说你的理解".
_MARK_RE = re.compile(r"[?？]")
_LINK_RE = re.compile(r"`[^`]*`|\]\([^)]*\)|https?://\S+")
_ZH_START = (
    "请", "介绍", "讲讲", "讲一下", "说说", "说一下", "谈谈", "聊聊", "解释", "简述", "简单",
    "描述", "阐述", "比较", "对比", "手写", "手撕", "写一下", "写出", "写个", "推导", "实现",
    "如何", "怎么", "怎样", "为什么", "为何", "什么", "是否", "能否", "有没有", "列举", "分析",
    "算法题", "代码题", "画出", "举例",
)
_ZH_ANYWHERE = (
    "是什么", "什么是", "为什么", "怎么", "如何", "哪些", "哪个", "区别", "不同", "原理",
    "作用", "优缺点", "优势", "好处", "多少", "一下", "什么", "吗", "呢", "思路", "怎样",
    "的理解", "介绍", "讲讲", "说说", "解释", "对比", "异同", "过程", "流程", "计算公式",
)
_EN_START_RE = re.compile(
    r"^(?:what|what's|why|how|when|where|which|who|explain|describe|compare|contrast|"
    r"implement|write|derive|define|list|give|name|discuss|walk me|tell me|is|are|does|do|"
    r"can|could|should|would|difference)\b", re.IGNORECASE)
_GROUP_END = (
    "篇", "章", "部分", "汇总", "合集", "总结", "小结", "目录", "参考", "参考资料", "资料",
    "附录", "面经", "题库", "清单", "笔记", "记录",
)
_GROUP_EXACT_RE = re.compile(
    r"^(?:[一二三四五六七八九十\d]+\s*面|hr\s*面|终面|笔试|基础|进阶|其他|其它|补充|"
    r"references?|resources?|summary|contents|table of contents|notes?|todo|links?|"
    r"further reading|appendix|misc|thoughts|overview|introduction|intro)"
    r"(?:\s*[(（].*[)）])?$", re.IGNORECASE)
_TAG_RE = re.compile(r"(?:^|(?<=\s))#[^\s#]+")
_LEAD_NUMBER_RE = re.compile(r"^\s*(?:第\s*)?\d{1,3}\s*[.、．:：)）]\s*")


def plain(text: str) -> str:
    """Text without emphasis, Obsidian tags and trailing colons."""
    text = _TAG_RE.sub("", strip_emphasis(text))
    return text.strip().rstrip(":：").strip()


def has_question_mark(text: str) -> bool:
    return bool(_MARK_RE.search(_LINK_RE.sub("", text)))


def asks(text: str) -> bool:
    """True when the wording asks or prompts for an answer."""
    text = nfkc(plain(text))
    if not text or is_group_title(text):
        return False
    if has_question_mark(text):
        return True
    bare = _LEAD_NUMBER_RE.sub("", text)
    if _EN_START_RE.match(bare):
        return True
    return bare.startswith(_ZH_START) or any(cue in bare for cue in _ZH_ANYWHERE)


def is_group_title(text: str) -> bool:
    """"Layer Norm 篇", "参考资料", "二面", "References": a title over questions."""
    text = _LEAD_NUMBER_RE.sub("", nfkc(plain(text))).strip()
    if not text or has_question_mark(text):
        return False
    return text.endswith(_GROUP_END) or bool(_GROUP_EXACT_RE.match(text))
