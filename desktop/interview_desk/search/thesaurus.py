"""A concept thesaurus of LLM-interview vocabulary, for query expansion.

The corpus mixes languages (``KV缓存`` here, ``KV cache`` there) and a learner rarely uses
the notes' own words (模型老是胡说八道 for 幻觉). ``resources/thesaurus/concepts.tsv``
lists concepts, one a line: Chinese terms, English terms and abbreviations, and
colloquial phrasings. When a query holds all the words of one of a concept's terms, the
concept's Chinese and English terms are searched too, at a lower weight, in the group of
the words that called for them (so ranking counts them as a match of those words).
Colloquial phrasings only trigger: nobody's notes say 胡说八道, and searching for it
would only add noise. Terms pass through the index's analyzer (stems, Simplified
script, stop words), so 幻覺 and hallucinations match too.

The file is read once, on first use; a line it cannot read is skipped with a warning
(``problems()`` lists them, the self-test reports them).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from interview_desk.paths import resources_dir
from interview_desk.search.analyzer import iter_terms
from interview_desk.search.query import COMMON_RATIO

log = logging.getLogger(__name__)

EXPANSION_BOOST = 0.5  # a translated or rephrased word counts half as much as one typed
PHRASE_BONUS = 0.5  # per extra word of a matched phrase
# A colloquial phrasing's own words rarely occur in the notes (胡说八道): the concept's terms
# stand in for it, so they count more than a translation of a word the notes may hold.
COLLOQUIAL_BOOST = 0.75
COLUMNS = ("chinese", "english", "colloquial")


@dataclass(frozen=True, slots=True)
class Concept:
    line: int
    chinese: tuple[str, ...]
    english: tuple[str, ...]
    colloquial: tuple[str, ...]

    @property
    def targets(self) -> tuple[str, ...]:
        """The terms searched when the concept is called for."""
        return self.chinese + self.english


Terms = tuple[str, ...]
# (words that trigger, alternatives' words, base weight)
Rule = tuple[Terms, tuple[Terms, ...], float]


@dataclass(frozen=True)
class Thesaurus:
    concepts: tuple[Concept, ...]
    problems: tuple[str, ...]
    rules: dict[str, tuple[Rule, ...]]  # by the first word of the trigger


def default_path() -> Path:
    return resources_dir() / "thesaurus" / "concepts.tsv"


def parse(text: str) -> tuple[list[Concept], list[str]]:
    """Concepts from the TSV text, and one line per malformed line."""
    concepts: list[Concept] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) > len(COLUMNS):
            problems.append(f"line {number}: {len(cells)} columns, expected at most 3")
            continue
        cells += [""] * (len(COLUMNS) - len(cells))
        chinese, english, colloquial = (
            tuple(t.strip() for t in cell.split("|") if t.strip()) for cell in cells)
        if not chinese or not english:
            problems.append(f"line {number}: a concept needs Chinese and English terms")
            continue
        concepts.append(Concept(number, chinese, english, colloquial))
    return concepts, problems


def _terms(text: str) -> Terms:
    return tuple(dict.fromkeys(t for t, *_ in iter_terms(text, mode="phrase")))


def _target_words(text: str) -> Terms:
    """A target's words worth searching: not lone Han characters (切 of 切词, what jieba
    leaves of a word it does not know), which match everywhere."""
    return tuple(t for t in _terms(text) if not (len(t) == 1 and not t.isascii()))


def build(concepts: list[Concept], problems: list[str]) -> Thesaurus:
    rules: dict[str, list[Rule]] = {}
    for concept in concepts:
        targets = tuple(w for w in (_target_words(t) for t in concept.targets) if w)
        terms = [(t, EXPANSION_BOOST) for t in concept.targets]
        terms += [(t, COLLOQUIAL_BOOST) for t in concept.colloquial]
        for term, boost in terms:
            trigger = _terms(term)
            if not trigger:
                continue
            alternatives = tuple(w for w in targets if w != trigger)
            if alternatives:
                rules.setdefault(trigger[0], []).append((trigger, alternatives, boost))
    return Thesaurus(tuple(concepts), tuple(problems),
                     {k: tuple(v) for k, v in rules.items()})


CACHE_FORMAT = 1  # bump when the cached file's layout changes


def _cache_key(data: bytes) -> str:
    """The built thesaurus depends on the file, the analyzer's code and its dictionary."""
    from interview_desk import __version__, script
    from interview_desk.search import analyzer, segmenter
    from interview_desk.search.cachefile import code_signature

    # The code's signature is empty in a frozen build (no sources): the version counts.
    code = code_signature(__file__, analyzer.__file__, segmenter.__file__, script.__file__)
    digest = hashlib.sha1(
        f"{CACHE_FORMAT}|{__version__}|{analyzer.ANALYZER_VERSION}|{code}|".encode())
    with contextlib.suppress(OSError):  # no jieba dictionary: the analyzer will say so
        digest.update(segmenter.cache_name(analyzer.DOMAIN_WORDS).encode())
    digest.update(data)
    return digest.hexdigest()[:20]


