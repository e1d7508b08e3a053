"""Chinese word segmentation: jieba's dictionary and its no-HMM algorithm, loaded lazily.

``jieba.initialize()`` unmarshals the whole prefix dictionary (~500,000 words) before it
segments anything: about a second per process, even from its cache, plus ~130 ms to
import jieba (it pulls in ``pkg_resources``). Here the dictionary is cached on disk in
65,536 buckets by a stable hash of a word's first two characters (about eight words each)
behind a table of offsets read straight from a memory map, and a bucket is unmarshalled
the first time a lookup needs it: a query reads a few dozen, indexing the corpus most of
them. The algorithm is
jieba's ``__cut_DAG_NO_HMM`` (same DAG, same route, same tie-breaks), so words are
exactly jieba's; ``tests/search/test_segmenter.py`` checks that on the whole corpus.

The shard file is built once from jieba's own dictionary (this is the only place jieba is
imported) and keyed by that dictionary file and the added words.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import importlib.util
import logging
import marshal
import mmap
import re
import struct
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from math import log
from pathlib import Path
from typing import Any

from interview_desk.search.cachefile import write_atomically

log_ = logging.getLogger(__name__)

FORMAT = 2  # bump when the file layout changes
BUCKETS = 1 << 16
_HEAD = struct.Struct("<IQ")  # format, dictionary total; then BUCKETS + 1 offsets
_OFFSETS = BUCKETS + 1
_BODY = _HEAD.size + 4 * _OFFSETS
# jieba segments runs of these characters; any other character is a word of its own.
_JIEBA_HAN = re.compile("[\u4e00-\u9fd5]+")


def _bucket(word: str) -> int:
    """The bucket of every word that starts with ``word[:2]`` (stable across processes)."""
    return zlib.crc32(word[:2].encode()) & (BUCKETS - 1)


class Segmenter:
    """Segments Han text with a prefix dictionary read bucket by bucket."""

    def __init__(self, buffer: bytes | mmap.mmap) -> None:
        if len(buffer) < _BODY:
            raise ValueError("segmenter dictionary truncated")
        fmt, total = _HEAD.unpack_from(buffer, 0)
        if fmt != FORMAT:
            raise ValueError(f"segmenter dictionary format {fmt}, expected {FORMAT}")
        self._buffer = buffer
        self._offsets = memoryview(buffer)[_HEAD.size:_BODY].cast("I")
        self._buckets: dict[int, dict[str, int]] = {}
        # The bucket of each two-character start seen: one dict lookup per DAG step
        # instead of a CRC of the encoded start (a third of an index build's segmenting).
        self._by_start: dict[str, dict[str, int]] = {}
        self._log_total = log(total)

    def _get(self, word: str) -> int | None:
        """The word's frequency, 0 for a prefix of longer words only, None if unknown."""
        start = word[:2]
        bucket = self._by_start.get(start)
        if bucket is None:
            b = _bucket(start)
            bucket = self._buckets.get(b)
            if bucket is None:
                lo, hi = self._offsets[b], self._offsets[b + 1]
                bucket = marshal.loads(self._buffer[_BODY + lo:_BODY + hi]) if hi > lo else {}
                self._buckets[b] = bucket  # a race loads a bucket twice, harmlessly
            self._by_start[start] = bucket
        return bucket.get(word)

    def loaded(self) -> int:
        """How many of the BUCKETS buckets were read so far."""
        return len(self._buckets)

    def freq(self, word: str) -> int:
        """The dictionary frequency of ``word`` (0 for a prefix only or an unknown word)."""
        return (self._get(word) or 0) if word else 0

    def tokenize(self, text: str) -> Iterator[tuple[str, int, int]]:
        """(word, start, end) over ``text``, as ``jieba.Tokenizer.tokenize(HMM=False)``."""
        pos = 0
        for match in _JIEBA_HAN.finditer(text):
            for i in range(pos, match.start()):  # outside jieba's range: one by one
                yield text[i], i, i + 1
            start = match.start()
            for word in self._cut(match.group()):
                yield word, start, start + len(word)
                start += len(word)
            pos = match.end()
        for i in range(pos, len(text)):
            yield text[i], i, i + 1

    def _cut(self, sentence: str) -> Iterator[str]:
        n = len(sentence)
        get = self._get
        dag: list[list[tuple[int, int]]] = []  # per start: (end, frequency) of each word
        for k in range(n):
            ends: list[tuple[int, int]] = []
            i = k
            freq = get(sentence[k])
            while freq is not None:
                if freq:
                    ends.append((i, freq))
                i += 1
                if i >= n:
                    break
                freq = get(sentence[k:i + 1])
            dag.append(ends or [(k, 0)])
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        log_total = self._log_total
        for idx in range(n - 1, -1, -1):  # jieba's calc(): same sums, same tie-breaks
            route[idx] = max((log(freq or 1) - log_total + route[x + 1][0], x)
                             for x, freq in dag[idx])
        x = 0
        while x < n:
            y = route[x][1] + 1
            yield sentence[x:y]
            x = y


