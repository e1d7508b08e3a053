"""What each setting may hold: a ``Rule`` carried on the settings field itself.

``settings.Settings`` declares every field with ``setting(default, description, ...)``;
``from_dict``, ``update_settings``, the command line (``settings set``, ``ask`` options)
and the tutor settings dialog all read the same rule, so a bound or a choice is written
once. A rule checks a Python value (``check``) or text from a command line (``parse``)
and raises ``SettingsError`` with a one-line reason.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Literal

from interview_desk.errors import SettingsError
from interview_desk.strings import tr

SettingValue = bool | int | float | str | list[str]
Kind = Literal["bool", "int", "float", "str", "list"]

_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True, slots=True)
class Rule:
    kind: Kind
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    url: bool = False  # "" or an http(s) URL
    internal: bool = False  # kept by the app itself; not settable by users

    def allowed(self) -> str:
        """The allowed values in a few words, for ``--help`` and ``settings show``."""
        if self.kind == "bool":
            return "true | false"
        if self.kind == "list":
            return "JSON list of text"
        if self.choices:
            return " | ".join(c or repr(c) for c in self.choices)
        if self.minimum is not None and self.maximum is not None:
            return f"{_number(self.minimum)}..{_number(self.maximum)}"
        return "empty or http(s)://…" if self.url else "text"

    def check(self, name: str, value: object) -> SettingValue:
        """``value`` as the field holds it, or ``SettingsError`` saying why not."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise SettingsError(tr("err.setting.bool", name=name, value=value))
        if self.kind in ("int", "float"):
            return self._check_number(name, value)
        if self.kind == "list":
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return list(value)
            raise SettingsError(tr("err.setting.list", name=name, value=value))
        if not isinstance(value, str):
            raise SettingsError(tr("err.setting.text", name=name, value=value))
        if self.choices and value not in self.choices:
            raise SettingsError(tr("err.setting.choice", name=name, allowed=self.allowed(),
                                   value=value))
        if self.url and value and not value.startswith(("http://", "https://")):
            raise SettingsError(tr("err.setting.url", name=name, value=value))
        return value

    def _check_number(self, name: str, value: object) -> int | float:
        # bool is an int subclass, and JSON true must not become 1 layer or 1.0 degree.
        if isinstance(value, bool) or not isinstance(value, int | float):
            key = "err.setting.whole_number" if self.kind == "int" else "err.setting.number"
            raise SettingsError(tr(key, name=name, value=value))
        if self.kind == "int" and not isinstance(value, int):
            raise SettingsError(tr("err.setting.whole_number", name=name, value=value))
        number: int | float = value if self.kind == "int" else float(value)
        if isinstance(number, float) and not math.isfinite(number):
            raise SettingsError(tr("err.setting.finite", name=name, value=value))
        low = -math.inf if self.minimum is None else self.minimum
        high = math.inf if self.maximum is None else self.maximum
        if not low <= number <= high:
            raise SettingsError(tr("err.setting.range", name=name, low=_number(low),
                                   high=_number(high), value=_number(number)))
        return number

    def parse(self, name: str, text: str) -> SettingValue:
        """A value typed on a command line, converted and checked."""
        value: object = text
        if self.kind == "bool":
            word = text.strip().lower()
            if word not in _TRUE + _FALSE:
                raise SettingsError(tr("err.setting.bool", name=name, value=text))
            value = word in _TRUE
        elif self.kind in ("int", "float"):
            try:
                value = int(text) if self.kind == "int" else float(text)
            except ValueError:
                key = "err.setting.whole_number" if self.kind == "int" else "err.setting.number"
                raise SettingsError(tr(key, name=name, value=text)) from None
        elif self.kind == "list":
            try:
                value = json.loads(text) if text.strip() else []
            except ValueError:
                raise SettingsError(tr("err.setting.json_list", name=name, value=text)) from None
        return self.check(name, value)


def _kind_of(default: SettingValue) -> Kind:
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    return "list" if isinstance(default, list) else "str"


def setting(default: SettingValue, description: str, *, minimum: float | None = None,
            maximum: float | None = None, choices: tuple[str, ...] = (), url: bool = False,
            internal: bool = False) -> Any:
    """A dataclass field carrying its ``Rule`` (``Any``: it stands for the field's value)."""
    rule = Rule(_kind_of(default), description, minimum, maximum, choices, url, internal)
    if choices and default not in choices:
        raise ValueError(f"default {default!r} is not among {choices}")
    metadata = {"rule": rule}
    if isinstance(default, list):
        items = list(default)
        return field(default_factory=lambda: list(items), metadata=metadata)
    return field(default=default, metadata=metadata)
