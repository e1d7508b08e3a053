"""``interview-desk corpus stats|list|show|add|remove|folders``: the Q&A corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from interview_desk.cli.output import emit_json
from interview_desk.errors import CorpusError, UsageError

if TYPE_CHECKING:
    from interview_desk.cli.parsing import Subcommands
    from interview_desk.corpus.importer import FolderPreview
    from interview_desk.corpus.model import Corpus, Entry



def register(sub: Subcommands) -> None:
    p = sub.add_parser("corpus", help="the Q&A documents: counts, entries, your own folders")
    cmds = p.add_subparsers(dest="corpus_command", metavar="ACTION", required=True)

    stats = cmds.add_parser("stats", help="questions, answered and sections per document")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(func=run_stats)

    lst = cmds.add_parser("list", help="list entries (id, number, question)")
    lst.add_argument("--source", metavar="S",
                     help="only this document: file name, stem or prefix such as 003")
    lst.add_argument("--unanswered", action="store_true", help="only questions with no answer")
    lst.add_argument("--json", action="store_true", help="print JSON")
    lst.set_defaults(func=run_list)

    show = cmds.add_parser("show", help="one entry with its answer")
    show.add_argument("id", metavar="ID", help="entry id as printed by 'corpus list'")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=run_show)

    add = cmds.add_parser("add", help="add a folder of your own notes (Markdown, CSV/TSV)")
    add.add_argument("path", metavar="PATH")
    add.add_argument("--rule", default="auto", metavar="RULE",
                     help="how questions are found: auto, headings:N, numbered, bullets, qa")
    add.add_argument("--dry-run", action="store_true",
                     help="only show what would be imported; change nothing")
    add.add_argument("--json", action="store_true", help="print the preview as JSON")
    add.set_defaults(func=run_add)

    remove = cmds.add_parser("remove", help="stop reading a folder added with 'corpus add'")
    remove.add_argument("path", metavar="PATH")
    remove.set_defaults(func=run_remove)

    folders = cmds.add_parser("folders", help="the folders added with 'corpus add'")
    folders.add_argument("--json", action="store_true", help="print JSON")
    folders.set_defaults(func=run_folders)


def _load() -> Corpus:  # imported lazily so that --help stays fast
    from interview_desk.corpus import load_corpus

    corpus = load_corpus()
    for message in corpus.warnings:
        print(f"warning: {message}", file=sys.stderr)
    return corpus


def run_stats(args: argparse.Namespace) -> int:
    corpus = _load()
    sources = corpus.sources
    rows: list[dict[str, str | int]] = [
        {"file": s.file, "questions": s.questions, "answered": s.answered,
         "sections": s.sections} for s in sources]
    total = {"sources": len(sources),
             "questions": sum(s.questions for s in sources),
             "answered": sum(s.answered for s in sources),
             "sections": sum(s.sections for s in sources)}
    if args.json:
        emit_json({"sources": rows, "total": total})
        return 0
    width = max([len(s.file) for s in sources] + [len("file")])
    print(f"{'file':<{width}}  questions  answered  sections")
    total_row: dict[str, str | int] = {"file": "total", **total}
    for r in [*rows, total_row]:
        print(f"{r['file']:<{width}}  {r['questions']:>9}  {r['answered']:>8}  "
              f"{r['sections']:>8}")
    return 0


def _source_matches(source: str, wanted: str) -> bool:
    name = source.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    return wanted in (source, name, stem) or stem.split("_", 1)[0] == wanted


def run_list(args: argparse.Namespace) -> int:
    corpus = _load()
    entries = corpus.entries
    if args.source:
        entries = [e for e in entries if _source_matches(e.source, args.source)]
        if not entries:
            known = ", ".join(s.file for s in corpus.sources)
            raise UsageError(f"unknown source {args.source!r}; sources: {known}")
    if args.unanswered:
        entries = [e for e in entries if not e.answered]
    if args.json:
        emit_json([e.to_dict(with_answer=False) for e in entries])
        return 0
    group: tuple[str, str] | None = None
    for e in entries:
        if (e.source, e.section) != group:
            group = (e.source, e.section)
            print(f"{e.source} · {e.section}" if e.section else e.source)
        stars = f" {'★' * e.difficulty}" if e.difficulty else ""
        missing = "" if e.answered else "  [no answer]"
        number = f"{e.number}." if e.number else ""
        print(f"  {e.id:<14} {number:<9} {e.question}{stars}{missing}")
    return 0


def _lines(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"


def _rendered(entry: Entry) -> dict[str, object]:
    """What the reader shows, so scripts can check it: its text (formulas in Unicode),
    how many formulas render, how many were rebuilt from copied text, and the TeX of
    any shown as source because it could not be drawn."""
    from interview_desk.render import render_entry  # ziamath: only when asked for

    doc = render_entry(entry)
    return {"text": doc.text, "formulas": doc.formulas, "repaired": doc.repaired,
            "math_fallbacks": doc.math_fallbacks}


def run_show(args: argparse.Namespace) -> int:
    corpus = _load()
    entry = corpus.get(args.id)
    if entry is None:
        raise CorpusError(f"no entry with id {args.id!r} (see 'corpus list')")
    if args.json:
        emit_json({**entry.to_dict(), "rendered": _rendered(entry)})
        return 0
    number = f"{entry.number}. " if entry.number else ""
    print(f"{number}{entry.question}")
    where = f"{entry.source}, {_lines(entry.line_start, entry.line_end)}"
    if entry.answer_span and entry.answer_span[0] > entry.line_end:
        where += f" (answer: {_lines(*entry.answer_span)})"
    print(f"[{entry.id}] {where}")
    if entry.section_path:
        print(f"section: {entry.section}")
    if entry.difficulty:
        print(f"difficulty: {'★' * entry.difficulty}{'☆' * max(0, 5 - entry.difficulty)}")
    print()
    print(entry.answer if entry.answered else "(no answer in the source)")
    return 0


def _normalised(path: str | Path) -> str:
    if not str(path).strip():
        raise UsageError("empty folder path")
    p = Path(path)
    try:
        return str(p.expanduser().resolve())
    except (OSError, RuntimeError):  # unknown "~user", symlink loop
        return str(p.absolute())


def _is_added(folder: str, folders: list[str]) -> bool:
    return folder in (_normalised(f) for f in folders if f.strip())


def _print_preview(preview: FolderPreview) -> None:
    for f in preview.files:
        if f.skipped:
            print(f"  skipped  {f.name}: {f.skipped}")
            continue
        print(f"  {f.questions:>4} questions, {f.answered:>4} answered  {f.name}")
        for e in f.entries[:3]:
            answer = " ".join((e.answer or "(no answer)").split())
            print(f"         - {e.question}  ->  {answer[:60]}")


def run_add(args: argparse.Namespace) -> int:
    from interview_desk.corpus.folders import add_folder, stored_rules
    from interview_desk.corpus.importer import preview_folder
    from interview_desk.corpus.rules import parse_rule
    from interview_desk.settings import load_settings

    rule = parse_rule(args.rule)
    folder = _normalised(args.path)
    try:
        is_dir, exists = Path(folder).is_dir(), Path(folder).exists()
    except OSError as exc:
        raise UsageError(f"cannot read {args.path}: {exc.strerror or exc}") from None
    if not exists:
        raise UsageError(f"no such folder: {args.path}")
    if not is_dir:
        raise UsageError(f"not a folder: {args.path} (add the folder that holds it)")
    current, files = stored_rules(folder)
    preview = preview_folder(Path(folder), rule, files)  # read outside the settings lock
    if args.dry_run:
        if args.json:
            emit_json(preview.to_dict())
        else:
            print(f"would add {folder} (rule {rule}): {len(preview.entries)} questions")
            _print_preview(preview)
        return 0
    already = _is_added(folder, load_settings().user_folders)
    if already and current == rule:
        print(f"already added: {folder}")
        return 0
    already = not add_folder(folder, rule, files)
    if args.json:
        emit_json({**preview.to_dict(), "added": not already})
        return 0
    # Reported here, once; later commands do not repeat them ('corpus folders' lists them).
    for message in [*preview.warnings, *preview.skipped]:
        print(f"warning: {message}", file=sys.stderr)
    done = "rule updated for" if already else "added"
    readable = sum(1 for f in preview.files if not f.skipped)
    print(f"{done} {folder}: {len(preview.entries)} questions in {readable} files")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from interview_desk.corpus.folders import forget_rules
    from interview_desk.settings import edit_settings

    target = _normalised(args.path)
    with edit_settings() as settings:
        kept = [f for f in settings.user_folders
                if f != args.path and (not f.strip() or _normalised(f) != target)]
        if len(kept) == len(settings.user_folders):
            raise UsageError(f"not an added folder: {args.path} (see 'corpus folders')")
        settings.user_folders = kept
    forget_rules(target)
    print(f"removed {target}")
    return 0


def run_folders(args: argparse.Namespace) -> int:
    from interview_desk.corpus.folders import stored_rules
    from interview_desk.corpus.importer import preview_folder
    from interview_desk.settings import load_settings

    rows: list[dict[str, object]] = []
    lines: list[str] = []
    for f in load_settings().user_folders:
        rule, files = stored_rules(f)
        if not Path(f).is_dir():
            rows.append({"path": f, "exists": False, "rule": str(rule), "questions": 0,
                         "warnings": [f"{f}: folder not found"]})
            lines.append(f"{f}  (rule {rule}, missing)")
            continue
        preview = preview_folder(Path(f), rule, files)
        warnings = [*preview.warnings, *preview.skipped]
        rows.append({"path": f, "exists": True, "rule": str(rule),
                     "questions": len(preview.entries), "warnings": warnings})
        lines.append(f"{f}  (rule {rule}, {len(preview.entries)} questions)")
        lines.extend(f"  warning: {message}" for message in warnings)
    if args.json:
        emit_json(rows)
        return 0
    print("\n".join(lines) if lines else "no folders added (use 'corpus add PATH')")
    return 0