def _from_cache(path: Path) -> Thesaurus | None:
    try:
        concepts, problems, rules = marshal.loads(path.read_bytes())
        return Thesaurus(tuple(Concept(*c) for c in concepts), tuple(problems), rules)
    except FileNotFoundError:
        return None
    except Exception as exc:  # truncated or foreign: build it again
        log.warning("ignoring the cached thesaurus %s: %s", path, exc)
        return None


def _to_cache(path: Path, thesaurus: Thesaurus) -> None:
    from interview_desk.search.cachefile import write_atomically

    concepts = [(c.line, c.chinese, c.english, c.colloquial) for c in thesaurus.concepts]
    try:
        write_atomically(path, marshal.dumps((concepts, thesaurus.problems, thesaurus.rules)))
        for old in path.parent.glob("thesaurus-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, ValueError) as exc:
        log.warning("cannot cache the thesaurus: %s", exc)


@lru_cache(maxsize=4)
def load(path: Path | None = None) -> Thesaurus:
    """The thesaurus at ``path`` (the shipped one by default), read once.

    Building it runs every term through the analyzer (and the Chinese dictionary): a
    second or so. The result is cached in the cache folder as a marshal file, keyed by
    the file's bytes and the analyzer's code, so later processes read it in a millisecond.
    """
    path = path or default_path()
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("thesaurus not readable (%s): searching without it", exc)
        reason = exc.strerror if isinstance(exc, OSError) else None
        return build([], [f"cannot read {path}: {reason or exc}"])
    cached: Path | None
    try:
        from interview_desk.paths import user_cache_dir

        cached = user_cache_dir() / f"thesaurus-{_cache_key(data)}.marshal"
    except OSError:
        cached = None
    thesaurus = _from_cache(cached) if cached is not None else None
    if thesaurus is None:
        concepts, problems = parse(text)
        thesaurus = build(concepts, problems)
        if cached is not None:
            _to_cache(cached, thesaurus)
    for problem in thesaurus.problems:
        log.warning("%s: %s", path.name, problem)
    return thesaurus


def expand_groups(groups: list[dict[str, float]], thesaurus: Thesaurus | None = None,
                  share: Callable[[str], float] | None = None) -> list[dict[str, float]]:
    """``groups`` (see ``analyzer.query_groups``) with each concept's other terms added,
    at a lower weight, to the group of the words that called for them.

    ``share(word)``: the share of entries holding ``word``. Common words (模型 of 模型蒸馏,
    训练, 数据) are not added: they match most entries, which costs search time (every
    posting is scored) and says little about the concept.
    """
    rules_by_word = (thesaurus or load()).rules
    present = {t for g in groups for t in g}
    matched = [rule for word in present for rule in rules_by_word.get(word, ())
               if all(t in present for t in rule[0])]
    # The longest match wins: 分页注意力 (PagedAttention) does not also expand 注意力.
    spans = [frozenset(trigger) for trigger, *_ in matched]
    added: dict[str, tuple[float, set[int]]] = {}  # word -> (weight, groups it joins)
    for (trigger, alternatives, boost), span in zip(matched, spans, strict=True):
        if any(span < other for other in spans):
            continue
        # A whole phrase matched (检索增强生成: three words) is worth more than a word.
        weight = min(1.0, boost * (1 + PHRASE_BONUS * (len(trigger) - 1)))
        # Added to the group of each word it stands for: it counts as a match of them.
        homes = {i for i, g in enumerate(groups) if any(t in g for t in trigger)}
        for words in alternatives:
            # The words of a phrase share its weight: 模型 of 模型蒸馏 is no 蒸馏.
            part = weight / len(words)
            for w in words:
                if w in present or (share is not None and share(w) > COMMON_RATIO):
                    continue
                old_weight, old_homes = added.get(w, (0.0, set()))
                added[w] = (max(old_weight, part), old_homes | homes)
    out = [dict(g) for g in groups]
    for w, (weight, homes) in added.items():
        for i in homes:
            out[i][w] = max(out[i].get(w, 0.0), weight)
    return out
