"""A match's status moves only forward, through the lifecycle service, with an event each."""

from __future__ import annotations

from typing import Any

import pytest

from matching.models import Match, MatchEvent, MatchStatus
from matching.services.lifecycle import match_set_status, matches_mark_notified
from tests.factories import PersonFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def listed(n: int) -> list[Match]:
    person = PersonFactory()
    return [
        Match.objects.create(person=person, vacancy=VacancyFactory(), score=0.5, person_rank=i + 1)
        for i in range(n)
    ]


def test_marking_matches_notified_moves_only_the_proposed_ones_each_with_an_event() -> None:
    # given three proposed matches and one the person applied for meanwhile
    proposed, applied = listed(3), listed(1)[0]
    match_set_status(match=applied, status=MatchStatus.APPLIED, by="person")

    # when all four are marked notified, twice
    moved = matches_mark_notified(matches=[*proposed, applied])
    again = matches_mark_notified(matches=[*proposed, applied])

    # then the three proposed are notified, once each, and the application is untouched
    assert (moved, again) == (3, 0)
    assert set(Match.objects.filter(status=MatchStatus.NOTIFIED).values_list("pk", flat=True)) == {
        m.pk for m in proposed
    }
    assert Match.objects.get(pk=applied.pk).status == MatchStatus.APPLIED
    events = MatchEvent.objects.filter(status=MatchStatus.NOTIFIED)
    assert sorted(events.values_list("match_id", flat=True)) == sorted(m.pk for m in proposed)
    assert set(events.values_list("by", flat=True)) == {"system"}


def test_marking_many_matches_notified_takes_the_same_few_queries_as_one(
    django_assert_max_num_queries: Any,
) -> None:
    # given two hundred proposed matches
    matches = listed(200)

    # when / then: a locking read, an update and an insert (and the savepoint around them)
    with django_assert_max_num_queries(5):
        assert matches_mark_notified(matches=matches, by="digest") == 200
    assert MatchEvent.objects.filter(by="digest").count() == 200


def test_marking_no_matches_notified_does_nothing(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert matches_mark_notified(matches=[]) == 0
