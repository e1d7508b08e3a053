"""Print the Debian ``Depends:`` value for a frozen bundle, the way dpkg-shlibdeps would.

    python packaging/linux/deb_depends.py BUNDLE_DIR [--extra "fonts-noto-cjk | fonts-wqy-zenhei"]

Every shared library that an ELF file in the bundle needs (DT_NEEDED) and the bundle does
not hold itself is resolved through ``ldconfig -p`` to a file and through ``dpkg -S`` to
the package that owns it. glibc's libraries become one ``libc6 (>= X)``, X being the
highest ``GLIBC_`` symbol version any file asks for, which also says which distributions
the build runs on. The package names are the build machine's: build the .deb on the oldest
distribution it should install on (CI uses ubuntu-22.04).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

GLIBC_LIBS = re.compile(r"^(libc|libm|libpthread|libdl|librt|libutil|libresolv|ld-linux[\w.-]*)"
                        r"\.so(\.\d+)*$")
LDCONFIG_TAG = {"x86_64": "x86-64", "aarch64": "AArch64"}


def _run(cmd: list[str]) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout


def elf_files(bundle: Path) -> list[Path]:
    files = []
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as fh:
            if fh.read(4) == b"\x7fELF":
                files.append(path)
    return sorted(files)


def needed_and_glibc(files: list[Path]) -> tuple[set[str], tuple[int, ...]]:
    needed: set[str] = set()
    glibc = (2, 17)
    for path in files:
        dynamic = _run(["readelf", "-d", "-W", str(path)])
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
        for version in re.findall(r"Name: GLIBC_(\d+(?:\.\d+)+)", _run(["readelf", "-V", "-W",
                                                                         str(path)])):
            glibc = max(glibc, tuple(int(x) for x in version.split(".")))
    return needed, glibc


def ldconfig_paths() -> dict[str, str]:
    tag = LDCONFIG_TAG.get(platform.machine(), "")
    paths: dict[str, str] = {}
    for line in _run(["ldconfig", "-p"]).splitlines():
        m = re.match(r"\s+(\S+) \(([^)]*)\) => (\S+)", line)
        if m and (not tag or tag in m.group(2)):
            paths.setdefault(m.group(1), m.group(3))
    return paths


def owning_packages(paths: list[str]) -> dict[str, str]:
    """``path -> package`` for the paths dpkg knows (trying the /usr-merged twin too)."""
    candidates: dict[str, str] = {}
    for path in paths:
        real = os.path.realpath(path)
        for variant in {path, real, re.sub(r"^/usr/lib/", "/lib/", real),
                        re.sub(r"^/lib/", "/usr/lib/", real)}:
            candidates[variant] = path
    owners: dict[str, str] = {}
    out = _run(["dpkg", "-S", *sorted(candidates)])
    for line in out.splitlines():
        pkgs, _, owned = line.partition(": ")
        if owned in candidates and candidates[owned] not in owners:
            owners[candidates[owned]] = pkgs.split(",")[0].split(":")[0].strip()
    return owners


def depends(bundle: Path, extra: list[str]) -> tuple[str, list[str]]:
    files = elf_files(bundle)
    held = {p.name for p in bundle.rglob("*")}
    needed, glibc = needed_and_glibc(files)
    missing = sorted(n for n in needed if n not in held and not GLIBC_LIBS.match(n))
    where = ldconfig_paths()
    unresolved = [n for n in missing if n not in where]
    owners = owning_packages([where[n] for n in missing if n in where])
    unresolved += [n for n in missing if n in where and where[n] not in owners]
    packages = sorted(set(owners.values()) - {"libc6"})
    items = [f"libc6 (>= {'.'.join(map(str, glibc))})", *packages, *extra]
    return ", ".join(items), sorted(unresolved)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--extra", action="append", default=[],
                        help="another Depends item, e.g. a font (repeatable)")
    parser.add_argument("--strict", action="store_true",
                        help="fail when a needed library is not found on this machine")
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"deb_depends: {args.bundle} is not a folder", file=sys.stderr)
        return 2
    value, unresolved = depends(args.bundle, args.extra)
    for name in unresolved:
        print(f"deb_depends: warning: {name} is needed but not installed here, so it is "
              "not in Depends", file=sys.stderr)
    print(value)
    return 1 if unresolved and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
