"""Chat-format choice: GGUF template, recognised built-ins, fallbacks, overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_gguf import write_tiny_gguf

from interview_desk.errors import ModelError
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


def test_labels_and_notes_in_both_languages(language: str) -> None:
    """The tutor's status line names the format and why it fell back in the learner's
    language (the metadata a GGUF header gives, as the loader reads it)."""
    zh = language == "zh"
    _, none = resolve_chat_format({}, "")
    assert none.label == ("chatml（后备）" if zh else "chatml (fallback)")
    assert none.note == ("模型没有对话模板；如果回答看起来不对，请选择一种对话格式" if zh else
                         "the model has no chat template; choose a chat format if replies "
                         "look wrong")
    _, strict = resolve_chat_format({"tokenizer.chat_template": STRICT}, "")
    assert strict.note.startswith("模型的对话模板无法使用（" if zh
                                  else "the model's chat template cannot be used (")
    _, chosen = resolve_chat_format({}, "llama-3")
    assert chosen.label == ("llama-3（在设置中选择）" if zh else "llama-3 (chosen in settings)")
    _, gguf = resolve_chat_format({"tokenizer.chat_template": "{{ 'x' }}"}, "")
    assert gguf.label == ("GGUF 对话模板" if zh else "GGUF chat template")
    assert confirm_chat_format("chatml", gguf).label == (
        "GGUF 对话模板（chatml）" if zh else "GGUF chat template (chatml)")
    ignored = confirm_chat_format("llama-2", gguf)
    assert ignored.note == ("llama-cpp-python 忽略了模型的对话模板" if zh
                            else "llama-cpp-python ignored the model's chat template")
    _, broken = resolve_chat_format({"tokenizer.chat_template": "{% for %}"}, "")
    assert broken.label == ("无法使用" if zh else "unusable")


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


def test_a_chat_format_llama_cpp_python_does_not_know_is_refused_in_words(
        tmp_path: Path) -> None:
    """``settings set chat_format auto`` used to reach llama-cpp-python's loader, whose
    exception the user saw as "unexpected error: LlamaChatCompletionHandlerNotFound..."."""
    with pytest.raises(ModelError, match=r"chat format 'auto' does not exist.*chatml"):
        resolve_chat_format({}, "auto")
    # one it knows but the settings do not offer is used as asked
    assert resolve_chat_format({}, "functionary")[0] == "functionary"
    path = write_tiny_gguf(tmp_path / "tiny.gguf")
    with pytest.raises(ModelError, match="does not exist"):
        LocalBackend.load(path, LoadParams(n_ctx=256, n_threads=1, chat_format="auto"))
