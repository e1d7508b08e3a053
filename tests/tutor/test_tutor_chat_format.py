"""Chat-format choice: GGUF template, recognised built-ins, fallbacks, overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_gguf import write_tiny_gguf

from interview_desk.tutor.backend import LoadParams
from interview_desk.tutor.chat_format import (
    GGUF_DEFAULT,
    confirm_chat_format,
    resolve_chat_format,
)
from interview_desk.tutor.local import LocalBackend

STRICT = ("{% for m in messages %}{% if m['role'] == 'system' %}"
          "{{ raise_exception('System role not supported') }}{% endif %}"
          "{{ m['content'] }}{% endfor %}")


def test_resolve() -> None:
    good = {"tokenizer.chat_template": "{% for m in messages %}{{ m['content'] }}{% endfor %}"}
    assert resolve_chat_format(good, "") == (None, resolve_chat_format(good, "")[1])
    assert resolve_chat_format(good, "")[1].source == "gguf"
    arg, info = resolve_chat_format(good, "llama-3")
    assert arg == "llama-3" and info.source == "override" and "settings" in info.label
    arg, info = resolve_chat_format({}, "")
    assert arg == "chatml" and info.source == "fallback" and "no chat template" in info.note
    arg, info = resolve_chat_format({"tokenizer.chat_template": STRICT}, "")
    assert arg == "chatml" and "System role not supported" in info.note
    # llama-cpp-python compiles the header's templates while loading, whatever format is
    # chosen: a template that does not compile makes the model unloadable, said up front.
    for override in ("", "chatml"):
        arg, info = resolve_chat_format({"tokenizer.chat_template": "{% for %}"}, override)
        assert info.source == "broken" and info.label == "unusable"
        assert "TemplateSyntaxError" in info.note and "cannot load" in info.note


def test_confirm_names_a_silent_fallback() -> None:
    _, planned = resolve_chat_format({"tokenizer.chat_template": "{{ 'x' }}"}, "")
    assert confirm_chat_format(GGUF_DEFAULT, planned) == planned
    assert confirm_chat_format("chatml", planned).label == "GGUF chat template (chatml)"
    fallback = confirm_chat_format("llama-2", planned)
    assert fallback.source == "fallback" and "ignored" in fallback.note


@pytest.mark.parametrize("template, override, source, name", [
    (None, "", "fallback", "chatml"),
    (STRICT, "", "fallback", "chatml"),
    (None, "zephyr", "override", "zephyr"),
])
def test_real_loads(tmp_path: Path, template: str | None, override: str, source: str,
                    name: str) -> None:
    path = write_tiny_gguf(tmp_path / "m.gguf", chat_template=template)
    backend = LocalBackend.load(path, LoadParams(n_ctx=256, n_threads=1, chat_format=override))
    try:
        assert (backend.chat_format.source, backend.chat_format.name) == (source, name)
        assert backend.llama.chat_format == name  # what llama-cpp-python really uses
    finally:
        backend.close()


def test_gguf_template_in_use(tiny_model: Path) -> None:
    backend = LocalBackend.load(tiny_model, LoadParams(n_ctx=256, n_threads=1))
    try:
        # The tiny model's template is ChatML text: llama-cpp-python may match it to its
        # built-in, otherwise it renders the GGUF template itself; both are the GGUF's.
        assert backend.chat_format.source == "gguf"
        assert backend.llama.chat_format in (GGUF_DEFAULT, "chatml")
    finally:
        backend.close()
