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
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from interview_desk.paths import resources_dir
from interview_desk.search.analyzer import (
    QUERY_FILLER,
    drop_filler,
    fold,
    iter_terms,
    query_groups,
)
from interview_desk.search.query import COMMON_RATIO

log = logging.getLogger(__name__)

EXPANSION_BOOST = 0.5  # a translated or rephrased word counts half as much as one typed
PHRASE_BONUS = 0.5  # per extra word of a matched phrase
# A colloquial phrasing's own words rarely occur in the notes (胡说八道): the concept's terms
# stand in for it, so they count more than a translation of a word the notes may hold.
COLLOQUIAL_BOOST = 0.75
COLUMNS = ("chinese", "english", "colloquial")
COMMON_WEIGHT = 0.5  # of a word most entries hold, in ranking's count of words matched
# English words as general as 模型 and 训练, which the mostly Chinese notes seldom say in
# English: an entry that happens to (T5's text-to-text) has not matched a question
# 'a metric for how surprised the model is by text' better than one about 困惑度.
GENERIC_EN = frozenset({"model", "text", "data", "languag", "larg", "llm", "llms", "train"})


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
# (words that trigger, the concept's targets' words, base weight). Every rule of a
# concept holds the same targets tuple (the trigger's own words among them are skipped
# when expanding): the cached file then stores it once, not once per term (with 764
# concepts, 619 KB instead of 816 KB).
Rule = tuple[Terms, tuple[Terms, ...], float]


@dataclass(frozen=True)
class Thesaurus:
    concepts: tuple[Concept, ...]
    problems: tuple[str, ...]
    rules: dict[str, tuple[Rule, ...]]  # by the first word of the trigger
    # Chinese triggers (folded, 2+ characters) also found as a run of characters in the
    # query, however jieba cut it: 瞎编 in 瞎编乱造, 太慢 in 跑得太慢了.
    phrases: tuple[tuple[str, Rule], ...] = ()
    words: frozenset[str] = frozenset()  # every word of a trigger (spelling leaves them)

    @cached_property
    def phrase_starts(self) -> dict[str, tuple[tuple[int, str, Rule], ...]]:
        """``phrases`` by their first two characters, each with its place: a query
        looks up the pairs it holds instead of testing every phrase (1.2 ms a query
        with ~2,000 phrases, growing with the file)."""
        starts: dict[str, list[tuple[int, str, Rule]]] = {}
        for place, (phrase, rule) in enumerate(self.phrases):
            starts.setdefault(phrase[:2], []).append((place, phrase, rule))
        return {k: tuple(v) for k, v in starts.items()}

    def phrases_in(self, folded: str) -> list[tuple[int, str, Rule]]:
        """The phrases found in ``folded`` (a folded query without spaces), each with its
        place, in the file's order. Phrases are Han (see ``build``): a Latin query does
        not build their lookup (4 ms)."""
        if not _HAN_CHAR.search(folded):
            return []
        starts = self.phrase_starts
        return sorted(hit for i in range(len(folded) - 1)
                      for hit in starts.get(folded[i:i + 2], ()) if folded.startswith(hit[1], i))


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


_HAN_PHRASE = re.compile(r"[\u4e00-\u9fff]{2,}")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")


def substantive(trigger: Terms) -> Terms:
    """The words of a trigger that say something: not filler (老是, 怎么办), not a lone
    Han character (想 of 怎么想的). A trigger without any calls for nothing, and only
    these count towards a phrase's bonus."""
    return tuple(w for w in trigger
                 if w not in QUERY_FILLER and not (len(w) == 1 and not w.isascii()))


