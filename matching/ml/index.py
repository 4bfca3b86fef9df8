"""The match index: both registries as sparse vectors plus their structured tables, queried in
bulk both ways, kept up to date row by row, and saved to disk.

Similarity is a sparse matrix product against an inverted index (the transposed vectors: one
posting list per feature), so a query reads only the posting lists of the features it has. Every
candidate with a positive similarity then goes through the hard filters and the context parts
(``scoring.score_kept``) as whole arrays, and ``topk`` cuts the lists.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from matching.ml.scoring import (
    EARTH_RADIUS_KM,
    MIN_SIMILARITY,
    PeopleTable,
    VacancyTable,
    concat_tables,
    score_kept,
)
from matching.ml.topk import EMPTY, TopLists, merge, top_per_row
from matching.ml.vectors import FeatureSpace

# Changed rows are appended and the old ones marked dead; once the appended part is this large
# the side is compacted and its posting lists rebuilt.
COMPACT_AFTER = 0.05
FORMAT_VERSION = 1
# Places of people per chunk in ``rank_all``: a chunk's product stays a few hundred MB.
RANK_CHUNK = 4096
# Pairs gathered for the vacancies' lists before they are cut to width (memory against sorts).
MERGE_EVERY = 8_000_000


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
class _Chunk:
    """What ``rank_all`` gets back from one chunk of people."""

    rows: np.ndarray
    person_lists: TopLists  # one per row
    vacancies: np.ndarray  # vacancy rows with a pair in the chunk
    vacancy_lists: TopLists  # one per vacancy, from this chunk's people only
    candidates: int
    kept: int


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
    def _score(
        self, person_rows: np.ndarray, vacancy_rows: np.ndarray, sim: np.ndarray, today: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the pairs that pass the filters (both rows current) and their scores."""
        at, score = score_kept(
            self.people.table, self.vacancies.table, person_rows, vacancy_rows, sim, today=today
        )
        alive = self.people.alive[person_rows[at]] & self.vacancies.alive[vacancy_rows[at]]
        return at[alive], score[alive]

    def _pairs_for_people(self, rows: np.ndarray, today: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every pair of the people ``rows`` that passes the filters: (query, vacancy row, score)."""
        q, v, sim = _strong_pairs(self.vacancies.similarities(self.people.vectors(rows)))
        at, score = self._score(rows[q], v, sim, today)
        return q[at], v[at], score

    def _pairs_for_vacancies(self, rows: np.ndarray, today: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every pair of the vacancies ``rows`` that passes the filters: (query, person row, score)."""
        q, p, sim = _strong_pairs(self.people.similarities(self.vacancies.vectors(rows)))
        at, score = self._score(p, rows[q], sim, today)
        return q[at], p[at], score

    def rank_for_people(self, rows: np.ndarray, *, today: int, width: int | None = None) -> TopLists:
        """Best vacancies for each of the people ``rows``."""
        q, v, score = self._pairs_for_people(rows, today)
        return top_per_row(q, self.vacancies.ids[v], score, n_rows=len(rows), width=width or self.width)

    def rank_for_vacancies(self, rows: np.ndarray, *, today: int, width: int | None = None) -> TopLists:
        """Best people for each of the vacancies ``rows``."""
        q, p, score = self._pairs_for_vacancies(rows, today)
        return top_per_row(q, self.people.ids[p], score, n_rows=len(rows), width=width or self.width)

    def best_among(
        self, person_ids: np.ndarray, vacancy_rows: np.ndarray, *, today: int
    ) -> dict[int, tuple[int, float]]:
        """For each of the vacancies ``vacancy_rows`` that any of the people ``person_ids`` suits
        (every filter passed, however far down its list): position in ``vacancy_rows`` -> (best
        such person's id, score). Only those people's vectors are multiplied, so a few thousand
        of them cost little next to a vacancy's whole ranking."""
        rows = self.people.rows_of(np.asarray(person_ids, np.int64))
        rows = rows[rows >= 0]
        if len(rows) == 0 or len(vacancy_rows) == 0:
            return {}
        q, column, sim = _strong_pairs(self.vacancies.vectors(vacancy_rows) @ self.people.vectors(rows).T)
        at, score = self._score(rows[column], vacancy_rows[q], sim, today)
        best = top_per_row(q[at], self.people.ids[rows[column[at]]], score, n_rows=len(vacancy_rows), width=1)
        return {
            int(position): (int(best.ids[position, 0]), float(best.scores[position, 0]))
            for position in np.flatnonzero(best.ids[:, 0] != EMPTY)
        }

    def vacancies_suited(self, person_ids: np.ndarray, *, today: int) -> np.ndarray:
        """Ids of every vacancy any of the people ``person_ids`` suits, on their lists or not."""
        rows = self.people.rows_of(np.asarray(person_ids, np.int64))
        _q, v, _score = self._pairs_for_people(rows[rows >= 0], today)
        return np.unique(self.vacancies.ids[v])

    def rank_all(self, *, today: int, chunk: int = RANK_CHUNK, workers: int | None = None) -> RankStats:
        """Both lists for every row, from scratch; see ``rank_people``."""
        stats = RankStats()
        self.person_lists, self.vacancy_lists = self.rank_people(
            np.ones(len(self.people), bool), today=today, chunk=chunk, workers=workers, stats=stats
        )
        return stats

    def rank_people(
        self,
        mask: np.ndarray,
        *,
        today: int,
        chunk: int = RANK_CHUNK,
        workers: int | None = None,
        stats: RankStats | None = None,
    ) -> tuple[TopLists, TopLists]:
        """The lists of the people in ``mask`` (the other people's lists left empty), and each
        vacancy's best among those people, on ``workers`` threads (one per core by default; the
        matrix products and array work release the GIL). A shard of the people ranked here on
        one machine is merged with the others' by ``merge_shards``.

        People are taken in spatially sorted chunks; each chunk is multiplied only with the
        vacancies that could be within reach of someone in it, so the product stays sparse. A
        chunk ranks its pairs both ways; its people's lists are then put in place (or merged,
        for someone whose other places put them in another chunk too), and its vacancies' best
        are gathered and merged every ``MERGE_EVERY`` pairs. What a chunk cuts off raises the
        row's bound, as a cut anywhere else does.
        """
        stats = stats if stats is not None else RankStats()
        people, vacancies = self.people, self.vacancies
        person_lists = TopLists.empty(len(people), self.width)
        seen = np.zeros(len(people), bool)
        vacancy_best = TopLists.empty(len(vacancies), self.width)
        vacancy_bound = np.zeros(len(vacancies), np.float32)
        pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        held = 0
        p_vectors, v_vectors = people.vectors(), vacancies.vectors()
        open_vacancies = vacancies.alive & vacancies.table.active

        def rank_chunk(rows: np.ndarray, reach: Reach | None) -> _Chunk:
            v_rows = np.flatnonzero(_within(vacancies.table.xyz, reach) & open_vacancies)
            product = sp.csr_matrix(p_vectors[rows] @ v_vectors[v_rows].T)
            q, c, sim = _strong_pairs(product)
            c = v_rows[c]
            at, score = self._score(rows[q], c, sim, today)
            q, c = q[at], c[at]
            mine = top_per_row(q, vacancies.ids[c], score, n_rows=len(rows), width=self.width)
            targets, position = np.unique(c, return_inverse=True)
            theirs = top_per_row(position, people.ids[rows[q]], score, n_rows=len(targets), width=self.width)
            return _Chunk(rows, mine, targets, theirs, product.nnz, len(q))

        def absorb(done: _Chunk) -> None:
            nonlocal vacancy_best, pending, held
            stats.candidates += done.candidates
            stats.kept += done.kept
            rows, mine = done.rows, done.person_lists
            # Someone with several places comes in several chunks: merge, not replace.
            again = seen[rows]
            seen[rows] = True
            person_lists.put(rows[~again], mine.take(np.flatnonzero(~again)))
            if again.any():
                person_lists.put(rows[again], _merged(person_lists.take(rows[again]), mine.take(again)))
            theirs = done.vacancy_lists
            np.maximum.at(vacancy_bound, done.vacancies, theirs.bound)
            listed = theirs.ids != EMPTY
            at = np.broadcast_to(done.vacancies[:, None], theirs.ids.shape)[listed]
            pending.append((at, theirs.ids[listed], theirs.scores[listed]))
            held += len(at)
            if held > MERGE_EVERY:
                vacancy_best = merge(vacancy_best, *_joined(pending))
                pending, held = [], 0

        workers = workers or os.cpu_count() or 1
        chunks = _spatial_chunks(people.table, mask & people.alive & people.table.active, chunk)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            # A few chunks in flight at a time: their pairs wait in memory until absorbed.
            running: deque[Future[_Chunk]] = deque()
            for rows, reach in chunks:
                running.append(pool.submit(rank_chunk, rows, reach))
                if len(running) >= 2 * workers:
                    absorb(running.popleft().result())
            while running:
                absorb(running.popleft().result())
        if pending:
            vacancy_best = merge(vacancy_best, *_joined(pending))
        vacancy_best.bound = np.maximum(vacancy_best.bound, vacancy_bound)
        return person_lists, vacancy_best

    def merge_shards(self, shards: list[tuple[np.ndarray, TopLists, TopLists]]) -> None:
        """Install the lists ranked in shards: each shard's (people rows, their lists, the
        vacancies' best among them). The shards' people must not overlap."""
        self.person_lists = TopLists.empty(len(self.people), self.width)
        self.vacancy_lists = TopLists.empty(len(self.vacancies), self.width)
        for rows, person_lists, vacancy_lists in shards:
            self.person_lists.put(rows, person_lists)
            self.vacancy_lists = _merged(self.vacancy_lists, vacancy_lists)

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


def _rows_holding(lists: TopLists, ids: np.ndarray) -> np.ndarray:
    """Rows of ``lists`` that hold any of ``ids``. This scans every list (30M entries for a
    million people): one comparison per id for the usual one or few changed ids, which is several
    times faster than ``np.isin``, and positions rather than a row-wise ``any``."""
    flat = lists.ids.reshape(-1)
    if len(ids) == 0:
        return np.zeros(0, np.int64)
    if len(ids) <= 4:
        found = flat == ids[0]
        for i in ids[1:].tolist():
            found |= flat == i
    else:
        found = np.isin(flat, ids)
    return np.unique(np.flatnonzero(found) // lists.width)


def _strong_pairs(similarities: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, similarity) of the entries at or above the similarity floor. Tested on the
    product as it comes, before anything else: most pairs with any similarity stop here."""
    sim = sp.csr_matrix(similarities)
    strong = np.flatnonzero(sim.data >= MIN_SIMILARITY)
    rows = np.repeat(np.arange(sim.shape[0], dtype=np.int64), np.diff(sim.indptr))[strong]
    return rows, sim.indices[strong].astype(np.int64), sim.data[strong]


def _merged(a: TopLists, b: TopLists) -> TopLists:
    """Two lists of the same rows as one."""
    listed = b.ids != EMPTY
    rows = np.broadcast_to(np.arange(len(b))[:, None], b.ids.shape)[listed]
    out = merge(a, rows, b.ids[listed], b.scores[listed])
    out.bound = np.maximum(out.bound, b.bound)
    return out


def _joined(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> tuple[np.ndarray, ...]:
    return tuple(np.concatenate(column) for column in zip(*parts, strict=True))


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
    touched = np.union1d(_rows_holding(lists, changed_ids), entering_rows)
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


# People are grouped by the grid cells their places fall in; a cell is this many degrees square.
CELL_DEGREES = 0.2
# Half the diagonal of the largest cell (at the equator), plus a margin for the rounding of
# float32 coordinates (``_within`` is good to about 0.1 km at these distances).
CELL_HALF_DIAGONAL_KM = CELL_DEGREES * 111.2 * np.sqrt(0.5) + 0.5


def _chord(km: np.ndarray) -> np.ndarray:
    return 2 * np.sin(np.asarray(km, np.float64) / (2 * EARTH_RADIUS_KM))


Reach = tuple[np.ndarray, np.ndarray]  # centres (c, 3) on the unit sphere, chord radii (c,)


def _spatial_chunks(
    table: PeopleTable, mask: np.ndarray, size: int
) -> Iterator[tuple[np.ndarray, Reach | None]]:
    """People rows in chunks of neighbours, each with the balls (one per grid cell in the chunk)
    that every site any of them could accept from there lies in; ``None`` for people who accept
    anywhere or whose places are unknown.

    A chunk is up to ``size`` places in cell order (bands of latitude, then west to east), so it
    covers a small area. Someone with several places (home and the city seat, say) is in the
    chunk of each: a site near any of them is reached from that place's chunk, and the pairs found
    twice (a site near two of their places) are listed once by ``top_per_row``."""
    rows = np.flatnonzero(mask)
    xyz = table.xyz[rows].astype(np.float64)
    known = np.asarray(np.isfinite(xyz).all(axis=2))
    local = ~table.anywhere[rows] & known.any(axis=1)
    wide, rows, xyz, known = rows[~local], rows[local], xyz[local], known[local]
    person, place = np.nonzero(known)  # one entry per known place
    points = xyz[person, place]
    lat = np.degrees(np.arcsin(np.clip(points[:, 2], -1, 1)))
    lon = np.degrees(np.arctan2(points[:, 1], points[:, 0]))
    cell = ((np.floor(lat / CELL_DEGREES) + 1000) * 10_000 + np.floor(lon / CELL_DEGREES) + 5000).astype(
        np.int64
    )
    order = np.argsort(cell, kind="stable")
    all_cells = np.unique(cell)
    centres = _cell_centres(all_cells)
    reach_km = table.radius_km[rows].astype(np.float64) + CELL_HALF_DIAGONAL_KM
    for start in range(0, len(order), size):
        at = order[start : start + size]
        unique, inverse = np.unique(cell[at], return_inverse=True)
        widest = np.zeros(len(unique))
        np.maximum.at(widest, inverse, reach_km[person[at]])
        yield np.unique(rows[person[at]]), (centres[np.searchsorted(all_cells, unique)], _chord(widest))
    for start in range(0, len(wide), size):
        yield wide[start : start + size], None


def _cell_centres(cells: np.ndarray) -> np.ndarray:
    """The centre of each cell on the unit sphere."""
    lat = (cells // 10_000 - 1000 + 0.5) * CELL_DEGREES
    lon = (cells % 10_000 - 5000 + 0.5) * CELL_DEGREES
    lat_r, lon_r = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(lat_r) * np.cos(lon_r), np.cos(lat_r) * np.sin(lon_r), np.sin(lat_r)], axis=-1)


def _within(xyz: np.ndarray, reach: Reach | None) -> np.ndarray:
    """Sites inside any of the balls (sites with no coordinates always are)."""
    if reach is None:
        return np.ones(len(xyz), bool)
    centres, radii = reach
    sites = np.asarray(xyz, np.float64)
    unknown = np.asarray(~np.isfinite(sites).all(axis=1))
    sites = np.where(unknown[:, None], 0.0, sites)
    # |a - b|^2 = 2 - 2 a.b on the unit sphere; the radii are tens of km, far above the rounding.
    squared = 2.0 - 2.0 * (sites @ centres.T)
    return np.asarray((squared <= radii * radii).any(axis=1) | unknown)
