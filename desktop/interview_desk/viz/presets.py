"""View presets for concepts, and which presets fit a corpus entry.

A preset names a view ("attention" or "position") and the settings it applies. Entries
are matched on question + answer after NFKC and ``script.fold`` (Simplified, lower case),
so Traditional and Simplified text match the same keywords; Latin keywords match whole
words only ("rope" never matches "europe", "mask" alone never matches "[MASK]" in MLM).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, Protocol

from interview_desk.script import fold, nfkc

View = Literal["attention", "position"]

_QUESTION_WEIGHT = 3  # a keyword in the question says more than one deep in the answer
_MIN_ANSWER_HITS = 2  # an answer-only match needs the keyword at least this often
# Broad presets lose ties: "多头注意力机制" is about multi-head more than attention in general.
_GENERIC = frozenset({"attention-basics", "position-sinusoidal"})


class _HasText(Protocol):
    @property
    def question(self) -> str: ...

    @property
    def answer(self) -> str | None: ...


@dataclass(frozen=True)
class VizPreset:
    id: str
    title: str  # "中文 English", short enough for a menu
    view: View
    settings: Mapping[str, Any] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()  # folded (Simplified, lower case)
    description: str = ""
    broad: tuple[str, ...] = ()  # keywords that count only in the question


def _p(id_: str, title: str, view: View, keywords: tuple[str, ...], description: str,
       broad: tuple[str, ...] = (), **settings: Any) -> VizPreset:
    return VizPreset(id_, title, view, MappingProxyType(settings), keywords, description, broad)


PRESETS: dict[str, VizPreset] = {p.id: p for p in (
    _p("attention-basics", "自注意力 Self-attention", "attention",
       ("自注意力", "self-attention", "self attention", "scaled dot-product",
        "缩放点积", "qkv", "softmax(qk"),
       "One head, no mask: every token attends to every token.",
       broad=("注意力机制", "attention mechanism", "注意力权重", "attention weights", "注意力",
              "attention"),
       n_heads=1, n_kv_heads=1, d_model=32, mask="none", position="none", temperature=1.0),
    _p("attention-multihead", "多头注意力 Multi-head attention", "attention",
       ("多头注意力", "多头自注意力", "multi-head attention", "multi-head self-attention",
        "multihead attention", "mha", "注意力头"),
       "Eight heads side by side: each head learns its own pattern.",
       n_heads=8, n_kv_heads=8, d_model=64, mask="none", position="sinusoidal"),
    _p("attention-gqa", "分组查询注意力 GQA / MQA", "attention",
       ("gqa", "mqa", "grouped-query", "grouped query", "multi-query", "multi query",
        "分组查询", "多查询注意力", "kv cache", "kv缓存"),
       "Eight query heads sharing two key/value heads (GQA); set KV heads to 1 for MQA.",
       n_heads=8, n_kv_heads=2, d_model=64, mask="causal", position="rope"),
    _p("attention-causal", "因果掩码 Causal mask", "attention",
       ("causal mask", "因果掩码", "causal lm", "因果语言模型", "look-ahead mask",
        "masked self-attention", "masked multi-head", "掩码多头", "带掩码的自注意力",
        "掩码自注意力", "注意力掩码", "attention mask", "下三角"),
       "Decoder attention: a token sees only itself and earlier tokens.",
       broad=("decoder-only", "仅解码器", "自回归", "autoregressive"),
       n_heads=4, n_kv_heads=4, d_model=64, mask="causal", position="none"),
    _p("attention-padding", "填充掩码 Padding mask", "attention",
       ("padding mask", "填充掩码", "pad mask", "key padding", "[pad]"),
       "The last tokens are padding: no query attends to them.",
       n_heads=4, n_kv_heads=4, d_model=64, mask="padding", n_pad=2, position="none"),
    _p("attention-sliding", "滑动窗口注意力 Sliding window", "attention",
       ("sliding window", "滑动窗口", "local attention", "局部注意力", "稀疏注意力",
        "sparse attention", "longformer"),
       "Each token sees only the last few tokens (Mistral, Longformer).",
       n_heads=4, n_kv_heads=4, d_model=64, mask="sliding", window=3, position="none"),
    _p("attention-prefix", "前缀语言模型 Prefix-LM mask", "attention",
       ("prefix lm", "prefix-lm", "前缀语言模型", "prefixlm", "unilm", "glm"),
       "The prefix attends both ways; the rest is causal.",
       n_heads=4, n_kv_heads=4, d_model=64, mask="prefix", prefix=4, position="none"),
    _p("attention-temperature", "温度与 softmax Temperature", "attention",
       ("softmax 温度", "temperature scaling", "温度系数", "√d", "sqrt(d_k)",
        "除以根号", "缩放因子"),
       "Drag the temperature: low sharpens every row, high flattens it.",
       n_heads=4, n_kv_heads=4, d_model=64, mask="causal", position="none",
       temperature=0.5),
    _p("position-sinusoidal", "正弦位置编码 Sinusoidal", "position",
       ("正弦", "sinusoidal", "sin/cos", "三角函数", "绝对位置编码", "absolute position",
        "learned position", "可学习的位置"),
       "The Transformer's sin/cos table and how similar positions are by offset.",
       broad=("位置编码", "positional encoding", "position encoding", "位置嵌入",
              "position embedding", "绝对位置"),
       panel="sinusoidal", length=128, dim=64, base=10000.0),
    _p("position-rope", "旋转位置编码 RoPE", "position",
       ("rope", "rotary", "旋转位置", "旋转位置编码", "roformer", "旋转矩阵"),
       "RoPE rotates each pair of dimensions by position; q·k depends only on the offset.",
       panel="rope", length=256, dim=64, base=10000.0, scaling="none"),
    _p("position-extrapolation", "长度外推 Length extrapolation", "position",
       ("长度外推", "外推", "extrapolation", "position interpolation", "位置插值", "ntk",
        "yarn", "rope scaling", "上下文扩展", "context extension"),
       "RoPE with base 10000 vs 500000 and PI/NTK scaling for a 4x longer context.",
       broad=("长上下文", "long context", "上下文窗口", "context window", "更长的文本"),
       panel="rope", length=1024, dim=64, base=10000.0, scaling="ntk", factor=4.0),
    _p("position-alibi", "线性偏置 ALiBi", "position",
       ("alibi", "linear bias", "线性偏置", "attention with linear biases"),
       "ALiBi adds -slope × distance to every score; each head has its own slope.",
       panel="alibi", length=32, heads=8),
    _p("position-relative", "相对位置编码 Relative (T5)", "position",
       ("相对位置", "相对位置编码", "relative position", "t5 bias", "relative bias",
        "relative attention", "相对距离"),
       "T5 buckets: exact for small offsets, log-spaced for far ones.",
       panel="t5", length=256),
    _p("attention-rope", "注意力 + RoPE Attention with RoPE", "attention",
       ("rope", "rotary", "旋转位置"),
       "The attention view with RoPE applied to q and k.",
       n_heads=4, n_kv_heads=4, d_model=64, mask="causal", position="rope"),
    _p("attention-alibi", "注意力 + ALiBi Attention with ALiBi", "attention",
       ("alibi", "线性偏置"),
       "The attention view with ALiBi's distance penalty: far keys fade, per head.",
       n_heads=8, n_kv_heads=8, d_model=64, mask="causal", position="alibi"),
)}


def _pattern(keyword: str) -> re.Pattern[str]:
    escaped = re.escape(keyword)
    # Latin keywords match whole words; CJK has no word spaces, so plain substring.
    if keyword[:1].isascii() and keyword[:1].isalnum():
        escaped = r"(?<![a-z0-9])" + escaped
    if keyword[-1:].isascii() and keyword[-1:].isalnum():
        escaped += r"(?![a-z0-9])"
    return re.compile(escaped)


_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    pid: [_pattern(k) for k in p.keywords] for pid, p in PRESETS.items()
}
_BROAD_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    pid: [_pattern(k) for k in p.broad] for pid, p in PRESETS.items()
}


def _prepare(text: str | None) -> str:
    return fold(nfkc(text or ""))


def _hits(text: str, broad_too: bool) -> tuple[dict[str, int], dict[str, int]]:
    """(specific, broad) keyword hits per preset, ignoring a hit inside a longer hit.

    "多头自注意力" is about multi-head attention, not also about the "自注意力" inside it;
    "旋转位置编码" is RoPE, not the generic "位置编码".
    """
    found: list[tuple[int, int, str, bool]] = []
    tables = [(_PATTERNS, False), (_BROAD_PATTERNS, True)] if broad_too else [(_PATTERNS, False)]
    for table, broad in tables:
        for pid, patterns in table.items():
            for pattern in patterns:
                found.extend((m.start(), m.end(), pid, broad) for m in pattern.finditer(text))
    specific: dict[str, int] = {}
    broad_counts: dict[str, int] = {}
    for start, end, pid, broad in found:
        inside_longer = any(s <= start and end <= e and (e - s) > (end - start)
                            for s, e, other, _ in found if other != pid)
        if not inside_longer:
            counts = broad_counts if broad else specific
            counts[pid] = counts.get(pid, 0) + 1
    return specific, broad_counts


def score_text(question: str, answer: str | None) -> dict[str, int]:
    """Relevance of each preset to the text: question hits weigh more than answer hits."""
    q_hits, broad_hits = _hits(_prepare(question), broad_too=True)
    a_hits, _ = _hits(_prepare(answer), broad_too=False)
    scores: dict[str, int] = {}
    for pid in PRESETS:
        q, b, a = q_hits.get(pid, 0), broad_hits.get(pid, 0), a_hits.get(pid, 0)
        if q == 0 and b == 0 and a < _MIN_ANSWER_HITS:
            continue
        scores[pid] = q * _QUESTION_WEIGHT + min(b, 2) + min(a, 10)
    return scores


def presets_for_entry(entry: _HasText) -> list[VizPreset]:
    """The presets an entry is about, best first (empty when it is about none of them)."""
    scores = score_text(entry.question, entry.answer)
    order = list(PRESETS)
    ranked = sorted(scores, key=lambda pid: (-scores[pid], pid in _GENERIC, order.index(pid)))
    return [PRESETS[pid] for pid in ranked]


def get_preset(preset_id: str) -> VizPreset:
    """The preset with this id; raises ``VizError`` naming the known ids otherwise."""
    from interview_desk.viz.errors import VizError

    try:
        return PRESETS[preset_id]
    except KeyError:
        raise VizError(f"unknown visualizer preset {preset_id!r}; "
                       f"known: {', '.join(PRESETS)}") from None


# Entries about these get "See it in the model": the real heads of the loaded model.
_MODEL_PRESETS = frozenset({"attention-basics", "attention-multihead", "attention-gqa"})
MODEL_KEYWORDS = ("attention sink", "注意力汇聚", "注意力沉没", "注意力池", "streamingllm",
                  "massive activation")
_MODEL_PATTERNS = [_pattern(k) for k in MODEL_KEYWORDS]


def links_to_model(entry: _HasText, presets: list[VizPreset] | None = None) -> bool:
    """Whether the entry is about attention, MHA/MQA/GQA or attention sinks."""
    chosen = presets_for_entry(entry) if presets is None else presets
    if any(p.id in _MODEL_PRESETS for p in chosen):
        return True
    text = _prepare(entry.question) + "\n" + _prepare(entry.answer)
    return any(p.search(text) for p in _MODEL_PATTERNS)
