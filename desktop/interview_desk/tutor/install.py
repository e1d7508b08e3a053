"""Bring a GGUF file into the user's models folder, and take one out.

``install_steps`` is a generator of (bytes done, bytes total): the UI runs it on a worker
and shows each step; closing it early (cancel) removes the partial copy. The file is
checked with the header reader before a byte is copied, so a truncated download or a
non-GGUF file is refused with one line, and the copy goes to ``NAME.part`` first and is
renamed only when complete, so a crash or cancel never leaves a broken ``.gguf`` that
discovery would list. A link costs no space: a symbolic link where the system allows one.
"""

from __future__ import annotations

import shutil
from collections.abc import Generator
from pathlib import Path

from interview_desk.atomic_file import replacing
from interview_desk.errors import ModelError
from interview_desk.strings import tr
from interview_desk.tutor.models import ModelInfo, inspect_model

CHUNK_BYTES = 4 * 1024 * 1024
SPACE_MARGIN_BYTES = 64 * 1024 * 1024  # leave the disk some room after the copy


def check_source(source: Path, models_dir: Path) -> ModelInfo:
    """The model at ``source`` if it can be installed into ``models_dir``, else
    ``ModelError`` with one line saying why not."""
    source = Path(source).expanduser()
    if source.suffix.lower() != ".gguf":
        raise ModelError(tr("err.install.not_gguf", file=source.name))
    info = inspect_model(source)  # header check: signature, version, truncation
    target = models_dir / source.name
    if target.exists() or target.is_symlink():
        if target.resolve() == source.resolve():
            raise ModelError(tr("err.install.already_there", file=source.name))
        raise ModelError(tr("err.install.name_taken", file=source.name))
    return info


def install_steps(source: Path, models_dir: Path, *, link: bool = False,
                  ) -> Generator[tuple[int, int], None, Path]:
    """Copy (or link) ``source`` into ``models_dir``, yielding (done, total) bytes;
    returns the installed path."""
    source = Path(source).expanduser()
    check_source(source, models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    target = models_dir / source.name
    total = source.stat().st_size
    if link:
        try:
            target.symlink_to(source.resolve())
        except OSError as exc:  # Windows without the privilege, some file systems
            raise ModelError(tr("err.install.link_failed", file=source.name,
                                reason=exc.strerror or exc)) from exc
        yield total, total
        return target
    free = shutil.disk_usage(models_dir).free
    if free < total + SPACE_MARGIN_BYTES:
        raise ModelError(tr("err.install.disk_space", file=source.name, needed=total / 1e9,
                            free=free / 1e9))
    done = 0
    try:  # cancelled (generator closed), failed or interrupted: the .part file goes
        with source.open("rb") as src, replacing(target, fsync=True, private=False,
                                                 temp_name=target.name + ".part") as dst:
            yield 0, total
            while chunk := src.read(CHUNK_BYTES):
                dst.write(chunk)
                done += len(chunk)
                yield done, total
            if done != total:
                raise ModelError(tr("err.install.changed", file=source.name))
    except OSError as exc:
        raise ModelError(tr("err.install.copy_failed", file=source.name,
                            reason=exc.strerror or exc)) from exc
    return target


def install(source: Path, models_dir: Path, *, link: bool = False) -> Path:
    """``install_steps`` run to the end (command line, tests)."""
    steps = install_steps(source, models_dir, link=link)
    try:
        while True:
            next(steps)
    except StopIteration as stop:
        return Path(stop.value)


def remove_model(path: Path, models_dir: Path) -> None:
    """Delete an installed model (only a link, for a linked one). Files outside the
    models folder are the user's own: they are never deleted from here."""
    path = Path(path)
    try:
        inside = path.parent.resolve() == models_dir.resolve()
    except OSError:
        inside = False
    if not inside:
        raise ModelError(tr("err.install.not_ours", file=path.name))
    if not (path.exists() or path.is_symlink()):
        raise ModelError(tr("err.install.gone", file=path.name))
    try:
        path.unlink()
    except OSError as exc:
        raise ModelError(tr("err.install.remove_failed", file=path.name,
                            reason=exc.strerror or exc)) from exc
