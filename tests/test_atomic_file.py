"""``atomic_file``: the target is the old file or the new one, never half of one, and
no temporary file outlives a failure: a writer that raises, a cancel, a rename that
cannot happen, a full disk and a read-only folder (real tmpfs mounts, where allowed)."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from interview_desk.atomic_file import replacing, write_bytes, write_text

if TYPE_CHECKING:  # tests/conftest.py's fixture (importing it would run the set-up twice)
    from tests.conftest import Mounts

OLD = b"old contents\n"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "data.bin"
    path.write_bytes(OLD)
    return path


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_the_new_contents_replace_the_old(target: Path) -> None:
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert _names(target.parent) == ["data.bin"]


def test_a_missing_target_is_created(tmp_path: Path) -> None:
    path = tmp_path / "fresh.json"
    write_text(path, '{"a": "注意力"}\n', fsync=True, fsync_folder=True)
    assert path.read_text(encoding="utf-8") == '{"a": "注意力"}\n'
    assert _names(tmp_path) == ["fresh.json"]


def test_text_is_written_in_the_encoding_given(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    write_text(path, "键值缓存", encoding="gb18030")
    assert path.read_bytes() == "键值缓存".encode("gb18030")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_private_by_default_else_as_open_would_make_it(tmp_path: Path) -> None:
    private, shared = tmp_path / "private", tmp_path / "shared"
    write_bytes(private, b"x")
    write_bytes(shared, b"x", private=False)
    assert _mode(private) == 0o600
    assert _mode(shared) == 0o666 & ~_umask()


def test_a_writer_that_raises_leaves_the_old_file(target: Path) -> None:
    with pytest.raises(RuntimeError, match="half way"), replacing(target, fsync=True) as f:
        f.write(b"new contents that never land")
        raise RuntimeError("half way")
    assert target.read_bytes() == OLD
    assert _names(target.parent) == ["data.bin"]


def test_a_rename_that_fails_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "a folder where the file should go"
    folder.mkdir()
    (folder / "inside").write_bytes(b"kept")
    with pytest.raises(OSError):
        write_bytes(folder, b"new")
    assert _names(tmp_path) == [folder.name] and _names(folder) == ["inside"]


def _copy(target: Path, chunks: list[bytes]) -> Generator[int, None, None]:
    with replacing(target, temp_name=target.name + ".part") as f:
        for chunk in chunks:
            f.write(chunk)
            f.flush()
            yield len(chunk)


def test_a_fixed_temporary_name_is_reused_and_removed_on_cancel(target: Path) -> None:
    part = target.with_name("data.bin.part")
    part.write_bytes(b"a crashed run's leftover, longer than what follows")
    steps = _copy(target, [b"one", b"two", b"three"])
    next(steps)
    assert part.read_bytes() == b"one"  # truncated, not appended to
    steps.close()  # a cancel: GeneratorExit at the yield
    assert target.read_bytes() == OLD
    assert _names(target.parent) == ["data.bin"]
    assert list(_copy(target, [b"one", b"two"])) == [3, 3]
    assert target.read_bytes() == b"onetwo" and _names(target.parent) == ["data.bin"]


def test_a_full_disk_leaves_the_old_file(tmp_path: Path, mounts: Mounts) -> None:
    mounted = mounts.tmpfs(tmp_path / "mnt", "size=256k")
    path = mounted / "data.bin"
    path.write_bytes(OLD)
    with pytest.raises(OSError) as raised:
        write_bytes(path, b"\1" * (1024 * 1024), fsync=True)
    assert raised.value.errno == errno.ENOSPC
    assert path.read_bytes() == OLD
    assert _names(mounted) == ["data.bin"]


def test_a_read_only_folder_leaves_the_old_file(tmp_path: Path, mounts: Mounts) -> None:
    mounted = mounts.tmpfs(tmp_path / "mnt")
    path = mounted / "data.bin"
    path.write_bytes(OLD)
    mounts.read_only(mounted)
    with pytest.raises(OSError) as raised:
        write_text(path, "new")
    assert raised.value.errno == errno.EROFS
    assert path.read_bytes() == OLD
    assert _names(mounted) == ["data.bin"]
