"""Typed application settings stored as JSON in the user config folder.

Qt-only view state (window geometry, splitter sizes) lives in QSettings; everything the
command line also needs lives here so that both front ends agree. Each field carries its
rule (``setting_rules.Rule``: type, bounds, choices, description); a bad value read from
the file is logged and the default kept, unknown keys are dropped. At start each front end
calls ``repair_settings()``: a damaged file (not JSON, or fields of the wrong type) is
kept aside as ``settings.json.corrupt-<time>``, the good fields are saved back, and the
front end shows the one line it returns (the window on screen, the CLI on stderr).

Writers change only their own fields: ``update_settings(name=value)`` (or
``edit_settings()`` for a list append) re-reads the file under a lock, applies just
those fields and replaces the file atomically, so the GUI, the tutor panel and a
concurrent ``interview-desk`` command never overwrite each other's changes.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from interview_desk.atomic_file import write_text
from interview_desk.errors import SettingsError
from interview_desk.paths import user_config_dir
from interview_desk.setting_rules import Rule, SettingValue, setting
from interview_desk.strings import tr

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
SCRIPTS = ("original", "simplified", "traditional")  # script.Script, as choices
LANGUAGES = ("auto", "en", "zh")
THEMES = ("system", "light", "dark")
_LOCK_TIMEOUT_S = 5.0


@dataclass
class Settings:
    schema_version: int = setting(SCHEMA_VERSION, "format of settings.json", internal=True)
    user_folders: list[str] = setting(
        [], "extra folders of Markdown Q&A (use 'corpus add PATH')")
    folder_rules: list[str] = setting(
        [], "how each added folder is read, 'RULE PATH' (use 'corpus add PATH --rule')")
    model_paths: list[str] = setting([], "extra GGUF files or folders to look for models in")
    model: str = setting("", "the tutor's GGUF model; empty = the best one found")
    n_gpu_layers: int = setting(0, "layers offloaded to the GPU: 0 = CPU only, -1 = all",
                                minimum=-1, maximum=999)
    n_ctx: int = setting(4096, "largest context in tokens (the tutor sizes it from the source "
                         "budget and reply length, up to this)", minimum=512, maximum=131072)
    model_prefs: list[str] = setting(
        [], "n_ctx and n_gpu_layers remembered per model: 'FILE n_ctx=N n_gpu_layers=N'")
    n_threads: int = setting(0, "CPU threads; 0 = let llama.cpp decide",
                             minimum=0, maximum=256)
    temperature: float = setting(-1.0, "sampling temperature; -1 = chosen by the model's size "
                                 "(tutor/backend.py sampling_for)", minimum=-1.0, maximum=2.0)
    top_p: float = setting(0.9, "nucleus sampling top-p", minimum=0.05, maximum=1.0)
    max_tokens: int = setting(512, "longest reply, in tokens", minimum=1, maximum=32768)
    source_tokens: int = setting(700, "tokens of notes the tutor gives the model with a "
                                 "question (the current entry first, then search hits)",
                                 minimum=100, maximum=16384)
    chat_format: str = setting(
        "", "a llama-cpp-python chat format name; empty = the GGUF's own template")
    remote_url: str = setting(
        "", "an OpenAI-compatible endpoint (llama-server, Ollama, vLLM); empty = local model",
        url=True)
    remote_model: str = setting("", "the model name to ask the remote endpoint for")
    remote_timeout: float = setting(
        120.0, "seconds the remote endpoint may send nothing (connecting, or between two "
        "pieces of a reply) before the tutor gives up", minimum=1.0, maximum=3600.0)
    script: str = setting("original", "Chinese script shown", choices=SCRIPTS)
    language: str = setting("auto", "interface language", choices=LANGUAGES)
    theme: str = setting("system", "colour theme", choices=THEMES)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Settings:
        """Settings from parsed JSON: each bad value is logged and its default kept."""
        values: dict[str, SettingValue] = {}
        for name, rule in RULES.items():
            if name not in data or rule.internal:
                continue
            try:
                values[name] = rule.check(name, data[name])
            except SettingsError as exc:
                log.warning("settings: %s; keeping the default", exc)
        unknown = sorted(set(data) - set(RULES))
        if unknown:
            log.info("settings: ignoring unknown keys %s", ", ".join(unknown))
        return cls(**values)  # type: ignore[arg-type]  # each value checked by its rule

    def to_dict(self) -> dict[str, SettingValue]:
        return dataclasses.asdict(self)

    def replaced(self, **changes: object) -> Settings:
        """A copy with ``changes``, each checked by its field's rule (``SettingsError``)."""
        checked = {name: rule_for(name).check(name, value) for name, value in changes.items()}
        return dataclasses.replace(self, **checked)  # type: ignore[arg-type]  # checked above


def _rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for f in dataclasses.fields(Settings):
        rule = f.metadata.get("rule")
        if not isinstance(rule, Rule):  # a new field must say what it may hold
            raise TypeError(f"Settings.{f.name} is declared without setting(...)")
        rules[f.name] = rule
    return rules


RULES = _rules()


def rule_for(name: str) -> Rule:
    """The rule of a setting users may set, or ``SettingsError`` naming the known ones."""
    rule = RULES.get(name)
    if rule is None or rule.internal:
        known = ", ".join(n for n, r in RULES.items() if not r.internal)
        raise SettingsError(tr("err.setting.unknown", name=name, known=known))
    return rule


