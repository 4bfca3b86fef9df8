"""matching.ml.vectors: one weighted sparse vector per profile, dot products in [0, 1]."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from matching.ml.reading import CONCEPTS, concept_row, read_text, refused_words
from matching.ml.scoring import MIN_SIMILARITY
from matching.ml.vectors import (
    FOUND_IN_TEXT,
    OCCUPATION,
    REFUSAL,
    REFUSAL_WEIGHT,
    SKILL,
    WELFARE,
    FeatureSpace,
    ProfileBatch,
    SpaceConfig,
    occupation_groups,
)
from matching.services.profiles import AGREES
from tests.matching.ml_builders import (
    COOK,
    DRIVING,
    FORKLIFT,
    OCCUPATIONS,
    SKILLS,
    TIG_WELDING,
    WELDER,
    PersonRow,
    VacancyRow,
    feature_space,
    profile_batch,
    taxonomy_matcher,
)


def dense(m: sp.csr_matrix) -> np.ndarray:
    return np.asarray(m.toarray())


def test_block_slices_cover_text_then_occupations_skills_and_refusals() -> None:
    # given
    space = feature_space(["焊工"])

    # when
    blocks = space.block_slices

    # then
    assert blocks["text"] == slice(0, 2**14)
    assert blocks[OCCUPATION] == slice(2**14, 2**14 + len(OCCUPATIONS))
    assert blocks[SKILL] == slice(2**14 + len(OCCUPATIONS), 2**14 + len(OCCUPATIONS) + len(SKILLS))
    refusals = 2**14 + len(OCCUPATIONS) + len(SKILLS)
    assert blocks[REFUSAL] == slice(refusals, refusals + len(CONCEPTS))
    assert blocks[WELFARE] == slice(refusals + len(CONCEPTS), space.n_features)
    assert space.n_features == refusals + len(CONCEPTS) + 1


def test_a_profile_with_all_three_blocks_has_similarity_one_with_itself() -> None:
    # given
    row = VacancyRow(text="招聘焊工 氩弧焊", occupations={WELDER: 1.0}, skills={TIG_WELDING: 1.0})
    space = feature_space([row.text, "招聘厨师"])

    # when
    v = space.vectors(profile_batch([row]))

    # then
    assert (v @ v.T)[0, 0] == pytest.approx(1.0, abs=1e-6)


def test_each_block_is_normalised_and_weighted_by_the_square_root_of_its_weight() -> None:
    # given
    row = PersonRow(text="会开叉车", occupations={FORKLIFT: 1.0, COOK: 0.7}, skills={DRIVING: 0.85})
    space = feature_space([row.text, "厨师"])
    weights = space.config.weights

    # when
    v = space.vectors(profile_batch([row]))

    # then
    for name in ("text", OCCUPATION, SKILL):
        block = dense(v[:, space.block_slices[name]])
        assert (block**2).sum() == pytest.approx(weights[name], abs=1e-6)


def test_similarity_is_the_weighted_sum_of_the_block_cosines() -> None:
    # given the same occupation, different skills, and no text in common
    person = PersonRow(text="甲乙", occupations={WELDER: 1.0}, skills={TIG_WELDING: 1.0})
    vacancy = VacancyRow(text="丙丁", occupations={WELDER: 1.0}, skills={DRIVING: 1.0})
    space = feature_space([person.text, vacancy.text])

    # when
    similarity = (space.vectors(profile_batch([person])) @ space.vectors(profile_batch([vacancy])).T)[0, 0]

    # then only the occupation block counts
    assert similarity == pytest.approx(space.config.weights[OCCUPATION], abs=1e-6)


def test_similarities_lie_between_zero_and_one() -> None:
    # given
    rows: list[PersonRow | VacancyRow] = [
        PersonRow(text="铲车工 会开叉车", skills={DRIVING: 0.7}),
        PersonRow(text="电焊工 氩弧焊", occupations={WELDER: 1.0}),
        VacancyRow(text="招聘叉车司机", occupations={FORKLIFT: 1.0}, skills={DRIVING: 1.0}),
        VacancyRow(text="招聘焊工", occupations={WELDER: 1.0}, skills={TIG_WELDING: 0.5}),
        PersonRow(text=""),
    ]
    space = feature_space([r.text for r in rows])

    # when
    v = space.vectors(profile_batch(rows))
    sims = dense(v @ v.T)

    # then
    assert sims.min() >= 0.0
    assert sims.max() <= 1.0 + 1e-6
    assert sims[0, 2] > sims[0, 3]  # the forklift driver is nearer the forklift job
    assert sims[1, 3] > sims[1, 2]  # and the welder the welding job


def test_a_profile_with_no_text_and_no_concepts_has_an_empty_vector() -> None:
    # given
    space = feature_space(["焊工"])

    # when
    v = space.vectors(profile_batch([PersonRow(text="")]))

    # then
    assert v.nnz == 0


def test_concepts_named_in_the_text_count_less_than_declared_ones() -> None:
    # given: forklift declared, welding only written in the text
    row = PersonRow(text="也会干电焊工", occupations={FORKLIFT: 1.0})
    space = feature_space([row.text])

    # when
    occupations = dense(space.vectors(profile_batch([row]))[:, space.block_slices[OCCUPATION]])[0]

    # then
    assert occupations[WELDER] / occupations[FORKLIFT] == pytest.approx(FOUND_IN_TEXT, rel=1e-5)


def test_a_declared_concept_also_named_in_the_text_keeps_the_larger_weight() -> None:
    # given the declared weight (0.9) is above the found-in-text weight (0.6)
    row = PersonRow(text="电焊工 厨师", occupations={WELDER: 0.9})
    space = feature_space([row.text])

    # when
    occupations = dense(space.vectors(profile_batch([row]))[:, space.block_slices[OCCUPATION]])[0]

    # then
    assert occupations[COOK] / occupations[WELDER] == pytest.approx(FOUND_IN_TEXT / 0.9, rel=1e-5)


def test_ngrams_in_more_than_max_df_of_profiles_are_dropped() -> None:
    # given "工" is in every profile, "叉" in one of four
    corpus = ["叉车工", "焊工", "电工", "清洁工"]
    space = FeatureSpace.fit(
        corpus,
        matcher=taxonomy_matcher(),
        n_occupations=len(OCCUPATIONS),
        n_skills=len(SKILLS),
        config=SpaceConfig(n_text_features=2**14, max_df=0.5, min_pruned_df=0),
    )

    # when
    v = space.vectors(profile_batch([PersonRow(text="工"), PersonRow(text="叉")]))

    # then
    assert v[0].nnz == 0
    assert v[1].nnz == 1


def test_a_small_registry_keeps_its_common_words() -> None:
    # given "工" is in every profile, but there are fewer profiles than min_pruned_df
    corpus = ["叉车工", "焊工", "电工", "清洁工"]
    space = FeatureSpace.fit(
        corpus,
        matcher=taxonomy_matcher(),
        n_occupations=len(OCCUPATIONS),
        n_skills=len(SKILLS),
        config=SpaceConfig(n_text_features=2**14, max_df=0.5, min_pruned_df=10),
    )

    # when
    v = space.vectors(profile_batch([PersonRow(text="工")]))

    # then
    assert v[0].nnz == 1


def test_a_profile_gets_the_same_vector_alone_or_in_a_batch() -> None:
    # given
    rows = [
        PersonRow(text="铲车工 会开叉车", skills={DRIVING: 0.7}),
        PersonRow(text="电焊工 氩弧焊", occupations={WELDER: 1.0}),
        PersonRow(text="月嫂"),
    ]
    space = feature_space([r.text for r in rows])

    # when
    together = space.vectors(profile_batch(rows))
    alone = sp.vstack([space.vectors(profile_batch([r])) for r in rows], format="csr")

    # then
    assert np.array_equal(dense(together), dense(alone))


def test_rarer_ngrams_weigh_more() -> None:
    # given "焊" is in every welding profile, "氩" in only one
    corpus = ["焊工", "电焊", "焊接", "氩弧焊"]
    space = feature_space(corpus)
    text = space.block_slices["text"]

    # when
    v = dense(space.vectors(profile_batch([PersonRow(text="氩焊")]))[:, text])[0]

    # then
    nonzero = sorted(v[v > 0])
    assert len(nonzero) == 3  # 氩, 焊, 氩焊
    assert nonzero[0] < nonzero[1]


def test_vectors_are_float32_with_sorted_indices_and_no_stored_zeros() -> None:
    # given
    space = feature_space(["焊工 氩弧焊", "叉车"])

    # when
    v = space.vectors(profile_batch([PersonRow(), VacancyRow(text="叉车司机")]))

    # then
    assert v.dtype == np.float32
    assert v.has_sorted_indices
    assert (v.data != 0).all()


def test_a_registry_counted_in_batches_gets_the_vectors_and_weights_it_would_in_one_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given
    rows = [
        PersonRow(text="会开叉车 能吃苦", occupations={FORKLIFT: 1.0}),
        PersonRow(text="氩弧焊 焊工 十年", skills={TIG_WELDING: 0.85}),
        PersonRow(text="厨师 会做湘菜"),
        PersonRow(text="叉车 焊工 都会一点"),
        PersonRow(text=""),
    ]
    texts = [r.text for r in rows]
    whole_space = feature_space(texts)
    whole = whole_space.vectors(profile_batch(rows))

    # when
    monkeypatch.setattr("matching.ml.vectors.TEXT_BATCH", 2)
    batched_space = feature_space(texts)
    batched = batched_space.vectors(profile_batch(rows))

    # then
    assert np.array_equal(batched_space.idf, whole_space.idf)
    assert np.array_equal(dense(batched), dense(whole))


def test_a_refusal_counts_against_a_post_that_offers_it_and_not_one_that_says_it_does_not() -> None:
    # given someone who will not work nights or wash dishes, a night-shift kitchen post and a day one
    reading = read_text("做过几年帮厨，不要夜班，洗碗就算了")
    person = ProfileBatch(
        [reading.positive_text],
        sp.csr_matrix((1, len(OCCUPATIONS))),
        sp.csr_matrix((1, len(SKILLS))),
        sp.csr_matrix(_row(concept_row(refused=reading.refused))),
        [refused_words(reading.refused)],
    )
    posts = ["后厨帮厨，配菜洗碗，两班倒上夜班", "后厨帮厨，配菜切菜，只上白班不上夜班"]
    vacancies = ProfileBatch(
        posts,
        sp.csr_matrix((2, len(OCCUPATIONS))),
        sp.csr_matrix((2, len(SKILLS))),
        sp.csr_matrix(np.vstack([_row(concept_row(offered_in=p)) for p in posts])),
    )
    space = feature_space([reading.positive_text, *posts])

    # when
    p, v = space.vectors(person), space.vectors(vacancies)
    refusal = dense(p[:, space.block_slices[REFUSAL]] @ v[:, space.block_slices[REFUSAL]].T)[0]
    similarity = dense(p @ v.T)[0]

    # then the night-shift post loses one conflict's weight, the day post none, and the words
    # refused weigh against the post that asks for them
    assert refusal.tolist() == pytest.approx([-REFUSAL_WEIGHT, 0.0], abs=1e-6)
    assert similarity[0] < similarity[1]


def _row(entries: dict[int, float]) -> np.ndarray:
    row = np.zeros((1, len(CONCEPTS)), np.float32)
    for column, value in entries.items():
        row[0, column] = value
    return row


def test_an_occupation_names_its_groups_so_nearer_codes_agree_more() -> None:
    # given the forklift operator's occupation, another of its minor group, one of its medium
    # group only, and a code outside the classification
    codes = ["6-30-05-01", "6-30-05-02", "6-30-01-01", "6-30-05-00", "6-30-00-00", "6-00-00-00", "welder"]
    groups = occupation_groups(codes)

    def agreement(a: int, b: int) -> float:
        x, y = groups[a].toarray()[0], groups[b].toarray()[0]
        return float(x @ y / np.linalg.norm(x) / np.linalg.norm(y))

    # then the same occupation agrees fully, the same minor group more than the same medium one
    assert agreement(0, 0) == pytest.approx(1.0)
    assert 1.0 > agreement(0, 1) > agreement(0, 2) > 0.0
    # a group code declared on one side meets its occupations on the other
    assert agreement(0, 3) > agreement(2, 3) > 0.0
    # and a code outside the classification only meets itself
    assert agreement(0, 6) == 0.0 and groups[6].nnz == 1


def test_a_pair_whose_coded_occupations_agree_clears_the_similarity_floor_on_that_alone() -> None:
    # given a person whose words were coded to the welder's occupation as unsurely as coding
    # ever counts, with skills of their own and no word in common with the post
    coded = FOUND_IN_TEXT * AGREES
    person = PersonRow(text="甲乙", occupations={WELDER: coded}, skills={DRIVING: 1.0})
    vacancy = VacancyRow(text="丙丁", occupations={WELDER: 1.0}, skills={TIG_WELDING: 1.0})
    space = feature_space([person.text, vacancy.text])

    # when
    similarity = (space.vectors(profile_batch([person])) @ space.vectors(profile_batch([vacancy])).T)[0, 0]

    # then
    assert similarity >= MIN_SIMILARITY
