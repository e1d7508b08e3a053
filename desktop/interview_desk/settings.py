"""Typed application settings stored as JSON in the user config folder.

Qt-only view state (window geometry, splitter sizes) lives in QSettings; everything the
command line also needs lives here so that both front ends agree. Unknown keys are kept
out, bad values fall back to the default (and are logged), and writes are atomic.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interview_desk.paths import user_config_dir

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1


@dataclass
class Settings:
    schema_version: int = SCHEMA_VERSION
    # Extra Markdown Q&A folders the user added (``corpus add PATH``).
    user_folders: list[str] = field(default_factory=list)
    # Extra GGUF files or folders to look for models in.
    model_paths: list[str] = field(default_factory=list)
    # The model the tutor uses; empty means "the best one found".
    model: str = ""
    n_gpu_layers: int = 0  # 0 = CPU only, -1 = all layers
    n_ctx: int = 4096
    n_threads: int = 0  # 0 = let llama.cpp decide
    temperature: float = 0.3
    top_p: float = 0.9
    max_tokens: int = 512
    chat_format: str = ""  # empty = the template in the GGUF metadata
    # OpenAI-compatible endpoint (llama-server, Ollama, vLLM); empty = local model.
    remote_url: str = ""
    remote_model: str = ""
    # Display preferences shared with the command line.
    script: str = "original"  # original | simplified | traditional
    language: str = "auto"  # auto | zh | en
    theme: str = "system"  # system | light | dark

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        defaults = cls()
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            expected = getattr(defaults, f.name)
            if isinstance(expected, bool) or type(value) is type(expected) or (
                isinstance(expected, float) and isinstance(value, int)
            ):
                values[f.name] = value
            else:
                log.warning("settings: ignoring %s=%r (expected %s)", f.name, value,
                            type(expected).__name__)
        values["schema_version"] = SCHEMA_VERSION
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def settings_path() -> Path:
    return user_config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("settings: %s unreadable (%s); using defaults", path, exc)
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    return Settings.from_dict(data)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(settings.to_dict(), fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
