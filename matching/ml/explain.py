"""Why a pair matched: the parts of its score and the facts behind them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.ml.index import MatchIndex
from matching.ml.licences import BIT
from matching.ml.reading import CONCEPTS
from matching.ml.scoring import score_pairs
from matching.ml.vectors import BLOCKS, OCCUPATION, REFUSAL, SKILL

_LICENCE_OF_BIT = {bit: code for code, bit in BIT.items()}


@dataclass(frozen=True)
class Explanation:
    score: float
    parts: dict[str, float]  # similarity blocks, context parts, their combination
    shared_occupation: int | None  # the finest occupation column both sides name (or its group)
    shared_skills: list[int]  # skill column numbers both sides name
    missing_skills: list[int]  # skills the vacancy names and the person does not
    missing_licences: list[str]  # licences the post needs and the person does not hold
    refused: list[str]  # what the person refuses and the post offers (CONCEPTS names)
    distance_km: float | None
    expected_wage: float | None  # yuan/month
    offered_wage: tuple[float, float] | None  # yuan/month
    passes_filters: bool


def explain(
    index: MatchIndex, person_rows: np.ndarray, vacancy_rows: np.ndarray, *, today: int
) -> list[Explanation]:
    """Explanations for the pairs (``person_rows[i]``, ``vacancy_rows[i]``)."""
    if len(person_rows) == 0:
        return []
    people, vacancies = index.people, index.vacancies
    p_vec, v_vec = people.vectors(person_rows), vacancies.vectors(vacancy_rows)
    by_block = {}
    for name, cols in index.space.block_slices.items():
        by_block[name] = np.asarray(p_vec[:, cols].multiply(v_vec[:, cols]).sum(axis=1)).ravel()
    # Summed feature by feature, as the ranking's matrix products do, so that the score explained
    # is the listed score to the last bit (adding up the block sums rounds differently).
    products = p_vec.multiply(v_vec).tocsr()
    similarity = products @ np.ones(products.shape[1], np.float32)
    scored = score_pairs(
        people.table,
        vacancies.table,
        person_rows,
        vacancy_rows,
        np.asarray(similarity, np.float32),
        today=today,
    )
    skills = index.space.block_slices[SKILL]
    held = sp.csr_matrix(p_vec[:, skills] > 0, dtype=np.int8)
    named = sp.csr_matrix(v_vec[:, skills] > 0, dtype=np.int8)
    shared = _row_lists(held.multiply(named).tocsr())
    missing = _row_lists(named - held.multiply(named))
    occupation = _best_columns(
        p_vec[:, index.space.block_slices[OCCUPATION]]
        .multiply(v_vec[:, index.space.block_slices[OCCUPATION]])
        .tocsr()
    )
    conflicts = _row_lists(
        sp.csr_matrix(
            p_vec[:, index.space.block_slices[REFUSAL]].multiply(v_vec[:, index.space.block_slices[REFUSAL]])
            < 0,
            dtype=np.int8,
        )
    )
    unmet = vacancies.table.licences[vacancy_rows] & ~people.table.licences[person_rows]
    concept_names = list(CONCEPTS)
    # Columns to Python lists once: building 10^5 dictionaries from NumPy scalars is slow.
    parts = {f"similarity_{name}": by_block[name] for name in BLOCKS} | scored.parts
    columns = {name: np.round(values.astype(np.float64), 4).tolist() for name, values in parts.items()}
    km = np.round(scored.distance_km.astype(np.float64), 1)
    expected = people.table.wage[person_rows].astype(np.float64)
    low = vacancies.table.wage_min[vacancy_rows].astype(np.float64)
    high = vacancies.table.wage_max[vacancy_rows].astype(np.float64)
    rows = zip(
        scored.score.astype(np.float64).tolist(), km.tolist(), expected.tolist(), low.tolist(),
        high.tolist(), scored.keep.tolist(), shared, missing, occupation, conflicts, unmet.tolist(), strict=True,
    )  # fmt: skip
    return [
        Explanation(
            score=score,
            parts={name: column[i] for name, column in columns.items()},
            shared_occupation=same,
            shared_skills=common,
            missing_skills=lacking,
            missing_licences=[_LICENCE_OF_BIT[b] for b in range(64) if bits >> b & 1],
            refused=[concept_names[c] for c in refused],
            distance_km=None if math.isnan(d) else d,
            expected_wage=None if math.isnan(e) else e,
            offered_wage=None if math.isnan(hi) else (lo, hi),
            passes_filters=keep,
        )
        for i, (score, d, e, lo, hi, keep, common, lacking, same, refused, bits) in enumerate(rows)
    ]


def _best_columns(matrix: sp.csr_matrix) -> list[int | None]:
    """Each row's column with the largest positive entry, the first of equals (None for a row
    with none), for all rows at once: a rebuild explains every listed pair."""
    matrix = sp.csr_matrix(matrix)
    lengths = np.diff(matrix.indptr)
    row = np.repeat(np.arange(matrix.shape[0]), lengths)
    best = np.full(matrix.shape[0], -np.inf, np.float64)
    np.maximum.at(best, row, matrix.data)
    hit = np.flatnonzero((matrix.data == best[row]) & (matrix.data > 0))
    rows, first = np.unique(row[hit], return_index=True)
    out: list[int | None] = [None] * matrix.shape[0]
    for r, column in zip(rows.tolist(), matrix.indices[hit[first]].tolist(), strict=True):
        out[r] = column
    return out


def _row_lists(matrix: sp.csr_matrix) -> list[list[int]]:
    """The column numbers of each row's stored non-zero entries."""
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return [chunk.tolist() for chunk in np.split(matrix.indices, matrix.indptr[1:-1])]
