"""Untagged code blocks: the likely language, or plain text."""

from __future__ import annotations

import re

import pytest

from interview_desk.corpus import load_corpus
from interview_desk.render import render_entry
from interview_desk.render.code_language import guess_language
from interview_desk.render.mdparse import parse

SNIPPETS = [
    ("import torch\n\nx = torch.zeros(3)\nprint(x)\n", "python"),
    ("def f(a, b):\n    return a + b\n", "python"),
    ("pip install transformers\nexport HF_HOME=/data/hf\n", "bash"),
    ("$ git clone https://github.com/x/y\n$ cd y\n", "bash"),
    ('{"model": "gpt2", "max_tokens": 16}', "json"),
    ("[1, 2, 3]", "json"),
    ("model:\n  name: llama\n  layers: 32\nlr: 0.001\n", "yaml"),
    ("#include <stdio.h>\nint main(void) {\n  printf(\"hi\");\n}\n", "cpp"),
    ("const x = 1;\nconsole.log(x);\n", "javascript"),
    ("SELECT id, name FROM users WHERE id = 1;", "sql"),
    # plain text: prompts, formulas, prose, output
    ('Example 1: "The movie was fantastic!" -> Positive\nNow classify:\n', ""),
    ("Output = x + SubLayer(x)", ""),
    ("这是一个提示：请总结下面的文章。\n文章：……", ""),
    ("Epoch 1/3: loss=2.31\nEpoch 2/3: loss=1.87\n", ""),
    ("", ""),
]


@pytest.mark.parametrize(("code", "language"), SNIPPETS)
def test_guess(code: str, language: str) -> None:
    assert guess_language(code) == language


def test_corpus_blocks() -> None:
    corpus = load_corpus([])
    untagged: dict[str, str] = {}
    for entry in corpus.entries:
        for token in parse(entry.answer or ""):
            if token.type != "fence":
                continue
            if token.info.strip():  # the guess agrees with every tagged block
                assert guess_language(token.content) == token.info.strip(), entry.id
            else:
                untagged[entry.id] = guess_language(token.content)
    assert untagged == {
        "002-29e0773f": "", "003-fd98f8bb": "",  # a prompt example, a formula
        "003-b19521d0": "python", "003-b2ecd74c": "python", "003-ecc1c91d": "python",
        "003-a4a4d4bb": "python", "003-4df0cc55": "python", "003-e0f85000": "python",
    }
    html = render_entry(corpus.get("003-b19521d0")).html
    assert re.search(r'<span style="color:#[0-9a-f]{6}[^"]*">import</span>', html)
