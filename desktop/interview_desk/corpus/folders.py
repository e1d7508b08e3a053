"""Adding and removing the user's own folders, with the rule each is read by.

Both front ends go through here so the settings they write agree: ``user_folders`` holds
the folder, ``folder_rules`` a "RULE PATH" entry for the folder and for any file of it
read by a rule of its own (automatic is the default and is not stored).
"""

from __future__ import annotations

from collections.abc import Mapping

from interview_desk.corpus.rules import AUTO, Rule, folder_rules, rule_entry


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def stored_rules(folder: str) -> tuple[Rule, dict[str, Rule]]:
    """The folder's rule and the rules of its files (keyed by full path)."""
    from interview_desk.settings import load_settings

    rules = folder_rules(load_settings().folder_rules)
    files = {p: r for p, r in rules.items() if p != folder and _under(p, folder)}
    return rules.get(folder, AUTO), files


def add_folder(folder: str, rule: Rule = AUTO,
               file_rules: Mapping[str, Rule] | None = None) -> bool:
    """Add ``folder`` (a resolved path) read by ``rule``; returns False when it was
    already added (its rules are then replaced)."""
    from interview_desk.settings import edit_settings

    with edit_settings() as settings:
        added = folder not in settings.user_folders
        if added:
            settings.user_folders.append(folder)
        kept = [e for e in settings.folder_rules if not _under(e.partition(" ")[2], folder)]
        if rule != AUTO:
            kept.append(rule_entry(folder, rule))
        kept += [rule_entry(p, r) for p, r in (file_rules or {}).items() if r != rule]
        settings.folder_rules = kept
    return added


def forget_rules(folder: str) -> None:
    """Drop the stored rules of a folder and its files (the folder was removed)."""
    from interview_desk.settings import edit_settings

    with edit_settings() as settings:
        settings.folder_rules = [e for e in settings.folder_rules
                                 if not _under(e.partition(" ")[2], folder)]
