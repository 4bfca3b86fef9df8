"""What each side wrote, as one weighted sparse vector.

A vector has four blocks: hashed character n-grams of all free text (TF-IDF), the occupations
it names (declared, from work history and certificates, or coded from the text), the skills it
names, and refusals. Each of the first three is L2-normalised and scaled by the square root of
its weight, so the dot product of a person's and a vacancy's vectors is the weighted sum of the
three cosine similarities, in [0, 1] before refusals.

Refusals count against: a person's refused words ("打荷洗碗就算了") enter the text block with a
negative sign, and the refusal block holds -1 for each thing a person refuses ("不要夜班") and +1
for each a post offers ("两班倒"), so every conflict takes ``REFUSAL_WEIGHT`` off the similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from matching.ml.classification import MAJOR, MEDIUM, MINOR, code_level, group_of, is_code
from matching.ml.reading import CONCEPTS
from matching.ml.scoring import MIN_SIMILARITY
from matching.ml.text import ConceptMatcher, ngram_counts, redact_protected

OCCUPATION, SKILL, REFUSAL, WELFARE = "occupation", "skill", "refusal", "welfare"
BLOCKS = ("text", OCCUPATION, SKILL, REFUSAL, WELFARE)
# A public-welfare post is meant for the hard-to-employ people it may take: it agrees with each of
# them by the similarity floor beside what their words share, which are seldom the post's
# ("扫扫路看看门" and "村级保洁员"), so it always reaches them and the rest of the score orders it.
WELFARE_WEIGHT = MIN_SIMILARITY
# What one conflict (a refused night shift on a night-shift post) takes off a pair's similarity;
# a refused word found in the post's text takes off up to this share of its text similarity.
REFUSAL_WEIGHT = 0.3
REFUSED_WORDS = 0.5
# An occupation also names the groups it lies in, with these weights beside its own 1.0, so that
# two sides agree fully on the same occupation, less on the same minor group (about a third of
# that), and little on the same medium group only (see ``occupation_groups``).
GROUP_WEIGHTS = {MINOR: 0.6, MEDIUM: 0.35, MAJOR: 0.15}
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
    ``refusals`` is ``n x len(CONCEPTS)``: -1 for a concept refused, +1 for one offered (see
    ``reading.concept_row``); ``refused_words`` the words refused, "" for none. Both are empty
    when not given.
    """

    texts: Sequence[str]
    occupations: sp.csr_matrix
    skills: sp.csr_matrix
    refusals: sp.csr_matrix | None = None
    refused_words: Sequence[str] | None = None
    welfare: np.ndarray | None = None  # bool: a public-welfare post, or a person who may take one

    def __len__(self) -> int:
        return len(self.texts)

    def slice(self, start: int, stop: int) -> ProfileBatch:
        return ProfileBatch(
            self.texts[start:stop],
            self.occupations[start:stop],
            self.skills[start:stop],
            None if self.refusals is None else self.refusals[start:stop],
            None if self.refused_words is None else self.refused_words[start:stop],
            None if self.welfare is None else self.welfare[start:stop],
        )

    def refusal_matrix(self) -> sp.csr_matrix:
        if self.refusals is None:
            return sp.csr_matrix((len(self), len(CONCEPTS)), dtype=np.float32)
        return sp.csr_matrix(self.refusals, dtype=np.float32)


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
        groups: sp.csr_matrix | None = None,
    ) -> None:
        self.matcher = matcher
        self.n_occupations, self.n_skills = n_occupations, n_skills
        self.groups = groups  # n_occupations x n_occupations: each occupation and its groups
        self.idf = idf.astype(np.float32)
        self.config = config

    @property
    def n_features(self) -> int:
        return self.config.n_text_features + self.n_occupations + self.n_skills + len(CONCEPTS) + 1

    @property
    def block_slices(self) -> dict[str, slice]:
        t, o, s = self.config.n_text_features, self.n_occupations, self.n_skills
        return {
            "text": slice(0, t),
            OCCUPATION: slice(t, t + o),
            SKILL: slice(t + o, t + o + s),
            REFUSAL: slice(t + o + s, t + o + s + len(CONCEPTS)),
            WELFARE: slice(t + o + s + len(CONCEPTS), t + o + s + len(CONCEPTS) + 1),
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
        groups: sp.csr_matrix | None = None,
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
        return cls(
            matcher=matcher,
            n_occupations=n_occupations,
            n_skills=n_skills,
            idf=idf,
            config=config,
            groups=groups,
        )

    def vectors(self, batch: ProfileBatch) -> sp.csr_matrix:
        """One row per profile, ``n_features`` columns, float32."""
        if len(batch) > TEXT_BATCH:
            parts = [self.vectors(batch.slice(i, i + TEXT_BATCH)) for i in range(0, len(batch), TEXT_BATCH)]
            return sp.csr_matrix(sp.vstack(parts, format="csr"))
        c = self.config
        texts = [redact_protected(t) for t in batch.texts]
        text = _normalised(self._tfidf(texts))
        if batch.refused_words is not None and any(batch.refused_words):
            refused = _normalised(self._tfidf(batch.refused_words))
            text = sp.csr_matrix(text - refused * np.float32(REFUSED_WORDS))
        occupations, skills = self._concepts(texts, batch)
        own = (text, occupations, skills)
        # A profile's weights are shared among the blocks it has: someone who names no skill has
        # the skills' share on their words and occupations, so that their similarities are on
        # the same scale as everyone's.
        present = np.stack([np.diff(m.indptr) > 0 for m in own], axis=1)
        weights = np.array([c.weights[name] for name in BLOCKS[:3]], np.float32)
        share = weights / np.maximum((present * weights).sum(axis=1, keepdims=True), 1e-9)
        blocks = [sp.csr_matrix(sp.diags(np.sqrt(share[:, i])) @ m) for i, m in enumerate(own)]
        blocks.append(batch.refusal_matrix() * np.float32(np.sqrt(REFUSAL_WEIGHT)))
        welfare = np.zeros(len(batch), bool) if batch.welfare is None else np.asarray(batch.welfare, bool)
        blocks.append(
            sp.csr_matrix(welfare[:, None].astype(np.float32) * np.float32(np.sqrt(WELFARE_WEIGHT)))
        )
        out = sp.hstack(blocks, format="csr", dtype=np.float32)
        out.eliminate_zeros()
        out.sort_indices()
        return out

    def _tfidf(self, texts: Sequence[str]) -> sp.csr_matrix:
        c = self.config
        counts = ngram_counts(texts, n_features=c.n_text_features, ngram_range=c.ngram_range)
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]  # sublinear tf-idf
        return counts

    def _concepts(self, texts: Sequence[str], batch: ProfileBatch) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The occupation and skill blocks, before their weights: declared concepts, plus those
        whose names or synonyms occur in the text."""
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
        # The occupation block keeps the strength of the surest occupation named: a text coded to
        # an occupation with little confidence agrees with it a little, however it is scaled.
        occupations = out[0]
        strength = occupations.max(axis=1).toarray().ravel().astype(np.float32)
        if self.groups is not None:
            occupations = sp.csr_matrix(occupations @ self.groups, dtype=np.float32)
        occupations = sp.csr_matrix(sp.diags(strength) @ _normalised(occupations))
        # Skills only found in the words, none declared, count as much as words found: less.
        declared = np.diff(sp.csr_matrix(batch.skills).indptr) > 0
        found_only = np.where(declared, 1.0, FOUND_IN_TEXT).astype(np.float32)
        return occupations, sp.csr_matrix(sp.diags(found_only) @ _normalised(out[1]))


def occupation_groups(codes: Sequence[str]) -> sp.csr_matrix:
    """The matrix that adds to each occupation column its groups' columns, weighted by
    ``GROUP_WEIGHTS``: row i holds 1.0 at i and the weight of each group above ``codes[i]`` that
    is among the columns. Codes outside the classification stand alone."""
    column = {code: i for i, code in enumerate(codes)}
    entries = []
    for i, code in enumerate(codes):
        entries.append((i, i, 1.0))
        if is_code(code):
            groups = (
                (group_of(code, level), w) for level, w in GROUP_WEIGHTS.items() if level < code_level(code)
            )
            entries += [(i, column[g], w) for g, w in groups if g in column]
    rows, cols, vals = zip(*entries, strict=True) if entries else ((), (), ())
    return sp.csr_matrix((np.asarray(vals, np.float32), (rows, cols)), shape=(len(codes), len(codes)))


def _normalised(matrix: sp.csr_matrix) -> sp.csr_matrix:
    matrix = sp.csr_matrix(matrix, dtype=np.float32)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix, dtype=np.float32)
