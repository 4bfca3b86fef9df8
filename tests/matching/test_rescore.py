"""The nightly full re-scoring in shards of people by region: the merged result is the lists a
one-process rebuild gives, progress is visible to city staff, and a shard run twice counts once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs.models import Occupation, Person
from jobs.services.roles import CITY_STAFF
from jobs.services.taxonomy import taxonomy_load
from matching.models import Match, RescoreRun
from matching.services.refresh import matches_rebuild
from matching.services.rescore import _run_dir, rescore_finish, rescore_shard, rescore_start
from tests.factories import PersonFactory, VacancyFactory, region, staff_user
from workers.celery_app import app
from workers.tasks import matching_rescore, matching_rescore_shard

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_index")]
REGIONS = ("420881", "420882", "420802")  # 钟祥市, 京山市, 东宝区


@pytest.fixture
def three_counties() -> None:
    taxonomy_load()
    texts = ("叉车司机", "会开叉车，做过仓管", "电焊工", "铲车工")
    for code in REGIONS:
        for text in texts:
            PersonFactory(self_description=text, consent_matching=True, consent_recorded_at=timezone.now(),
                          home_region=region(code), accepts_anywhere=True)  # fmt: skip
        for occupation in ("6-30-05-01", "6-18-02-04"):
            VacancyFactory(occupation=Occupation.objects.get(code=occupation), region=region(code))


def stored() -> set[tuple[int, int, float, int | None, int | None]]:
    return set(Match.objects.values_list("person_id", "vacancy_id", "score", "person_rank", "vacancy_rank"))


def test_shards_by_region_merged_store_the_matches_a_one_process_rebuild_stores(three_counties: None) -> None:
    # given
    matches_rebuild()
    expected = stored()
    Match.objects.all().delete()

    # when the people are ranked in shards of one county each
    run = rescore_start(shard_people=4)
    last = [rescore_shard(run_id=run.pk, shard=n) for n in range(run.shards_total)]
    rescore_finish(run_id=run.pk)

    # then
    run.refresh_from_db()
    assert [shard["regions"] for shard in run.plan] == [["420802"], ["420881"], ["420882"]]
    assert last == [False, False, True]
    assert (run.status, run.shards_done, run.people) == (RescoreRun.Status.DONE, 3, 12)
    assert run.result["created"] == len(expected) > 12
    assert stored() == expected


def test_progress_shows_in_the_admin_and_a_shard_run_twice_counts_once(three_counties: None) -> None:
    # given a run with one shard of three done, and done again (a redelivered message)
    run = rescore_start(shard_people=4)
    rescore_shard(run_id=run.pk, shard=0)
    assert rescore_shard(run_id=run.pk, shard=0) is False
    client = Client()
    client.force_login(staff_user("city", "420800", groups=[CITY_STAFF]))

    # when city staff open the list
    page = client.get(reverse("admin:matching_rescorerun_changelist")).content.decode()

    # then
    assert "1/3 (33%)" in page
    # and the last shard moves the run on once, however often it runs
    assert rescore_shard(run_id=run.pk, shard=1) is False
    assert rescore_shard(run_id=run.pk, shard=2) is True
    assert rescore_shard(run_id=run.pk, shard=2) is False


def test_the_nightly_task_fans_out_and_finishes(three_counties: None) -> None:
    # given
    app.conf.task_always_eager = True
    try:
        # when
        run_id = matching_rescore.delay().get()
    finally:
        app.conf.task_always_eager = False

    # then
    run = RescoreRun.objects.get(pk=run_id)
    assert run.status == RescoreRun.Status.DONE and run.finished_at is not None
    assert Match.objects.filter(person__in=Person.objects.all()).exists()


def test_a_failed_shard_marks_the_run_failed_and_frees_its_files(three_counties: None) -> None:
    # given a run whose saved profiles went missing
    run = rescore_start(shard_people=4)
    (_run_dir(run.pk) / "base" / "index.pickle").unlink()

    # when a shard runs through the task
    with pytest.raises(RuntimeError):
        matching_rescore_shard(run.pk, 0)

    # then staff see why, and nothing is left on disk
    run.refresh_from_db()
    assert run.status == RescoreRun.Status.FAILED and "shard 0" in run.error
    assert not _run_dir(run.pk).exists()
