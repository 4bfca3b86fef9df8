"""matching.ml.index: bulk ranking both ways, incremental updates that agree with a full
rebuild, removal, compaction, and saving to disk."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from matching.ml.index import MatchIndex, Side
from matching.ml.topk import TopLists
from matching.ml.vectors import FeatureSpace, SpaceConfig
from tests.matching.ml_builders import (
    COUNTY,
    TODAY,
    WELDER,
    PersonRow,
    VacancyRow,
    build_index,
    feature_space,
    north_of,
    people_table,
    profile_batch,
    random_person,
    random_registry,
    random_vacancy,
    ranked_index,
    vacancy_table,
)

Lists = dict[tuple[str, int], list[tuple[int, float]]]


def all_lists(index: MatchIndex, person_ids: set[int], vacancy_ids: set[int], k: int) -> Lists:
    """Every person's and vacancy's first ``k`` entries, by id."""
    out: Lists = {("person", i): index.vacancies_for(i, k) for i in sorted(person_ids)}
    out.update({("vacancy", i): index.people_for(i, k) for i in sorted(vacancy_ids)})
    return out


def assert_same_lists(actual: Lists, expected: Lists) -> None:
    assert actual.keys() == expected.keys()
    wrong = [key for key in expected if [i for i, _ in actual[key]] != [i for i, _ in expected[key]]]
    assert not wrong, (
        f"{len(wrong)} lists differ, e.g. {wrong[0]}: {actual[wrong[0]]} != {expected[wrong[0]]}"
    )
    for key in expected:
        assert [s for _, s in actual[key]] == pytest.approx([s for _, s in expected[key]], abs=1e-6), key


def assert_same_top_lists(a: TopLists, b: TopLists) -> None:
    assert np.array_equal(a.ids, b.ids)
    assert np.allclose(a.scores, b.scores, atol=1e-6)
    assert np.allclose(a.bound, b.bound, atol=1e-6)


def random_space(people: dict[int, PersonRow], vacancies: dict[int, VacancyRow]) -> FeatureSpace:
    texts = [r.text for r in people.values()] + [r.text for r in vacancies.values()]
    return feature_space(texts, config=SpaceConfig(n_text_features=2**14, max_df=0.2))


def upsert_people(index: MatchIndex, space: FeatureSpace, rows: dict[int, PersonRow]) -> np.ndarray:
    values = list(rows.values())
    return index.upsert_people(
        np.array(list(rows), np.int64),
        space.vectors(profile_batch(values)),
        people_table(values),
        today=TODAY,
    )


def upsert_vacancies(index: MatchIndex, space: FeatureSpace, rows: dict[int, VacancyRow]) -> np.ndarray:
    values = list(rows.values())
    return index.upsert_vacancies(
        np.array(list(rows), np.int64),
        space.vectors(profile_batch(values)),
        vacancy_table(values),
        today=TODAY,
    )


@pytest.fixture(scope="module")
def county() -> tuple[dict[int, PersonRow], dict[int, VacancyRow]]:
    return random_registry(np.random.default_rng(2024), people=300, vacancies=60)


# --- ranking everything at once --------------------------------------------------------------
@pytest.mark.parametrize("chunk", [8192, 16])
def test_rank_all_gives_every_row_the_list_ranking_it_alone_would(
    county: tuple[dict[int, PersonRow], dict[int, VacancyRow]], chunk: int
) -> None:
    # given
    people, vacancies = county
    index = build_index(people, vacancies, space=random_space(people, vacancies), k=5, width=8)

    # when
    stats = index.rank_all(today=TODAY, chunk=chunk)

    # then
    assert stats.kept > 0
    assert_same_top_lists(index.person_lists, index.rank_for_people(np.arange(len(people)), today=TODAY))
    assert_same_top_lists(
        index.vacancy_lists, index.rank_for_vacancies(np.arange(len(vacancies)), today=TODAY)
    )


def test_rank_all_over_a_province_finds_the_jobs_near_each_of_a_persons_places_once() -> None:
    # given people spread over ~300 km, many with a second place far from home, and a welder
    # who lives in the west and would also work in the east
    rng = np.random.default_rng(7)
    people, vacancies = random_registry(rng, people=400, vacancies=120)
    west, east = (COUNTY[0] - 1.5, COUNTY[1]), (COUNTY[0] + 1.5, COUNTY[1])

    def spread(row: PersonRow | VacancyRow) -> tuple[float, float]:
        return (float(rng.uniform(west[0], east[0])), float(rng.uniform(COUNTY[1] - 1, COUNTY[1] + 1)))

    people = {i: replace(p, places=tuple(spread(p) for _ in p.places)) for i, p in people.items()}
    vacancies = {i: replace(v, place=spread(v)) for i, v in vacancies.items()}
    welder_text = "焊工 氩弧焊"
    people[1] = PersonRow(text=welder_text, occupations={WELDER: 1.0}, places=(west, east), radius_km=20)
    vacancies[10_001] = VacancyRow(text="招聘焊工", occupations={WELDER: 1.0}, place=north_of(west, 5))
    vacancies[10_002] = VacancyRow(text="招聘焊工", occupations={WELDER: 1.0}, place=north_of(east, 5))
    index = build_index(people, vacancies, space=random_space(people, vacancies), k=5, width=8)

    # when ranked in chunks of a few places each
    stats = index.rank_all(today=TODAY, chunk=16)

    # then each list is what ranking its row alone gives, with no job listed twice
    assert stats.kept > 0
    assert_same_top_lists(index.person_lists, index.rank_for_people(np.arange(len(people)), today=TODAY))
    assert_same_top_lists(
        index.vacancy_lists, index.rank_for_vacancies(np.arange(len(vacancies)), today=TODAY)
    )
    welder = [i for i, _ in index.vacancies_for(1, 5)]
    assert {10_001, 10_002} <= set(welder)
    assert len(welder) == len(set(welder))


def test_people_ranked_in_shards_and_merged_give_the_lists_of_ranking_everyone_at_once(
    county: tuple[dict[int, PersonRow], dict[int, VacancyRow]],
) -> None:
    # given the people split into three shards, as the nightly rescore splits them by region
    people, vacancies = county
    index = build_index(people, vacancies, space=random_space(people, vacancies), k=5, width=8)
    shard_of = np.random.default_rng(3).integers(0, 3, len(people))

    # when each shard is ranked on its own and the results merged
    shards = []
    for shard in range(3):
        mask = shard_of == shard
        person_lists, vacancy_lists = index.rank_people(mask, today=TODAY, chunk=16)
        rows = np.flatnonzero(mask)
        shards.append((rows, person_lists.take(rows), vacancy_lists))
    index.merge_shards(shards)

    # then
    whole = build_index(people, vacancies, space=random_space(people, vacancies), k=5, width=8)
    whole.rank_all(today=TODAY)
    assert_same_top_lists(index.person_lists, whole.person_lists)
    assert_same_top_lists(index.vacancy_lists, whole.vacancy_lists)


def test_the_two_ways_agree_on_every_pair_they_list(
    county: tuple[dict[int, PersonRow], dict[int, VacancyRow]],
) -> None:
    # given
    people, vacancies = county
    index = ranked_index(people, vacancies, space=random_space(people, vacancies))

    # when
    by_person = {(p, v): s for p in people for v, s in index.vacancies_for(p, 30)}
    by_vacancy = {(p, v): s for v in vacancies for p, s in index.people_for(v, 30)}

    # then
    both = by_person.keys() & by_vacancy.keys()
    assert len(both) > 100
    assert all(by_person[pair] == by_vacancy[pair] for pair in both)


def test_rank_all_lists_nothing_for_closed_expired_or_inactive_rows(
    county: tuple[dict[int, PersonRow], dict[int, VacancyRow]],
) -> None:
    # given
    people, vacancies = county
    index = ranked_index(people, vacancies, space=random_space(people, vacancies))
    closed = {i for i, v in vacancies.items() if not v.active or v.valid_until_day < TODAY}
    inactive = {i for i, p in people.items() if not p.active}

    # when
    listed_vacancies = {v for p in people for v, _ in index.vacancies_for(p, 30)}
    listed_people = {p for v in vacancies for p, _ in index.people_for(v, 30)}

    # then
    assert closed and inactive
    assert not listed_vacancies & closed
    assert not listed_people & inactive
    assert all(index.vacancies_for(p, 30) == [] for p in inactive)
    assert all(index.people_for(v, 30) == [] for v in closed)


def test_an_unknown_id_has_an_empty_list() -> None:
    # given
    index = ranked_index({1: PersonRow()}, {11: VacancyRow()})

    # when / then
    assert index.vacancies_for(999, 5) == []
    assert index.people_for(999, 5) == []
    assert index.vacancies_for(1, 5) != []


# --- incremental updates ---------------------------------------------------------------------
def test_a_new_vacancy_enters_the_list_of_everyone_it_suits_best_not_only_those_on_its_own_list() -> None:
    # given five identical welders whose only job is 25 km away, with lists of one
    people = {i: PersonRow(text="电焊工", occupations={WELDER: 1.0}) for i in range(1, 6)}
    far = VacancyRow(text="招聘焊工", occupations={WELDER: 1.0}, place=north_of(COUNTY, 25))
    space = feature_space(["电焊工", "招聘焊工"])
    index = ranked_index(people, {100: far}, space=space, k=1, width=2)

    # when the same job opens next door to all of them
    upsert_vacancies(index, space, {101: replace(far, place=COUNTY)})

    # then it is first for each of them, though its own list holds only two
    assert [index.vacancies_for(i, 1)[0][0] for i in people] == [101] * 5
    assert [p for p, _ in index.people_for(101, 5)] == [1, 2]


def test_a_new_person_enters_the_list_of_every_vacancy_they_suit_best() -> None:
    # given five identical welding jobs whose only candidate lives 25 km away
    vacancies = {i: VacancyRow(text="招聘焊工", occupations={WELDER: 1.0}) for i in range(100, 105)}
    far = PersonRow(text="电焊工", occupations={WELDER: 1.0}, places=(north_of(COUNTY, 25),))
    space = feature_space(["电焊工", "招聘焊工"])
    index = ranked_index({1: far}, vacancies, space=space, k=1, width=2)

    # when a welder moves in next door to all of them
    upsert_people(index, space, {2: replace(far, places=(COUNTY,))})

    # then
    assert [index.people_for(v, 1)[0][0] for v in vacancies] == [2] * 5


def test_a_changed_vacancy_stays_on_the_lists_of_people_missing_from_its_own_list() -> None:
    # given five welders, lists of one; the job is everyone's only one
    people = {i: PersonRow(text="电焊工", occupations={WELDER: 1.0}) for i in range(1, 6)}
    job = VacancyRow(text="招聘焊工", occupations={WELDER: 1.0}, wage_min=4000, wage_max=5000)
    space = feature_space(["电焊工", "招聘焊工"])
    index = ranked_index(people, {100: job}, space=space, k=1, width=2)

    # when the wage changes
    upsert_vacancies(index, space, {100: replace(job, wage_max=5500)})

    # then it is still on every welder's list
    assert [[v for v, _ in index.vacancies_for(i, 1)] for i in people] == [[100]] * 5


def test_closing_a_vacancy_takes_it_off_every_list() -> None:
    # given
    people = {i: PersonRow(text="电焊工", occupations={WELDER: 1.0}) for i in range(1, 6)}
    job = VacancyRow(text="招聘焊工", occupations={WELDER: 1.0})
    space = feature_space(["电焊工", "招聘焊工"])
    index = ranked_index(people, {100: job, 101: job}, space=space, k=1, width=2)

    # when
    upsert_vacancies(index, space, {100: replace(job, active=False)})

    # then
    assert [[v for v, _ in index.vacancies_for(i, 5)] for i in people] == [[101]] * 5
    assert index.people_for(100, 5) == []


def test_a_person_who_stops_looking_leaves_every_list() -> None:
    # given
    welder = PersonRow(text="电焊工", occupations={WELDER: 1.0})
    vacancies = {i: VacancyRow(text="招聘焊工", occupations={WELDER: 1.0}) for i in range(100, 104)}
    space = feature_space(["电焊工", "招聘焊工"])
    index = ranked_index({1: welder, 2: welder}, vacancies, space=space, k=1, width=2)

    # when
    upsert_people(index, space, {1: replace(welder, active=False)})

    # then
    assert all([p for p, _ in index.people_for(v, 5)] == [2] for v in vacancies)
    assert index.vacancies_for(1, 5) == []


@pytest.mark.parametrize(("k", "width"), [(5, 8), (20, 30)])
def test_random_changes_keep_every_list_identical_to_a_full_rebuild(k: int, width: int) -> None:
    # given a random county and its index
    rng = np.random.default_rng(1000 + k)
    people, vacancies = random_registry(rng, people=300, vacancies=60)
    space = random_space(people, vacancies)
    index = ranked_index(people, vacancies, space=space, k=k, width=width)
    seen_people, seen_vacancies = set(people), set(vacancies)
    next_person, next_vacancy = max(people) + 1, max(vacancies) + 1

    for step in range(60):
        # when a random batch of changes is applied
        change = rng.choice(
            ["vacancy", "close", "reopen", "new vacancy", "person", "inactive", "new person", "remove"]
        )
        if change == "vacancy":
            ids = [int(i) for i in rng.choice(sorted(vacancies), size=int(rng.integers(1, 4)), replace=False)]
            changed = {i: random_vacancy(rng) for i in ids}
            upsert_vacancies(index, space, changed)
            vacancies.update(changed)
        elif change in ("close", "reopen"):
            ids = [int(i) for i in rng.choice(sorted(vacancies), size=int(rng.integers(1, 4)), replace=False)]
            changed = {
                i: replace(vacancies[i], active=change == "reopen", valid_until_day=TODAY + 5) for i in ids
            }
            upsert_vacancies(index, space, changed)
            vacancies.update(changed)
        elif change == "new vacancy":
            new = {next_vacancy + j: random_vacancy(rng) for j in range(int(rng.integers(1, 4)))}
            next_vacancy += len(new)
            upsert_vacancies(index, space, new)
            vacancies.update(new)
        elif change == "person":
            ids = [int(i) for i in rng.choice(sorted(people), size=int(rng.integers(1, 6)), replace=False)]
            changed_people = {i: random_person(rng) for i in ids}
            upsert_people(index, space, changed_people)
            people.update(changed_people)
        elif change == "inactive":
            ids = [int(i) for i in rng.choice(sorted(people), size=int(rng.integers(1, 6)), replace=False)]
            changed_people = {i: replace(people[i], active=False) for i in ids}
            upsert_people(index, space, changed_people)
            people.update(changed_people)
        elif change == "new person":
            new_people = {next_person + j: random_person(rng) for j in range(int(rng.integers(1, 6)))}
            next_person += len(new_people)
            upsert_people(index, space, new_people)
            people.update(new_people)
        else:
            gone_p = [int(i) for i in rng.choice(sorted(people), size=2, replace=False)]
            gone_v = [int(rng.choice(sorted(vacancies)))]
            index.remove(person_ids=np.array(gone_p), vacancy_ids=np.array(gone_v), today=TODAY)
            for i in gone_p:
                del people[i]
            del vacancies[gone_v[0]]
        seen_people |= set(people)
        seen_vacancies |= set(vacancies)

        # then the first k entries of every list are those of a full rebuild
        if step % 6 == 5:
            rebuilt = ranked_index(people, vacancies, space=space, k=k, width=width)
            assert_same_lists(
                all_lists(index, seen_people, seen_vacancies, k),
                all_lists(rebuilt, seen_people, seen_vacancies, k),
            )


def test_the_rows_an_upsert_returns_include_every_list_it_changed(
    county: tuple[dict[int, PersonRow], dict[int, VacancyRow]],
) -> None:
    # given
    people, vacancies = dict(county[0]), dict(county[1])
    space = random_space(people, vacancies)
    index = ranked_index(people, vacancies, space=space, k=5, width=8)
    rng = np.random.default_rng(9)

    for _ in range(10):
        before_p = {i: index.vacancies_for(i, 8) for i in people}
        before_v = {i: index.people_for(i, 8) for i in vacancies}

        # when
        v_ids = [int(i) for i in rng.choice(sorted(vacancies), size=3, replace=False)]
        p_rows = upsert_vacancies(index, space, {i: random_vacancy(rng) for i in v_ids})
        assert index.people.alive[p_rows].all()  # current versions only, not retired rows
        reported_people = set(index.people.ids[p_rows].tolist())
        p_ids = [int(i) for i in rng.choice(sorted(people), size=3, replace=False)]
        v_rows = upsert_people(index, space, {i: random_person(rng) for i in p_ids})
        reported_vacancies = set(index.vacancies.ids[v_rows].tolist())

        # then
        people_changed = {i for i in people if index.vacancies_for(i, 8) != before_p[i]} - set(p_ids)
        vacancies_changed = {i for i in vacancies if index.people_for(i, 8) != before_v[i]} - set(v_ids)
        assert people_changed <= reported_people
        assert vacancies_changed <= reported_vacancies
        assert people_changed or vacancies_changed


def test_upserting_a_vacancy_again_unchanged_reports_everyone_whose_list_holds_it() -> None:
    # given a job already on the lists of three welders
    people = {i: PersonRow(text="电焊工", occupations={WELDER: 1.0}) for i in range(1, 4)}
    job = VacancyRow(text="招聘焊工", occupations={WELDER: 1.0})
    space = feature_space(["电焊工", "招聘焊工"])
    index = ranked_index(people, {100: job}, space=space, k=1, width=2)

    # when the same version arrives again (nothing in any list changes)
    rows = upsert_vacancies(index, space, {100: job})

    # then the people whose lists hold it are still reported, so their stored lists can be written
    assert sorted(index.people.ids[rows].tolist()) == [1, 2, 3]


def test_a_vacancy_that_enters_no_list_reports_no_one() -> None:
    # given three welders, each with two welding jobs at the door and lists of two
    people = {i: PersonRow(text="电焊工", occupations={WELDER: 1.0}) for i in range(1, 4)}
    job = VacancyRow(text="招聘焊工", occupations={WELDER: 1.0})
    space = feature_space(["电焊工", "招聘焊工"])
    index = ranked_index(people, {100: job, 101: job}, space=space, k=1, width=2)

    # when the same job opens 25 km away: it suits all three but is on nobody's list
    rows = upsert_vacancies(index, space, {102: replace(job, place=north_of(COUNTY, 25))})

    # then
    assert rows.tolist() == []
    assert [p for p, _ in index.people_for(102, 5)] == [1, 2]


def test_rank_all_after_changes_gives_the_lists_of_a_rebuild(
    county: tuple[dict[int, PersonRow], dict[int, VacancyRow]],
) -> None:
    # given an index with new versions, closed vacancies and removed rows not yet compacted
    people, vacancies = dict(county[0]), dict(county[1])
    space = random_space(people, vacancies)
    index = ranked_index(people, vacancies, space=space, k=5, width=8)
    rng = np.random.default_rng(12)
    changed_v = {int(i): random_vacancy(rng) for i in rng.choice(sorted(vacancies), 2, replace=False)}
    changed_p = {int(i): random_person(rng) for i in rng.choice(sorted(people), 8, replace=False)}
    upsert_vacancies(index, space, changed_v)
    upsert_people(index, space, changed_p)
    index.remove(person_ids=np.array([11, 12]), today=TODAY)
    vacancies.update(changed_v)
    people.update(changed_p)
    del people[11], people[12]
    assert index.people.delta.shape[0] and index.vacancies.delta.shape[0]

    # when
    index.rank_all(today=TODAY, chunk=32)

    # then
    rebuilt = ranked_index(people, vacancies, space=space, k=5, width=8)
    everyone, every_vacancy = set(county[0]), set(county[1])
    assert_same_lists(
        all_lists(index, everyone, every_vacancy, 8), all_lists(rebuilt, everyone, every_vacancy, 8)
    )


def test_vectors_of_rows_old_and_new_come_back_in_the_order_asked() -> None:
    # given a side with two rows in the posting lists and two appended since
    rows = [PersonRow(text=t) for t in ["电焊工", "叉车工", "厨师", "月嫂"]]
    space = feature_space([r.text for r in rows])
    side = Side(np.array([1, 2]), space.vectors(profile_batch(rows[:2])), people_table(rows[:2]))
    side.upsert(np.array([3, 4]), space.vectors(profile_batch(rows[2:])), people_table(rows[2:]))

    # when
    picked = side.vectors(np.array([3, 0, 2, 1]))

    # then
    expected = space.vectors(profile_batch([rows[3], rows[0], rows[2], rows[1]]))
    assert side.n_base == 2
    assert np.array_equal(picked.toarray(), expected.toarray())
    assert np.array_equal(side.vectors().toarray(), space.vectors(profile_batch(rows)).toarray())


# --- removal ---------------------------------------------------------------------------------
def test_a_removed_person_leaves_every_list_and_the_rest_match_a_rebuild(
    county: tuple[dict[int, PersonRow], dict[int, VacancyRow]],
) -> None:
    # given
    people, vacancies = dict(county[0]), dict(county[1])
    space = random_space(people, vacancies)
    index = ranked_index(people, vacancies, space=space, k=5, width=8)
    listed = [p for v in vacancies for p, _ in index.people_for(v, 1)]
    gone = sorted(set(listed))[:10]

    # when
    index.remove(person_ids=np.array(gone), today=TODAY)

    # then
    for i in gone:
        del people[i]
    assert all(index.vacancies_for(i, 5) == [] for i in gone)
    assert not {p for v in vacancies for p, _ in index.people_for(v, 8)} & set(gone)
    rebuilt = ranked_index(people, vacancies, space=space, k=5, width=8)
    assert_same_lists(
        all_lists(index, set(county[0]), set(vacancies), 5),
        all_lists(rebuilt, set(county[0]), set(vacancies), 5),
    )


def test_a_removed_vacancy_leaves_every_list_and_the_rest_match_a_rebuild(
    county: tuple[dict[int, PersonRow], dict[int, VacancyRow]],
) -> None:
    # given
    people, vacancies = dict(county[0]), dict(county[1])
    space = random_space(people, vacancies)
    index = ranked_index(people, vacancies, space=space, k=5, width=8)
    gone = sorted({v for p in people for v, _ in index.vacancies_for(p, 1)})[:5]

    # when
    index.remove(vacancy_ids=np.array(gone), today=TODAY)

    # then
    for i in gone:
        del vacancies[i]
    assert all(index.people_for(i, 5) == [] for i in gone)
    assert not {v for p in people for v, _ in index.vacancies_for(p, 8)} & set(gone)
    rebuilt = ranked_index(people, vacancies, space=space, k=5, width=8)
    assert_same_lists(
        all_lists(index, set(people), set(county[1]), 5), all_lists(rebuilt, set(people), set(county[1]), 5)
    )


def test_removing_ids_not_in_the_index_changes_nothing() -> None:
    # given
    index = ranked_index({1: PersonRow()}, {11: VacancyRow()})
    before = all_lists(index, {1}, {11}, 5)

    # when
    index.remove(person_ids=np.array([404]), vacancy_ids=np.array([405]), today=TODAY)

    # then
    assert all_lists(index, {1}, {11}, 5) == before


def test_a_removed_id_can_come_back() -> None:
    # given
    space = feature_space(["电焊工", "招聘焊工"])
    welder = PersonRow(text="电焊工")
    index = ranked_index({1: welder}, {11: VacancyRow(text="招聘焊工")}, space=space)
    index.remove(person_ids=np.array([1]), today=TODAY)

    # when
    upsert_people(index, space, {1: welder})

    # then
    assert [v for v, _ in index.vacancies_for(1, 5)] == [11]
    assert [p for p, _ in index.people_for(11, 5)] == [1]


# --- compaction ------------------------------------------------------------------------------
def test_many_upserts_compact_the_index_and_keep_its_lists(
    county: tuple[dict[int, PersonRow], dict[int, VacancyRow]],
) -> None:
    # given
    people, vacancies = dict(county[0]), dict(county[1])
    space = random_space(people, vacancies)
    index = ranked_index(people, vacancies, space=space, k=5, width=8)
    rng = np.random.default_rng(17)
    compacted_people = compacted_vacancies = 0

    # when one change at a time is applied, many more than 5% of either side
    for _ in range(40):
        p = int(rng.choice(sorted(people)))
        people[p] = random_person(rng)
        upsert_people(index, space, {p: people[p]})
        compacted_people += index.people.delta.shape[0] == 0
        v = int(rng.choice(sorted(vacancies)))
        vacancies[v] = random_vacancy(rng)
        upsert_vacancies(index, space, {v: vacancies[v]})
        compacted_vacancies += index.vacancies.delta.shape[0] == 0

    # then both sides were compacted, their tables and lists still row for row
    assert compacted_people >= 2 and compacted_vacancies >= 10
    for side, lists in ((index.people, index.person_lists), (index.vacancies, index.vacancy_lists)):
        assert side.delta.shape[0] <= 0.05 * side.n_base
        assert len(lists) == len(side) == len(side.table)
        assert len(side.ids) == len(set(side.ids[side.alive].tolist())) + int((~side.alive).sum())
    assert len(index.people.ids[index.people.alive]) == len(people)
    rebuilt = ranked_index(people, vacancies, space=space, k=5, width=8)
    assert_same_lists(
        all_lists(index, set(people), set(vacancies), 5), all_lists(rebuilt, set(people), set(vacancies), 5)
    )


def test_compaction_drops_dead_rows_and_keeps_every_current_version() -> None:
    # given an index whose vacancy 11 was replaced and 12 removed
    space = feature_space(["电焊工", "招聘焊工", "招聘厨师"])
    index = ranked_index(
        {1: PersonRow(text="电焊工")},
        {11: VacancyRow(text="招聘厨师"), 12: VacancyRow(text="招聘焊工"), 13: VacancyRow(text="招聘焊工")},
        space=space,
    )
    upsert_vacancies(index, space, {11: VacancyRow(text="招聘焊工")})
    index.remove(vacancy_ids=np.array([12]), today=TODAY)

    # when
    keep = index.vacancies.compact()
    index.vacancy_lists = index.vacancy_lists.take(keep)

    # then
    assert sorted(index.vacancies.ids.tolist()) == [11, 13]
    assert index.vacancies.alive.all()
    assert index.vacancies.delta.shape[0] == 0
    assert index.vacancies.row_of == {int(i): r for r, i in enumerate(index.vacancies.ids)}
    assert [v for v, _ in index.vacancies_for(1, 5)] == [11, 13]
    assert [p for p, _ in index.people_for(11, 5)] == [1]


# --- saving ----------------------------------------------------------------------------------
def test_a_saved_index_loads_with_the_same_lists(
    county: tuple[dict[int, PersonRow], dict[int, VacancyRow]], tmp_path: Path
) -> None:
    # given
    people, vacancies = county
    index = ranked_index(people, vacancies, space=random_space(people, vacancies), k=5, width=8)
    before = all_lists(index, set(people), set(vacancies), 8)

    # when
    index.save(tmp_path / "index", {"built_at": "2024-10-04"})
    loaded = MatchIndex.load(tmp_path / "index")

    # then
    assert loaded is not None
    again, meta = loaded
    assert meta["built_at"] == "2024-10-04"
    assert all_lists(again, set(people), set(vacancies), 8) == before
    assert again.space.matcher.find("铲车工") == index.space.matcher.find("叉车司机")


def test_an_index_saved_after_changes_loads_with_the_lists_of_a_rebuild(
    county: tuple[dict[int, PersonRow], dict[int, VacancyRow]], tmp_path: Path
) -> None:
    # given an index with changed, closed and removed rows not yet compacted
    people, vacancies = dict(county[0]), dict(county[1])
    space = random_space(people, vacancies)
    index = ranked_index(people, vacancies, space=space, k=5, width=8)
    rng = np.random.default_rng(4)
    for i in (3, 4, 5):
        people[i] = random_person(rng)
    upsert_people(index, space, {i: people[i] for i in (3, 4, 5)})
    vacancies[10_002] = replace(vacancies[10_002], active=False)
    upsert_vacancies(index, space, {10_002: vacancies[10_002]})
    index.remove(person_ids=np.array([7]), vacancy_ids=np.array([10_005]), today=TODAY)
    del people[7], vacancies[10_005]
    before = all_lists(index, set(county[0]), set(county[1]), 5)

    # when
    index.save(tmp_path / "index", {})
    loaded = MatchIndex.load(tmp_path / "index")

    # then both the saved and the live index still have every list
    assert loaded is not None
    rebuilt = all_lists(
        ranked_index(people, vacancies, space=space, k=5, width=8), set(county[0]), set(county[1]), 5
    )
    assert_same_lists(before, rebuilt)
    assert_same_lists(all_lists(loaded[0], set(county[0]), set(county[1]), 5), rebuilt)
    assert_same_lists(all_lists(index, set(county[0]), set(county[1]), 5), rebuilt)


def test_a_loaded_index_keeps_taking_updates(tmp_path: Path) -> None:
    # given
    space = feature_space(["电焊工", "招聘焊工"])
    index = ranked_index({1: PersonRow(text="电焊工")}, {11: VacancyRow(text="招聘焊工")}, space=space)
    index.save(tmp_path / "index", {})
    loaded = MatchIndex.load(tmp_path / "index")
    assert loaded is not None

    # when
    upsert_vacancies(loaded[0], space, {12: VacancyRow(text="招聘焊工", place=north_of(COUNTY, -1))})

    # then
    assert [v for v, _ in loaded[0].vacancies_for(1, 5)] == [11, 12]


def test_saving_again_replaces_the_saved_index(tmp_path: Path) -> None:
    # given
    space = feature_space(["电焊工", "招聘焊工"])
    index = ranked_index({1: PersonRow(text="电焊工")}, {11: VacancyRow(text="招聘焊工")}, space=space)
    index.save(tmp_path / "index", {"n": 1})
    upsert_vacancies(index, space, {12: VacancyRow(text="招聘焊工")})

    # when
    index.save(tmp_path / "index", {"n": 2})

    # then
    loaded = MatchIndex.load(tmp_path / "index")
    assert loaded is not None
    assert loaded[1]["n"] == 2
    assert [v for v, _ in loaded[0].vacancies_for(1, 5)] == [11, 12]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]


def test_there_is_nothing_to_load_from_an_empty_folder_or_another_format(tmp_path: Path) -> None:
    # given
    index = ranked_index({1: PersonRow()}, {11: VacancyRow()})
    index.save(tmp_path / "index", {})
    meta = tmp_path / "index" / "meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "format": -1}))

    # when / then
    assert MatchIndex.load(tmp_path / "missing") is None
    assert MatchIndex.load(tmp_path / "index") is None
