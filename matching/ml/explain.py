"""Why a pair matched: the parts of its score and the facts behind them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.ml.index import MatchIndex
from matching.ml.scoring import score_pairs
from matching.ml.vectors import BLOCKS, SKILL


@dataclass(frozen=True)
class Explanation:
    score: float
    parts: dict[str, float]  # similarity blocks, context parts, their combination
    shared_skills: list[int]  # skill column numbers both sides name
    missing_skills: list[int]  # skills the vacancy names and the person does not
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
    # Columns to Python lists once: building 10^5 dictionaries from NumPy scalars is slow.
    parts = {f"similarity_{name}": by_block[name] for name in BLOCKS} | scored.parts
    columns = {name: np.round(values.astype(np.float64), 4).tolist() for name, values in parts.items()}
    km = np.round(scored.distance_km.astype(np.float64), 1)
    expected = people.table.wage[person_rows].astype(np.float64)
    low = vacancies.table.wage_min[vacancy_rows].astype(np.float64)
    high = vacancies.table.wage_max[vacancy_rows].astype(np.float64)
    rows = zip(
        scored.score.astype(np.float64).tolist(), km.tolist(), expected.tolist(), low.tolist(),
        high.tolist(), scored.keep.tolist(), shared, missing, strict=True,
    )  # fmt: skip
    return [
        Explanation(
            score=score,
            parts={name: column[i] for name, column in columns.items()},
            shared_skills=common,
            missing_skills=lacking,
            distance_km=None if math.isnan(d) else d,
            expected_wage=None if math.isnan(e) else e,
            offered_wage=None if math.isnan(hi) else (lo, hi),
            passes_filters=keep,
        )
        for i, (score, d, e, lo, hi, keep, common, lacking) in enumerate(rows)
    ]


def _row_lists(matrix: sp.csr_matrix) -> list[list[int]]:
    """The column numbers of each row's stored non-zero entries."""
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return [chunk.tolist() for chunk in np.split(matrix.indices, matrix.indptr[1:-1])]
