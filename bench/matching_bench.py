"""Matching engine (``matching.ml``) on a synthetic province-scale registry, against baselines
measured in the same process on the same data.

    .venv/bin/python bench/matching_bench.py [--quick]

``--quick`` runs every step on sizes about 20 times smaller. The PostgreSQL baseline uses
DATABASE at 127.0.0.1:5432 (see ``--dsn``) and a table of its own, dropped at the end. Progress
goes to stderr; stdout gets one Markdown table.

Steps: build (fit, vectors, posting lists) and its memory; one vacancy against all people; one
person against the large vacancy registry; top-k lists both ways for everyone (``rank_all``);
incremental vacancy changes checked against a full rebuild; then the baselines: a per-pair pure
Python loop, PostgreSQL ``ts_rank`` over a GIN-indexed tsvector, and scikit-learn brute-force
cosine ``NearestNeighbors``.
"""

from __future__ import annotations

import argparse
import gc
import heapq
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import scipy
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matching_data import (  # noqa: E402
    TODAY,
    Registry,
    change_vacancies,
    make_geography,
    make_people,
    make_taxonomy,
    make_vacancies,
)

from matching.ml import index as index_module  # noqa: E402
from matching.ml.index import MatchIndex, Side  # noqa: E402
from matching.ml.scoring import (  # noqa: E402
    CONTEXT_FLOOR,
    CONTEXT_WEIGHTS,
    EARTH_RADIUS_KM,
    MIN_SIMILARITY,
    NO_DAY,
    PUBLIC_WELFARE,
    PeopleTable,
    VacancyTable,
    concat_tables,
    score_pairs,
)
from matching.ml.text import ngram_counts, normalise  # noqa: E402
from matching.ml.topk import EMPTY  # noqa: E402
from matching.ml.vectors import FeatureSpace  # noqa: E402

K = 20
T = TypeVar("T")
TABLE = "bench_match_people"
T0 = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - T0:7.1f}s] {message}", file=sys.stderr, flush=True)


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def proc_status() -> dict[str, int]:
    """VmRSS and VmHWM of this process, in bytes."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) * 1024
    return out


def reset_peak() -> bool:
    """Start VmHWM again from the current RSS (Linux ``clear_refs`` 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def nbytes(obj: object) -> int:
    """Bytes held by the arrays of a Side or a table (sparse matrices included)."""
    if isinstance(obj, np.ndarray):
        return obj.nbytes
    if sp.issparse(obj):
        m = sp.csr_matrix(obj)
        return m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
    if isinstance(obj, Side):
        return sum(nbytes(x) for x in (obj.ids, obj.base, obj.postings, obj.delta, obj.alive)) + nbytes(
            obj.table
        )
    return sum(nbytes(getattr(obj, f.name)) for f in fields(obj))  # type: ignore[arg-type,misc]


def dict_bytes(d: dict[int, int]) -> int:
    """The dict itself and its int keys and values (small ints are shared, counted anyway)."""
    return sys.getsizeof(d) + sum(sys.getsizeof(k) + sys.getsizeof(v) for k, v in d.items())


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem = int(line.split()[1]) * 1024
    return f"{os.cpu_count()} cores, {model}, {mem / 2**30:.0f} GiB RAM, Python {platform.python_version()}"


def engine_version() -> str:
    """The commit and a digest of the ``matching/ml`` sources, read when the run starts."""
    import hashlib
    import subprocess

    def git(*cmd: str) -> str:
        try:
            return subprocess.run(
                ["git", *cmd], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    commit = git("rev-parse", "--short", "HEAD") or "no git"
    dirty = " + uncommitted changes" if git("status", "--porcelain", "--", "matching/ml") else ""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "matching" / "ml").glob("*.py")):
        digest.update(path.read_bytes())
    return f"matching/ml at {commit}{dirty} (sources sha256 {digest.hexdigest()[:12]})"


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    if seconds < 120:
        return f"{seconds:.1f} s"
    if seconds < 3 * 3600:
        return f"{seconds / 60:.1f} min"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.0f} days"


def fmt_bytes(b: float) -> str:
    return f"{b / 2**20:,.0f} MiB"


def fmt_count(n: float) -> str:
    if n >= 1e9:
        return f"{n / 1e9:.2f}G"
    if n >= 1e6:
        return f"{n / 1e6:.1f}M"
    if n >= 1e3:
        return f"{n / 1e3:.0f}k"
    return f"{n:.0f}"


