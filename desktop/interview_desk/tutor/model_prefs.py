"""Load settings remembered per model: ``Settings.model_prefs`` holds one line per model,
``FILE_NAME n_ctx=4096 n_gpu_layers=0``, keyed by file name so a model moved or
re-added keeps them. Switching models applies its line over the global defaults."""

from __future__ import annotations

from dataclasses import dataclass

KEYS = ("n_ctx", "n_gpu_layers")


@dataclass(frozen=True, slots=True)
class ModelPrefs:
    n_ctx: int
    n_gpu_layers: int

    def line(self, file_name: str) -> str:
        return f"{file_name} n_ctx={self.n_ctx} n_gpu_layers={self.n_gpu_layers}"


def prefs_for(lines: list[str], file_name: str) -> ModelPrefs | None:
    """The remembered settings of ``file_name``; None when none (or unreadable)."""
    for line in lines:
        name, *pairs = line.rsplit(" ", len(KEYS))
        if name != file_name:
            continue
        values = dict(p.split("=", 1) for p in pairs if "=" in p)
        try:
            return ModelPrefs(int(values["n_ctx"]), int(values["n_gpu_layers"]))
        except (KeyError, ValueError):
            return None
    return None


def with_prefs(lines: list[str], file_name: str, prefs: ModelPrefs) -> list[str]:
    """``lines`` with ``file_name``'s line replaced (or added)."""
    kept = [ln for ln in lines if ln.rsplit(" ", len(KEYS))[0] != file_name]
    return [*kept, prefs.line(file_name)]
