"""Which chat format a loaded model really uses, and the formats a user may pick instead.

llama-cpp-python takes the GGUF's ``tokenizer.chat_template`` when there is one (rendered
by its sandboxed Jinja formatter, or matched to a built-in format), and otherwise falls
back to the llama-2 format without a word. A model answering in the wrong format babbles,
so we name the format in use, say when it is a fallback, and let the user override it.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from interview_desk.errors import ModelError
from interview_desk.strings import tr

if TYPE_CHECKING:
    from types import FrameType

    from llama_cpp.llama_types import ChatCompletionRequestMessage

log = logging.getLogger(__name__)

# Built-in text formats worth offering (llama-cpp-python registers many more, mostly
# function-calling or vision handlers that make no sense here).
OVERRIDE_FORMATS: tuple[str, ...] = (
    "chatml", "llama-3", "llama-2", "mistral-instruct", "gemma", "qwen", "zephyr",
    "vicuna", "alpaca", "chatglm3", "baichuan-2", "openchat",
)
_RENDER_BUDGET_S = 1.0  # a real template renders the sample in about a millisecond
GGUF_DEFAULT = "chat_template.default"  # llama-cpp-python's name for the GGUF template
_SAMPLE: list[ChatCompletionRequestMessage] = [
    {"role": "system", "content": "s"},
    {"role": "user", "content": "u"},
    {"role": "assistant", "content": "a"},
    {"role": "user", "content": "u"},
]


@dataclass(frozen=True, slots=True)
class ChatFormatInfo:
    name: str  # the value given to llama-cpp-python ("chat_template.default", "chatml", ...)
    source: str  # "gguf" | "override" | "fallback" | "remote" | "broken"
    note: str = ""  # why a fallback happened, shown next to the model name

    @property
    def label(self) -> str:
        if self.source == "gguf":
            return (tr("chat.gguf") if self.name == GGUF_DEFAULT
                    else tr("chat.gguf_named", name=self.name))
        if self.source == "override":
            return tr("chat.override", name=self.name)
        if self.source == "remote":
            return tr("chat.remote")
        if self.source == "broken":
            return tr("chat.broken")
        return tr("chat.fallback", name=self.name)


class TemplateTooSlow(Exception):
    """A chat template took longer than a real one ever does (nested huge loops)."""


def _within_budget(render: Callable[[], object], budget_s: float = _RENDER_BUDGET_S) -> None:
    # Jinja's sandbox stops attribute escapes but not `range(100000)` nested in itself;
    # the compiled template is Python, so a line tracer can stop it at a deadline.
    deadline = time.monotonic() + budget_s

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        if time.monotonic() > deadline:
            raise TemplateTooSlow(f"rendering took over {budget_s:g} s")
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        render()
    finally:
        sys.settrace(previous)


def _registered(name: str) -> bool:
    """Whether llama-cpp-python knows the chat format ``name`` (it has more than we
    offer: a user may set one of them by hand)."""
    from llama_cpp import llama_chat_format

    try:
        llama_chat_format.get_chat_completion_handler(name)
    except llama_chat_format.LlamaChatCompletionHandlerNotFoundException:
        return False
    return True


def template_problem(template: str, bos: str = "", eos: str = "") -> str:
    """Why the GGUF template cannot render our conversations ("" when it can).

    Some templates refuse a system message or alternate roles strictly; finding that at
    load time beats failing on the first question.
    """
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    try:
        _within_budget(lambda: Jinja2ChatFormatter(template=template, eos_token=eos,
                                                   bos_token=bos)(messages=_SAMPLE))
    except Exception as exc:  # Jinja raises many kinds; any of them means unusable
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return ""


def _uncompilable(metadata: dict[str, Any]) -> str:
    """Why one of the header's chat templates does not even compile ("" when all do)."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    for key, template in metadata.items():
        if not (key.startswith("tokenizer.chat_template") and isinstance(template, str)):
            continue
        def compile_it(t: str = template) -> object:
            return Jinja2ChatFormatter(template=t, eos_token="", bos_token="")

        try:
            _within_budget(compile_it)
        except Exception as exc:  # TemplateSyntaxError, or a compile that never ends
            return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return ""


def resolve_chat_format(metadata: dict[str, Any], override: str) -> tuple[str | None,
                                                                           ChatFormatInfo]:
    """Decide the ``chat_format`` argument for ``Llama`` before loading.

    Returns the argument (None: let llama-cpp-python use the GGUF template) and the
    description to show. Called with the GGUF header's metadata.
    """
    broken = _uncompilable(metadata)
    if broken:  # llama-cpp-python compiles every template in the header while loading
        note = tr("err.chat.broken", problem=broken)
        return None, ChatFormatInfo("none", "broken", note)
    if override:
        if override not in OVERRIDE_FORMATS and not _registered(override):
            # llama-cpp-python would refuse it while loading, with its own exception
            raise ModelError(tr("err.chat.unknown_format", name=override,
                                names=", ".join(OVERRIDE_FORMATS)))
        return override, ChatFormatInfo(override, "override")
    template = metadata.get("tokenizer.chat_template")
    if not isinstance(template, str) or not template.strip():
        note = tr("chat.no_template")
        return "chatml", ChatFormatInfo("chatml", "fallback", note)
    problem = template_problem(template)
    if problem:
        note = tr("chat.unusable_template", problem=problem)
        return "chatml", ChatFormatInfo("chatml", "fallback", note)
    return None, ChatFormatInfo(GGUF_DEFAULT, "gguf")


def confirm_chat_format(actual: str | None, planned: ChatFormatInfo) -> ChatFormatInfo:
    """Check what llama-cpp-python settled on after loading; name a silent fallback."""
    if planned.source != "gguf":
        return planned
    if actual == GGUF_DEFAULT:
        return planned
    if actual in ("chatml", "llama-3", "mistral-instruct"):
        # It recognised the GGUF template as one of its built-ins: same text.
        return ChatFormatInfo(actual, "gguf")
    return ChatFormatInfo(str(actual), "fallback", tr("chat.template_ignored"))
