"""Why a pair matched: the parts of its score and the facts behind them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
    similarity = sum(by_block[name] for name in BLOCKS)
    scored = score_pairs(
        people.table,
        vacancies.table,
        person_rows,
        vacancy_rows,
        np.asarray(similarity, np.float32),
        today=today,
    )
    skills = index.space.block_slices[SKILL]
    p_skills, v_skills = p_vec[:, skills].tolil().rows, v_vec[:, skills].tolil().rows
    out = []
    for i in range(len(person_rows)):
        held, named = set(p_skills[i]), list(v_skills[i])
        parts = {f"similarity_{name}": float(by_block[name][i]) for name in BLOCKS}
        parts.update({name: float(values[i]) for name, values in scored.parts.items()})
        km = float(scored.distance_km[i])
        expected = float(people.table.wage[person_rows[i]])
        low, high = (
            float(vacancies.table.wage_min[vacancy_rows[i]]),
            float(vacancies.table.wage_max[vacancy_rows[i]]),
        )
        out.append(
            Explanation(
                score=float(scored.score[i]),
                parts={k: round(v, 4) for k, v in parts.items()},
                shared_skills=[s for s in named if s in held],
                missing_skills=[s for s in named if s not in held],
                distance_km=None if np.isnan(km) else round(km, 1),
                expected_wage=None if np.isnan(expected) else expected,
                offered_wage=None if np.isnan(high) else (low, high),
                passes_filters=bool(scored.keep[i]),
            )
        )
    return out
