"""The visualizers' refusals a learner can cause (a mask number the sequence cannot take,
no text, an export that cannot be written) speak the learner's language."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interview_desk.ui.viz.attention_view import AttentionView
from interview_desk.viz import masks
from interview_desk.viz.errors import VizError
from interview_desk.viz.export import write_matrix_csv
from interview_desk.viz.tokens import tokenize

SAID = {
    "window": {"en": "window must be at least 1, got 0", "zh": "窗口至少为 1，而不是 0"},
    "prefix": {"en": "prefix length must be 0..6, got 9",
               "zh": "前缀长度必须在 0..6 之间，而不是 9"},
    "padding": {"en": "padding must leave at least one real token (0..5), got 6",
                "zh": "填充必须至少留下一个真实 token（0..5），而不是 6"},
    "text": {"en": "type some text to attend over (no tokens found)",
             "zh": "请输入一些文本来计算注意力（没有找到 token）"},
}


def _refusal(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(VizError) as caught:
        call()
    return str(caught.value)


def test_each_refusal_in_both_languages(language: str, tmp_path: Path) -> None:
    assert _refusal(lambda: masks.sliding_window(6, 0)) == SAID["window"][language]
    assert _refusal(lambda: masks.prefix_lm(6, 9)) == SAID["prefix"][language]
    assert _refusal(lambda: masks.padding(6, 6)) == SAID["padding"][language]
    assert _refusal(lambda: tokenize("   ")) == SAID["text"][language]
    target = tmp_path / "missing-dir" / "a.csv"
    written = _refusal(lambda: write_matrix_csv(target, ["a", "b"], np.eye(2)))
    assert written.startswith({"en": f"could not write {target}: ",
                               "zh": f"无法写入 {target}："}[language]), written


def test_the_attention_view_words_its_refusals(language: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = AttentionView()
    qtbot.addWidget(view)
    view.apply_settings({"mask": "sliding", "window": 0})
    view.refresh()
    assert view.status.text() == SAID["window"][language]
    with pytest.raises(VizError) as caught:
        view.export_csv(Path("/nonexistent-folder/a.csv"))
    assert str(caught.value).startswith({"en": "could not write ", "zh": "无法写入 "}[language])
    png = Path("/nonexistent-folder/a.png")
    with pytest.raises(VizError) as caught:
        view.export_png(png)
    assert str(caught.value) == {"en": f"could not write {png}", "zh": f"无法写入 {png}"}[language]
