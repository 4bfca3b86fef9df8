"""Writes that change what the matching engine reads queue their re-scoring after the commit:
an expired vacancy closed by the nightly job, a vacancy deleted in the admin, an imported
person. The queued task runs here at once (eager), against the real database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import tablib
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs.imports.resources import PersonResource
from jobs.models import Occupation, Person
from jobs.services.taxonomy import taxonomy_load
from jobs.services.vacancies import vacancies_close_expired
from matching.models import Match
from matching.services.index import index_reset
from matching.services.refresh import matches_rebuild
from tests.factories import EmployerFactory, PersonFactory, VacancyFactory, make_id_number, region, staff_user
from workers.celery_app import app
from workers.models import Channel, Notice, NoticeKind
from workers.triggers import rescore_after_commit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_and_own_index(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_reset()
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False
        index_reset()


@pytest.fixture
def forklift_pair() -> tuple[Person, Any]:
    taxonomy_load()
    person = PersonFactory(
        self_description="叉车司机",
        consent_matching=True,
        consent_recorded_at=timezone.now(),
        home_region=region("420882"),
    )
    job = VacancyFactory(
        occupation=Occupation.objects.get(code="6-30-05-01"), title="叉车司机", region=region("420882")
    )
    matches_rebuild()
    assert Match.objects.filter(person=person, vacancy=job).exists()
    return person, job


def test_closing_expired_vacancies_takes_them_off_the_stored_matches_after_the_commit(
    forklift_pair: tuple[Person, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given the vacancy's last valid day was yesterday
    _, job = forklift_pair
    type(job).objects.filter(pk=job.pk).update(valid_until=timezone.localdate() - timedelta(days=1))

    # when the nightly job closes it
    with django_capture_on_commit_callbacks(execute=True) as queued:
        closed = vacancies_close_expired()

    # then its re-scoring ran once the close was committed, and the proposed match is gone
    assert closed == 1 and len(queued) == 1
    assert not Match.objects.filter(vacancy=job).exists()


def test_a_vacancy_deleted_in_the_admin_leaves_the_stored_matches(
    forklift_pair: tuple[Person, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given
    person, job = forklift_pair
    client = Client()
    client.force_login(staff_user("admin", None, superuser=True))

    # when
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(reverse("admin:jobs_vacancy_delete", args=[job.pk]), {"post": "yes"})

    # then
    assert response.status_code == 302
    assert len(queued) == 1
    assert not Match.objects.filter(person=person).exists()


def test_an_imported_person_is_matched_after_the_import_commits_and_a_dry_run_queues_nothing(
    forklift_pair: tuple[Person, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given a spreadsheet with one forklift driver
    _, job = forklift_pair
    row = {
        "姓名": "李四", "身份证号": make_id_number(), "手机号": "13800138001", "现居住地": "湖北省京山市新市街道",
        "学历": "高中/中专/技校", "就业状态": "unemployed", "正在求职": "是", "期望职业": "叉车司机",
        "自我描述": "开了十年叉车", "同意岗位匹配": "是",
    }  # fmt: skip
    dataset = tablib.Dataset(list(row.values()), headers=list(row))

    # when it is previewed, then imported
    with django_capture_on_commit_callbacks(execute=True) as previewed:
        preview = PersonResource().import_data(dataset, dry_run=True)
    with django_capture_on_commit_callbacks(execute=True) as imported:
        with transaction.atomic():
            result = PersonResource().import_data(dataset, dry_run=False)

    # then only the real import queued a re-scoring (then the notices it led to), and the new
    # person has the job and has been told of it
    assert not preview.has_errors() and not preview.has_validation_errors()
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    assert previewed == [] and imported[0].__qualname__.startswith("rescore_after_commit")
    new = Person.objects.get(name="李四")
    assert Match.objects.filter(person=new, vacancy=job, status="notified").exists()
    assert Notice.objects.filter(person=new, kind=NoticeKind.JOB_MATCH, channel=Channel.INBOX).exists()


def test_a_new_vacancy_saved_reaches_its_matched_person_and_its_employer_as_notices(
    forklift_pair: tuple[Person, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given a person told of their match already today, and a second forklift job posted
    person, job = forklift_pair
    Match.objects.filter(person=person).update(status="notified")
    second = VacancyFactory(
        occupation=job.occupation, title="夜班叉车司机", region=region("420882"),
        employer=EmployerFactory(contact_phone="13900139000"),
    )  # fmt: skip

    # when its save commits
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            rescore_after_commit(vacancy_ids=[second.pk])

    # then the re-scoring listed the pair, and its notices followed: a digest to the person and
    # a candidate notice to the employer
    assert Match.objects.filter(person=person, vacancy=second, status="notified").exists()
    digest = Notice.objects.get(kind=NoticeKind.JOB_MATCH, person=person, channel=Channel.INBOX)
    assert "夜班叉车司机" in digest.body
    assert Notice.objects.filter(kind=NoticeKind.CANDIDATES, employer=second.employer).count() == 2
