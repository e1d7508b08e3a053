"""A small English <-> Chinese glossary of LLM terms, for cross-language query expansion.

The corpus mixes languages: one answer says ``KV缓存``, another ``KV cache``; a learner
types either. When a query holds one side of a pair, the other side's terms are searched
too, at a lower weight, so the entry written in the other language is still found.
Terms pass through the same analyzer as the index (stems, Simplified script).
"""

from __future__ import annotations

from functools import lru_cache

from interview_desk.search.analyzer import iter_terms

EXPANSION_BOOST = 0.5

# (English, Chinese alternatives...). Multi-word English needs all its words in the query.
PAIRS: tuple[tuple[str, ...], ...] = (
    ("cache", "缓存"), ("attention", "注意力"), ("self-attention", "自注意力"),
    ("multi-head", "多头"), ("hallucination", "幻觉"), ("quantization", "量化"),
    ("distillation", "蒸馏"), ("pruning", "剪枝"), ("tokenization", "分词"),
    ("tokenizer", "分词器"), ("embedding", "嵌入"), ("fine-tuning", "微调"),
    ("finetuning", "微调"), ("pretraining", "预训练"), ("pre-training", "预训练"),
    ("overfitting", "过拟合"), ("gradient", "梯度"), ("temperature", "温度"),
    ("sampling", "采样", "取样"), ("position encoding", "位置编码"),
    ("positional encoding", "位置编码"), ("position embedding", "位置嵌入"),
    ("repetition", "复读机"), ("alignment", "对齐"), ("evaluation", "评估", "评测"),
    ("benchmark", "基准"), ("perplexity", "困惑度"), ("retrieval", "检索"),
    ("retrieval augmented generation", "检索增强生成"), ("rag", "检索增强生成"),
    ("vector database", "向量数据库"), ("context window", "上下文窗口"),
    ("chain-of-thought", "思维链"), ("reward model", "奖励模型"),
    ("reinforcement learning", "强化学习"), ("bias", "偏见"), ("privacy", "隐私"),
    ("normalization", "归一化"), ("residual", "残差"), ("activation", "激活函数"),
    ("beam search", "集束搜索", "束搜索"), ("greedy", "贪婪", "贪心"), ("inference", "推理"),
    ("deployment", "部署"), ("distributed", "分布式"), ("parallelism", "并行"),
    ("memory", "显存", "内存"), ("latency", "延迟"), ("scaling law", "扩展法则"),
    ("emergent", "涌现"), ("catastrophic forgetting", "灾难性遗忘"), ("agent", "智能体"),
    ("prompt", "提示"), ("jailbreak", "越狱"), ("learning rate", "学习率"),
    ("batch", "批量", "批处理"), ("loss", "损失"), ("translation", "翻译"),
    ("summarization", "摘要"), ("chunking", "分块"), ("reranking", "重排序"),
    ("mixed precision", "混合精度"), ("zero-shot", "零样本"), ("few-shot", "少样本"),
    ("in-context learning", "上下文学习"), ("instruction tuning", "指令微调"),
    ("knowledge graph", "知识图谱"), ("extrapolation", "外推"), ("decoding", "解码"),
    ("mechanism", "机制"), ("attention mechanism", "注意力机制"), ("encoder", "编码器"),
    ("decoder", "解码器"), ("safety", "安全"),
    ("interpretability", "可解释性"), ("robustness", "鲁棒性"), ("vocabulary", "词表", "词汇表"),
)


def _terms(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t, *_ in iter_terms(text, mode="phrase")))


Rule = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]


@lru_cache(maxsize=1)
def _table() -> dict[str, list[Rule]]:
    """(terms that trigger, alternatives' terms) in both directions, by first trigger term."""
    table: dict[str, list[Rule]] = {}
    for english, *chinese in PAIRS:
        en = _terms(english)
        zh = tuple(_terms(word) for word in chinese)
        rules: list[Rule] = [(en, zh), *((words, (en,)) for words in zh)]
        for trigger, alternatives in rules:
            if trigger:
                table.setdefault(trigger[0], []).append((trigger, alternatives))
    return table


def expand_groups(groups: list[dict[str, float]]) -> list[dict[str, float]]:
    """``groups`` (see ``analyzer.query_groups``) with the other language's words added,
    at a lower weight, to the group of the word that called for them."""
    present = {t for g in groups for t in g}
    out = [dict(g) for g in groups]
    table = _table()
    rules = [rule for t in present for rule in table.get(t, ())]
    for trigger, alternatives in rules:
        if not all(t in present for t in trigger):
            continue
        # A whole phrase translated (检索增强生成 for three words) is worth more than a word.
        weight = min(1.0, EXPANSION_BOOST * len(trigger))
        homes = [g for g in out if any(t in g for t in trigger)]
        for words in alternatives:
            for w in words:
                if w in present:
                    continue
                for home in homes:  # counts as a match of each word it translates
                    home[w] = max(home.get(w, 0.0), weight)
    return out
