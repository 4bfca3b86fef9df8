"""The match index catches up with every change it reads, also when no queue message came."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from jobs.models import Employer, HardToEmployProfile, MigrantRecord, Occupation
from jobs.services.employers import employer_save
from jobs.services.hardship import hardship_profile_save
from jobs.services.migrants import migrant_record_save
from jobs.services.taxonomy import taxonomy_load
from matching.services.index import index_catch_up, index_current
from matching.services.refresh import matches_rebuild
from tests.factories import PersonFactory, VacancyFactory, region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_index")]


def test_changes_to_migrant_records_hardship_profiles_and_employers_are_caught_up(
    django_capture_on_commit_callbacks: object,
) -> None:
    # given an index in step with the registries
    taxonomy_load()
    away, hard = PersonFactory(self_description="叉车司机"), PersonFactory(self_description="保洁")
    job = VacancyFactory(occupation=Occupation.objects.get(code="6-30-05-01"))
    matches_rebuild()
    live = index_current()
    live.synced_at = timezone.now()  # as if it last looked a while after the build
    assert [ids.size for ids in index_catch_up(live)] == [0, 0]
    live.synced_at = timezone.now()

    # when, with the queue lost (its messages never sent), staff change what the engine reads
    # in the other registries
    with django_capture_on_commit_callbacks(execute=False):  # type: ignore[attr-defined]
        migrant_record_save(
            record=MigrantRecord(person=away, work_region=region("440300"), started_on=date(2024, 3, 1))
        )
        hardship_profile_save(profile=HardToEmployProfile(person=hard, registered_on=timezone.localdate()))
        employer = Employer.objects.get(pk=job.employer_id)
        employer.status = Employer.Status.SUSPENDED
        employer_save(employer=employer)
    people, vacancies = index_catch_up(live)

    # then the index sees each change as a change of the person or vacancy
    assert sorted(people.tolist()) == sorted([away.pk, hard.pk])
    assert vacancies.tolist() == [job.pk]
