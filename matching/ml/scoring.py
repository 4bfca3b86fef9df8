"""Score person-vacancy pairs in bulk: hard filters, then the parts of the score.

Every function takes index arrays of pairs (person rows, vacancy rows) and works on whole arrays:
there is no loop over pairs. Sex, age, ethnicity and household registration are not in these
tables, so they cannot enter a score.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import scipy.sparse as sp

EARTH_RADIUS_KM = 6371.0
WORK_TYPES = ("full_time", "part_time", "gig", "shared", "public_welfare")
PUBLIC_WELFARE = WORK_TYPES.index("public_welfare")
# Monthly equivalents: 21.75 working days and 174 hours a month, the statutory figures used to
# convert daily and hourly wages. Piece rates have no monthly equivalent.
MONTHLY = {"month": 1.0, "day": 21.75, "hour": 174.0}
NO_DAY = np.iinfo(np.int32).min  # "available now" / "no start date"

# How much each context part weighs in the context score (they sum to 1).
CONTEXT_WEIGHTS = {
    "distance": 0.35,
    "wage": 0.25,
    "work_type": 0.15,
    "availability": 0.10,
    "education": 0.10,
    "certificate": 0.05,
}
# score = similarity x (FLOOR + (1 - FLOOR) x context): a job in another trade never outranks one
# in the person's own trade because it happens to be next door, and zero similarity is no match.
CONTEXT_FLOOR = 0.4
# A post whose licence (by law or by its own words) the person does not hold keeps this share of
# its score: they could get it, and the list still shows the post, under those they can take now.
LACKING_LICENCE = 0.5
# Below this similarity a pair shares no more than a common word or two ("包吃住", "能吃苦") and is
# no match, however near or well paid. In the benchmark's province most pairs with any similarity
# are such pairs, and no pair of the same trade comes near the floor (their similarity starts at
# about 0.2), so testing it first spares most of the work of ranking.
MIN_SIMILARITY = 0.03
NEUTRAL = 0.5  # a part that cannot be judged (no wage given, no coordinates) neither helps nor hurts


def monthly(amount: float | None, unit: str) -> float:
    """A wage as yuan per month, or NaN when it cannot be compared (none given, piece rate)."""
    if amount is None or unit not in MONTHLY:
        return float("nan")
    return float(amount) * MONTHLY[unit]


def unit_vectors(longitude: np.ndarray, latitude: np.ndarray) -> np.ndarray:
    """Points on the unit sphere (x, y, z), NaN where a coordinate is missing; distances between
    them are chords, which are cheaper than the haversine and in the same order."""
    lon, lat = np.radians(longitude.astype(np.float64)), np.radians(latitude.astype(np.float64))
    xyz = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)
    return xyz.astype(np.float32)


def chord_to_km(chord: np.ndarray) -> np.ndarray:
    return (2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0, 1))).astype(np.float32)


@dataclass
class PeopleTable:
    """The structured side of each person, one entry per row of the people vectors.

    ``xyz`` holds up to L places per person (home area first, then desired areas), NaN-padded.
    ``certificates`` is people x occupations: the best certificate's rank (1 初级 ... 5 高级技师).
    """

    xyz: np.ndarray  # (n, L, 3) float32
    radius_km: np.ndarray  # (n,) float32
    anywhere: np.ndarray  # (n,) bool
    active: np.ndarray  # (n,) bool: consented to matching and looking for work
    welfare_eligible: np.ndarray  # (n,) bool: may take a public-welfare post
    wage: np.ndarray  # (n,) float32 yuan/month expected, NaN if not said
    education: np.ndarray  # (n,) int8, 0 unknown
    wants: np.ndarray  # (n,) uint8 bitmask over WORK_TYPES
    available_day: np.ndarray  # (n,) int32 days since 1970-01-01, NO_DAY = now
    certificates: sp.csr_matrix  # (n, n_occupations) float32 ranks
    licences: np.ndarray  # (n,) uint64: bits of the licences held (matching.ml.licences.held_mask)

    def __len__(self) -> int:
        return len(self.radius_km)

    def take(self, rows: np.ndarray) -> PeopleTable:
        return PeopleTable(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})


@dataclass
class VacancyTable:
    xyz: np.ndarray  # (m, 3) float32, NaN if the site is unknown
    active: np.ndarray  # (m,) bool: open, approved employer, headcount left
    valid_until_day: np.ndarray  # (m,) int32
    wage_min: np.ndarray  # (m,) float32 yuan/month, NaN for piece rates
    wage_max: np.ndarray  # (m,) float32
    education_min: np.ndarray  # (m,) int8, 0 none
    work_type: np.ndarray  # (m,) int8 index into WORK_TYPES
    start_day: np.ndarray  # (m,) int32, NO_DAY if not said
    certificate_min: np.ndarray  # (m,) int8 rank, 0 none
    occupation: np.ndarray  # (m,) int32 occupation index
    licences: np.ndarray  # (m,) uint64: bits of the licences the post needs (required_mask)

    def __len__(self) -> int:
        return len(self.active)

    def take(self, rows: np.ndarray) -> VacancyTable:
        return VacancyTable(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})


def concat_tables(a, b):  # type: ignore[no-untyped-def]
    """Rows of ``b`` after rows of ``a`` (both PeopleTable or both VacancyTable)."""
    values = {}
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        values[f.name] = sp.vstack([x, y], format="csr") if sp.issparse(x) else np.concatenate([x, y])
    return type(a)(**values)


@dataclass
class PairScores:
    """Scores of many pairs; ``keep`` says which passed the hard filters."""

    keep: np.ndarray
    score: np.ndarray
    distance_km: np.ndarray  # NaN when either side has no coordinates
    parts: dict[str, np.ndarray]


def chord_distances(people: PeopleTable, p: np.ndarray, vacancies: VacancyTable, v: np.ndarray) -> np.ndarray:
    """Shortest chord between each pair's site and any of the person's places (NaN if unknown).

    Most people have one place: the others are looked at only for the pairs of people who have
    them. Differences of coordinates, not dot products: 1 - cos of a few km is below float32's
    resolution."""
    # np.take on the flat (person, place) rows rather than xyz[p, j, :]: several times faster on
    # millions of pairs, and a strided view would be copied whole on every call.
    site = np.take(vacancies.xyz, v, axis=0)
    n_places = people.xyz.shape[1]
    places = people.xyz.reshape(-1, 3)
    first = p.astype(np.int64) * n_places
    best = _squared_chords(np.take(places, first, axis=0), site)
    for place in range(1, n_places):
        more = np.flatnonzero(np.isfinite(np.take(places.reshape(-1), (first + place) * 3)))
        if len(more) == 0:
            continue
        other = np.take(places, first[more] + place, axis=0)
        with np.errstate(invalid="ignore"):
            best[more] = np.fmin(best[more], _squared_chords(other, site[more]))
    return np.sqrt(best)


def _squared_chords(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    d = a - b
    return np.einsum("ij,ij->i", d, d)


def pair_filter(
    people: PeopleTable,
    vacancies: VacancyTable,
    p: np.ndarray,
    v: np.ndarray,
    similarity: np.ndarray,
    *,
    today: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The hard filters: (positions of the pairs that pass, their distances in km, NaN if unknown).

    The similarity floor first (it removes most pairs), then one look-up per column, then the
    distance for what is left: the cost follows the pairs, never the size of the registry."""
    at = _open_pairs(people, vacancies, p, v, similarity, today=today)
    km = chord_to_km(chord_distances(people, p[at], vacancies, v[at]))
    reach = _in_reach(people, p[at], km)
    return at[reach], km[reach]


