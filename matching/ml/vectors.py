"""What each side wrote, as one weighted sparse vector.

A vector has three blocks: hashed character n-grams of all free text (TF-IDF), the occupations
it names (declared, from work history and certificates, or found in the text through synonyms)
and the skills it names. Each block is L2-normalised and scaled by the square root of its
weight, so the dot product of a person's and a vacancy's vectors is the weighted sum of the three
cosine similarities and lies in [0, 1].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from matching.ml.text import ConceptMatcher, ngram_counts, redact_protected

OCCUPATION, SKILL = "occupation", "skill"
BLOCKS = ("text", OCCUPATION, SKILL)
# Concepts found in free text count a little less than ones declared in a form.
FOUND_IN_TEXT = 0.6
# Texts are counted this many at a time: the n-gram arrays of a whole registry at once would take
# several times the memory of the index they build.
TEXT_BATCH = 50_000


@dataclass(frozen=True)
class ProfileBatch:
    """Many profiles (people or vacancies) in columns: free text and declared concepts.

    ``occupations`` and ``skills`` are ``n x n_concepts`` sparse matrices of weights in (0, 1]:
    a vacancy's required skill 1.0 and an optional one 0.5, a person's skill by its level.
    """

    texts: Sequence[str]
    occupations: sp.csr_matrix
    skills: sp.csr_matrix

    def __len__(self) -> int:
        return len(self.texts)

    def slice(self, start: int, stop: int) -> ProfileBatch:
        return ProfileBatch(self.texts[start:stop], self.occupations[start:stop], self.skills[start:stop])


@dataclass(frozen=True)
class SpaceConfig:
    n_text_features: int = 2**18
    ngram_range: tuple[int, int] = (1, 2)
    # n-grams in more than this share of all profiles say nothing ("工作", "有限公司") and would
    # make every posting list long; they are dropped from the vectors.
    max_df: float = 0.05
    # ...but only once they are also in more than this many profiles, so that a small registry
    # (or the dominant trade of a county) keeps its words.
    min_pruned_df: int = 50
    weights: dict[str, float] = field(default_factory=lambda: {"text": 0.35, OCCUPATION: 0.4, SKILL: 0.25})


class FeatureSpace:
    """Fitted once per index build (document frequencies); then turns profiles into vectors.

    Profiles added later are vectorised with the same IDF, so an incremental update and a full
    rebuild over the same corpus agree.
    """

    def __init__(
        self,
        *,
        matcher: ConceptMatcher,
        n_occupations: int,
        n_skills: int,
        idf: np.ndarray,
        config: SpaceConfig,
    ) -> None:
        self.matcher = matcher
        self.n_occupations, self.n_skills = n_occupations, n_skills
        self.idf = idf.astype(np.float32)
        self.config = config

    @property
    def n_features(self) -> int:
        return self.config.n_text_features + self.n_occupations + self.n_skills

    @property
    def block_slices(self) -> dict[str, slice]:
        t, o = self.config.n_text_features, self.n_occupations
        return {
            "text": slice(0, t),
            OCCUPATION: slice(t, t + o),
            SKILL: slice(t + o, t + o + self.n_skills),
        }

    @classmethod
    def fit(
        cls,
        corpus: Sequence[str],
        *,
        matcher: ConceptMatcher,
        n_occupations: int,
        n_skills: int,
        config: SpaceConfig | None = None,
    ) -> FeatureSpace:
        """Learn n-gram document frequencies from all texts of both sides."""
        config = config or SpaceConfig()
        df = np.zeros(config.n_text_features, np.int64)
        for start in range(0, len(corpus), TEXT_BATCH):
            counts = ngram_counts(
                corpus[start : start + TEXT_BATCH],
                n_features=config.n_text_features,
                ngram_range=config.ngram_range,
            )
            df += np.bincount(counts.indices, minlength=config.n_text_features)
        n = max(len(corpus), 1)
        idf = np.log((1 + n) / (1 + df)) + 1.0
        idf[df > max(config.max_df * n, config.min_pruned_df)] = 0.0
        return cls(matcher=matcher, n_occupations=n_occupations, n_skills=n_skills, idf=idf, config=config)

    def vectors(self, batch: ProfileBatch) -> sp.csr_matrix:
        """One row per profile, ``n_features`` columns, float32."""
        if len(batch) > TEXT_BATCH:
            parts = [self.vectors(batch.slice(i, i + TEXT_BATCH)) for i in range(0, len(batch), TEXT_BATCH)]
            return sp.csr_matrix(sp.vstack(parts, format="csr"))
        c = self.config
        texts = [redact_protected(t) for t in batch.texts]
        text = ngram_counts(texts, n_features=c.n_text_features, ngram_range=c.ngram_range)
        text.data = (1.0 + np.log(text.data)) * self.idf[text.indices]  # sublinear tf-idf
        occupations, skills = self._concepts(texts, batch)
        blocks = [
            _normalised(m) * np.float32(np.sqrt(c.weights[name]))
            for name, m in zip(BLOCKS, (text, occupations, skills), strict=True)
        ]
        out = sp.hstack(blocks, format="csr", dtype=np.float32)
        out.eliminate_zeros()
        out.sort_indices()
        return out

    def _concepts(self, texts: Sequence[str], batch: ProfileBatch) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Declared concepts, plus those whose names or synonyms occur in the text."""
        found: dict[str, tuple[list[int], list[int]]] = {OCCUPATION: ([], []), SKILL: ([], [])}
        for row, text in enumerate(texts):
            for kind, index in self.matcher.find(text):
                rows, cols = found[kind]
                rows.append(row)
                cols.append(index)
        out = []
        for kind, declared, width in (
            (OCCUPATION, batch.occupations, self.n_occupations),
            (SKILL, batch.skills, self.n_skills),
        ):
            rows, cols = found[kind]
            in_text = sp.csr_matrix(
                (np.full(len(rows), FOUND_IN_TEXT, np.float32), (rows, cols)),
                shape=(len(batch), width),
            )
            in_text.sum_duplicates()
            out.append(sp.csr_matrix(declared, dtype=np.float32).maximum(in_text).tocsr())
        return out[0], out[1]


def _normalised(matrix: sp.csr_matrix) -> sp.csr_matrix:
    matrix = sp.csr_matrix(matrix, dtype=np.float32)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix, dtype=np.float32)
