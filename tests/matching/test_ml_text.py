"""matching.ml.text: normalisation, hashed character n-grams and taxonomy concepts in text."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from matching.ml.text import ConceptMatcher, ngram_counts, normalise
from matching.ml.vectors import OCCUPATION, SKILL
from tests.matching.ml_builders import DRIVING, FORKLIFT, WELDER, taxonomy_matcher

N = 2**16


def column_of(ngram: str) -> int:
    """The hashed column of one n-gram (its own length decides unigram or bigram)."""
    counts = ngram_counts([ngram], n_features=N, ngram_range=(len(ngram), len(ngram)))
    assert counts.nnz == 1
    return int(counts.indices[0])


# --- normalise -------------------------------------------------------------------------------
def test_full_width_letters_and_digits_become_half_width_lower_case() -> None:
    # given
    text = "ＰＬＣ编程 ２０２４年 ＣＡＤ"

    # when
    out = normalise(text)

    # then
    assert out == "plc编程 2024年 cad"


def test_chinese_and_full_width_punctuation_become_single_spaces() -> None:
    # given
    text = "叉车司机，焊工。。电工！（急招）——月嫂　保洁"

    # when
    out = normalise(text)

    # then
    assert out == "叉车司机 焊工 电工 急招 月嫂 保洁"


def test_runs_of_underscores_and_punctuation_collapse_to_one_space() -> None:
    # given
    text = "焊工__电工_-_厨师"

    # when
    out = normalise(text)

    # then
    assert out == "焊工 电工 厨师"


def test_leading_and_trailing_punctuation_is_stripped() -> None:
    # given
    text = "  【急招】 "

    # when
    out = normalise(text)

    # then
    assert out == "急招"


# --- ngram_counts ----------------------------------------------------------------------------
def test_counts_have_one_row_per_text_and_n_features_columns() -> None:
    # given
    texts = ["叉车司机", "", "焊工"]

    # when
    counts = ngram_counts(texts, n_features=N)

    # then
    assert isinstance(counts, sp.csr_matrix)
    assert counts.shape == (3, N)
    assert counts[1].nnz == 0


def test_a_text_has_one_unigram_per_character_and_one_bigram_per_neighbouring_pair() -> None:
    # given
    text = "叉车司机"  # 4 unigrams, 3 bigrams

    # when
    counts = ngram_counts([text], n_features=N)

    # then
    assert counts.sum() == 7
    for ngram in ["叉", "车", "司", "机", "叉车", "车司", "司机"]:
        assert counts[0, column_of(ngram)] == 1


def test_repeated_ngrams_are_counted() -> None:
    # given
    text = "叉车叉车叉车"

    # when
    counts = ngram_counts([text], n_features=N)

    # then
    assert counts[0, column_of("叉")] == 3
    assert counts[0, column_of("叉车")] == 3
    assert counts[0, column_of("车叉")] == 2
    assert counts.sum() == 6 + 5


def test_bigrams_do_not_cross_from_one_document_to_the_next() -> None:
    # given two one-character documents: joined they would make "叉车"
    texts = ["叉", "车"]

    # when
    counts = ngram_counts(texts, n_features=N, ngram_range=(2, 2))

    # then
    assert counts.nnz == 0


def test_bigrams_do_not_cross_punctuation_or_spaces() -> None:
    # given
    texts = ["叉，车", "叉 车", "叉_车", "叉。。车"]

    # when
    counts = ngram_counts(texts, n_features=N, ngram_range=(2, 2))

    # then
    assert counts.nnz == 0
    assert ngram_counts(["叉车"], n_features=N, ngram_range=(2, 2)).nnz == 1


def test_each_document_is_counted_on_its_own_row() -> None:
    # given
    texts = ["焊工", "电焊工", "叉车"]

    # when
    counts = ngram_counts(texts, n_features=N)

    # then
    weld = column_of("焊工")
    assert counts[:, weld].toarray().ravel().tolist() == [1, 1, 0]
    assert counts.sum(axis=1).ravel().tolist() == [[3, 5, 3]]


def test_the_same_ngram_hashes_to_the_same_column_whatever_its_neighbours() -> None:
    # given
    texts = ["叉车", "会开叉车的师傅"]

    # when
    counts = ngram_counts(texts, n_features=N, ngram_range=(2, 2))

    # then
    assert counts[0, column_of("叉车")] == 1
    assert counts[1, column_of("叉车")] == 1


def test_unigrams_and_bigrams_of_the_same_characters_use_different_columns() -> None:
    # given: "ab" as a bigram and "a", "b" as unigrams
    # when
    columns = {column_of("a"), column_of("b"), column_of("ab")}

    # then
    assert len(columns) == 3


def test_full_width_and_half_width_text_give_the_same_counts() -> None:
    # given
    full, half = "ＣＡＤ制图，ＰＬＣ", "cad制图 plc"

    # when
    a = ngram_counts([full], n_features=N)
    b = ngram_counts([half], n_features=N)

    # then
    assert (a != b).nnz == 0


def test_columns_spread_over_the_whole_feature_range() -> None:
    # given many different characters
    texts = [chr(c) for c in range(0x4E00, 0x4E00 + 2000)]

    # when
    counts = ngram_counts(texts, n_features=64, ngram_range=(1, 1))

    # then every column is used and none is hit far more than the others
    per_column = np.bincount(counts.indices, minlength=64)
    assert counts.indices.max() < 64
    assert per_column.min() > 0
    assert per_column.max() < 3 * per_column.mean()


@pytest.mark.parametrize("n_features", [1000, 3, 6, 0, -8])
def test_a_feature_count_that_is_not_a_power_of_two_is_refused(n_features: int) -> None:
    # given
    texts = ["焊工"]

    # when / then
    with pytest.raises(ValueError, match="power of two"):
        ngram_counts(texts, n_features=n_features)


def test_an_empty_corpus_gives_an_empty_matrix() -> None:
    # when
    counts = ngram_counts([], n_features=N)

    # then
    assert counts.shape == (0, N)


def test_trigrams_are_counted_when_asked_for() -> None:
    # given
    text = "叉车司机"

    # when
    counts = ngram_counts([text], n_features=N, ngram_range=(3, 3))

    # then
    assert counts.sum() == 2
    assert counts[0, column_of("叉车司")] == 1


# --- ConceptMatcher --------------------------------------------------------------------------
def test_an_official_name_and_an_everyday_synonym_find_the_same_occupation() -> None:
    # given
    matcher = taxonomy_matcher()

    # when
    official = matcher.find("招聘叉车司机")
    everyday = matcher.find("本人是铲车工")

    # then
    assert (OCCUPATION, FORKLIFT) in official
    assert (OCCUPATION, FORKLIFT) in everyday


def test_every_concept_named_in_a_text_is_found_with_its_kind() -> None:
    # given
    matcher = taxonomy_matcher()

    # when
    found = matcher.find("我是铲车工，会开叉车，也干过电焊工")

    # then
    assert found == {(OCCUPATION, FORKLIFT), (SKILL, DRIVING), (OCCUPATION, WELDER)}


def test_a_text_naming_no_concept_finds_nothing() -> None:
    # given
    matcher = taxonomy_matcher()

    # when / then
    assert matcher.find("吃苦耐劳，服从安排") == set()
    assert matcher.find("") == set()


def test_one_character_terms_are_ignored() -> None:
    # given "焊" and "车" would match half of all texts
    matcher = ConceptMatcher([(OCCUPATION, 0, ["焊", "焊工"]), (SKILL, 3, ["车"])])

    # when
    only_one_character = matcher.find("会焊，有车")
    full_name = matcher.find("电焊工")

    # then
    assert only_one_character == set()
    assert full_name == {(OCCUPATION, 0)}


def test_a_matcher_with_only_one_character_terms_finds_nothing() -> None:
    # given
    matcher = ConceptMatcher([(OCCUPATION, 0, ["焊"])])

    # when / then
    assert matcher.find("焊工焊") == set()


def test_terms_and_texts_are_normalised_before_matching() -> None:
    # given a term written in full width with punctuation inside
    matcher = ConceptMatcher([(SKILL, 2, ["ＰＬＣ编程"]), (SKILL, 5, ["C1驾照"])])

    # when
    found = matcher.find("熟悉plc编程，有c1驾照")

    # then
    assert found == {(SKILL, 2), (SKILL, 5)}


def test_a_term_shared_by_two_concepts_finds_both() -> None:
    # given
    matcher = ConceptMatcher([(OCCUPATION, 0, ["师傅"]), (OCCUPATION, 1, ["师傅", "厨师"])])

    # when
    found = matcher.find("老师傅")

    # then
    assert found == {(OCCUPATION, 0), (OCCUPATION, 1)}
