"""Check that the installed llama.cpp was compiled for any CPU of its kind, not just this one.

    .venv/bin/python packaging/llama_portability.py [--strict]

llama.cpp compiles with ``-march=native`` unless built with ``CMAKE_ARGS=-DGGML_NATIVE=OFF``;
a native build made on an AVX-512 machine (most CI hosts) dies with SIGILL on an older
laptop. The instruction sets it was compiled with show in ``llama_print_system_info()``:
a portable x86-64 build stops at AVX2/FMA/F16C/BMI2 (the ggml defaults with native off).
"""

from __future__ import annotations

import re
import sys

# Instruction sets that a portable (GGML_NATIVE=OFF) build does not enable by default.
NATIVE_ONLY = re.compile(r"^(AVX512\w*|AVX_VNNI|AVX_VNNI_INT\w*|AMX\w*|SVE\w*|SME\w*)$")


def native_features(system_info: str) -> list[str]:
    """The non-portable instruction sets enabled in a ``llama_print_system_info()`` text."""
    enabled = re.findall(r"(\w+) = 1", system_info)
    return sorted({name for name in enabled if NATIVE_ONLY.match(name)})


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    try:
        import llama_cpp
    except ImportError as exc:
        print(f"llama_portability: llama_cpp cannot be imported: {exc}", file=sys.stderr)
        return 1
    info = llama_cpp.llama_print_system_info().decode(errors="replace").strip()
    found = native_features(info)
    print(f"    llama-cpp-python {llama_cpp.__version__}: {info}")
    if not found:
        print("    portable build (GGML_NATIVE=OFF)")
        return 0
    message = (f"llama.cpp was compiled for this CPU ({', '.join(found)}); rebuild with "
               'CMAKE_ARGS="-DGGML_NATIVE=OFF" for a release (see packaging/README.md)')
    print(f"llama_portability: {'error' if strict else 'warning'}: {message}", file=sys.stderr)
    return 1 if strict else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