def _dictionary_file() -> Path:
    spec = importlib.util.find_spec("jieba")  # finds the package without importing it
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the jieba package is not installed")
    return Path(spec.origin).parent / "dict.txt"


def cache_name(extra_words: Sequence[str]) -> str:
    """The shard file's name: changes with jieba's dictionary file and the added words."""
    dict_file = _dictionary_file()
    stat = dict_file.stat()
    digest = hashlib.sha1(f"{FORMAT}|{dict_file}|{stat.st_size}|{stat.st_mtime_ns}|"
                          f"{'|'.join(extra_words)}".encode()).hexdigest()[:16]
    return f"segmenter-{digest}.bin"


class _ToOurLog(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        record.exc_info, record.exc_text = None, None  # one line, not jieba's traceback
        logging.getLogger("interview_desk.search.jieba").handle(record)


def _drop_failed_dump(tk: Any) -> None:
    # When its cache dump fails, jieba leaves its ~9 MB mkstemp file behind, one per run.
    folder = Path(tk.tmp_dir or tempfile.gettempdir())
    cache = folder / (tk.cache_file or "jieba.cache")
    if cache.is_file():
        return
    for leftover in folder.glob("tmp*"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and time.time() - leftover.stat().st_mtime < 600:
                leftover.unlink()


def build_bytes(extra_words: Sequence[str], jieba_tmp_dir: str | None) -> bytes:
    """The shard file's content, from jieba's dictionary plus ``extra_words`` (seconds)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # jieba logs a failed cache dump (full disk, read-only cache) with its traceback to
    # stderr; send its records to our log file instead.
    jieba.default_logger.handlers.clear()
    jieba.default_logger.propagate = False
    jieba.default_logger.addHandler(_ToOurLog())
    tk = jieba.Tokenizer()
    if jieba_tmp_dir is not None:
        tk.tmp_dir = jieba_tmp_dir
    tk.initialize()
    _drop_failed_dump(tk)
    if jieba_tmp_dir is not None:  # jieba's own 9 MB cache is of no further use here
        # A folder in its place, a read-only or full disk: nothing to remove, or nothing
        # that can be; the dictionary is built in memory either way.
        with contextlib.suppress(OSError):
            Path(jieba_tmp_dir, "jieba.cache").unlink(missing_ok=True)
    for word in extra_words:
        tk.add_word(word)  # also adds its prefixes and raises the total, as at query time
    buckets: list[dict[str, int]] = [{} for _ in range(BUCKETS)]
    for word, freq in tk.FREQ.items():
        buckets[_bucket(word)][word] = freq
    offsets = array.array("I", [0])
    body = bytearray()
    for bucket in buckets:
        if bucket:
            body += marshal.dumps(bucket)
        offsets.append(len(body))
    return _HEAD.pack(FORMAT, tk.total) + offsets.tobytes() + bytes(body)


def open_segmenter(cache_dir: Path | None, extra_words: Sequence[str]) -> Segmenter:
    """The segmenter from its cached shard file, building the file first if needed.

    Without a writable cache folder the dictionary is built in memory for this process.
    """
    if cache_dir is not None:
        path = cache_dir / cache_name(extra_words)
        try:
            with path.open("rb") as f:
                return Segmenter(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
        except (OSError, ValueError, EOFError, TypeError) as exc:
            if path.exists():
                log_.warning("rebuilding the segmenter dictionary %s: %s", path, exc)
    data = build_bytes(extra_words, None if cache_dir is None else str(cache_dir))
    if cache_dir is not None:
        try:
            write_atomically(cache_dir / cache_name(extra_words), data)
            for old in cache_dir.glob("segmenter-*.bin"):  # other dictionaries or formats
                if old.name != cache_name(extra_words):
                    old.unlink(missing_ok=True)
        except OSError as exc:
            log_.warning("cannot cache the segmenter dictionary: %s", exc)
    return Segmenter(data)
