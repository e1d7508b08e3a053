"""The Model tab's checks on a chosen GGUF speak the learner's language: each refusal is
forced by a real tiny GGUF (written with ``gguf``) or a real path, in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_model import TinySpec, write_tiny_model

from interview_desk.errors import ModelError
from interview_desk.model_attention.forward import forward
from interview_desk.model_attention.weights import GGUFWeights

# spec -> (English, Chinese) wording of the refusal, "{f}" standing for the file's name
REFUSED = {
    "gpt2": (TinySpec(arch="gpt2"),
             "{f}: architecture 'gpt2' is not supported by the attention view (supported: ",
             "{f}：注意力视图不支持 'gpt2' 架构（支持："),
    "yarn": (TinySpec(rope_scaling="yarn"),
             "{f}: RoPE scaling 'yarn' is not supported by the attention view (none and "
             "linear are)", "{f}：注意力视图不支持 RoPE 缩放方式 'yarn'（支持 none 和 linear）"),
    "per-layer": (TinySpec(per_layer_kv=True),
                  "{f}: per-layer llama.attention.head_count_kv is not supported",
                  "{f}：不支持逐层不同的 llama.attention.head_count_kv"),
    "missing": (TinySpec(drop=("blk.1.ffn_up.weight", "blk.1.ffn_down.weight")),
                "{f}: tensor blk.1.ffn_up.weight is missing (2 missing in all)",
                "{f}：缺少张量 blk.1.ffn_up.weight（共缺少 2 个）"),
}


def _said(text: str, language: str, english: str, chinese: str, name: str) -> bool:
    want = (english if language == "en" else chinese).format(f=name)
    return text.startswith(want)


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_gguf_the_view_cannot_read_is_refused_in_both_languages(
        language: str, tmp_path: Path, case: str) -> None:
    spec, english, chinese = REFUSED[case]
    path = tmp_path / f"{case}.gguf"
    write_tiny_model(path, spec)
    with pytest.raises(ModelError) as caught:
        GGUFWeights(path)
    assert _said(str(caught.value), language, english, chinese, path.name), caught.value


def test_heads_that_do_not_split_into_kv_groups(language: str, tmp_path: Path) -> None:
    path = tmp_path / "kv3.gguf"
    write_tiny_model(path, TinySpec(n_head=4, n_head_kv=3))
    with pytest.raises(ModelError) as caught:
        forward(GGUFWeights(path), [1, 260, 263])
    assert str(caught.value) == {"en": "kv3.gguf: 4 heads do not split into 3 key/value groups",
                                 "zh": "kv3.gguf：4 个头无法均分为 3 组 key/value"}[language]
    with pytest.raises(ModelError) as caught:
        forward(GGUFWeights(tmp_path / "kv3.gguf"), [])
    assert str(caught.value) == {"en": "no tokens to run", "zh": "没有可以运行的 token"}[language]


def test_the_text_and_the_path_are_checked_in_both_languages(language: str,
                                                             tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    from interview_desk.model_attention.runner import model_attention

    path = tmp_path / "m.gguf"
    write_tiny_model(path, TinySpec())
    said = {
        "en": ["the text is empty", "the text is {n} tokens; the attention view takes at most 4",
               f"model file not found: {tmp_path / 'missing.gguf'}",
               f"{tmp_path} is not a GGUF model file"],
        "zh": ["文本是空的", "这段文本有 {n} 个 token；注意力视图最多接受 4 个",
               f"找不到模型文件：{tmp_path / 'missing.gguf'}", f"{tmp_path} 不是 GGUF 模型文件"],
    }[language]
    calls = [(path, "   ", {}), (path, "the model attention key value", {"max_tokens": 4}),
             (tmp_path / "missing.gguf", "text", {}), (tmp_path, "text", {})]
    for (where, text, options), message in zip(calls, said, strict=True):
        with pytest.raises(ModelError) as caught:
            model_attention(where, text, **options)  # type: ignore[arg-type]
        got = str(caught.value)
        n = "".join(c for c in got if c.isdigit())[:-1] if "{n}" in message else ""
        assert got == message.format(n=n)
