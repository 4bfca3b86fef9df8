"""The occupations coded from the words of people who declare none are kept with them: a rebuild
codes again only the people whose words changed, and a person who leaves takes theirs along."""

from __future__ import annotations

from datetime import date

import pytest

from jobs.services.accounts import seeker_delete
from jobs.services.people import person_profile_save
from matching.models import PersonCoding
from matching.services.profiles import people_data, taxonomy_snapshot
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
FORKLIFT, WELDER = "6-30-05-01", "6-18-02-04"


def coded_as(person_pk: int) -> list[str]:
    taxonomy = taxonomy_snapshot()
    data = people_data([person_pk], taxonomy, today=TODAY)
    row = data.batch.occupations.getrow(0)
    weights = dict(zip(row.indices, row.data, strict=True))
    return [taxonomy.occupation_codes[i] for i in sorted(weights, key=lambda i: -weights[i])]


def test_codes_are_kept_with_the_person_and_coded_again_only_when_the_words_change() -> None:
    person = PersonFactory(self_description="在东莞开过三年叉车，想回京山上班")
    assert not person.desired_occupations.exists()

    # the first build codes the words and keeps the codes
    assert coded_as(person.pk)[0] == FORKLIFT
    kept = PersonCoding.objects.get(person=person)
    assert kept.codes[0][0] == FORKLIFT and "叉车" not in str(kept.codes)

    # a later build reads what was kept (here altered, to show it is what is read)
    PersonCoding.objects.filter(pk=kept.pk).update(codes=[[WELDER, 4, "焊工", 0.9]])
    assert coded_as(person.pk) == [WELDER]

    # new words are coded again
    person_profile_save(person=person, data={"self_description": "以前在工地开铲车，也开过叉车"})
    assert coded_as(person.pk)[0] == FORKLIFT
    assert PersonCoding.objects.get(person=person).digest != kept.digest


def test_a_person_who_leaves_takes_their_codes_along() -> None:
    person = PersonFactory(self_description="会电焊，干过三年")
    coded_as(person.pk)
    assert PersonCoding.objects.filter(person=person).exists()

    seeker_delete(person=person)

    assert not PersonCoding.objects.filter(person=person).exists()
