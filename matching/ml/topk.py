"""Top-k selection over scored pairs, per row, without a Python loop."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EMPTY = -1


@dataclass
class TopLists:
    """For each query row: the best ``width`` targets by score (ids, ``EMPTY`` padded) and a
    ``bound``: the best score of any target left out (0 when none with a positive score was).

    Entries scoring above the bound are exactly the row's best; this is what lets an incremental
    update decide whether a row's list is still right without recomputing it.
    """

    ids: np.ndarray  # (n, width) int64
    scores: np.ndarray  # (n, width) float32, -inf where empty
    bound: np.ndarray  # (n,) float32

    @classmethod
    def empty(cls, n: int, width: int) -> TopLists:
        return cls(
            ids=np.full((n, width), EMPTY, np.int64),
            scores=np.full((n, width), -np.inf, np.float32),
            bound=np.zeros(n, np.float32),
        )

    @property
    def width(self) -> int:
        return int(self.ids.shape[1])

    def __len__(self) -> int:
        return len(self.bound)

    def take(self, rows: np.ndarray) -> TopLists:
        return TopLists(self.ids[rows], self.scores[rows], self.bound[rows])

    def put(self, rows: np.ndarray, other: TopLists) -> None:
        self.ids[rows], self.scores[rows], self.bound[rows] = other.ids, other.scores, other.bound

    def extend(self, other: TopLists) -> TopLists:
        return TopLists(
            np.concatenate([self.ids, other.ids]),
            np.concatenate([self.scores, other.scores]),
            np.concatenate([self.bound, other.bound]),
        )

    def head(self, k: int) -> list[list[tuple[int, float]]]:
        """The first ``k`` entries of every row as (id, score) pairs."""
        return [
            [(int(i), float(s)) for i, s in zip(ids[:k], scores[:k], strict=True) if i != EMPTY]
            for ids, scores in zip(self.ids, self.scores, strict=True)
        ]


def top_per_row(
    rows: np.ndarray, ids: np.ndarray, scores: np.ndarray, *, n_rows: int, width: int
) -> TopLists:
    """Best ``width`` (id, score) per row from flat arrays of candidates.

    Ties are broken by the smaller id, so the same candidates always give the same list,
    whichever order they arrive in. A candidate given more than once with the same score is
    listed once.
    """
    out = TopLists.empty(n_rows, width)
    if len(rows) == 0:
        return out
    order = _row_then_score_order(rows, ids, scores)
    rows, ids, scores = rows[order], ids[order], scores[order]
    # A candidate given twice (found from two of a person's places) scores the same both times,
    # so its copies are next to each other: keep one.
    again = np.zeros(len(rows), bool)
    again[1:] = (rows[1:] == rows[:-1]) & (ids[1:] == ids[:-1])
    if again.any():
        rows, ids, scores = rows[~again], ids[~again], scores[~again]
    starts = np.searchsorted(rows, np.arange(n_rows))
    position = np.arange(len(rows)) - starts[rows]
    listed = position < width
    out.ids[rows[listed], position[listed]] = ids[listed]
    out.scores[rows[listed], position[listed]] = scores[listed]
    first_left_out = position == width
    out.bound[rows[first_left_out]] = scores[first_left_out]
    return out


def _row_then_score_order(rows: np.ndarray, ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Order by row, then score descending, then id: like ``np.lexsort((ids, -scores, rows))``
    but several times faster on millions of candidates. Row and score are packed into one
    64-bit key (a float32's bits, adjusted, sort in the float's order) and sorted once; only runs
    of equal keys, which are rare, are then sorted by id."""
    bits = np.ascontiguousarray(scores, np.float32).view(np.uint32)
    ascending = np.where(bits >> 31, ~bits, bits | np.uint32(0x80000000))
    key = (rows.astype(np.uint64) << np.uint64(32)) | (~ascending).astype(np.uint64)
    order = np.argsort(key)
    sorted_key = key[order]
    tied = np.flatnonzero(sorted_key[1:] == sorted_key[:-1])
    if len(tied):
        inside = np.zeros(len(key), bool)  # positions inside runs of equal keys
        inside[tied] = inside[tied + 1] = True
        at = np.flatnonzero(inside)
        order[at] = order[at][np.lexsort((ids[order[at]], sorted_key[at]))]
    return order


def merge(lists: TopLists, rows: np.ndarray, ids: np.ndarray, scores: np.ndarray) -> TopLists:
    """``lists`` with extra candidates (``rows`` index into ``lists``), re-cut to its width;
    whatever falls off the end raises the row's bound."""
    n, width = lists.ids.shape
    listed = lists.ids != EMPTY
    list_rows = np.broadcast_to(np.arange(n)[:, None], lists.ids.shape)[listed]
    all_rows = np.concatenate([list_rows, rows])
    all_ids = np.concatenate([lists.ids[listed], ids])
    all_scores = np.concatenate([lists.scores[listed], scores])
    out = top_per_row(all_rows, all_ids, all_scores, n_rows=n, width=width)
    out.bound = np.maximum(out.bound, lists.bound)
    return out