def changed_fields(old: Settings, new: Settings) -> dict[str, SettingValue]:
    """The fields ``new`` changed relative to ``old`` (what a writer should save)."""
    before, after = old.to_dict(), new.to_dict()
    return {name: value for name, value in after.items() if before[name] != value}


def settings_path() -> Path:
    return user_config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        log.warning("settings: %s unreadable (%s); using defaults", path, exc)
        return Settings()
    except (ValueError, RecursionError) as exc:  # RecursionError: "[[[[..." 100,000 deep
        _keep_aside(path, f"not valid JSON ({type(exc).__name__})")
        return Settings()
    if not isinstance(data, dict):
        _keep_aside(path, "does not hold a JSON object")
        return Settings()
    return Settings.from_dict(data)


def _aside_path(path: Path) -> Path:
    """A free ``settings.json.corrupt-<time>[-N]`` name next to ``path``."""
    stem = f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}"
    aside, n = path.with_name(stem), 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{stem}-{n}")
    return aside


def _keep_aside(path: Path, why: str) -> Path | None:
    """Rename a damaged settings file so the next save does not overwrite what it held."""
    aside = _aside_path(path)
    try:
        path.replace(aside)
    except OSError as exc:  # read-only folder, or another process moved it first
        log.warning("settings: %s %s; using defaults (not moved aside: %s)", path, why, exc)
        return None
    log.warning("settings: %s %s; kept as %s, using defaults", path, why, aside.name)
    return aside


@dataclass(frozen=True)
class SettingsRepair:
    """What ``repair_settings`` found wrong with the settings file and did about it."""

    path: Path
    aside: Path | None  # where the damaged file is kept; None: it could not be kept
    fields: tuple[str, ...] = ()  # the fields reset to defaults; empty: the whole file

    def message(self) -> str:
        """One line in the current language, for the command line and the window."""
        if self.aside is None:
            return tr("notice.settings_unkept", file=self.path)
        if self.fields:
            return tr("notice.settings_fields", file=self.path, fields=", ".join(self.fields),
                      aside=self.aside.name)
        return tr("notice.settings_damaged", file=self.path, aside=self.aside.name)


def repair_settings(path: Path | None = None) -> SettingsRepair | None:
    """At start: keep a damaged settings file aside and say so (None: nothing wrong).

    Not JSON, or not an object: the file is moved aside and the defaults are used. Fields
    of the wrong type: a copy is kept aside and the file is saved again without them.
    Unknown keys are not damage (a newer version may have written them). When another
    process holds the lock, nothing is done now: the next start looks again.
    """
    path = path or settings_path()
    try:
        with _locked(path, timeout=0.0):
            return _repair(path)
    except SettingsError:
        return None  # another process is writing it right now
    except OSError as exc:  # a read-only config folder: the lock cannot be created
        log.warning("settings: cannot check %s: %s", path, exc)
        return None


def _repair(path: Path) -> SettingsRepair | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:  # a folder named settings.json, or unreadable
        log.warning("settings: cannot read %s: %s", path, exc.strerror or type(exc).__name__)
        return SettingsRepair(path, None)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # RecursionError: "[[[[..." deep
        why = "not valid JSON" if not isinstance(exc, RecursionError) else "nested too deep"
        return SettingsRepair(path, _keep_aside(path, why))
    if not isinstance(data, dict):
        return SettingsRepair(path, _keep_aside(path, "not a JSON object"))
    bad = tuple(name for name, rule in RULES.items()
                if name in data and not rule.internal and not _fits(rule, name, data[name]))
    if not bad:
        return None
    aside = _aside_path(path)
    try:
        aside.write_bytes(raw)
        _write(Settings.from_dict(data), path)
    except OSError as exc:
        log.warning("settings: could not keep %s aside: %s", path, exc)
        return SettingsRepair(path, None, bad)
    return SettingsRepair(path, aside, bad)


def _fits(rule: Rule, name: str, value: object) -> bool:
    try:
        rule.check(name, value)
    except SettingsError:
        return False
    return True


def update_settings(path: Path | None = None, /, **changes: object) -> Settings:
    """Check and save only ``changes`` over what the file holds now; returns the result."""
    checked = {name: rule_for(name).check(name, value) for name, value in changes.items()}
    with edit_settings(path) as current:
        for name, value in checked.items():
            setattr(current, name, value)
    return current


@contextmanager
def edit_settings(path: Path | None = None) -> Iterator[Settings]:
    """Hold the settings lock; yield the file's current settings; save them if changed.

    For changes that depend on the current value (append a folder): the read and the
    write happen under one lock, so a concurrent writer's change is never lost.
    """
    path = path or settings_path()
    with _locked(path):
        current = load_settings(path)
        before = current.to_dict()
        yield current
        after = current.to_dict()
        if after == before:
            return
        for name, value in after.items():
            if value != before[name]:
                rule_for(name).check(name, value)
        _write(current, path)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write a whole ``Settings`` (a fresh file, tests); writers use ``update_settings``."""
    path = path or settings_path()
    with _locked(path):
        _write(settings, path)


def _write(settings: Settings, path: Path) -> None:
    text = json.dumps(settings.to_dict(), ensure_ascii=False, indent=2)
    write_text(path, text, fsync=True, fsync_folder=True)


@contextmanager
def _locked(path: Path, timeout: float = _LOCK_TIMEOUT_S) -> Iterator[None]:
    """An exclusive lock on ``settings.json.lock`` across threads and processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise SettingsError(tr("err.setting.busy", path=path))
            time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock locks belong to the open file description: two descriptors opened by
        # two threads of one process exclude each other too.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
