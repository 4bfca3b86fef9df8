"""The match index: both registries as sparse vectors plus their structured tables, queried in
bulk both ways, kept up to date row by row, and saved to disk.

Similarity is a sparse matrix product against an inverted index (the transposed vectors: one
posting list per feature), so a query reads only the posting lists of the features it has. Every
candidate with a positive similarity then goes through the hard filters and the context parts
(``scoring.score_pairs``) as whole arrays, and ``topk`` cuts the lists.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from matching.ml.scoring import (
    EARTH_RADIUS_KM,
    PeopleTable,
    VacancyTable,
    concat_tables,
    score_pairs,
)
from matching.ml.topk import EMPTY, TopLists, merge, top_per_row
from matching.ml.vectors import FeatureSpace

# Changed rows are appended and the old ones marked dead; once the appended part is this large
# the side is compacted and its posting lists rebuilt.
COMPACT_AFTER = 0.05
FORMAT_VERSION = 1


class Side:
    """One registry (people or vacancies): ids, vectors, posting lists and table.

    Rows ``[0, n_base)`` have posting lists; rows appended since are few and are scanned
    directly. ``alive`` marks rows that are the current version of their id.
    """

    def __init__(self, ids: np.ndarray, vectors: sp.csr_matrix, table: Any) -> None:
        self.ids = np.asarray(ids, np.int64)
        self.base = sp.csr_matrix(vectors, dtype=np.float32)
        self.postings = self.base.T.tocsr()
        self.delta = sp.csr_matrix((0, self.base.shape[1]), dtype=np.float32)
        self.table = table
        self.alive = np.ones(len(self.ids), bool)
        self.row_of = {int(i): r for r, i in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def n_base(self) -> int:
        return int(self.base.shape[0])

    def vectors(self, rows: np.ndarray | None = None) -> sp.csr_matrix:
        """Vectors of ``rows`` (all rows if None) in that order, without copying the base."""
        if rows is None:
            return sp.vstack([self.base, self.delta], format="csr") if self.delta.shape[0] else self.base
        in_base = rows < self.n_base
        if in_base.all():
            return self.base[rows]
        parts = sp.vstack([self.base[rows[in_base]], self.delta[rows[~in_base] - self.n_base]], format="csr")
        order = np.concatenate([np.flatnonzero(in_base), np.flatnonzero(~in_base)])
        return parts[np.argsort(order)]

    def rows_of(self, ids: np.ndarray) -> np.ndarray:
        """Current rows of ``ids``; -1 for ids not in the index."""
        return np.array([self.row_of.get(int(i), -1) for i in ids], np.int64)

    def similarities(self, queries: sp.csr_matrix) -> sp.csr_matrix:
        """``queries @ vectors.T`` over every row, dead ones included (callers filter)."""
        out = queries @ self.postings
        if self.delta.shape[0]:
            out = sp.hstack([out, queries @ self.delta.T], format="csr")
        return sp.csr_matrix(out)

    def upsert(self, ids: np.ndarray, vectors: sp.csr_matrix, table: Any) -> np.ndarray:
        """Append new versions of ``ids`` and retire the old ones; return the new rows."""
        ids = np.asarray(ids, np.int64)
        old = self.rows_of(ids)
        self.alive[old[old >= 0]] = False
        first = len(self.ids)
        rows = np.arange(first, first + len(ids))
        self.ids = np.concatenate([self.ids, ids])
        self.delta = sp.vstack([self.delta, sp.csr_matrix(vectors, dtype=np.float32)], format="csr")
        self.table = concat_tables(self.table, table)
        self.alive = np.concatenate([self.alive, np.ones(len(ids), bool)])
        self.row_of.update({int(i): int(r) for i, r in zip(ids, rows, strict=True)})
        return rows

    def needs_compaction(self) -> bool:
        return self.delta.shape[0] > COMPACT_AFTER * max(self.n_base, 1)

    def compact(self) -> np.ndarray:
        """Drop dead rows and rebuild the posting lists; return the kept old rows in order."""
        keep = np.flatnonzero(self.alive)
        vectors = self.vectors(keep)
        table = type(self.table)(**{f.name: getattr(self.table, f.name)[keep] for f in fields(self.table)})
        self.__init__(self.ids[keep], vectors, table)  # type: ignore[misc]
        return keep


@dataclass
class RankStats:
    candidates: int = 0  # pairs with a positive similarity
    kept: int = 0  # of those, pairs that passed the hard filters


class MatchIndex:
    """People and vacancies, both ways. ``width`` entries are kept per list (more than the k
    shown) so that most incremental changes can be merged without recomputing a list."""

    def __init__(
        self, space: FeatureSpace, people: Side, vacancies: Side, *, k: int = 20, width: int = 30
    ) -> None:
        self.space, self.people, self.vacancies = space, people, vacancies
        self.k, self.width = k, width
        self.person_lists = TopLists.empty(len(people), width)
        self.vacancy_lists = TopLists.empty(len(vacancies), width)

    # --- queries --------------------------------------------------------------------------
    def _score(self, person_rows: np.ndarray, vacancy_rows: np.ndarray, sim: np.ndarray, today: int):  # type: ignore[no-untyped-def]
        scores = score_pairs(
            self.people.table, self.vacancies.table, person_rows, vacancy_rows, sim, today=today
        )
        keep = scores.keep & self.people.alive[person_rows] & self.vacancies.alive[vacancy_rows]
        return keep, scores.score

    def _pairs_for_people(self, rows: np.ndarray, today: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every pair of the people ``rows`` that passes the filters: (query, vacancy row, score)."""
        sim = self.vacancies.similarities(self.people.vectors(rows)).tocoo()
        q, v = sim.row.astype(np.int64), sim.col.astype(np.int64)
        keep, score = self._score(rows[q], v, sim.data, today)
        return q[keep], v[keep], score[keep]

    def _pairs_for_vacancies(self, rows: np.ndarray, today: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every pair of the vacancies ``rows`` that passes the filters: (query, person row, score)."""
        sim = self.people.similarities(self.vacancies.vectors(rows)).tocoo()
        q, p = sim.row.astype(np.int64), sim.col.astype(np.int64)
        keep, score = self._score(p, rows[q], sim.data, today)
        return q[keep], p[keep], score[keep]

    def rank_for_people(self, rows: np.ndarray, *, today: int, width: int | None = None) -> TopLists:
        """Best vacancies for each of the people ``rows``."""
        q, v, score = self._pairs_for_people(rows, today)
        return top_per_row(q, self.vacancies.ids[v], score, n_rows=len(rows), width=width or self.width)

    def rank_for_vacancies(self, rows: np.ndarray, *, today: int, width: int | None = None) -> TopLists:
        """Best people for each of the vacancies ``rows``."""
        q, p, score = self._pairs_for_vacancies(rows, today)
        return top_per_row(q, self.people.ids[p], score, n_rows=len(rows), width=width or self.width)

    def rank_all(self, *, today: int, chunk: int = 8192) -> RankStats:
        """Both lists for every row, from scratch.

        People are taken in spatially sorted chunks; each chunk is multiplied only with the
        vacancies that could be within reach of someone in it, so the product stays sparse.
        """
        stats = RankStats()
        people, vacancies = self.people, self.vacancies
        n, m = len(people), len(vacancies)
        self.person_lists = TopLists.empty(n, self.width)
        vacancy_best = TopLists.empty(m, self.width)
        p_vectors, v_vectors = people.vectors(), vacancies.vectors()
        for rows, reach in _spatial_chunks(people.table, people.alive & people.table.active, chunk):
            targets = _within(vacancies.table.xyz, reach) & vacancies.alive & vacancies.table.active
            v_rows = np.flatnonzero(targets)
            if len(v_rows) == 0:
                continue
            sim = (p_vectors[rows] @ v_vectors[v_rows].T).tocoo()
            q, c = sim.row.astype(np.int64), sim.col.astype(np.int64)
            keep, score = self._score(rows[q], v_rows[c], sim.data, today)
            stats.candidates += len(q)
            stats.kept += int(keep.sum())
            q, c, score = q[keep], c[keep], score[keep]
            self.person_lists.put(
                rows,
                top_per_row(q, vacancies.ids[v_rows[c]], score, n_rows=len(rows), width=self.width),
            )
            vacancy_best = merge(vacancy_best, v_rows[c], people.ids[rows[q]], score)
        self.vacancy_lists = vacancy_best
        return stats

    # --- incremental ----------------------------------------------------------------------
    def upsert_vacancies(
        self, ids: np.ndarray, vectors: sp.csr_matrix, table: VacancyTable, *, today: int
    ) -> np.ndarray:
        """New or changed vacancies (closed ones with ``table.active`` False): update their own
        lists and every person's list they enter or leave. Returns the people rows whose lists
        changed or hold one of these vacancies."""
        rows = self.vacancies.upsert(ids, vectors, table)
        self.vacancy_lists = self.vacancy_lists.extend(TopLists.empty(len(ids), self.width))
        # Every person the vacancies now suit, not only the best ``width``: a vacancy belongs on
        # the list of someone it suits best even when that person is not on its own list.
        q, p, score = self._pairs_for_vacancies(rows, today)
        targets = self.vacancies.ids[rows[q]]
        self.vacancy_lists.put(
            rows, top_per_row(q, self.people.ids[p], score, n_rows=len(rows), width=self.width)
        )
        changed = _refresh(
            self.person_lists, self.vacancies.ids[rows], p, targets, score, self.people, self.k,
            lambda r: self.rank_for_people(r, today=today),
        )  # fmt: skip
        if self.vacancies.needs_compaction():
            keep = self.vacancies.compact()
            self.vacancy_lists = self.vacancy_lists.take(keep)
        return changed

    def upsert_people(
        self, ids: np.ndarray, vectors: sp.csr_matrix, table: PeopleTable, *, today: int
    ) -> np.ndarray:
        """New or changed people; the mirror image of ``upsert_vacancies``. Returns the vacancy
        rows whose lists changed or hold one of these people."""
        rows = self.people.upsert(ids, vectors, table)
        self.person_lists = self.person_lists.extend(TopLists.empty(len(ids), self.width))
        q, v, score = self._pairs_for_people(rows, today)
        targets = self.people.ids[rows[q]]
        self.person_lists.put(
            rows, top_per_row(q, self.vacancies.ids[v], score, n_rows=len(rows), width=self.width)
        )
        changed = _refresh(
            self.vacancy_lists, self.people.ids[rows], v, targets, score, self.vacancies, self.k,
            lambda r: self.rank_for_vacancies(r, today=today),
        )  # fmt: skip
        if self.people.needs_compaction():
            keep = self.people.compact()
            self.person_lists = self.person_lists.take(keep)
        return changed

    def remove(
        self, *, person_ids: np.ndarray | None = None, vacancy_ids: np.ndarray | None = None, today: int
    ) -> None:
        """Take rows out of the index (a person deleted, a vacancy gone) and out of every list."""
        for ids, side, lists, other, rerank in (
            (person_ids, self.people, self.vacancy_lists, self.vacancies, self.rank_for_vacancies),
            (vacancy_ids, self.vacancies, self.person_lists, self.people, self.rank_for_people),
        ):
            if ids is None or len(ids) == 0:
                continue
            rows = side.rows_of(ids)
            side.alive[rows[rows >= 0]] = False
            for i in ids:
                side.row_of.pop(int(i), None)
            ids = np.asarray(ids, np.int64)
            none = np.zeros(0, np.int64)
            _refresh(
                lists, ids, none, none, np.zeros(0, np.float32), other, self.k,
                lambda r, f=rerank: f(r, today=today),
            )  # fmt: skip

    # --- lists ----------------------------------------------------------------------------
    def vacancies_for(self, person_id: int, k: int) -> list[tuple[int, float]]:
        row = self.people.row_of.get(person_id)
        return [] if row is None else self.person_lists.take(np.array([row])).head(k)[0]

    def people_for(self, vacancy_id: int, k: int) -> list[tuple[int, float]]:
        row = self.vacancies.row_of.get(vacancy_id)
        return [] if row is None else self.vacancy_lists.take(np.array([row])).head(k)[0]

    # --- persistence ----------------------------------------------------------------------
    def save(self, directory: Path, meta: dict[str, Any]) -> None:
        """Write the index next to ``directory`` and swap it in, so a reader never sees half."""
        directory = Path(directory)
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        # Each side's lists have one row per row of the side: compacting renumbers both.
        if self.people.delta.shape[0] or not self.people.alive.all():
            self.person_lists = self.person_lists.take(self.people.compact())
        if self.vacancies.delta.shape[0] or not self.vacancies.alive.all():
            self.vacancy_lists = self.vacancy_lists.take(self.vacancies.compact())
        with open(tmp / "index.pickle", "wb") as f:
            pickle.dump(self, f, protocol=pickle.HIGHEST_PROTOCOL)
        (tmp / "meta.json").write_text(json.dumps({**meta, "format": FORMAT_VERSION}))
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            os.replace(directory, old)
        os.replace(tmp, directory)
        shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def load(directory: Path) -> tuple[MatchIndex, dict[str, Any]] | None:
        """The saved index and its metadata, or None if there is none of this format."""
        directory = Path(directory)
        try:
            meta = json.loads((directory / "meta.json").read_text())
            if meta.get("format") != FORMAT_VERSION:
                return None
            with open(directory / "index.pickle", "rb") as f:
                index = pickle.load(f)
        except FileNotFoundError:
            return None
        return index, meta


def _refresh(
    lists: TopLists,
    changed_ids: np.ndarray,
    entering_rows: np.ndarray,
    entering_ids: np.ndarray,
    entering_scores: np.ndarray,
    other: Side,
    k: int,
    rerank: Any,
) -> np.ndarray:
    """Bring ``lists`` (one row per row of ``other``) up to date after the targets
    ``changed_ids`` were re-scored; the ``entering_*`` arrays are every pair they now make (a row
    of ``lists``, the target's id, its score), none for targets that were removed. Returns the
    live rows whose lists changed or hold a changed target (before or after): as many as the
    targets' places on lists, however many rows the targets merely suit.

    A row is touched only if a changed target was on it or now enters it. Changed targets are
    taken off and their new scores merged in. Entries scoring above the row's bound are exact;
    a row left with fewer than ``k`` exact entries while something positive was left out is
    recomputed in full. Rows of retired versions are left alone: nothing reads them.
    """
    had = np.isin(lists.ids, changed_ids).any(axis=1)
    touched = np.union1d(np.flatnonzero(had), entering_rows)
    touched = touched[other.alive[touched]]
    if len(touched) == 0:
        return touched
    before = lists.take(touched)
    sub = lists.take(touched)
    removed = np.isin(sub.ids, changed_ids)
    sub.ids[removed], sub.scores[removed] = EMPTY, -np.inf
    merged = merge(sub, np.searchsorted(touched, entering_rows), entering_ids, entering_scores)
    exact = (merged.scores > merged.bound[:, None]).sum(axis=1)
    stale = (merged.bound > 0) & (exact < k)
    lists.put(touched, merged)
    if stale.any():
        lists.put(touched[stale], rerank(touched[stale]))
    after = lists.take(touched)
    differs = (after.ids != before.ids).any(axis=1) | (after.scores != before.scores).any(axis=1)
    holds = np.isin(before.ids, changed_ids).any(axis=1) | np.isin(after.ids, changed_ids).any(axis=1)
    return touched[differs | holds]


def _chord(km: float) -> float:
    return float(2 * np.sin(km / (2 * EARTH_RADIUS_KM)))


def _spatial_chunks(
    table: PeopleTable, mask: np.ndarray, size: int
) -> Iterator[tuple[np.ndarray, tuple[np.ndarray, float] | None]]:
    """People rows in chunks of neighbours, each with the ball (centre, chord radius) that every
    site any of them could accept lies in; ``None`` for people who accept anywhere or whose
    places are unknown."""
    rows = np.flatnonzero(mask)
    primary = table.xyz[rows, 0, :]
    local = ~table.anywhere[rows] & np.isfinite(primary).all(axis=1)
    wide, rows, primary = rows[~local], rows[local], primary[local]
    lat = np.degrees(np.arcsin(np.clip(primary[:, 2], -1, 1)))
    lon = np.degrees(np.arctan2(primary[:, 1], primary[:, 0]))
    # Bands of half a degree of latitude, then west to east: neighbours end up in one chunk.
    order = np.lexsort((lon, np.floor(lat / 0.5)))
    for start in range(0, len(order), size):
        chunk = rows[order[start : start + size]]
        points = table.xyz[chunk].reshape(-1, 3)
        points = points[np.isfinite(points).all(axis=1)]
        centre = points.mean(axis=0)
        centre /= np.linalg.norm(centre)
        extent = float(np.sqrt(((points - centre) ** 2).sum(axis=1)).max())
        yield chunk, (centre, extent + _chord(float(table.radius_km[chunk].max())) + 1e-6)
    for start in range(0, len(wide), size):
        yield wide[start : start + size], None


def _within(xyz: np.ndarray, reach: tuple[np.ndarray, float] | None) -> np.ndarray:
    """Sites inside the ball (sites with no coordinates always are)."""
    if reach is None:
        return np.ones(len(xyz), bool)
    centre, radius = reach
    with np.errstate(invalid="ignore"):
        inside = ((xyz - centre) ** 2).sum(axis=1) <= radius * radius
    return inside | ~np.isfinite(xyz).all(axis=1)
