"""The whole engine on small hand-made cases whose right order is obvious, both ways."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from matching.ml.explain import explain
from matching.ml.index import MatchIndex
from tests.matching.ml_builders import (
    CO2_WELDING,
    COUNTY,
    DRIVING,
    FORKLIFT,
    OCCUPATIONS,
    SKILLS,
    TIG_WELDING,
    TODAY,
    WELDER,
    PersonRow,
    VacancyRow,
    feature_space,
    north_of,
    ranked_index,
    taxonomy_matcher,
)

WELDER_PERSON = PersonRow(
    text="电焊工 会氩弧焊 吃苦耐劳", occupations={WELDER: 1.0}, skills={TIG_WELDING: 0.85}
)
FORKLIFT_PERSON = PersonRow(
    text="叉车工 会开叉车 吃苦耐劳", occupations={FORKLIFT: 1.0}, skills={DRIVING: 0.85}
)
WELDING_JOB = VacancyRow(
    text="招聘焊工 氩弧焊 吃苦耐劳", occupations={WELDER: 1.0}, skills={TIG_WELDING: 1.0, CO2_WELDING: 0.5}
)
FORKLIFT_JOB = VacancyRow(text="招聘叉车司机 吃苦耐劳", occupations={FORKLIFT: 1.0}, skills={DRIVING: 1.0})


def ids(entries: list[tuple[int, float]]) -> list[int]:
    return [i for i, _ in entries]


def occupation_similarity(index: MatchIndex, person_id: int, vacancy_id: int) -> float:
    [why] = explain(
        index,
        np.array([index.people.row_of[person_id]]),
        np.array([index.vacancies.row_of[vacancy_id]]),
        today=TODAY,
    )
    return why.parts["similarity_occupation"]


def test_a_welder_ranks_welding_jobs_above_forklift_jobs() -> None:
    # given the forklift job has the smaller id, so a tie would put it first
    index = ranked_index({1: WELDER_PERSON}, {101: FORKLIFT_JOB, 102: WELDING_JOB})

    # when
    listed = index.vacancies_for(1, 5)

    # then
    assert ids(listed)[0] == 102
    assert dict(listed).get(101, 0.0) < dict(listed)[102]


def test_a_forklift_driver_ranks_forklift_jobs_above_welding_jobs() -> None:
    # given
    index = ranked_index({1: FORKLIFT_PERSON}, {101: WELDING_JOB, 102: FORKLIFT_JOB})

    # when / then
    assert ids(index.vacancies_for(1, 5))[0] == 102


def test_a_welding_job_ranks_the_welder_above_the_forklift_driver() -> None:
    # given
    index = ranked_index({1: FORKLIFT_PERSON, 2: WELDER_PERSON}, {101: WELDING_JOB})

    # when / then
    assert ids(index.people_for(101, 5))[0] == 2


def test_a_forklift_job_ranks_the_forklift_driver_above_the_welder() -> None:
    # given
    index = ranked_index({1: WELDER_PERSON, 2: FORKLIFT_PERSON}, {101: FORKLIFT_JOB})

    # when / then
    assert ids(index.people_for(101, 5))[0] == 2


def test_a_job_in_the_persons_own_trade_outranks_one_next_door_in_another_trade() -> None:
    # given the welding job is 25 km away, the forklift job at the door
    index = ranked_index(
        {1: WELDER_PERSON},
        {101: FORKLIFT_JOB, 102: replace(WELDING_JOB, place=north_of(COUNTY, 25))},
    )

    # when / then
    assert ids(index.vacancies_for(1, 5))[0] == 102


def test_of_two_identical_jobs_the_nearer_ranks_first() -> None:
    # given the farther job has the smaller id, so a tie would put it first
    far = replace(WELDING_JOB, place=north_of(COUNTY, 20))
    near = replace(WELDING_JOB, place=north_of(COUNTY, 3))
    index = ranked_index({1: WELDER_PERSON}, {101: far, 102: near})

    # when
    listed = index.vacancies_for(1, 5)

    # then
    assert ids(listed) == [102, 101]
    assert listed[0][1] > listed[1][1]


def test_of_two_identical_welders_the_one_living_nearer_ranks_first() -> None:
    # given
    far = replace(WELDER_PERSON, places=(north_of(COUNTY, 20),))
    near = replace(WELDER_PERSON, places=(north_of(COUNTY, -2),))
    index = ranked_index({1: far, 2: near}, {101: WELDING_JOB})

    # when / then
    assert ids(index.people_for(101, 5)) == [2, 1]


def test_of_two_identical_jobs_the_better_paid_ranks_first_when_one_pays_less_than_asked() -> None:
    # given the person asks 5,000; the job with the smaller id pays 4,000-4,200
    person = replace(WELDER_PERSON, wage=5000.0)
    poor = replace(WELDING_JOB, wage_min=4000.0, wage_max=4200.0)
    good = replace(WELDING_JOB, wage_min=5000.0, wage_max=6000.0)
    index = ranked_index({1: person}, {101: poor, 102: good})

    # when
    listed = index.vacancies_for(1, 5)

    # then
    assert ids(listed) == [102, 101]
    assert listed[0][1] > listed[1][1]


def test_two_identical_jobs_that_both_pay_what_is_asked_tie_and_the_smaller_id_is_first() -> None:
    # given the person asks 3,000: both jobs pay more
    person = replace(WELDER_PERSON, wage=3000.0)
    poor = replace(WELDING_JOB, wage_min=4000.0, wage_max=4200.0)
    good = replace(WELDING_JOB, wage_min=5000.0, wage_max=6000.0)
    index = ranked_index({1: person}, {101: poor, 102: good})

    # when
    listed = index.vacancies_for(1, 5)

    # then
    assert ids(listed) == [101, 102]
    assert listed[0][1] == listed[1][1]


def test_someone_who_wrote_only_chanchegong_is_matched_to_a_forklift_driver_job_through_the_taxonomy() -> (
    None
):
    # given "铲车工" shares only "车" with "叉车司机", and "车" and "工" with "汽车修理工"
    person = PersonRow(text="铲车工")
    forklift = VacancyRow(text="招聘叉车司机", occupations={FORKLIFT: 1.0}, skills={DRIVING: 1.0})
    mechanic = VacancyRow(text="招聘汽车修理工")
    texts = [person.text, forklift.text, mechanic.text]

    # when
    with_synonyms = ranked_index({1: person}, {101: mechanic, 102: forklift}, space=feature_space(texts))
    plain = taxonomy_matcher([(name, []) for name, _ in OCCUPATIONS], [(name, []) for name, _ in SKILLS])
    without = ranked_index(
        {1: person}, {101: mechanic, 102: forklift}, space=feature_space(texts, matcher=plain)
    )

    # then the synonym puts the forklift job first; without it the forklift job shares one
    # character, fewer than the mechanic's, and comes after it
    assert ids(with_synonyms.vacancies_for(1, 5)) == [102, 101]
    assert occupation_similarity(with_synonyms, 1, 102) > 0
    assert ids(without.vacancies_for(1, 5))[0] == 101
    assert occupation_similarity(without, 1, 102) == 0


def test_a_forklift_job_ranks_the_chanchegong_above_a_car_mechanic() -> None:
    # given
    forklift = VacancyRow(text="招聘叉车司机", occupations={FORKLIFT: 1.0})
    people = {1: PersonRow(text="汽车修理工"), 2: PersonRow(text="铲车工")}

    # when
    index = ranked_index(people, {101: forklift})

    # then
    assert ids(index.people_for(101, 5))[0] == 2


def test_a_person_with_no_skills_and_no_words_is_never_matched() -> None:
    # given
    blank = PersonRow(text="", occupations={}, skills={}, wage=3000.0)
    index = ranked_index({1: blank, 2: WELDER_PERSON}, {101: WELDING_JOB, 102: FORKLIFT_JOB})

    # when / then
    assert index.vacancies_for(1, 5) == []
    assert 1 not in ids(index.people_for(101, 5)) + ids(index.people_for(102, 5))
    assert index.vacancies_for(2, 5) != []


def test_a_closed_or_expired_job_is_never_listed_however_well_it_fits() -> None:
    # given three identical welding jobs, one closed and one expired
    closed = replace(WELDING_JOB, active=False)
    expired = replace(WELDING_JOB, valid_until_day=TODAY - 1)
    index = ranked_index({1: WELDER_PERSON}, {101: closed, 102: expired, 103: WELDING_JOB})

    # when / then
    assert ids(index.vacancies_for(1, 5)) == [103]
    assert index.people_for(101, 5) == index.people_for(102, 5) == []


def test_a_public_welfare_post_is_listed_only_for_the_eligible() -> None:
    # given
    post = VacancyRow(text="公益性岗位 保洁员", work_type="public_welfare")
    eligible = PersonRow(text="保洁员", welfare_eligible=True)
    not_eligible = PersonRow(text="保洁员", welfare_eligible=False)
    index = ranked_index({1: not_eligible, 2: eligible}, {101: post})

    # when / then
    assert ids(index.people_for(101, 5)) == [2]
    assert index.vacancies_for(1, 5) == []
