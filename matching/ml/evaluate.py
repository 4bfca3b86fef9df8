"""Ranking quality against known right answers: Recall@k, NDCG@k and MRR, for the full engine
and for simpler variants of it, so the gain of each part is visible."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.ml.index import MatchIndex
from matching.ml.scoring import score_pairs
from matching.ml.topk import EMPTY, top_per_row


@dataclass(frozen=True)
class Metrics:
    queries: int
    recall: float
    ndcg: float
    mrr: float


def metrics(ranked: np.ndarray, relevant: Sequence[set[int]], k: int = 10) -> Metrics:
    """``ranked`` (queries x width ids, EMPTY padded) against each query's relevant ids.

    Recall@k is capped: hits in the top k over min(k, number relevant), so a query with fifty
    equally right answers can still reach 1. NDCG@k uses binary gains; MRR looks at the whole
    list. Queries with no relevant answer are skipped.
    """
    recalls, ndcgs, rrs = [], [], []
    discounts = 1.0 / np.log2(np.arange(2, ranked.shape[1] + 2))
    for ids, rel in zip(ranked, relevant, strict=True):
        if not rel:
            continue
        hit = np.array([i != EMPTY and int(i) in rel for i in ids])
        ideal = min(k, len(rel))
        recalls.append(hit[:k].sum() / ideal)
        ndcgs.append((hit[:k] * discounts[:k]).sum() / discounts[:ideal].sum())
        first = np.flatnonzero(hit)
        rrs.append(1.0 / (first[0] + 1) if len(first) else 0.0)
    n = len(recalls)
    return Metrics(
        n,
        float(np.mean(recalls)) if n else 0.0,
        float(np.mean(ndcgs)) if n else 0.0,
        float(np.mean(rrs)) if n else 0.0,
    )


def _ranked(
    sim: sp.csr_matrix,
    score: np.ndarray,
    keep: np.ndarray,
    target_ids: np.ndarray,
    width: int,
    transpose: bool,
) -> np.ndarray:
    coo = sim.tocoo()
    rows, cols = (coo.col, coo.row) if transpose else (coo.row, coo.col)
    n = sim.shape[1] if transpose else sim.shape[0]
    lists = top_per_row(
        rows[keep].astype(np.int64), target_ids[cols[keep]], score[keep], n_rows=n, width=width
    )
    return lists.ids


def variant_rankings(
    index: MatchIndex,
    person_texts: Sequence[str],
    vacancy_texts: Sequence[str],
    *,
    today: int,
    width: int = 50,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """For each variant, (people x width vacancy ids, vacancies x width person ids).

    * ``tfidf``: plain TF-IDF cosine of character n-grams over the same texts;
    * ``+taxonomy``: the engine's similarity (text, occupations and skills with synonyms);
    * ``+filters``: that, after the hard filters (radius, public-welfare eligibility);
    * ``engine``: the full score (context parts: distance, wage, work type, availability,
      education, certificates).
    Open vacancies and people who are looking are the only candidates in every variant.
    """
    people, vacancies = index.people, index.vacancies
    p_all, v_all = np.flatnonzero(people.alive), np.flatnonzero(vacancies.alive)
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    tfidf = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
    tfidf.fit(list(person_texts) + list(vacancy_texts))
    base = sp.csr_matrix(tfidf.transform(person_texts) @ tfidf.transform(vacancy_texts).T)
    engine_sim = sp.csr_matrix(people.vectors(p_all) @ vacancies.vectors(v_all).T)
    for name, sim in (("tfidf", base), ("engine", engine_sim)):
        coo = sim.tocoo()
        p, v = p_all[coo.row], v_all[coo.col]
        scored = score_pairs(people.table, vacancies.table, p, v, coo.data.astype(np.float32), today=today)
        active = (
            people.table.active[p] & vacancies.table.active[v] & (vacancies.table.valid_until_day[v] >= today)
        )
        if name == "tfidf":
            variants = {"tfidf": (coo.data, active & (coo.data > 0))}
        else:
            variants = {
                "+taxonomy": (coo.data, active & (coo.data > 0)),
                "+filters": (coo.data, scored.keep),
                "engine": (scored.score, scored.keep),
            }
        for label, (score, keep) in variants.items():
            out[label] = (
                _ranked(sim, score.astype(np.float32), keep, vacancies.ids[v_all], width, transpose=False),
                _ranked(sim, score.astype(np.float32), keep, people.ids[p_all], width, transpose=True),
            )
    return out