# --- the naive baseline: one pair at a time, dicts and the math module ------------------------


@dataclass
class NaivePerson:
    id: int
    vector: dict[int, float]
    places: list[tuple[float, float, float]]
    radius: float
    anywhere: bool
    active: bool
    eligible: bool
    wage: float
    education: int
    wants: int
    available: int
    certificates: dict[int, float]


@dataclass
class NaiveVacancy:
    vector: dict[int, float]
    site: tuple[float, float, float] | None
    active: bool
    valid_until: int
    wage_min: float
    wage_max: float
    education_min: int
    work_type: int
    start: int
    certificate_min: int
    occupation: int


def naive_people(reg: Registry[PeopleTable], vectors: sp.csr_matrix, rows: np.ndarray) -> list[NaivePerson]:
    t = reg.table
    certs = sp.csr_matrix(t.certificates)
    out = []
    for r in rows.tolist():
        lo, hi = vectors.indptr[r], vectors.indptr[r + 1]
        clo, chi = certs.indptr[r], certs.indptr[r + 1]
        out.append(
            NaivePerson(
                id=int(reg.ids[r]),
                vector=dict(zip(vectors.indices[lo:hi].tolist(), vectors.data[lo:hi].tolist(), strict=True)),
                places=[tuple(p) for p in t.xyz[r].tolist() if not math.isnan(p[0])],
                radius=float(t.radius_km[r]),
                anywhere=bool(t.anywhere[r]),
                active=bool(t.active[r]),
                eligible=bool(t.welfare_eligible[r]),
                wage=float(t.wage[r]),
                education=int(t.education[r]),
                wants=int(t.wants[r]),
                available=int(t.available_day[r]),
                certificates=dict(
                    zip(certs.indices[clo:chi].tolist(), certs.data[clo:chi].tolist(), strict=True)
                ),
            )
        )
    return out


def naive_vacancy(table: VacancyTable, vectors: sp.csr_matrix, r: int) -> NaiveVacancy:
    lo, hi = vectors.indptr[r], vectors.indptr[r + 1]
    site = tuple(table.xyz[r].tolist())
    return NaiveVacancy(
        vector=dict(zip(vectors.indices[lo:hi].tolist(), vectors.data[lo:hi].tolist(), strict=True)),
        site=None if math.isnan(site[0]) else site,  # type: ignore[arg-type]
        active=bool(table.active[r]),
        valid_until=int(table.valid_until_day[r]),
        wage_min=float(table.wage_min[r]),
        wage_max=float(table.wage_max[r]),
        education_min=int(table.education_min[r]),
        work_type=int(table.work_type[r]),
        start=int(table.start_day[r]),
        certificate_min=int(table.certificate_min[r]),
        occupation=int(table.occupation[r]),
    )


def naive_score(p: NaivePerson, v: NaiveVacancy, today: int) -> float | None:
    """The engine's score of one pair (None if a hard filter fails), one feature at a time."""
    small, large = (v.vector, p.vector) if len(v.vector) < len(p.vector) else (p.vector, v.vector)
    sim = 0.0
    for feature, weight in small.items():
        other = large.get(feature)
        if other is not None:
            sim += weight * other
    if sim < MIN_SIMILARITY or not (p.active and v.active and v.valid_until >= today):
        return None
    if v.work_type == PUBLIC_WELFARE and not p.eligible:
        return None
    km = math.nan
    if v.site is not None and p.places:
        x, y, z = v.site
        best = min((a - x) ** 2 + (b - y) ** 2 + (c - z) ** 2 for a, b, c in p.places)
        km = 2 * EARTH_RADIUS_KM * math.asin(min(math.sqrt(best) / 2, 1.0))
    if not math.isnan(km) and km > p.radius and not p.anywhere:
        return None
    if math.isnan(km):
        distance = 0.5
    else:
        radius = max(p.radius, 1.0)
        distance = 1.0 - 0.5 * km / radius if km <= radius else 0.5 * math.exp(-(km - radius) / 200.0)
    if math.isnan(p.wage) or math.isnan(v.wage_max):
        wage = 0.5
    elif v.wage_min >= p.wage:
        wage = 1.0
    else:
        wage = 0.9 * min(max(1.0 - 3.0 * (1.0 - v.wage_max / p.wage), 0.0), 1.0)
    work_type = 0.5 if p.wants == 0 else 1.0 if (p.wants >> v.work_type) & 1 else 0.2
    start = today if v.start == NO_DAY else v.start
    late = max(p.available - max(start, today), 0)
    availability = min(max(1.0 - late / 90.0, 0.0), 1.0)
    if v.education_min == 0 or p.education == 0:
        education = 1.0
    else:
        gap = v.education_min - p.education
        education = 1.0 if gap <= 0 else 0.4 if gap == 1 else 0.0
    held = p.certificates.get(v.occupation, 0.0)
    if v.certificate_min == 0:
        certificate = 1.0 if held > 0 else 0.8
    else:
        certificate = 1.0 if held >= v.certificate_min else 0.5 if held > 0 else 0.2
    w = CONTEXT_WEIGHTS
    context = (
        w["distance"] * distance
        + w["wage"] * wage
        + w["work_type"] * work_type
        + w["availability"] * availability
        + w["education"] * education
        + w["certificate"] * certificate
    )
    return sim * (CONTEXT_FLOOR + (1 - CONTEXT_FLOOR) * context)


