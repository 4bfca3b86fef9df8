"""Sex, age, ethnicity and household registration cannot change a score: the engine's inputs
have no place for them, so two people alike in everything the engine reads score alike."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import fields
from typing import Any

import numpy as np
import pytest

from matching.ml.index import MatchIndex
from matching.ml.scoring import PeopleTable, VacancyTable, score_pairs
from matching.ml.vectors import FeatureSpace, ProfileBatch, SpaceConfig
from tests.matching.ml_builders import (
    OCCUPATIONS,
    SKILLS,
    PersonRow,
    people_table,
    profile_batch,
    random_registry,
    ranked_index,
    taxonomy_matcher,
)

PROTECTED = {
    "sex",
    "gender",
    "age",
    "birth",
    "birthday",
    "born",
    "ethnicity",
    "ethnic",
    "nation",
    "nationality",
    "minzu",
    "hukou",
    "household",
    "registration",
    "residence",
    "id",
    "marital",
}


def words(name: str) -> set[str]:
    """``birth_date`` -> {"birth", "date"}; ``wage`` stays one word (it is not ``age``)."""
    return set(re.split(r"[_\W]+", name.lower())) - {""}


@pytest.mark.parametrize("table", [PeopleTable, VacancyTable, ProfileBatch])
def test_no_field_of_the_engines_inputs_can_hold_a_protected_attribute(table: type) -> None:
    # when
    names = [f.name for f in fields(table)]

    # then
    assert names
    assert not [n for n in names if words(n) & PROTECTED]


def test_the_people_table_has_exactly_the_fields_the_scoring_reads() -> None:
    # when
    names = {f.name for f in fields(PeopleTable)}

    # then a new field (say, an age) needs this test changed on purpose
    assert names == {
        "xyz",
        "radius_km",
        "anywhere",
        "active",
        "welfare_eligible",
        "wage",
        "education",
        "wants",
        "available_day",
        "certificates",
        "licences",
    }


def test_the_profile_batch_has_only_text_taxonomy_concepts_refusals_and_public_welfare() -> None:
    # when / then
    assert {f.name for f in fields(ProfileBatch)} == {
        "texts",
        "occupations",
        "skills",
        "refusals",
        "refused_words",
        "welfare",
    }


@pytest.mark.parametrize("attribute", ["sex", "age", "ethnicity", "hukou", "household_registration"])
def test_a_people_table_cannot_be_given_a_protected_attribute(attribute: str) -> None:
    # given
    columns: dict[str, Any] = {
        f.name: getattr(people_table([PersonRow()]), f.name) for f in fields(PeopleTable)
    }

    # when / then
    with pytest.raises(TypeError):
        PeopleTable(**columns, **{attribute: np.array([1])})


def test_no_scoring_or_vectorising_function_takes_a_protected_attribute() -> None:
    # given
    functions: list[Callable[..., Any]] = [
        score_pairs,
        FeatureSpace.vectors,
        FeatureSpace.fit,
        MatchIndex.upsert_people,
        MatchIndex.rank_all,
    ]

    # when
    parameters = {p for f in functions for p in inspect.signature(f).parameters}

    # then
    assert not [p for p in parameters if words(p) & PROTECTED]


def test_two_people_alike_in_everything_the_engine_reads_get_the_same_scores() -> None:
    # given a random county in which person 1 appears again as person 999: whatever their sex,
    # age, ethnicity or household registration, the engine's inputs for both are these
    people, vacancies = random_registry(np.random.default_rng(31), people=120, vacancies=30)
    target = next(i for i, p in people.items() if p.active and p.text)
    people[999] = people[target]

    # when
    index = ranked_index(people, vacancies, k=200, width=200)

    # then both have the same list, and on every vacancy's list the same score
    assert index.vacancies_for(target, 30) == index.vacancies_for(999, 30) != []
    for v in vacancies:
        order = index.people_for(v, 200)
        scores = dict(order)
        assert scores.get(target) == scores.get(999)
        if target in scores:
            ids = [p for p, _ in order]
            between = order[ids.index(target) : ids.index(999) + 1]
            assert {s for _, s in between} == {scores[target]}


@pytest.mark.parametrize(
    ("plain", "with_attributes"),
    [
        ("招聘叉车司机，会装卸", "招聘叉车司机，限女性，35岁以下，汉族，本地户口，已婚已育，会装卸"),
        (
            "本人，干过五年叉车，想在家附近找活",
            "本人男，38岁，土家族，农村户口，80后，干过五年叉车，想在家附近找活",
        ),
        # Ages as people write them, in Chinese numerals too
        ("本人，干过五年叉车，想在家附近找活", "本人五十二岁，干过五年叉车，想在家附近找活"),
        ("招聘叉车司机，会装卸", "招聘叉车司机，四十五岁以下，年满十八周岁，会装卸"),
        ("招聘叉车司机，会装卸", "招聘叉车司机，三十至四十五岁，会装卸"),
    ],
)
def test_words_for_protected_attributes_in_free_text_do_not_move_a_score(
    plain: str, with_attributes: str
) -> None:
    # given a space over both texts and a third profile to score them against
    other = "叉车司机 装卸搬运 仓库"
    space = FeatureSpace.fit(
        [plain, with_attributes, other],
        matcher=taxonomy_matcher(),
        n_occupations=len(OCCUPATIONS),
        n_skills=len(SKILLS),
        config=SpaceConfig(n_text_features=2**14, max_df=1.0),
    )

    # when
    vectors = space.vectors(
        profile_batch([PersonRow(text=plain), PersonRow(text=with_attributes), PersonRow(text=other)])
    )

    # then the two texts are the same vector, so every score against them is the same
    assert (vectors[0] != vectors[1]).nnz == 0
    assert (vectors[0] @ vectors[2].T).toarray() == pytest.approx((vectors[1] @ vectors[2].T).toarray())
    assert (vectors[0] @ vectors[2].T).toarray()[0, 0] > 0
