"""matching.ml.scoring: the hard filters and every part of a pair's score, one edge at a time.

The similarity is given (``score_one(..., similarity=...)``) so that each test looks at the
structured side only; the text side is in test_ml_vectors and test_ml_ranking.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
import scipy.sparse as sp

from matching.ml.scoring import (
    CONTEXT_FLOOR,
    CONTEXT_WEIGHTS,
    LACKING_LICENCE,
    MIN_SIMILARITY,
    NEUTRAL,
    NO_DAY,
    certificate_ranks,
    chord_distances,
    chord_to_km,
    concat_tables,
    monthly,
    score_pairs,
    unit_vectors,
)
from tests.matching.ml_builders import (
    COOK,
    COUNTY,
    TODAY,
    WELDER,
    PersonRow,
    VacancyRow,
    north_of,
    people_table,
    random_person,
    random_vacancy,
    score_one,
    vacancy_table,
    wants,
)


def part(person: PersonRow, vacancy: VacancyRow, name: str) -> float:
    return float(score_one(person, vacancy).parts[name][0])


def kept(person: PersonRow, vacancy: VacancyRow, *, similarity: float = 0.8) -> bool:
    return bool(score_one(person, vacancy, similarity=similarity).keep[0])


# --- similarity ------------------------------------------------------------------------------
def test_a_pair_with_no_similarity_is_never_matched_however_good_the_rest() -> None:
    # given a person with no skills at all next to a well-paid job they would take
    person = PersonRow(text="", wage=3000, wants=wants("full_time"))
    vacancy = VacancyRow(wage_min=8000, wage_max=9000)

    # when
    scored = score_one(person, vacancy, similarity=0.0)

    # then
    assert not scored.keep[0]
    assert scored.score[0] == 0.0


def test_a_pair_with_some_similarity_and_nothing_against_it_is_kept() -> None:
    # when / then
    assert kept(PersonRow(), VacancyRow(), similarity=MIN_SIMILARITY)


def test_a_pair_that_shares_no_more_than_a_common_word_is_no_match_however_near_and_well_paid() -> None:
    # given a job next door paying twice what the person asks
    person = PersonRow(wage=3000, wants=wants("full_time"))
    vacancy = VacancyRow(wage_min=6000, wage_max=7000)

    # when / then
    assert not kept(person, vacancy, similarity=MIN_SIMILARITY * 0.99)


# --- hard filters ----------------------------------------------------------------------------
def test_an_inactive_vacancy_is_never_matched() -> None:
    # when / then
    assert not kept(PersonRow(), VacancyRow(active=False))


def test_a_person_not_looking_or_without_consent_is_never_matched() -> None:
    # when / then
    assert not kept(PersonRow(active=False), VacancyRow())


def test_a_vacancy_past_its_valid_until_day_is_never_matched() -> None:
    # given
    expired = VacancyRow(valid_until_day=TODAY - 1)
    last_day = VacancyRow(valid_until_day=TODAY)

    # when / then
    assert not kept(PersonRow(), expired)
    assert kept(PersonRow(), last_day)


def test_a_public_welfare_post_is_only_for_eligible_people() -> None:
    # given
    post = VacancyRow(work_type="public_welfare")
    eligible = PersonRow(welfare_eligible=True, wants=wants("full_time", "public_welfare"))
    not_eligible = PersonRow(welfare_eligible=False, wants=wants("full_time", "public_welfare"))

    # when / then
    assert kept(eligible, post)
    assert not kept(not_eligible, post)


def test_an_ordinary_post_is_open_to_people_who_are_not_welfare_eligible() -> None:
    # when / then
    assert kept(PersonRow(welfare_eligible=False), VacancyRow(work_type="full_time"))


def test_a_site_beyond_the_commute_radius_is_filtered() -> None:
    # given
    person = PersonRow(places=(COUNTY,), radius_km=30)

    # when / then
    assert kept(person, VacancyRow(place=north_of(COUNTY, 29)))
    assert not kept(person, VacancyRow(place=north_of(COUNTY, 31)))


def test_a_site_beyond_the_radius_is_kept_for_someone_who_accepts_anywhere() -> None:
    # given
    person = PersonRow(places=(COUNTY,), radius_km=30, anywhere=True)

    # when / then
    assert kept(person, VacancyRow(place=north_of(COUNTY, 500)))


def test_a_site_near_any_of_the_persons_desired_areas_is_within_reach() -> None:
    # given home is 200 km away, the second desired area 10 km
    far_home = north_of(COUNTY, -200)
    person = PersonRow(places=(far_home, north_of(COUNTY, 10)), radius_km=30)

    # when
    scored = score_one(person, VacancyRow(place=COUNTY))

    # then
    assert scored.keep[0]
    assert scored.distance_km[0] == pytest.approx(10, abs=0.05)


def test_a_person_without_coordinates_is_not_filtered_by_radius_and_gets_a_neutral_distance() -> None:
    # given
    person = PersonRow(places=(None,), radius_km=5)
    vacancy = VacancyRow(place=north_of(COUNTY, 500))

    # when
    scored = score_one(person, vacancy)

    # then
    assert scored.keep[0]
    assert math.isnan(scored.distance_km[0])
    assert scored.parts["distance"][0] == NEUTRAL


def test_a_vacancy_without_coordinates_is_not_filtered_by_radius_and_gets_a_neutral_distance() -> None:
    # given
    person = PersonRow(places=(COUNTY,), radius_km=5)
    vacancy = VacancyRow(place=None)

    # when
    scored = score_one(person, vacancy)

    # then
    assert scored.keep[0]
    assert math.isnan(scored.distance_km[0])
    assert scored.parts["distance"][0] == NEUTRAL


def test_a_desired_area_without_coordinates_does_not_hide_a_known_home() -> None:
    # given
    person = PersonRow(places=(COUNTY, None), radius_km=30)

    # when / then
    assert not kept(person, VacancyRow(place=north_of(COUNTY, 100)))
    assert kept(person, VacancyRow(place=north_of(COUNTY, 20)))


# --- distance --------------------------------------------------------------------------------
def test_distance_part_is_one_at_the_doorstep_and_half_at_the_edge_of_the_radius() -> None:
    # given
    person = PersonRow(places=(COUNTY,), radius_km=40)

    # when
    doorstep = part(person, VacancyRow(place=COUNTY), "distance")
    halfway = part(person, VacancyRow(place=north_of(COUNTY, 20)), "distance")
    edge = part(person, VacancyRow(place=north_of(COUNTY, 40)), "distance")

    # then
    assert doorstep == pytest.approx(1.0)
    assert halfway == pytest.approx(0.75, abs=1e-3)
    assert edge == pytest.approx(0.5, abs=1e-3)


def test_distance_part_fades_beyond_the_radius_for_someone_who_accepts_anywhere() -> None:
    # given
    person = PersonRow(places=(COUNTY,), radius_km=30, anywhere=True)

    # when
    at_230 = part(person, VacancyRow(place=north_of(COUNTY, 230)), "distance")
    at_800 = part(person, VacancyRow(place=north_of(COUNTY, 800)), "distance")

    # then
    assert at_230 == pytest.approx(0.5 * math.exp(-1.0), abs=1e-3)
    assert 0 < at_800 < at_230 < 0.5


# --- wage ------------------------------------------------------------------------------------
def test_hourly_and_daily_wages_are_converted_with_the_statutory_monthly_figures() -> None:
    # when / then
    assert monthly(25, "hour") == 25 * 174
    assert monthly(200, "day") == 200 * 21.75
    assert monthly(4000, "month") == 4000


def test_a_piece_rate_or_a_wage_not_given_has_no_monthly_equivalent() -> None:
    # when / then
    assert math.isnan(monthly(3, "piece"))
    assert math.isnan(monthly(None, "month"))


def test_an_hourly_offer_is_compared_with_a_monthly_expectation_via_174_hours() -> None:
    # given 25 yuan/hour is 4,350 yuan/month, above the 4,000 asked
    person = PersonRow(wage=monthly(4000, "month"))
    offer = monthly(25, "hour")

    # when
    fit = part(person, VacancyRow(wage_min=offer, wage_max=offer), "wage")

    # then
    assert fit == 1.0


def test_an_hourly_offer_a_little_below_the_monthly_expectation_fits_a_little_less() -> None:
    # given 22 yuan/hour is 3,828 yuan/month: 4.3% short of 4,000
    person = PersonRow(wage=4000)
    offer = monthly(22, "hour")

    # when
    fit = part(person, VacancyRow(wage_min=offer, wage_max=offer), "wage")

    # then
    assert fit == pytest.approx(0.9 * (1 - 3 * (1 - 3828 / 4000)), abs=1e-5)


def test_a_daily_offer_is_compared_with_a_monthly_expectation_via_21_75_days() -> None:
    # given 200 yuan/day is 4,350 yuan/month; 150 yuan/day is 3,262.5
    person = PersonRow(wage=4000)
    good, poor = monthly(200, "day"), monthly(150, "day")

    # when
    good_fit = part(person, VacancyRow(wage_min=good, wage_max=good), "wage")
    poor_fit = part(person, VacancyRow(wage_min=poor, wage_max=poor), "wage")

    # then
    assert good_fit == 1.0
    assert poor_fit == pytest.approx(0.9 * (1 - 3 * (1 - 3262.5 / 4000)), abs=1e-5)


def test_a_piece_rate_offer_is_neutral() -> None:
    # given
    person = PersonRow(wage=4000)
    piece = monthly(3, "piece")

    # when
    fit = part(person, VacancyRow(wage_min=piece, wage_max=piece), "wage")

    # then
    assert fit == NEUTRAL


def test_an_unknown_expected_wage_is_neutral() -> None:
    # when / then
    assert part(PersonRow(wage=math.nan), VacancyRow(wage_min=3000, wage_max=9000), "wage") == NEUTRAL


def test_an_offer_whose_bottom_reaches_the_expectation_fits_best() -> None:
    # given
    person = PersonRow(wage=5000)

    # when
    bottom_reaches = part(person, VacancyRow(wage_min=5000, wage_max=6000), "wage")
    top_reaches = part(person, VacancyRow(wage_min=4000, wage_max=6000), "wage")
    top_short = part(person, VacancyRow(wage_min=4000, wage_max=4500), "wage")
    far_short = part(person, VacancyRow(wage_min=3000, wage_max=3300), "wage")

    # then
    assert bottom_reaches == 1.0
    assert top_reaches == pytest.approx(0.9)
    assert 0 < top_short < top_reaches
    assert far_short == 0.0  # the top is below two thirds of what is asked


# --- work type -------------------------------------------------------------------------------
def test_a_work_type_the_person_wants_fits_and_one_they_do_not_want_fits_little() -> None:
    # given
    person = PersonRow(wants=wants("part_time", "gig"))

    # when
    fits = {
        t: part(person, VacancyRow(work_type=t), "work_type")
        for t in ("full_time", "part_time", "gig", "shared")
    }

    # then
    assert fits == {
        "full_time": pytest.approx(0.2),
        "part_time": 1.0,
        "gig": 1.0,
        "shared": pytest.approx(0.2),
    }


def test_a_wanted_work_type_scores_higher_than_an_unwanted_one() -> None:
    # given
    person = PersonRow(wants=wants("full_time"))

    # when
    wanted = score_one(person, VacancyRow(work_type="full_time")).score[0]
    unwanted = score_one(person, VacancyRow(work_type="gig")).score[0]

    # then
    assert wanted > unwanted


# --- availability ----------------------------------------------------------------------------
def test_a_migrant_returning_after_the_start_date_fits_less() -> None:
    # given the job starts in 10 days; one migrant is back in 40 days, the other in 5
    vacancy = VacancyRow(start_day=TODAY + 10)
    late = PersonRow(available_day=TODAY + 40)
    in_time = PersonRow(available_day=TODAY + 5)

    # when
    late_fit, in_time_fit = part(late, vacancy, "availability"), part(in_time, vacancy, "availability")
    late_score, in_time_score = score_one(late, vacancy).score[0], score_one(in_time, vacancy).score[0]

    # then
    assert late_fit == pytest.approx(1 - 30 / 90)
    assert in_time_fit == 1.0
    assert late_score < in_time_score


def test_a_person_available_now_fits_any_start_date() -> None:
    # when / then
    assert part(PersonRow(available_day=NO_DAY), VacancyRow(start_day=TODAY + 10), "availability") == 1.0
    assert part(PersonRow(available_day=NO_DAY), VacancyRow(start_day=NO_DAY), "availability") == 1.0


def test_without_a_start_date_lateness_counts_from_today() -> None:
    # when / then
    assert part(PersonRow(available_day=TODAY + 45), VacancyRow(start_day=NO_DAY), "availability") == 0.5


def test_a_start_date_in_the_past_counts_as_today() -> None:
    # when / then
    assert part(
        PersonRow(available_day=TODAY + 9), VacancyRow(start_day=TODAY - 30), "availability"
    ) == pytest.approx(0.9)


def test_availability_fades_to_nothing_after_ninety_days_late() -> None:
    # when / then
    assert part(PersonRow(available_day=TODAY + 130), VacancyRow(start_day=TODAY + 10), "availability") == 0.0


# --- education -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("minimum", "education", "fit"),
    [
        (3, 5, 1.0),  # above the minimum
        (3, 3, 1.0),  # at it
        (3, 2, 0.4),  # one level short
        (3, 1, 0.0),  # two short
        (0, 1, 1.0),  # no minimum
        (4, 0, 1.0),  # the person's education is not known
    ],
)
def test_education_fit_against_the_minimum(minimum: int, education: int, fit: float) -> None:
    # when / then
    assert part(
        PersonRow(education=education), VacancyRow(education_min=minimum), "education"
    ) == pytest.approx(fit)


def test_an_education_below_the_minimum_lowers_the_score_but_is_not_a_filter() -> None:
    # given
    vacancy = VacancyRow(education_min=5)

    # when
    short = score_one(PersonRow(education=1), vacancy)
    enough = score_one(PersonRow(education=5), vacancy)

    # then
    assert short.keep[0]
    assert short.score[0] < enough.score[0]


# --- certificates ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("minimum", "held", "fit"),
    [
        (3, {WELDER: 4.0}, 1.0),  # above the minimum rank
        (3, {WELDER: 3.0}, 1.0),  # at it
        (3, {WELDER: 2.0}, 0.5),  # a lower certificate
        (3, {}, 0.2),  # none
        (3, {COOK: 5.0}, 0.2),  # one for another occupation does not count
        (0, {WELDER: 1.0}, 1.0),  # no minimum: holding one helps
        (0, {}, 0.8),  # no minimum, none held
    ],
)
def test_certificate_fit_against_the_minimum(minimum: int, held: dict[int, float], fit: float) -> None:
    # given
    person = PersonRow(certificates=held)
    vacancy = VacancyRow(occupation=WELDER, certificate_min=minimum)

    # when / then
    assert part(person, vacancy, "certificate") == pytest.approx(fit)


def test_certificate_ranks_read_the_right_cells_of_a_sparse_matrix() -> None:
    # given
    rng = np.random.default_rng(7)
    dense = np.where(rng.random((40, 9)) < 0.2, rng.integers(1, 6, (40, 9)), 0).astype(np.float32)
    rows, cols = rng.integers(0, 40, 500), rng.integers(0, 9, 500)

    # when
    ranks = certificate_ranks(sp.csr_matrix(dense), rows, cols)

    # then
    assert np.array_equal(ranks, dense[rows, cols])


def test_certificate_ranks_of_an_empty_matrix_are_zero() -> None:
    # when
    ranks = certificate_ranks(sp.csr_matrix((3, 4), dtype=np.float32), np.array([0, 2]), np.array([1, 3]))

    # then
    assert ranks.tolist() == [0.0, 0.0]


# --- the combination -------------------------------------------------------------------------
def test_context_weights_sum_to_one() -> None:
    # when / then
    assert sum(CONTEXT_WEIGHTS.values()) == pytest.approx(1.0)


def test_the_score_is_the_similarity_scaled_by_the_weighted_context() -> None:
    # given
    person = PersonRow(wage=5000, education=2, radius_km=30, available_day=TODAY + 20)
    vacancy = VacancyRow(
        place=north_of(COUNTY, 12), wage_min=4000, wage_max=5500, education_min=3, work_type="gig"
    )

    # when
    scored = score_one(person, vacancy, similarity=0.6)

    # then
    context = sum(w * scored.parts[name][0] for name, w in CONTEXT_WEIGHTS.items())
    assert scored.parts["context"][0] == pytest.approx(context, abs=1e-6)
    assert scored.parts["similarity"][0] == pytest.approx(0.6)
    assert scored.score[0] == pytest.approx(0.6 * (CONTEXT_FLOOR + (1 - CONTEXT_FLOOR) * context), abs=1e-6)


def test_a_pair_perfect_in_every_context_part_scores_its_similarity() -> None:
    # given
    person = PersonRow(wage=4000, education=4, certificates={WELDER: 5.0}, wants=wants("full_time"))
    vacancy = VacancyRow(wage_min=5000, wage_max=6000, education_min=3, certificate_min=2, occupation=WELDER)

    # when
    scored = score_one(person, vacancy, similarity=0.7)

    # then
    assert scored.parts["context"][0] == pytest.approx(1.0)
    assert scored.score[0] == pytest.approx(0.7)


def test_the_worst_context_keeps_the_floor_share_of_the_similarity() -> None:
    # given everything in the context is as bad as it can be
    person = PersonRow(wage=9000, education=1, wants=wants("gig"), available_day=TODAY + 365, anywhere=True)
    vacancy = VacancyRow(
        place=north_of(COUNTY, 3000),
        wage_min=1000,
        wage_max=1000,
        education_min=5,
        work_type="full_time",
        certificate_min=4,
        occupation=WELDER,
    )

    # when
    scored = score_one(person, vacancy, similarity=0.5)

    # then
    assert scored.parts["context"][0] < 0.05
    assert 0.5 * CONTEXT_FLOOR <= scored.score[0] < 0.5 * (CONTEXT_FLOOR + 0.05)


def test_pairs_scored_together_score_as_they_do_one_by_one() -> None:
    # given
    rng = np.random.default_rng(3)
    people = [random_person(rng) for _ in range(30)]
    vacancies = [random_vacancy(rng) for _ in range(20)]
    p, v = rng.integers(0, 30, 200), rng.integers(0, 20, 200)
    sim = rng.random(200).astype(np.float32)

    # when
    together = score_pairs(people_table(people), vacancy_table(vacancies), p, v, sim, today=TODAY)

    # then
    for i in range(200):
        one = score_one(people[p[i]], vacancies[v[i]], similarity=float(sim[i]))
        assert together.keep[i] == one.keep[0]
        assert together.score[i] == pytest.approx(one.score[0], abs=1e-6)


# --- geometry and tables ---------------------------------------------------------------------
def test_a_tenth_of_a_degree_of_latitude_is_about_eleven_kilometres() -> None:
    # given
    a = unit_vectors(np.array([113.0]), np.array([31.0]))
    b = unit_vectors(np.array([113.0]), np.array([31.1]))

    # when
    km = chord_to_km(np.linalg.norm(a - b, axis=1))

    # then
    assert km[0] == pytest.approx(11.12, abs=0.02)


def test_a_point_without_coordinates_is_nan_on_the_sphere() -> None:
    # when
    xyz = unit_vectors(np.array([113.0, np.nan]), np.array([31.0, np.nan]))

    # then
    assert np.isfinite(xyz[0]).all()
    assert np.isnan(xyz[1]).all()
    assert np.linalg.norm(xyz[0]) == pytest.approx(1.0, abs=1e-6)


def test_the_distance_to_a_person_is_to_the_nearest_of_their_places() -> None:
    # given
    people = people_table([PersonRow(places=(north_of(COUNTY, 50), north_of(COUNTY, 8), None))])
    vacancies = vacancy_table([VacancyRow(place=COUNTY)])

    # when
    km = chord_to_km(chord_distances(people, np.array([0]), vacancies, np.array([0])))

    # then
    assert km[0] == pytest.approx(8.0, abs=0.01)


def test_take_and_concat_keep_rows_together() -> None:
    # given
    a = people_table([PersonRow(wage=1000, certificates={WELDER: 2.0}), PersonRow(wage=2000)])
    b = people_table([PersonRow(wage=3000, certificates={COOK: 4.0})])

    # when
    joined = concat_tables(a, b)
    picked = joined.take(np.array([2, 0]))

    # then
    assert len(joined) == 3
    assert picked.wage.tolist() == [3000, 1000]
    assert picked.certificates.toarray()[:, [WELDER, COOK]].tolist() == [[0, 4], [2, 0]]
    assert picked.xyz.shape == (2, 3, 3)


def test_replacing_one_field_of_a_row_changes_only_that_part() -> None:
    # given
    person = PersonRow(wage=5000)
    vacancy = VacancyRow(wage_min=4000, wage_max=4200)

    # when
    before = score_one(person, vacancy).parts
    after = score_one(replace(person, wage=4000), vacancy).parts

    # then
    changed = {name for name in CONTEXT_WEIGHTS if before[name][0] != after[name][0]}
    assert changed == {"wage"}


# --- licences --------------------------------------------------------------------------------
def test_a_post_needing_a_licence_the_person_lacks_keeps_a_share_of_its_score() -> None:
    # given a truck post needing an A2 licence
    post = VacancyRow(licences=frozenset({"A2"}))

    # when
    holder = score_one(PersonRow(licences=frozenset({"A2"})), post)
    lower_class = score_one(PersonRow(licences=frozenset({"C1"})), post)
    none_needed = score_one(PersonRow(licences=frozenset({"C1"})), VacancyRow())
    covered = score_one(PersonRow(licences=frozenset({"A2"})), VacancyRow(licences=frozenset({"C1"})))

    # then an A2 holder meets it, a C1 holder does not; an A2 licence meets a C1 post
    assert holder.parts["licence"][0] == 1.0 and lower_class.parts["licence"][0] == 0.0
    assert lower_class.score[0] == pytest.approx(holder.score[0] * LACKING_LICENCE)
    assert none_needed.score[0] == pytest.approx(holder.score[0])
    assert covered.parts["licence"][0] == 1.0