def build(concepts: list[Concept], problems: list[str]) -> Thesaurus:
    rules: dict[str, list[Rule]] = {}
    phrases: list[tuple[str, Rule]] = []
    for concept in concepts:
        targets = tuple(dict.fromkeys(w for w in map(_target_words, concept.targets) if w))
        terms = [(t, EXPANSION_BOOST) for t in concept.targets]
        terms += [(t, COLLOQUIAL_BOOST) for t in concept.colloquial]
        for term, boost in terms:
            trigger = _terms(term)
            folded = fold(term).replace(" ", "")
            phrase = _HAN_PHRASE.fullmatch(folded) is not None
            if not (substantive(trigger) or (phrase and len(trigger) > 1)):
                continue
            if any(w != trigger for w in targets):
                rule = (trigger, targets, boost)
                rules.setdefault(trigger[0], []).append(rule)
                if phrase:
                    phrases.append((folded, rule))
    frozen = {k: tuple(v) for k, v in rules.items()}
    return Thesaurus(tuple(concepts), tuple(problems), frozen, tuple(phrases),
                     _trigger_words(frozen))


def _trigger_words(rules: dict[str, tuple[Rule, ...]]) -> frozenset[str]:
    return frozenset(w for v in rules.values() for trigger, *_ in v for w in trigger)


CACHE_FORMAT = 3  # bump when the cached file's layout changes


def _cache_key(data: bytes) -> str:
    """The built thesaurus depends on the file, the analyzer's code and its dictionary."""
    from interview_desk import __version__, script, simplified
    from interview_desk.search import analyzer, segmenter
    from interview_desk.search.cachefile import code_signature

    # The code's signature is empty in a frozen build (no sources): the version counts.
    code = code_signature(__file__, analyzer.__file__, segmenter.__file__, simplified.__file__,
                          script.__file__)
    digest = hashlib.sha1(
        f"{CACHE_FORMAT}|{__version__}|{analyzer.ANALYZER_VERSION}|{code}|".encode())
    with contextlib.suppress(OSError):  # no jieba dictionary: the analyzer will say so
        digest.update(segmenter.cache_name(analyzer.DOMAIN_WORDS).encode())
    digest.update(data)
    return digest.hexdigest()[:20]


def _from_cache(path: Path) -> Thesaurus | None:
    try:
        concepts, problems, rules, phrase_refs = marshal.loads(path.read_bytes())
        # A phrase names its rule by place, so it is the same object as in ``rules``
        # (matching tells rules apart by identity).
        phrases = tuple((folded, rules[key][i]) for folded, key, i in phrase_refs)
        return Thesaurus(tuple(Concept(*c) for c in concepts), tuple(problems), rules,
                         phrases, _trigger_words(rules))
    except FileNotFoundError:
        return None
    except Exception as exc:  # truncated or foreign: build it again
        log.warning("ignoring the cached thesaurus %s: %s", path, exc)
        return None


def _to_cache(path: Path, thesaurus: Thesaurus) -> None:
    from interview_desk.search.cachefile import write_atomically

    concepts = [(c.line, c.chinese, c.english, c.colloquial) for c in thesaurus.concepts]
    try:
        place = {id(rule): (key, i) for key, rules in thesaurus.rules.items()
                 for i, rule in enumerate(rules)}
        phrase_refs = [(folded, *place[id(rule)]) for folded, rule in thesaurus.phrases]
        write_atomically(path, marshal.dumps(
            (concepts, thesaurus.problems, thesaurus.rules, phrase_refs)))
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


