"""The text analyzer for the search index: one token stream for Chinese and English.

Pipeline (the same at index and query time, so any script or case finds any other):

1. ``fold``: Traditional -> Simplified and lower case, same length as the input, plus a
   per-character NFKC (mathematical-bold letters, full-width forms) that keeps the length;
   token offsets therefore point into the *original* text, which highlighting relies on.
2. Chinese runs are segmented with jieba's dictionary and algorithm (``segmenter``; no
   HMM, so the same characters segment the same way in a document and in a query) with a
   few domain words added; in ``index``/``query`` mode a long word also yields its
   dictionary parts at the same position (jieba's "search mode"), in ``phrase`` mode
   only the words themselves.
3. Latin/digit runs become case-folded, Porter2-stemmed terms. Code-like compounds
   (``top-p``, ``llama2``, ``fp16``) yield the compound and its parts.
4. Punctuation is dropped; a short English/Chinese stop list removes function words.

Whoosh pickles the analyzer into the index schema, so everything here is a module-level
class with plain attributes; the Chinese dictionary is read lazily, shard by shard
(``segmenter``), so a Latin-only query never touches it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import Token, Tokenizer
from whoosh.lang.snowball.english import EnglishStemmer

from interview_desk.script import fold as _script_fold
from interview_desk.search.segmenter import Segmenter, open_segmenter
from interview_desk.simplified import by_characters

# Bump when tokenization changes: the index cache key includes it.
ANALYZER_VERSION = 4

# Words jieba's general dictionary splits badly or lacks; all are common in the corpus.
DOMAIN_WORDS: tuple[str, ...] = (
    "大模型", "大语言模型", "语言模型", "位置编码", "旋转位置编码", "绝对位置编码",
    "相对位置编码", "注意力", "注意力机制", "自注意力", "多头注意力", "交叉注意力",
    "稀疏注意力", "微调", "全参数微调", "参数高效微调", "指令微调", "有监督微调",
    "预训练", "提示词", "提示工程", "思维链", "上下文学习", "少样本", "零样本",
    "幻觉", "量化", "知识蒸馏", "剪枝", "检索增强", "检索增强生成", "向量数据库",
    "词嵌入", "嵌入", "分词", "分词器", "词表", "强化学习", "人类反馈", "奖励模型",
    "对齐", "过拟合", "欠拟合", "梯度爆炸", "梯度消失", "梯度累积", "归一化",
    "层归一化", "批归一化", "激活函数", "损失函数", "交叉熵", "困惑度", "上下文窗口",
    "长上下文", "外推", "推理加速", "解码", "采样", "束搜索", "贪心解码", "混合专家",
    "数据并行", "模型并行", "流水线并行", "张量并行", "混合精度", "显存", "前馈网络",
    "残差连接", "编码器", "解码器", "智能体", "多模态", "知识图谱", "灾难性遗忘",
    "超参数", "学习率", "批量大小", "词元", "评估指标", "偏见", "越狱",
    # Thesaurus terms jieba cuts into lone characters (回滚 -> 回, 滚): the thesaurus
    # drops lone characters from what it searches, so uncut they were never searched
    # ('roll back' found no 回滚). tests/search/test_thesaurus.py names any new one.
    "切词", "子词", "去重", "低秩", "多卡", "回滚", "超参", "早停", "点积", "千问", "智谱",
    "扩缩容", "众包", "端到端", "幂律",
)

_STOP_EN = frozenset(str.split("""
a an and are as at be by can do does for from has have how i in is it its of on or that the
their then there these this to was what when where which who why will with you your
"""))
_STOP_ZH = frozenset(str.split("""
的 了 和 与 及 是 在 有 吗 呢 吧 啊 着 或 等 也 就 都 而 这 那 这些 那些 一个 一种 我们 你 你们 它
它们 其 之 以 对 为 把 被 从 到 将 如何 什么 哪些 怎么 怎样 为什么 请 你会 会 可以 能 如 及其 以及
进行 使用 让 更 很 最 还 又 再 才 给 得 地 啥 咋 呀
"""))
STOP_WORDS: frozenset[str] = _STOP_EN | _STOP_ZH
# Words a question is phrased with, not about: 老是, 到底, 一点 (模型老是胡说八道, 更随机一点)
# and English ones whose stems slip past the stop list (does -> doe). The notes hold them
# too, so they stay in the index; in a query they only pull in entries that happen to
# say them. Dropped from a query (``drop_filler``) unless nothing else is left.
QUERY_FILLER: frozenset[str] = frozenset(str.split("""
老是 总是 一直 到底 究竟 根本 反而 其实 真的 感觉 好像 有点 一点 一点儿 一些 一下 一下子 起来
那么 这么 那个 这个 这样 那样 这种 那种 怎么办 怎么样 怎么回事 咋办 为啥 干嘛 是不是 能不能
会不会 有没有 要不要 还是 然后 的话 时候 东西 总 老 一 呢 么 嘛 吗 要 想 能够 可能 应该
某个 某些 好几 一遍 不会 自己 之后 之前 以后 怎么弄 搞定 很多 特别 非常 经常 有时 有时候 一般
通常 大概 总会 咋样 具体 哪个 什么样 一堆 一大堆 随便 直接 本来 明明 居然 竟然 越来越
就是 还有 而且 但是 可是 不过 所以 因为 如果 一下下 行不行 不行 搞 弄 整 哦 啦 呗
doe did done make made get got use using used way thing things need needs know about
"""))

# A run of Han characters (with the iteration mark) versus a Latin/digit word.
_RUN = re.compile(r"(?P<han>[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
                  r"|(?P<latin>[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\.\d+)?)")
_PART = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+(?:\.\d+)?")

_segmenter_lock = threading.Lock()
_segmenter: Segmenter | None = None


def _segment() -> Segmenter:
    """The process's Chinese segmenter: jieba's words, its dictionary read per character
    (a few milliseconds; building the cached dictionary once takes a couple of seconds)."""
    global _segmenter
    if _segmenter is None:
        with _segmenter_lock:
            if _segmenter is None:
                try:
                    from interview_desk.paths import user_cache_dir

                    cache: Path | None = user_cache_dir()
                except OSError:
                    cache = None  # built in memory for this process
                _segmenter = open_segmenter(cache, DOMAIN_WORDS)
    return _segmenter


def warm_up() -> None:
    """Open the Chinese segmenter now (first run: builds its dictionary, seconds)."""
    _segment()


# What whoosh.lang.stemmer_for_language("en") returns, without importing every language.
_stem_en = EnglishStemmer().stem


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter2 stem of a folded Latin word; digits and short words stay as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return _stem_en(word)


@lru_cache(maxsize=512)
def fold(text: str) -> str:
    """Same-length folding for matching: Simplified, lower case, per-character NFKC.

    Cached: building a document folds each text for storage, then Whoosh tokenizes it.
    """
    if text.isascii():
        return text.lower()
    folded = _fold_script(text)
    if folded.isascii():
        return folded
    chars = list(folded)
    for i, ch in enumerate(chars):
        if ord(ch) > 0x2000 and not ("\u4e00" <= ch <= "\u9fff"):
            norm = unicodedata.normalize("NFKC", ch).lower()
            if len(norm) == 1:
                chars[i] = norm
    return "".join(chars)


def _fold_script(text: str) -> str:
    """``script.fold``, with OpenCC only for the lines one of its phrase rules may change.

    OpenCC converts the pieces between separators (whitespace among them) on their
    own, so converting line by line gives what converting the whole text gives.
    """
    out = []
    for line in text.split("\n"):
        simplified = by_characters(line)
        folded = simplified.lower() if simplified is not None else None
        if folded is None or len(folded) != len(line):
            folded = _script_fold(line)
        out.append(folded)
    return "\n".join(out)


def _han_tokens(run: str, offset: int, with_parts: bool) -> Iterator[tuple[str, int, int, bool]]:
    """(word, start, end, is_part) for a run of Han characters."""
    seg = _segment()
    freq = seg.freq
    for word, start, end in seg.tokenize(run):
        if with_parts and len(word) > 2:
            for n in (2, 3):
                if len(word) <= n:
                    break
                for i in range(len(word) - n + 1):
                    gram = word[i:i + n]
                    if freq(gram):
                        yield gram, offset + start + i, offset + start + i + n, True
        yield word, offset + start, offset + end, False


def _camel_parts(original: str) -> list[tuple[int, int]]:
    """Spans of ``RMS``/``Norm`` in ``RMSNorm``, when every part has 3+ letters."""
    spans = [m.span() for m in _CAMEL.finditer(original)]
    if len(spans) < 2 or any(e - s < 3 for s, e in spans):
        return []
    return spans


def _latin_tokens(word: str, original: str, offset: int, with_parts: bool,
                  do_stem: bool, query: bool) -> Iterator[tuple[str, int, int, bool]]:
    parts = [(m.group(), m.start(), m.end()) for m in _PART.finditer(word)]
    if len(parts) == 1 and with_parts and not original.isupper() and not original.islower():
        parts = [(word[s:e], s, e) for s, e in _camel_parts(original)] or parts
    if len(parts) <= 1:
        yield (stem(word) if do_stem else word), offset, offset + len(word), False
        return
    if query:
        # In a query, one-letter parts (the p of top-p) match far too much on their own.
        parts = [p for p in parts if len(p[0]) > 1]
    if with_parts:  # parts first: they take the compound's position, as Han parts do
        for text, start, end in parts:
            yield (stem(text) if do_stem else text), offset + start, offset + end, True
    # The compound (top-p, llama2, flashattention) as a query typed in lower case gives it.
    yield (stem(word) if do_stem else word), offset, offset + len(word), False


def iter_terms(text: str, *, mode: str = "index", stem_latin: bool = True,
               latin_only: bool = False, stops: bool = True,
               ) -> Iterator[tuple[str, int, int, int]]:
    """(term, position, startchar, endchar) for ``text``; offsets index the original text.

    Parts of a long word share the word's position, so phrases still line up.
    """
    for term, pos, start, end, _ in _tokens(text, mode, stem_latin, latin_only, stops):
        yield term, pos, start, end


MAX_GROUPS = 16  # words of a query that count; the rest of a pasted essay is ignored
PART_WEIGHT = 0.4  # a part (位置 of 位置编码) says less about the query than the word
# A lone Han character is what jieba leaves of a word it does not know (点积 -> 点, 积):
# on its own it matches everywhere (异同点), so it counts far less than a real word.
SINGLE_HAN_WEIGHT = 0.25


def _is_single_han(term: str) -> bool:
    return len(term) == 1 and _RUN.fullmatch(term) is not None and not term.isascii()


def query_groups(text: str) -> list[dict[str, float]]:
    """The query's words, each as {term: weight}: the word itself 1.0, its parts less,
    a lone Han character (a fragment of an unknown word) much less.

    Ranking uses the groups to favour entries that match more of the words typed.
    """
    return bounded_groups(text)[0]


def bounded_groups(text: str, limit: int = MAX_GROUPS,
                   ) -> tuple[list[dict[str, float]], int | None]:
    """(the first ``limit`` distinct word groups of ``text``, where the text past the
    words used starts, or None when every word was used). Tokenizing stops there (or
    after ``4 * limit`` words, repeats included), so a pasted essay costs what its first
    words cost."""
    unique: list[dict[str, float]] = []
    group: dict[str, float] = {}
    group_pos, group_start = -1, 0

    def close() -> bool:  # a pasted paragraph repeats words; each counts once
        if group and group not in unique:
            if len(unique) == limit:
                return False
            unique.append(group)
        return True

    for term, pos, start, _, is_part in _tokens(text, "query", True, False, True):
        if pos != group_pos:
            if not close() or pos >= 4 * limit:
                return unique, group_start
            group, group_pos, group_start = {}, pos, start
        weight = PART_WEIGHT if is_part else (
            SINGLE_HAN_WEIGHT if _is_single_han(term) else 1.0)
        group[term] = max(group.get(term, 0.0), weight)
    if not close():
        return unique, group_start
    return unique, None


def drop_filler(groups: list[dict[str, float]]) -> list[dict[str, float]]:
    """``groups`` without the words made only of ``QUERY_FILLER`` (run after the
    thesaurus: 'use' of 'tool use' still calls for its concept) or of lone Latin letters
    and digits (the 4 of '4 bit'; ``x y z`` typed or pasted among words: each is in most
    entries, and matching 16 of them was the slowest query), unless none is left."""
    topical = [g for g in groups if not all(t in QUERY_FILLER or _is_lone(t) for t in g)]
    return topical or groups


def _is_lone(term: str) -> bool:
    return len(term) == 1 and term.isascii() and term.isalnum()


def han_fragments(text: str) -> list[list[str]]:
    """Runs of two or more lone Han characters side by side in ``text`` (点积 in 缩放点积):
    a word jieba split into characters, best matched as a phrase of them."""
    runs: list[list[str]] = []
    current: list[str] = []
    last_end = -1
    for term, _, start, end, is_part in _tokens(text, "phrase", True, False, True):
        if is_part:
            continue
        if _is_single_han(term) and (start == last_end or not current):
            current.append(term)
        else:
            if len(current) > 1:
                runs.append(current)
            current = [term] if _is_single_han(term) else []
        last_end = end
    if len(current) > 1:
        runs.append(current)
    return runs


def _tokens(text: str, mode: str, stem_latin: bool, latin_only: bool,
            stops: bool) -> Iterator[tuple[str, int, int, int, bool]]:
    folded = fold(text)
    with_parts = mode != "phrase"
    pos = 0
    for match in _RUN.finditer(folded):
        run = match.group()
        if match.lastgroup == "han":
            if latin_only:
                continue
            tokens = _han_tokens(run, match.start(), with_parts)
        else:
            tokens = _latin_tokens(run, text[match.start():match.end()], match.start(),
                                   with_parts, stem_latin, mode == "query")
        for term, start, end, is_part in tokens:
            if stops and term in STOP_WORDS:
                continue
            yield term, pos, start, end, is_part
            if not is_part:
                pos += 1


class DeskTokenizer(Tokenizer):
    """Whoosh tokenizer over :func:`iter_terms`; picklable (plain attributes only)."""

    def __init__(self, stem_latin: bool = True, latin_only: bool = False) -> None:
        self.stem_latin = stem_latin
        self.latin_only = latin_only

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, DeskTokenizer) and other.stem_latin == self.stem_latin
                and other.latin_only == self.latin_only)

    def __hash__(self) -> int:
        return hash((self.stem_latin, self.latin_only))

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: object) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Whole-value tokens (prefix/wildcard text): fold only.
            token.original = token.text = fold(value)
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        for term, pos, start, end in iter_terms(value, mode=mode or "index",
                                                stem_latin=self.stem_latin,
                                                latin_only=self.latin_only,
                                                stops=removestops):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def text_analyzer() -> DeskTokenizer:
    """Analyzer for question, answer, section and notes fields."""
    return DeskTokenizer()


def spelling_analyzer() -> DeskTokenizer:
    """Unstemmed Latin words only: the word list for "did you mean"."""
    return DeskTokenizer(stem_latin=False, latin_only=True)
