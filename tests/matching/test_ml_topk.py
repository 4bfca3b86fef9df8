"""matching.ml.topk: the best ``width`` per row, ties by the smaller id, and the bound."""

from __future__ import annotations

import numpy as np
import pytest

from matching.ml.topk import EMPTY, TopLists, merge, top_per_row


def flat(entries: list[tuple[int, int, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, id, score) triples as the three flat arrays ``top_per_row`` takes."""
    rows = np.array([e[0] for e in entries], np.int64)
    ids = np.array([e[1] for e in entries], np.int64)
    scores = np.array([e[2] for e in entries], np.float32)
    return rows, ids, scores


def brute_force(
    rows: np.ndarray, ids: np.ndarray, scores: np.ndarray, n_rows: int, width: int
) -> tuple[list[list[tuple[int, float]]], list[float]]:
    lists, bounds = [], []
    for r in range(n_rows):
        mine = sorted(
            ((float(s), int(i)) for q, i, s in zip(rows, ids, scores, strict=True) if q == r),
            key=lambda e: (-e[0], e[1]),
        )
        lists.append([(i, s) for s, i in mine[:width]])
        bounds.append(mine[width][0] if len(mine) > width else 0.0)
    return lists, bounds


def test_each_row_lists_its_candidates_best_first() -> None:
    # given
    rows, ids, scores = flat([(0, 11, 0.2), (0, 12, 0.9), (1, 13, 0.5), (0, 14, 0.5)])

    # when
    lists = top_per_row(rows, ids, scores, n_rows=2, width=3)

    # then
    assert lists.head(3) == [
        [(12, pytest.approx(0.9)), (14, pytest.approx(0.5)), (11, pytest.approx(0.2))],
        [(13, pytest.approx(0.5))],
    ]


def test_lists_are_cut_at_the_width_and_padded_when_shorter() -> None:
    # given
    rows, ids, scores = flat([(0, i, i / 10) for i in range(1, 6)] + [(2, 7, 0.3)])

    # when
    lists = top_per_row(rows, ids, scores, n_rows=3, width=3)

    # then
    assert lists.ids.tolist() == [[5, 4, 3], [EMPTY, EMPTY, EMPTY], [7, EMPTY, EMPTY]]
    assert np.isneginf(lists.scores[1]).all()
    assert np.isneginf(lists.scores[2, 1:]).all()


def test_ties_are_broken_by_the_smaller_id_whatever_order_they_arrive_in() -> None:
    # given four candidates with the same score, in shuffled orders
    entries = [(0, 42, 0.5), (0, 7, 0.5), (0, 19, 0.5), (0, 3, 0.5), (0, 50, 0.8)]
    rng = np.random.default_rng(1)

    for _ in range(5):
        shuffled = [entries[i] for i in rng.permutation(len(entries))]

        # when
        lists = top_per_row(*flat(shuffled), n_rows=1, width=3)

        # then
        assert lists.ids[0].tolist() == [50, 3, 7]


def test_a_candidate_given_twice_is_listed_once() -> None:
    # given job 12 found twice for row 0 (from two of a person's places), with the same score
    rows, ids, scores = flat([(0, 12, 0.9), (0, 11, 0.2), (0, 12, 0.9), (1, 12, 0.9)])

    # when
    lists = top_per_row(rows, ids, scores, n_rows=2, width=2)

    # then
    assert lists.head(2) == [[(12, pytest.approx(0.9)), (11, pytest.approx(0.2))], [(12, pytest.approx(0.9))]]
    assert lists.bound.tolist() == [0.0, 0.0]


def test_the_bound_is_the_best_score_left_out() -> None:
    # given five candidates for a list of three
    rows, ids, scores = flat([(0, 1, 0.9), (0, 2, 0.1), (0, 3, 0.7), (0, 4, 0.4), (0, 5, 0.8)])

    # when
    lists = top_per_row(rows, ids, scores, n_rows=1, width=3)

    # then
    assert lists.ids[0].tolist() == [1, 5, 3]
    assert lists.bound[0] == pytest.approx(0.4)


def test_the_bound_is_zero_when_nothing_was_left_out() -> None:
    # given exactly as many candidates as the width, and a row with none
    rows, ids, scores = flat([(0, 1, 0.9), (0, 2, 0.1)])

    # when
    lists = top_per_row(rows, ids, scores, n_rows=2, width=2)

    # then
    assert lists.bound.tolist() == [0.0, 0.0]


def test_no_candidates_give_empty_lists() -> None:
    # when
    lists = top_per_row(*flat([]), n_rows=3, width=4)

    # then
    assert lists.ids.shape == (3, 4)
    assert (lists.ids == EMPTY).all()
    assert lists.head(4) == [[], [], []]


def test_top_per_row_agrees_with_sorting_every_row() -> None:
    # given many candidates with many ties (scores on a coarse grid)
    rng = np.random.default_rng(11)
    n_rows, width = 25, 6
    rows = rng.integers(0, n_rows, 600)
    ids = rng.permutation(10_000)[:600].astype(np.int64)
    scores = (rng.integers(1, 12, 600) / 12).astype(np.float32)

    # when
    lists = top_per_row(rows, ids, scores, n_rows=n_rows, width=width)

    # then
    expected, bounds = brute_force(rows, ids, scores, n_rows, width)
    assert lists.head(width) == expected
    assert lists.bound.tolist() == bounds


def test_head_returns_the_first_k_of_each_row() -> None:
    # given
    lists = top_per_row(*flat([(0, 1, 0.9), (0, 2, 0.8), (0, 3, 0.7)]), n_rows=1, width=3)

    # when
    head = lists.head(2)

    # then
    assert [i for i, _ in head[0]] == [1, 2]


def test_merge_adds_candidates_and_recuts_to_the_width() -> None:
    # given
    lists = top_per_row(*flat([(0, 1, 0.9), (0, 2, 0.5), (1, 3, 0.4)]), n_rows=2, width=2)

    # when
    merged = merge(lists, *flat([(0, 4, 0.7), (1, 5, 0.6), (1, 6, 0.1)]))

    # then
    assert merged.ids.tolist() == [[1, 4], [5, 3]]
    assert merged.bound.tolist() == pytest.approx([0.5, 0.1])


def test_merge_keeps_the_larger_of_the_old_and_the_new_bound() -> None:
    # given a list whose bound says something of 0.6 was left out earlier
    lists = top_per_row(*flat([(0, 1, 0.9), (0, 2, 0.8), (0, 3, 0.6)]), n_rows=1, width=2)

    # when a weaker candidate is merged in and falls off the end
    merged = merge(lists, *flat([(0, 4, 0.3)]))

    # then
    assert merged.ids.tolist() == [[1, 2]]
    assert merged.bound[0] == pytest.approx(0.6)


def test_merging_in_chunks_equals_ranking_everything_at_once() -> None:
    # given
    rng = np.random.default_rng(5)
    rows = rng.integers(0, 10, 300)
    ids = np.arange(300, dtype=np.int64)
    scores = rng.random(300).astype(np.float32)
    at_once = top_per_row(rows, ids, scores, n_rows=10, width=5)

    # when
    lists = TopLists.empty(10, 5)
    for start in range(0, 300, 40):
        part = slice(start, start + 40)
        lists = merge(lists, rows[part], ids[part], scores[part])

    # then
    assert np.array_equal(lists.ids, at_once.ids)
    assert np.array_equal(lists.scores, at_once.scores)
    assert np.array_equal(lists.bound, at_once.bound)


def test_take_put_and_extend_move_whole_rows() -> None:
    # given
    lists = top_per_row(*flat([(0, 1, 0.9), (1, 2, 0.8), (2, 3, 0.7)]), n_rows=3, width=2)

    # when
    picked = lists.take(np.array([2, 0]))
    longer = lists.extend(TopLists.empty(2, 2))
    longer.put(np.array([3]), picked.take(np.array([1])))

    # then
    assert picked.ids[:, 0].tolist() == [3, 1]
    assert len(longer) == 5
    assert longer.width == 2
    assert longer.ids[:, 0].tolist() == [1, 2, 3, 1, EMPTY]
