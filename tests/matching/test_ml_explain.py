"""matching.ml.explain: the parts of a pair's score and the facts behind them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import scipy.sparse as sp

from matching.ml.explain import Explanation, _best_columns, explain
from matching.ml.index import MatchIndex
from matching.ml.scoring import CONTEXT_WEIGHTS
from matching.ml.vectors import BLOCKS
from tests.matching.ml_builders import (
    CO2_WELDING,
    COUNTY,
    DRIVING,
    LOW_VOLTAGE,
    TIG_WELDING,
    TODAY,
    WELDER,
    PersonRow,
    VacancyRow,
    feature_space,
    people_table,
    profile_batch,
    random_registry,
    ranked_index,
    vacancy_table,
)

PERSON = PersonRow(
    text="电焊工 会氩弧焊",
    occupations={WELDER: 1.0},
    skills={TIG_WELDING: 0.85, LOW_VOLTAGE: 0.55},
    places=(COUNTY,),
    radius_km=30,
    wage=5000.0,
)
VACANCY = VacancyRow(
    text="招聘焊工 氩弧焊",
    occupations={WELDER: 1.0},
    skills={TIG_WELDING: 1.0, CO2_WELDING: 0.5, DRIVING: 1.0},
    place=(COUNTY[0], COUNTY[1] + 0.1),  # a tenth of a degree north: 11.1 km
    wage_min=4000.0,
    wage_max=6000.0,
)


def explain_one(index: MatchIndex, person_id: int, vacancy_id: int) -> Explanation:
    [why] = explain(
        index,
        np.array([index.people.row_of[person_id]]),
        np.array([index.vacancies.row_of[vacancy_id]]),
        today=TODAY,
    )
    return why


def test_an_explanation_names_the_skills_both_sides_name() -> None:
    # given
    index = ranked_index({1: PERSON}, {101: VACANCY})

    # when
    why = explain_one(index, 1, 101)

    # then
    assert why.shared_skills == [TIG_WELDING]


def test_an_explanation_names_the_skills_the_vacancy_names_and_the_person_lacks() -> None:
    # given
    index = ranked_index({1: PERSON}, {101: VACANCY})

    # when
    why = explain_one(index, 1, 101)

    # then
    assert sorted(why.missing_skills) == sorted([CO2_WELDING, DRIVING])
    assert LOW_VOLTAGE not in why.missing_skills + why.shared_skills


def test_a_skill_the_person_only_wrote_about_counts_as_shared() -> None:
    # given the person declared no skills but wrote "会开叉车" (a synonym of 叉车驾驶)
    person = PersonRow(text="叉车工 会开叉车")
    vacancy = VacancyRow(text="招聘叉车司机", skills={DRIVING: 1.0})
    index = ranked_index({1: person}, {101: vacancy})

    # when
    why = explain_one(index, 1, 101)

    # then
    assert why.shared_skills == [DRIVING]
    assert why.missing_skills == []


def test_an_explanation_gives_the_distance_in_kilometres() -> None:
    # given the site is 0.1 degree of latitude north of the person's home
    index = ranked_index({1: PERSON}, {101: VACANCY})

    # when
    why = explain_one(index, 1, 101)

    # then
    assert why.distance_km == 11.1


def test_an_explanation_has_no_distance_when_a_site_is_unknown() -> None:
    # given
    index = ranked_index({1: PERSON}, {101: VacancyRow(text=VACANCY.text, place=None)})

    # when
    why = explain_one(index, 1, 101)

    # then
    assert why.distance_km is None
    assert why.parts["distance"] == 0.5


def test_an_explanation_compares_the_expected_and_offered_wages() -> None:
    # given the person asks 5,000 and the offer is 4,000-6,000
    index = ranked_index({1: PERSON}, {101: VACANCY})

    # when
    why = explain_one(index, 1, 101)

    # then
    assert why.expected_wage == 5000.0
    assert why.offered_wage == (4000.0, 6000.0)
    assert why.parts["wage"] == pytest.approx(0.9)


def test_an_explanation_has_no_wages_when_none_were_given() -> None:
    # given
    person = PersonRow(text=PERSON.text, wage=float("nan"))
    vacancy = VacancyRow(text=VACANCY.text)
    index = ranked_index({1: person}, {101: vacancy})

    # when
    why = explain_one(index, 1, 101)

    # then
    assert why.expected_wage is None
    assert why.offered_wage is None
    assert why.parts["wage"] == 0.5


def test_an_explanation_has_every_part_of_the_score() -> None:
    # given
    index = ranked_index({1: PERSON}, {101: VACANCY})

    # when
    why = explain_one(index, 1, 101)

    # then
    blocks = {f"similarity_{name}" for name in BLOCKS}
    assert set(why.parts) == blocks | set(CONTEXT_WEIGHTS) | {"similarity", "context", "licence"}
    assert all(0.0 <= value <= 1.0 for value in why.parts.values())
    assert why.parts["similarity"] == pytest.approx(sum(why.parts[b] for b in blocks), abs=1e-3)
    assert why.parts["similarity_occupation"] > 0
    assert why.parts["similarity_skill"] > 0


def test_the_explained_score_is_the_score_on_both_lists() -> None:
    # given
    index = ranked_index({1: PERSON}, {101: VACANCY})

    # when
    why = explain_one(index, 1, 101)

    # then
    assert why.passes_filters
    [(vacancy, on_person_list)] = index.vacancies_for(1, 5)
    [(person, on_vacancy_list)] = index.people_for(101, 5)
    assert (vacancy, person) == (101, 1)
    assert why.score == on_person_list == on_vacancy_list


def test_explanations_of_many_pairs_give_exactly_the_scores_on_the_lists() -> None:
    # given
    people, vacancies = random_registry(np.random.default_rng(8), people=300, vacancies=60)
    index = ranked_index(people, vacancies)
    pairs = [(p, v, s) for p in people for v, s in index.vacancies_for(p, 20)]
    pairs += [(p, v, s) for v in vacancies for p, s in index.people_for(v, 20)]

    # when
    explained = explain(
        index,
        np.array([index.people.row_of[p] for p, _, _ in pairs]),
        np.array([index.vacancies.row_of[v] for _, v, _ in pairs]),
        today=TODAY,
    )

    # then
    assert len(pairs) > 1000
    assert all(why.passes_filters for why in explained)
    assert [why.score for why in explained] == [s for _, _, s in pairs]


def test_the_explanation_of_a_filtered_pair_says_it_fails_the_filters() -> None:
    # given the site is 11 km away and the person will travel 5
    index = ranked_index({1: PersonRow(text=PERSON.text, radius_km=5)}, {101: VACANCY})

    # when
    why = explain_one(index, 1, 101)

    # then
    assert not why.passes_filters
    assert why.distance_km == 11.1
    assert index.vacancies_for(1, 5) == []


def test_a_vacancy_changed_after_the_build_is_explained_with_its_new_version() -> None:
    # given
    space = feature_space([PERSON.text, VACANCY.text])
    index = ranked_index({1: PERSON}, {101: VACANCY}, space=space)
    moved = replace(VACANCY, place=COUNTY, wage_min=5500.0, wage_max=6000.0)

    # when
    index.upsert_vacancies(
        np.array([101]), space.vectors(profile_batch([moved])), vacancy_table([moved]), today=TODAY
    )
    why = explain_one(index, 1, 101)

    # then
    assert why.distance_km == 0.0
    assert why.offered_wage == (5500.0, 6000.0)
    assert why.score == index.vacancies_for(1, 1)[0][1]


def test_no_pairs_have_no_explanations() -> None:
    # given
    index = ranked_index({1: PERSON}, {101: VACANCY})

    # when / then
    assert explain(index, np.array([], np.int64), np.array([], np.int64), today=TODAY) == []


def test_a_person_added_after_the_build_is_explained_too() -> None:
    # given
    space = feature_space([PERSON.text, VACANCY.text])
    index = ranked_index({1: PERSON}, {101: VACANCY}, space=space)
    index.upsert_people(
        np.array([2]), space.vectors(profile_batch([PERSON])), people_table([PERSON]), today=TODAY
    )

    # when
    why = explain_one(index, 2, 101)

    # then
    assert why.shared_skills == [TIG_WELDING]
    assert why.score == index.vacancies_for(2, 1)[0][1]


def test_the_best_column_of_each_row_is_its_largest_positive_entry_first_of_equals() -> None:
    matrix = sp.csr_matrix(
        np.array([[0.0, 0.3, 0.7, 0.7], [0.0, 0.0, 0.0, 0.0], [-0.2, 0.0, 0.0, 0.0], [0.1, 0, 0, 0]])
    )

    assert _best_columns(matrix) == [2, None, None, 0]
