"""GGUF model discovery and description: what is installed, and what each file holds.

Models are found in three places, in this order: ``models/`` next to the app, the user
models folder, and the files or folders the user added in settings. Each file is
described from its header alone (see ``gguf_header``), so listing a folder of
multi-gigabyte models stays instant and a broken file is reported, not loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_desk.errors import ModelError
from interview_desk.paths import app_models_dir, user_models_dir
from interview_desk.strings import tr
from interview_desk.tutor.gguf_header import (
    FILE_TYPE_NAMES,
    GGML_TYPE_NAMES,
    GGUFHeader,
    read_header,
)

log = logging.getLogger(__name__)

DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    path: Path
    name: str
    architecture: str
    parameters: int
    size_label: str  # "135M", "1.5B": from metadata, else computed
    quantization: str
    context_length: int
    chat_template: str  # "" when the GGUF carries none
    file_size: int
    layers: int  # block count: the upper bound for GPU offload

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path), "name": self.name, "architecture": self.architecture,
            "parameters": self.parameters, "size_label": self.size_label,
            "quantization": self.quantization, "context_length": self.context_length,
            "has_chat_template": bool(self.chat_template), "file_size": self.file_size,
            "layers": self.layers,
        }


@dataclass(frozen=True, slots=True)
class FoundModel:
    """A ``.gguf`` file found during discovery: described, or why it cannot be used."""

    path: Path
    origin: str  # "app" | "user" | "settings"
    info: ModelInfo | None
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": str(self.path), "origin": self.origin,
                                "ok": self.info is not None}
        if self.info is not None:
            data.update(self.info.to_json())
        else:
            data["error"] = self.error
        return data


def _size_label(n: int) -> str:
    if n >= 1_000_000_000:
        return f"{n / 1e9:.1f}B".replace(".0B", "B")
    if n >= 1_000_000:
        return f"{round(n / 1e6)}M"
    return f"{round(n / 1e3)}K" if n >= 1_000 else str(n)  # test models: not "0M"


def _quantization(header: GGUFHeader) -> str:
    file_type = header.metadata.get("general.file_type")
    if isinstance(file_type, int) and file_type in FILE_TYPE_NAMES:
        return FILE_TYPE_NAMES[file_type]
    # No file type: name the most common tensor type by bytes.
    by_type: dict[int, int] = {}
    for t in header.tensors:
        by_type[t.ggml_type] = by_type.get(t.ggml_type, 0) + t.n_bytes
    if not by_type:
        return "unknown"
    return GGML_TYPE_NAMES.get(max(by_type, key=by_type.__getitem__), "unknown")


def describe(header: GGUFHeader) -> ModelInfo:
    md = header.metadata
    arch = str(md.get("general.architecture") or "unknown")
    params = header.parameter_count
    name = str(md.get("general.name") or header.path.stem)
    ctx = md.get(f"{arch}.context_length")
    layers = md.get(f"{arch}.block_count")
    template = md.get("tokenizer.chat_template")
    return ModelInfo(
        path=header.path, name=name, architecture=arch, parameters=params,
        size_label=str(md.get("general.size_label") or _size_label(params)),
        quantization=_quantization(header),
        context_length=int(ctx) if isinstance(ctx, int) else 0,
        chat_template=template if isinstance(template, str) else "",
        file_size=header.file_size,
        layers=int(layers) if isinstance(layers, int) else 0,
    )


def inspect_model(path: str | Path) -> ModelInfo:
    """Describe one GGUF file; ``ModelError`` (one line) when it is missing or broken."""
    header = read_header(Path(path).expanduser())
    if not header.tensors:
        raise ModelError(tr("err.model.no_tensors", file=header.path.name))
    if "general.architecture" not in header.metadata:
        raise ModelError(tr("err.model.no_architecture", file=header.path.name))
    return describe(header)


def model_dirs(extra_paths: Iterable[str] = ()) -> list[tuple[str, Path]]:
    places = [("app", app_models_dir()), ("user", user_models_dir())]
    places += [("settings", Path(p).expanduser()) for p in extra_paths if p.strip()]
    return places


def _gguf_files(place: Path) -> list[Path]:
    if place.is_file():
        return [place]
    if not place.is_dir():
        return []
    try:
        return sorted(p for p in place.rglob("*.gguf") if p.is_file())
    except OSError as exc:
        log.warning("cannot list %s: %s", place, exc)
        return []


def discover_models(extra_paths: Iterable[str] = ()) -> list[FoundModel]:
    """Every ``.gguf`` in the model places, each described or with its error."""
    found: list[FoundModel] = []
    seen: set[Path] = set()
    for origin, place in model_dirs(extra_paths):
        for path in _gguf_files(place):
            key = path.resolve()
            if key in seen:
                continue
            seen.add(key)
            try:
                found.append(FoundModel(path, origin, inspect_model(path)))
            except ModelError as exc:
                found.append(FoundModel(path, origin, None, str(exc)))
    return found


def resolve_model(choice: str, extra_paths: Iterable[str] = ()) -> ModelInfo:
    """The model to use: ``choice`` (a path or a file name among the discovered ones),
    else the default model when installed, else the first usable one."""
    if choice:
        candidate = Path(choice).expanduser()
        looks_like_path = candidate.suffix == ".gguf" and candidate.parent != Path()
        if candidate.exists() or looks_like_path:
            return inspect_model(candidate)
    usable = [m for m in discover_models(extra_paths) if m.info is not None]
    if choice:
        for m in usable:
            if choice in (m.path.name, m.path.stem, m.info.name if m.info else ""):
                return m.info  # type: ignore[return-value]
        raise ModelError(tr("err.model.unknown_choice", choice=choice))
    for m in usable:
        if m.path.name == DEFAULT_MODEL_FILE:
            return m.info  # type: ignore[return-value]
    if usable:
        return usable[0].info  # type: ignore[return-value]
    raise ModelError(tr("err.model.none_installed", folder=user_models_dir()))
