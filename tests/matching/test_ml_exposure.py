"""The exposure rule on one list: only places move, and only when nobody followed is high enough."""

from __future__ import annotations

import pytest

from matching.ml.exposure import Entry, promote


def ranked(n: int) -> list[Entry]:
    return [(i, round(1 - i / 100, 2)) for i in range(1, n + 1)]


def test_a_flagged_person_at_place_15_is_moved_to_place_10_and_the_rest_keep_their_order() -> None:
    # when
    lifted = promote(ranked(20), (15, 0.85), {15}, at=10, k=20)
    # then
    assert lifted is not None
    assert [person for person, _ in lifted] == [*range(1, 10), 15, *range(10, 15), *range(16, 21)]
    assert dict(lifted) == dict(ranked(20))  # nobody's score changed


def test_a_flagged_person_off_the_shown_list_enters_it_at_place_10_and_the_last_one_leaves() -> None:
    # when: the person is the vacancy's 40th; the list shows 20
    lifted = promote(ranked(20), (40, 0.6), {40}, at=10, k=20)
    # then
    assert lifted is not None and len(lifted) == 20
    assert lifted[9] == (40, 0.6) and 20 not in dict(lifted)


@pytest.mark.parametrize("place", [1, 7, 10])
def test_the_list_stands_when_a_flagged_person_is_already_within_the_first_10(place: int) -> None:
    # given another flagged person further down, better placed than nobody
    assert promote(ranked(20), (place, 1 - place / 100), {place, 18}, at=10, k=20) is None


def test_the_list_stands_when_no_flagged_person_suits_the_vacancy() -> None:
    assert promote(ranked(20), None, {99}, at=10, k=20) is None


def test_on_a_short_list_the_flagged_person_comes_right_after_the_others() -> None:
    # when: five people suit the vacancy better; the flagged one is found beyond the list's width
    lifted = promote(ranked(5), (30, 0.4), {30}, at=10, k=20)
    # then
    assert lifted == [*ranked(5), (30, 0.4)]


def test_the_place_is_a_parameter() -> None:
    lifted = promote(ranked(20), (12, 0.88), {12}, at=1, k=20)
    assert lifted is not None and lifted[0] == (12, 0.88) and lifted[1] == (1, 0.99)