def _open_pairs(
    people: PeopleTable,
    vacancies: VacancyTable,
    p: np.ndarray,
    v: np.ndarray,
    similarity: np.ndarray,
    *,
    today: int,
) -> np.ndarray:
    """Positions of the pairs above the floor, both sides open, and the post one the person may take."""
    at = np.flatnonzero(similarity >= MIN_SIMILARITY)
    pa, va = p[at], v[at]
    ok = (
        np.take(people.active, pa)
        & np.take(vacancies.active, va)
        & (np.take(vacancies.valid_until_day, va) >= today)
    )
    ok &= (np.take(vacancies.work_type, va) != PUBLIC_WELFARE) | np.take(people.welfare_eligible, pa)
    return at[ok]


def _in_reach(people: PeopleTable, p: np.ndarray, km: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.asarray(np.isnan(km) | (km <= np.take(people.radius_km, p)) | np.take(people.anywhere, p))


def pair_parts(
    people: PeopleTable,
    vacancies: VacancyTable,
    p: np.ndarray,
    v: np.ndarray,
    similarity: np.ndarray,
    km: np.ndarray,
    *,
    today: int,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The score of each pair and its parts, whether or not it passes the filters."""
    radius = people.radius_km[p]
    parts = {
        "distance": _distance_fit(km, radius),
        "wage": _wage_fit(people.wage[p], vacancies.wage_min[v], vacancies.wage_max[v]),
        "work_type": _work_type_fit(people.wants[p], vacancies.work_type[v]),
        "availability": _availability_fit(people.available_day[p], vacancies.start_day[v], today),
        "education": _education_fit(people.education[p], vacancies.education_min[v]),
        "certificate": _certificate_fit(people, p, vacancies, v),
    }
    context = sum(CONTEXT_WEIGHTS[name] * part for name, part in parts.items())
    licensed = (vacancies.licences[v] & ~people.licences[p]) == 0
    score = (
        similarity
        * (CONTEXT_FLOOR + (1 - CONTEXT_FLOOR) * context)
        * np.where(licensed, 1.0, LACKING_LICENCE)
    )
    parts["licence"] = licensed.astype(np.float32)
    parts["similarity"] = similarity.astype(np.float32)
    parts["context"] = np.asarray(context, dtype=np.float32)
    return score.astype(np.float32), parts


def score_kept(
    people: PeopleTable,
    vacancies: VacancyTable,
    p: np.ndarray,
    v: np.ndarray,
    similarity: np.ndarray,
    *,
    today: int,
) -> tuple[np.ndarray, np.ndarray]:
    """What ranking needs: the positions of the pairs that pass the hard filters and their scores
    (the same scores ``score_pairs`` gives them, to the bit)."""
    at, km = pair_filter(people, vacancies, p, v, similarity, today=today)
    score, _ = pair_parts(people, vacancies, p[at], v[at], similarity[at], km, today=today)
    return at, score


def score_pairs(
    people: PeopleTable,
    vacancies: VacancyTable,
    p: np.ndarray,
    v: np.ndarray,
    similarity: np.ndarray,
    *,
    today: int,
) -> PairScores:
    """Hard filters and every part of the score for the pairs (``p[i]``, ``v[i]``), those that
    fail the filters included (an explanation shows them)."""
    km = chord_to_km(chord_distances(people, p, vacancies, v))
    at = _open_pairs(people, vacancies, p, v, similarity, today=today)
    keep = np.zeros(len(p), bool)
    keep[at] = _in_reach(people, p[at], km[at])
    score, parts = pair_parts(people, vacancies, p, v, similarity, km, today=today)
    return PairScores(keep=keep, score=score, distance_km=km, parts=parts)


def _distance_fit(km: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """1 at the doorstep, 0.5 at the edge of the person's radius, fading beyond it (for people
    who will work anywhere), neutral when unknown."""
    radius = np.maximum(radius, 1.0)
    inside = 1.0 - 0.5 * km / radius
    beyond = 0.5 * np.exp(-(km - radius) / 200.0)
    fit = np.where(km <= radius, inside, beyond)
    return np.where(np.isnan(km), NEUTRAL, fit).astype(np.float32)


def _wage_fit(expected: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """1 when the top of the offer reaches what the person asks, falling to 0 at two thirds of it;
    a little more when even the bottom of the range reaches it."""
    with np.errstate(invalid="ignore", divide="ignore"):
        reach = np.clip(1.0 - 3.0 * (1.0 - high / expected), 0.0, 1.0)
        fit = np.where(low >= expected, 1.0, 0.9 * reach)
    return np.where(np.isnan(expected) | np.isnan(high), NEUTRAL, fit).astype(np.float32)


def _work_type_fit(wants: np.ndarray, work_type: np.ndarray) -> np.ndarray:
    """1 for a kind of work the person asked for, 0.2 for another; neutral if they ticked none."""
    fit = np.where((wants >> work_type.astype(np.uint8)) & 1, 1.0, 0.2)
    return np.where(wants == 0, NEUTRAL, fit).astype(np.float32)


def _availability_fit(available: np.ndarray, start: np.ndarray, today: int) -> np.ndarray:
    """1 if the person can start by the start date (or today if none); fades over 90 days late."""
    start = np.where(start == NO_DAY, today, start).astype(np.int64)
    late = np.maximum(available.astype(np.int64) - np.maximum(start, today), 0)
    return np.clip(1.0 - late / 90.0, 0.0, 1.0).astype(np.float32)


def _education_fit(education: np.ndarray, minimum: np.ndarray) -> np.ndarray:
    gap = minimum.astype(np.int16) - education.astype(np.int16)
    fit = np.where(gap <= 0, 1.0, np.where(gap == 1, 0.4, 0.0))
    return np.where((minimum == 0) | (education == 0), 1.0, fit).astype(np.float32)


def certificate_ranks(certificates: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``certificates[rows[i], cols[i]]`` for many pairs at once. Walks each pair's row (a person
    holds a few certificates at most), so the cost follows the pairs, not the size of the
    registry; SciPy's element-wise fancy indexing is far slower."""
    matrix = sp.csr_matrix(certificates)
    out = np.zeros(len(rows), np.float32)
    start = np.take(matrix.indptr, rows)
    length = np.take(matrix.indptr, rows + 1) - start
    todo = np.flatnonzero(length)
    step = 0
    while len(todo):
        position = start[todo] + step
        hit = matrix.indices[position] == cols[todo]
        out[todo[hit]] = matrix.data[position[hit]]
        step += 1
        todo = todo[length[todo] > step]
    return out


def _certificate_fit(
    people: PeopleTable, p: np.ndarray, vacancies: VacancyTable, v: np.ndarray
) -> np.ndarray:
    """Certificate for the vacancy's occupation at or above its minimum: 1; lower: 0.5; none: 0.2.
    With no minimum, holding one still helps a little."""
    held = certificate_ranks(people.certificates, p, vacancies.occupation[v])
    minimum = vacancies.certificate_min[v]
    fit = np.where(held >= minimum, 1.0, np.where(held > 0, 0.5, 0.2))
    return np.where(minimum == 0, np.where(held > 0, 1.0, 0.8), fit).astype(np.float32)
