"""Reading the shipped documents and the user's folders into one ``Corpus``.

Nothing here raises for a bad file or folder: each is skipped with a one-line message
that names it, and everything else still loads. Problems with the shipped documents or
a folder itself are ``Corpus.warnings``; files of a user's folder that give nothing are
``Corpus.skipped`` -- reported when the folder is added and by ``corpus folders``, not
repeated by every later command.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from interview_desk.corpus import parse_cache
from interview_desk.corpus.loader_io import folder_documents, read_document
from interview_desk.corpus.model import Corpus, Entry, SourceInfo, top_sections
from interview_desk.corpus.rules import AUTO, Rule, folder_rules
from interview_desk.errors import CorpusError
from interview_desk.paths import qa_dir, user_cache_dir
from interview_desk.strings import current_language, tr

if TYPE_CHECKING:
    from interview_desk.corpus.parse_cache import Parsed

log = logging.getLogger(__name__)


def _unique_ids(entries: list[Entry]) -> list[Entry]:
    # Two user folders can hold files of the same name; keep ids unique corpus-wide.
    seen: dict[str, int] = {}
    out = []
    for e in entries:
        seen[e.id] = seen.get(e.id, 0) + 1
        out.append(e if seen[e.id] == 1 else dataclasses.replace(e, id=f"{e.id}-{seen[e.id]}"))
    return out


def _resolve(folder: str | Path) -> Path:
    path = Path(folder)
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):  # unknown "~user", symlink loop
        return path.absolute()


# (path, source name, rule -- None for a shipped document --, the bytes or why they
# could not be read)
_Read = tuple[Path, str, "Rule | None", "bytes | CorpusError"]


def _parse_one(path: Path, name: str, rule: Rule | None, data: bytes | CorpusError
               ) -> Parsed | str:
    """The parse of one document, or the one-line reason it was skipped."""
    from interview_desk.corpus.importer import parse_file  # the parser: only on a miss

    if isinstance(data, CorpusError):
        return tr("err.doc.skipped", reason=data)
    try:
        parsed = parse_file(path, name, rule or AUTO, data)
    except CorpusError as exc:
        return tr("err.doc.skipped", reason=exc)
    return parsed.layout, parsed.entries, parsed.overview


def _parse_all(read: Sequence[_Read]) -> tuple[int, list[Parsed | str]]:
    """(parser version, each document's parse or reason), from the cache when it can."""
    signature = parse_cache.code_signature()
    folder: Path | None = None
    key: str | None = None
    if signature is not None:
        try:
            folder = user_cache_dir() / "corpus"
        except OSError:
            folder = None
        key = parse_cache.cache_key(signature, [
            (f"{name}\x00{path}\x00{rule}\x00{current_language()}",  # reasons are worded in it
             data if isinstance(data, bytes) else str(data).encode())
            for path, name, rule, data in read])
    if folder is not None and key is not None:
        cached = parse_cache.load(folder, key)
        if cached is not None and len(cached[1]) == len(read):
            return cached
    from interview_desk.corpus.parser import PARSER_VERSION

    value = (PARSER_VERSION, [_parse_one(path, name, rule, data)
                              for path, name, rule, data in read])
    if folder is not None and key is not None:
        parse_cache.save(folder, key, value)
    return value


def load_corpus(extra_folders: Sequence[str | Path] | None = None, *,
                include_builtin: bool = True,
                rules: Mapping[str, Rule] | None = None) -> Corpus:
    """The shipped documents plus the user's folders (``None``: from the settings),
    each folder read by its rule (``rules``, keyed by resolved path; default auto)."""
    if extra_folders is None:
        from interview_desk.settings import load_settings

        settings = load_settings()
        extra_folders = settings.user_folders
        if rules is None:
            rules = {str(_resolve(p)): r for p, r in folder_rules(settings.folder_rules).items()}
    digest = hashlib.sha256()
    warnings: list[str] = []
    jobs: list[tuple[Path, str, Rule | None]] = []  # path, source name, rule (None: builtin)
    if include_builtin:
        builtin = qa_dir()
        # Not the folder's path: a frozen build may unpack to a new place every run,
        # and the index must not be rebuilt for that.
        digest.update(b"builtin\n")
        files = sorted(builtin.glob("*.md")) if builtin.is_dir() else []
        if not files:
            warnings.append(tr("err.folder.builtin_missing", builtin=builtin))
        jobs.extend((p, p.name, None) for p in files)
    folders: list[str] = []
    wanted: list[Path] = []
    for f in extra_folders:
        if not str(f).strip() or "\x00" in str(f):
            warnings.append(tr("err.folder.bad_path", path=f))
        else:
            wanted.append(_resolve(f))
    for folder in dict.fromkeys(wanted):
        if include_builtin and folder == _resolve(qa_dir()):
            warnings.append(tr("err.folder.is_builtin", folder=folder))
            continue
        folders.append(str(folder))
        digest.update(f"folder {folder}\n".encode())
        folder_rule = (rules or {}).get(str(folder), AUTO)
        for path in folder_documents(folder, warnings):
            own = (rules or {}).get(str(path), folder_rule)  # a file may have a rule of its own
            digest.update(f"rule {own}\n".encode())
            jobs.append((path, f"{folder.name}/{path.relative_to(folder).as_posix()}", own))

    read: list[_Read] = []
    for path, name, file_rule in jobs:
        digest.update(f"file {name}\n".encode())
        try:
            raw = read_document(path)
        except CorpusError as exc:
            read.append((path, name, file_rule, exc))
            continue
        digest.update(hashlib.sha256(raw).digest())
        read.append((path, name, file_rule, raw))
    version, parsed_all = _parse_all(read)
    digest.update(f"parser {version}\n".encode())

    entries: list[Entry] = []
    sources: list[SourceInfo] = []
    skipped: list[str] = []
    for (path, name, file_rule, _), parsed in zip(read, parsed_all, strict=True):
        is_builtin = file_rule is None
        if isinstance(parsed, str):
            (warnings if is_builtin else skipped).append(parsed)
            continue
        layout, found, overview = parsed
        entries.extend(found)
        sources.append(SourceInfo(
            file=name, path=str(path), questions=len(found),
            answered=sum(1 for e in found if e.answered),
            sections=top_sections(found),
            builtin=is_builtin, layout=layout, overview=overview))
    for message in warnings:
        log.warning("corpus: %s", message)
    for message in skipped:
        log.info("corpus: %s", message)
    return Corpus(entries=_unique_ids(entries), sources=sources, warnings=warnings,
                  content_hash=digest.hexdigest(), folders=folders, skipped=skipped)