def naive_top(people: list[NaivePerson], v: NaiveVacancy, today: int) -> list[tuple[float, int]]:
    scored = []
    for p in people:
        s = naive_score(p, v, today)
        if s is not None:
            scored.append((s, -p.id))
    return heapq.nlargest(K, scored)


# --- PostgreSQL full text ----------------------------------------------------------------------


def char_ngrams(text: str) -> list[str]:
    """Unigrams and bigrams of each run of characters, as the engine's text block counts them."""
    out: list[str] = []
    for word in normalise(text).split():
        out.extend(word)
        out.extend(word[i : i + 2] for i in range(len(word) - 1))
    return out


def informative_terms(text: str, space: FeatureSpace) -> list[str]:
    """The n-grams of ``text`` the engine keeps (non-zero IDF), each once."""
    terms = list(dict.fromkeys(char_ngrams(text)))
    keep = []
    for n in (1, 2):
        group = [t for t in terms if len(t) == n]
        if not group:
            continue
        cols = ngram_counts(group, n_features=space.config.n_text_features, ngram_range=(n, n)).indices
        keep += [t for t, c in zip(group, cols, strict=True) if space.idf[c] > 0]
    return keep


def postgres_baseline(
    args: argparse.Namespace, reg: Registry[PeopleTable], queries: list[str], space: FeatureSpace
) -> dict[str, float]:
    import psycopg

    out: dict[str, float] = {}
    with psycopg.connect(args.dsn, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        conn.execute(
            f"CREATE TABLE {TABLE} (id bigint PRIMARY KEY, body text NOT NULL, "
            "tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)"
        )
        try:
            start = time.perf_counter()
            with conn.cursor() as cur, cur.copy(f"COPY {TABLE} (id, body) FROM STDIN") as copy:
                for pid, text in zip(reg.ids.tolist(), reg.batch.texts, strict=True):
                    copy.write_row((pid, " ".join(char_ngrams(text))))
            out["load"] = time.perf_counter() - start
            log(f"postgres: COPY {len(reg.ids):,} rows in {out['load']:.1f}s")
            conn.execute("SET maintenance_work_mem = '1GB'")
            start = time.perf_counter()
            conn.execute(f"CREATE INDEX {TABLE}_tsv ON {TABLE} USING gin (tsv)")
            conn.execute(f"VACUUM ANALYZE {TABLE}")
            out["index"] = time.perf_counter() - start
            log(f"postgres: GIN index + analyze in {out['index']:.1f}s")
            out["size"] = float(conn.execute(f"SELECT pg_total_relation_size('{TABLE}')").fetchone()[0])  # type: ignore[index]
            conn.execute("SET work_mem = '256MB'")
            sql = (
                f"SELECT id, ts_rank(tsv, q) AS rank FROM {TABLE}, to_tsquery('simple', %s) q "
                "WHERE tsv @@ q ORDER BY rank DESC LIMIT 20"
            )
            times, matched = [], []
            for i, text in enumerate(queries):
                query = " | ".join(informative_terms(text, space))
                start = time.perf_counter()
                rows = conn.execute(sql, (query,)).fetchall()
                elapsed = time.perf_counter() - start
                assert len(rows) <= K
                if i == 0:
                    continue  # warms the cache
                times.append(elapsed)
                matched.append(
                    conn.execute(
                        f"SELECT count(*) FROM {TABLE} WHERE tsv @@ to_tsquery('simple', %s)", (query,)
                    ).fetchone()[0]  # type: ignore[index]
                )
            out["query"] = statistics.median(times)
            out["matched"] = statistics.median(matched)
            log(f"postgres: ts_rank top-20 median {out['query'] * 1e3:.0f} ms over {len(times)} queries")
        finally:
            conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
    return out


# --- incremental changes against a rebuild ----------------------------------------------------


def chunk_reach(people: PeopleTable, vacancies: VacancyTable) -> float | None:
    """Mean share of the vacancies ``rank_all`` multiplies each chunk of people with (through
    the index module's own chunking helpers; None if they are not there)."""
    chunks, within = getattr(index_module, "_spatial_chunks", None), getattr(index_module, "_within", None)
    if chunks is None or within is None:
        return None
    shares = [
        float(within(vacancies.xyz, reach).mean())
        for _rows, reach in chunks(people, people.active, index_module.RANK_CHUNK)
    ]
    return float(np.mean(shares))


def compare_lists(
    ids_a: np.ndarray, scores_a: np.ndarray, ids_b: np.ndarray, scores_b: np.ndarray
) -> tuple[int, int]:
    """Rows whose first K ids differ: (only by the order of scores tied within 1e-6, otherwise)."""
    differ = np.flatnonzero((ids_a[:, :K] != ids_b[:, :K]).any(axis=1))
    ties = 0
    for r in differ.tolist():
        a, b = scores_a[r, :K], scores_b[r, :K]
        ia, ib = ids_a[r, :K], ids_b[r, :K]
        same_scores = np.array_equal(ia == EMPTY, ib == EMPTY) and bool(
            np.all(np.abs(np.where(ia == EMPTY, 0, a) - np.where(ib == EMPTY, 0, b)) <= 1e-6)
        )
        last = a[ia != EMPTY].min() if (ia != EMPTY).any() else 0.0
        above = set(ia[(ia != EMPTY) & (a > last + 1e-6)].tolist()) == set(
            ib[(ib != EMPTY) & (b > last + 1e-6)].tolist()
        )
        ties += same_scores and above
    return ties, len(differ) - ties


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="every size about 20x smaller")
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--vacancies", type=int, default=50_000, help="the registry ranked both ways")
    parser.add_argument("--vacancies-large", type=int, default=100_000, help="for one person's query")
    parser.add_argument(
        "--rank-all-people",
        type=int,
        default=0,
        help="people in the index rank_all and the incremental check run on: a random sample, "
        "the time extrapolated to --people (0, the default: all of them)",
    )
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--naive-people", type=int, default=50_000)
    parser.add_argument("--naive-vacancies", type=int, default=4)
    parser.add_argument("--pg-queries", type=int, default=11, help="the first warms the cache")
    parser.add_argument("--sklearn-sample", type=int, default=200, help="vacancies for the all-vacancies run")
    parser.add_argument("--dsn", default="host=127.0.0.1 port=5432 user=postgres dbname=test")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.quick:
        for name in ("people", "vacancies", "vacancies_large", "changes", "naive_people"):
            setattr(args, name, max(getattr(args, name) // 20, 1))
    args.rank_all_people = min(args.rank_all_people or args.people, args.people)
    rows: list[tuple[str, str, str, str, str, str]] = []  # measurement, ours, baseline, ratio, target, met

    def row(
        what: str, ours: str, baseline: str = "", ratio: str = "", target: str = "", met: bool | None = None
    ) -> None:
        rows.append(
            (what, ours, baseline, ratio, target, "" if met is None else ("yes" if met else "**no**"))
        )

    rng = np.random.default_rng(args.seed)
    version = engine_version()
    log(f"machine: {machine()}; {version}")
    tax = make_taxonomy(rng)
    geo = make_geography(rng)
    gen_people, people = timed(make_people, args.people, tax, geo, rng)
    gen_vac, large = timed(make_vacancies, args.vacancies_large, tax, geo, rng)
    log(
        f"generated {args.people:,} people in {gen_people:.1f}s, {args.vacancies_large:,} vacancies in {gen_vac:.1f}s"
    )
    m = args.vacancies
    vac_ids, vac_table = large.ids[:m], large.table.take(np.arange(m))
    n = args.people

    # --- build ---------------------------------------------------------------------------------
    corpus = list(people.batch.texts) + list(large.batch.texts[:m])
    t_fit, space = timed(
        FeatureSpace.fit, corpus, matcher=tax.matcher, n_occupations=tax.n_occupations, n_skills=tax.n_skills
    )
    del corpus
    log(f"FeatureSpace.fit on {n + m:,} texts: {t_fit:.1f}s")
    gc.collect()
    before = proc_status()
    peak_ok = reset_peak()
    t_pvec, p_vectors = timed(space.vectors, people.batch)
    t_pside, people_side = timed(Side, people.ids, p_vectors, people.table)
    gc.collect()
    after = proc_status()
    side_bytes = nbytes(people_side)
    row_of_bytes = dict_bytes(people_side.row_of)
    log(
        f"people vectors {t_pvec:.1f}s ({p_vectors.nnz / n:.1f} nnz/person), Side {t_pside:.1f}s; "
        f"RSS +{fmt_bytes(after['VmRSS'] - before['VmRSS'])}, peak +{fmt_bytes(after['VmHWM'] - before['VmRSS'])}"
    )
    t_vvec, v_large_vectors = timed(space.vectors, large.batch)
    v_vectors = v_large_vectors[:m]
    t_vside, vac_side = timed(Side, vac_ids, v_vectors, vac_table)
    t_vvec *= m / args.vacancies_large
    index = MatchIndex(space, people_side, vac_side)
    large_index = MatchIndex(space, people_side, Side(large.ids, v_large_vectors, large.table))
    build = t_fit + t_pvec + t_pside + t_vvec + t_vside
    log(f"vacancy vectors {t_vvec:.1f}s ({v_vectors.nnz / m:.1f} nnz/vacancy), build total {build:.1f}s")

    # --- 1. one vacancy against every person ---------------------------------------------------
    vt = vac_table
    open_rows = np.flatnonzero(vt.active & (vt.valid_until_day >= TODAY))
    q_vac = rng.choice(open_rows, size=min(args.queries, len(open_rows)), replace=False)
    index.rank_for_vacancies(q_vac[:1], today=TODAY)  # warm-up
    t_one_vac, cand_vac = [], []
    for r in q_vac.tolist():
        elapsed, _ = timed(index.rank_for_vacancies, np.array([r]), today=TODAY)
        t_one_vac.append(elapsed)
        cand_vac.append(people_side.similarities(v_vectors[r]).nnz)
    one_vac = statistics.median(t_one_vac)
    one_vac_p90 = float(np.percentile(t_one_vac, 90))
    log(f"one vacancy vs {n:,} people: median {one_vac * 1e3:.1f} ms, p90 {one_vac_p90 * 1e3:.1f} ms")
    t_vectorise_one, _ = timed(space.vectors, change_vacancies(large, q_vac[:1], tax, rng)[0])

    # --- 2. one person against the large vacancy registry -------------------------------------
    active_people = np.flatnonzero(people.table.active)
    q_people = rng.choice(active_people, size=min(args.queries, len(active_people)), replace=False)
    large_index.rank_for_people(q_people[:1], today=TODAY)
    t_one_person, cand_person = [], []
    for r in q_people.tolist():
        elapsed, _ = timed(large_index.rank_for_people, np.array([r]), today=TODAY)
        t_one_person.append(elapsed)
        cand_person.append(large_index.vacancies.similarities(p_vectors[r]).nnz)
    one_person = statistics.median(t_one_person)
    log(f"one person vs {args.vacancies_large:,} vacancies: median {one_person * 1e3:.2f} ms")
    del large_index
    gc.collect()

    # --- 4 (latency at full size). One vacancy changed at a time in the full index -------------
    full_rows = rng.choice(open_rows, size=min(20, len(open_rows)), replace=False)
    full_batch, full_table = change_vacancies(large, full_rows, tax, rng, close_share=0.0)
    full_vectors = space.vectors(full_batch)
    t_full_upsert = []
    for i, r in enumerate(full_rows.tolist()):
        at = np.array([i])
        elapsed, _ = timed(
            index.upsert_vacancies, vac_ids[[r]], full_vectors[at], full_table.take(at), today=TODAY
        )
        t_full_upsert.append(elapsed)
    full_upsert = statistics.median(t_full_upsert)
    log(f"one change at a time in the {n:,}-people index: median {full_upsert * 1e3:.1f} ms")

    # --- 5c. scikit-learn brute-force cosine ---------------------------------------------------
    from sklearn.neighbors import NearestNeighbors

    nn = NearestNeighbors(n_neighbors=K, metric="cosine", algorithm="brute").fit(p_vectors)
    nn.kneighbors(v_vectors[q_vac[:1]])
    sk_one = statistics.median(timed(nn.kneighbors, v_vectors[[r]])[0] for r in q_vac[:10].tolist())
    sample = rng.choice(m, size=min(args.sklearn_sample, m), replace=False)
    t_sk_sample, _ = timed(nn.kneighbors, v_vectors[sample])
    sk_all = t_sk_sample / len(sample) * m
    log(
        f"sklearn: one vacancy {sk_one * 1e3:.0f} ms; {len(sample)} vacancies {t_sk_sample:.1f}s -> all {sk_all:.0f}s"
    )
    del nn
    gc.collect()

    # --- 5a. naive per-pair Python loop --------------------------------------------------------
    sample_people = rng.choice(n, size=min(args.naive_people, n), replace=False)
    plain = naive_people(people, p_vectors, sample_people)
    naive_vacs = [naive_vacancy(vt, v_vectors, r) for r in q_vac[: args.naive_vacancies].tolist()]
    start = time.perf_counter()
    for v in naive_vacs:
        naive_top(plain, v, TODAY)
    t_naive = time.perf_counter() - start
    per_pair = t_naive / (len(plain) * len(naive_vacs))
    naive_one = per_pair * n
    naive_all = per_pair * n * m
    # Same scores as the engine on the sampled pairs?
    pr = np.repeat(sample_people, len(naive_vacs))
    vr = np.tile(q_vac[: args.naive_vacancies], len(sample_people))
    sim = np.asarray(p_vectors[pr].multiply(v_vectors[vr]).sum(axis=1)).ravel().astype(np.float32)
    engine = score_pairs(people.table, vt, pr, vr, sim, today=TODAY)
    worst, disagree = 0.0, 0
    checked = min(len(pr), 20_000)
    for i in range(checked):
        s = naive_score(plain[i // len(naive_vacs)], naive_vacs[i % len(naive_vacs)], TODAY)
        disagree += (s is not None) != bool(engine.keep[i])
        if s is not None and engine.keep[i]:
            worst = max(worst, abs(s - float(engine.score[i])))
    log(
        f"naive: {per_pair * 1e6:.2f} µs/pair over {len(plain) * len(naive_vacs):,} pairs; "
        f"max |naive - engine| {worst:.1e}, filters disagree on {disagree} pairs"
    )
    del plain, engine, pr, vr, sim
    gc.collect()

    # --- 5b. PostgreSQL ts_rank ----------------------------------------------------------------
    pg: dict[str, float] = {}
    if not args.no_postgres:
        pg_texts = [large.batch.texts[r] for r in q_vac[: args.pg_queries].tolist()]
        pg = postgres_baseline(args, people, pg_texts, space)

    # --- 3. rank_all -------------------------------------------------------------------------
    reach = chunk_reach(people.table, vt)
    del index
    gc.collect()
    sub = (
        np.sort(rng.choice(n, size=args.rank_all_people, replace=False))
        if args.rank_all_people < n
        else np.arange(n)
    )
    scale = n / len(sub)
    sub_people = (
        Side(people.ids[sub], p_vectors[sub], people.table.take(sub)) if len(sub) < n else people_side
    )
    if len(sub) < n:
        del people_side
        gc.collect()
    ra_index = MatchIndex(space, sub_people, Side(vac_ids, v_vectors, vac_table))
    t_rank_all, stats = timed(ra_index.rank_all, today=TODAY)
    rank_all_full = t_rank_all * scale
    log(
        f"rank_all {len(sub):,} x {m:,}: {t_rank_all:.1f}s (x{scale:.1f} -> {rank_all_full:.0f}s), "
        f"{stats.candidates:,} candidates, {stats.kept:,} kept; mean reach {reach}"
    )

    # --- 4. incremental vacancy changes --------------------------------------------------------
    changed_rows = rng.choice(m, size=min(args.changes, m), replace=False)
    singles = changed_rows[: max(len(changed_rows) // 10, 1)]
    batches = [
        changed_rows[len(singles) :][i : i + 100] for i in range(0, len(changed_rows) - len(singles), 100)
    ]
    new_batch, new_table = change_vacancies(large, changed_rows, tax, rng)
    t_vec_changes, new_vectors = timed(space.vectors, new_batch)
    position = {r: i for i, r in enumerate(changed_rows.tolist())}

    def apply(rows_: np.ndarray) -> float:
        at = np.array([position[r] for r in rows_.tolist()])
        ids, vectors, table = vac_ids[rows_], new_vectors[at], new_table.take(at)
        elapsed, _ = timed(ra_index.upsert_vacancies, ids, vectors, table, today=TODAY)
        return elapsed

    t_singles = sum(apply(np.array([r])) for r in singles.tolist())
    t_batches = sum(apply(b) for b in batches)
    per_single = t_singles / len(singles)
    per_batched = t_batches / max(sum(map(len, batches)), 1)
    log(f"upserts: {per_single * 1e3:.1f} ms/change one at a time, {per_batched * 1e3:.1f} ms/change in 100s")

    keep = np.setdiff1d(np.arange(m), changed_rows)
    fresh_vac = Side(
        np.concatenate([vac_ids[keep], vac_ids[changed_rows]]),
        sp.vstack([v_vectors[keep], new_vectors], format="csr"),
        concat_tables(vac_table.take(keep), new_table),
    )
    fresh = MatchIndex(space, sub_people, fresh_vac)
    t_rebuild, _ = timed(fresh.rank_all, today=TODAY)
    log(f"rebuild rank_all: {t_rebuild:.1f}s")
    p_ties, p_diff = compare_lists(
        ra_index.person_lists.ids,
        ra_index.person_lists.scores,
        fresh.person_lists.ids,
        fresh.person_lists.scores,
    )
    inc_rows = ra_index.vacancies.rows_of(fresh_vac.ids)
    v_ties, v_diff = compare_lists(
        ra_index.vacancy_lists.ids[inc_rows],
        ra_index.vacancy_lists.scores[inc_rows],
        fresh.vacancy_lists.ids,
        fresh.vacancy_lists.scores,
    )
    log(f"incremental vs rebuild: people {p_diff} differ ({p_ties} tie swaps), vacancies {v_diff} ({v_ties})")

    # --- the table -----------------------------------------------------------------------------
    per_m = 1e6 / n
    row(
        "Build: generate registry (not part of the engine)",
        f"{fmt_time(gen_people)} people, {fmt_time(gen_vac)} {fmt_count(args.vacancies_large)} vacancies",
    )
    row(
        f"Build: FeatureSpace.fit over {fmt_count(n + m)} texts",
        fmt_time(t_fit),
    )
    row(
        f"Build: vectors + Side, {fmt_count(n)} people / {fmt_count(m)} vacancies",
        f"{fmt_time(t_pvec)} + {fmt_time(t_pside)} / {fmt_time(t_vvec)} + {fmt_time(t_vside)}",
    )
    row("Build: total (fit + vectors + posting lists)", fmt_time(build))
    row(
        f"1. One vacancy vs {fmt_count(n)} people, top-{K} (median of {len(q_vac)}; p90)",
        f"{fmt_time(one_vac)} ({fmt_time(one_vac_p90)}); {fmt_count(statistics.median(cand_vac))} candidates",
        target="< 50 ms",
        met=one_vac < 0.05,
    )
    row("    vectorising the new vacancy itself", fmt_time(t_vectorise_one))
    row(
        f"2. One person vs {fmt_count(args.vacancies_large)} vacancies (median of {len(q_people)})",
        f"{fmt_time(one_person)}; {fmt_count(statistics.median(cand_person))} candidates",
        target="< 10 ms",
        met=one_person < 0.01,
    )
    sampled = (
        f" (measured on {fmt_count(len(sub))} people: {fmt_time(t_rank_all)}, x{scale:.0f})"
        if scale > 1
        else ""
    )
    row(
        f"3. rank_all, top-{K} both ways, {fmt_count(n)} x {fmt_count(m)}",
        f"{fmt_time(rank_all_full)}{sampled}",
        target="< 2 min",
        met=rank_all_full < 120,
    )
    row(
        "    candidates / kept pairs (RankStats)",
        f"{fmt_count(stats.candidates * scale)} / {fmt_count(stats.kept * scale)} "
        f"({stats.candidates / (len(sub) * m):.1%} of all pairs / {stats.kept / max(stats.candidates, 1):.1%} of those)",
    )
    if reach is not None:
        row(
            f"    vacancies in reach of a chunk of people (mean share, {fmt_count(n)} people)", f"{reach:.0%}"
        )
    row(
        f"4. upsert_vacancies, one change in the {fmt_count(n)}-people index (median of {len(full_rows)})",
        f"{fmt_time(full_upsert)} per change",
    )
    row(
        f"4. upsert_vacancies, {len(singles)} changes one at a time ({fmt_count(len(sub))} people)",
        f"{fmt_time(per_single)} per change",
    )
    row(
        f"4. upsert_vacancies, {sum(map(len, batches))} changes in batches of 100 ({fmt_count(len(sub))} people)",
        f"{fmt_time(per_batched)} per change (vectorising: {fmt_time(t_vec_changes / len(changed_rows))})",
    )
    row(
        f"4. lists after {len(changed_rows)} changes vs full rebuild ({fmt_count(len(sub))} people)",
        f"people: {p_diff:,} rows differ (+{p_ties} tie swaps); vacancies: {v_diff:,} (+{v_ties})",
        target="0 rows differ",
        met=p_diff + v_diff == 0,
    )
    row(
        "5a. Naive Python loop, one vacancy vs all people",
        fmt_time(one_vac),
        f"{fmt_time(naive_one)} ({per_pair * 1e6:.2f} µs/pair, {fmt_count(len(sample_people) * len(naive_vacs))} pairs timed)",
        f"{naive_one / one_vac:,.0f}x",
        ">= 1000x",
        naive_one / one_vac >= 1000,
    )
    row(
        f"    naive and engine on the same {fmt_count(checked)} pairs: score difference / filter disagreements",
        f"{worst:.1e} / {disagree}",
    )
    row(
        "5a. Naive Python loop, all pairs",
        fmt_time(rank_all_full),
        fmt_time(naive_all),
        f"{naive_all / rank_all_full:,.0f}x",
        ">= 1000x",
        naive_all / rank_all_full >= 1000,
    )
    if pg:
        row(
            f"5b. PostgreSQL ts_rank top-{K}, one vacancy's text vs {fmt_count(n)} people",
            fmt_time(one_vac),
            f"{fmt_time(pg['query'])} ({fmt_count(pg['matched'])} rows match)",
            f"{pg['query'] / one_vac:,.1f}x",
            ">= 10x",
            pg["query"] / one_vac >= 10,
        )
        row(
            "    PostgreSQL load: COPY / GIN index / table size",
            "",
            f"{fmt_time(pg['load'])} / {fmt_time(pg['index'])} / {fmt_bytes(pg['size'])}",
        )
    row(
        "5c. sklearn NearestNeighbors brute cosine, one vacancy",
        fmt_time(one_vac),
        fmt_time(sk_one),
        f"{sk_one / one_vac:,.1f}x",
        ">= 3x",
        sk_one / one_vac >= 3,
    )
    row(
        f"5c. sklearn, all {fmt_count(m)} vacancies (vacancy side only; {len(sample)} timed)",
        fmt_time(rank_all_full),
        fmt_time(sk_all),
        f"{sk_all / rank_all_full:,.1f}x",
        ">= 3x",
        sk_all / rank_all_full >= 3,
    )
    row(
        "6. People side memory per 1M people: RSS growth / peak during build",
        f"{fmt_bytes((after['VmRSS'] - before['VmRSS']) * per_m)} / "
        + (f"{fmt_bytes((after['VmHWM'] - before['VmRSS']) * per_m)}" if peak_ok else "n/a"),
        target="< 1 GiB",
        met=(after["VmRSS"] - before["VmRSS"]) * per_m < 2**30,
    )
    row(
        "6. People side arrays (vectors, posting lists, table) + id dict, per 1M",
        f"{fmt_bytes(side_bytes * per_m)} + {fmt_bytes(row_of_bytes * per_m)}",
        target="< 1 GiB",
        met=(side_bytes + row_of_bytes) * per_m < 2**30,
    )

    print(f"Machine: {machine()}; numpy {np.__version__}, scipy {scipy.__version__}")
    print(f"Engine: {version}")
    print(
        f"Data: {n:,} people, {m:,} vacancies ({args.vacancies_large:,} for step 2), "
        f"{tax.n_occupations:,} occupations, {tax.n_skills:,} skills; "
        f"{p_vectors.nnz / n:.1f} features/person, {v_vectors.nnz / m:.1f}/vacancy; today = day {TODAY}"
    )
    print()
    print("| measurement | ours | baseline | baseline / ours | target | met |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    log("done")


if __name__ == "__main__":
    main()
