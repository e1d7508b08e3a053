"""Writing one head's attention matrix as CSV (rows = queries, columns = keys)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from interview_desk.strings import tr
from interview_desk.viz.errors import VizError


def write_matrix_csv(path: Path, tokens: tuple[str, ...] | list[str], matrix: np.ndarray) -> Path:
    """``matrix (n, n)`` with a header row of key tokens and a first column of query tokens.

    Headers are ``index:token`` so repeated words stay distinct; NaN (blocked) is written
    empty. Raises ``VizError`` with the path when the file cannot be written.
    """
    n = len(tokens)
    if matrix.shape != (n, n):
        raise VizError(f"matrix shape {matrix.shape} does not match {n} tokens")
    labels = [f"{i}:{t}" for i, t in enumerate(tokens)]
    try:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["query \\ key", *labels])
            for label, row in zip(labels, matrix, strict=True):
                writer.writerow([label, *("" if np.isnan(v) else f"{v:.6g}" for v in row)])
    except OSError as exc:
        raise VizError(tr("err.viz.write_failed", path=path, reason=exc.strerror or exc)) from exc
    return Path(path)