def _matches(groups: list[dict[str, float]], thesaurus: Thesaurus, text: str,
             common: Callable[[str], bool] | None = None) -> list[tuple[Rule, set[int]]]:
    """The rules ``groups`` (and the query ``text`` they came from) call for, each with
    the groups of the words it stands for.

    ``common(word)``: whether most entries hold ``word``. A rule whose words say nothing
    but such words (模型 of 模型有哪些, once 有 and 哪些 are stop words) is not called
    for by those words scattered in a query; only by its whole phrase, written as such.
    """
    present = {t for g in groups for t in g}
    found: dict[int, tuple[Rule, set[int]]] = {}
    for word in present:
        for rule in thesaurus.rules.get(word, ()):
            if id(rule) in found or not all(t in present for t in rule[0]):
                continue
            if common is not None and all(common(t) for t in substantive(rule[0])):
                continue
            homes = {i for i, g in enumerate(groups) if any(t in g for t in rule[0])}
            found[id(rule)] = (rule, homes)
    folded = fold(text).replace(" ", "") if text else ""
    for _, phrase, rule in thesaurus.phrases_in(folded):  # in the file's order, as a scan
        if id(rule) in found:
            continue
        # The words it overlaps: 瞎编乱造 holds 瞎编, 编 is a part of 瞎编.
        homes = {i for i, g in enumerate(groups)
                 if any(t in phrase or phrase in t for t in g if not t.isascii())}
        if homes:
            found[id(rule)] = (rule, homes)
    return list(found.values())


def expand_groups(groups: list[dict[str, float]], thesaurus: Thesaurus | None = None,
                  share: Callable[[str], float] | None = None,
                  text: str = "") -> list[dict[str, float]]:
    """``groups`` (see ``analyzer.query_groups``) with each concept's other terms added,
    at a lower weight, to the group of the words that called for them. ``text``, the
    query the groups came from, lets Chinese phrasings match however jieba cut it.

    ``share(word)``: the share of entries holding ``word``. Common words (模型 of 模型蒸馏,
    训练, 数据) are not added: they match most entries, which costs search time (every
    posting is scored) and says little about the concept; nor do they call for a concept
    on their own (see ``_matches``).
    """
    present = {t for g in groups for t in g}
    common = None if share is None else (lambda w: share(w) > COMMON_RATIO)
    matched = _matches(groups, thesaurus or load(), text, common)
    # The longest match wins: 分页注意力 (PagedAttention) does not also expand 注意力.
    spans = [frozenset(trigger) for (trigger, *_), _ in matched]
    added: dict[str, tuple[float, set[int]]] = {}  # word -> (weight, groups it joins)
    for ((trigger, alternatives, boost), homes), span in zip(matched, spans, strict=True):
        if any(span < other for other in spans):
            continue
        # A whole phrase matched (检索增强生成: three words) is worth more than a word.
        # Added to the group of each word it stands for: it counts as a match of them.
        n_words = max(1, len(substantive(trigger)))
        weight = min(1.0, boost * (1 + PHRASE_BONUS * (n_words - 1)))
        for words in alternatives:
            if words == trigger:  # the words that called for the concept
                continue
            # The words of a phrase share its weight: 模型 of 模型蒸馏 is no 蒸馏. Those
            # the query already holds are matched already: kv of kv缓存 for 'kv cache'
            # leaves the whole weight to 缓存.
            part = weight / max(1, sum(w not in present for w in words))
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


def read_query(text: str, thesaurus: Thesaurus | None = None,
               share: Callable[[str], float] | None = None,
               weigh_common: bool = True,
               groups: list[dict[str, float]] | None = None) -> list[dict[str, float]]:
    """The words of a query as search weighs them: ``analyzer.query_groups``, expanded
    with the thesaurus (see ``expand_groups``), the filler words dropped, and words most
    entries hold (模型, llm: ``share`` above ``COMMON_RATIO``) weighed ``COMMON_WEIGHT``:
    an entry that says 模型 has not matched the question the way one that says 幻觉 has
    (``weigh_common``: the caller's index has entries enough for a share to mean that).
    ``groups``: ``query_groups(text)`` when the caller has it already."""
    groups = drop_filler(expand_groups(query_groups(text) if groups is None else groups,
                                       thesaurus=thesaurus, share=share, text=text))
    if share is None or not weigh_common:
        return groups
    return [{t: w * COMMON_WEIGHT if t in GENERIC_EN or share(t) > COMMON_RATIO else w
             for t, w in g.items()} for g in groups]
