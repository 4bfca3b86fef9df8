"""A real Celery worker against the real broker and database (PostgreSQL and Redis)."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from jobs.models import Occupation, Vacancy
from jobs.services.taxonomy import taxonomy_load
from matching.models import Match, RescoreRun
from tests.factories import PersonFactory, VacancyFactory, region
from tests.support import child_env, process_group, wait_for
from workers.tasks import (
    matching_rebuild,
    matching_refresh_vacancies,
    matching_rescore,
    vacancies_close_expired,
)

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("regions_loaded")]


def run_worker(tmp_path: Path, name: str, queues: str = "default") -> Any:
    """A worker process using the test database, so it sees what the test commits."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    assert db["ENGINE"].endswith("postgresql"), "the services pass runs on PostgreSQL"
    assert str(settings.CELERY_BROKER_URL).startswith("redis://"), "the services pass uses Redis"
    command = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--queues", queues,
               "--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]  # fmt: skip
    env = child_env(DATABASE_URL=url, MATCHING_INDEX_DIR=str(tmp_path / "index"))
    return process_group(command, env, tmp_path / f"{name}.log")


@pytest.fixture
def worker(tmp_path: Path) -> Any:
    with run_worker(tmp_path, "worker") as process:
        yield process


def test_a_task_sent_through_redis_is_run_by_the_worker_against_postgresql(worker: Any) -> None:
    # given an open vacancy whose validity ended yesterday, committed
    today = timezone.localdate()
    vacancy = VacancyFactory(valid_from=today - timedelta(days=30), valid_until=today - timedelta(days=1))
    # when the task goes through the broker
    vacancies_close_expired.delay()
    # then the worker closes it
    wait_for(
        lambda: Vacancy.objects.get(pk=vacancy.pk).status == Vacancy.Status.CLOSED,
        timeout=90, what="the worker to close the vacancy",
    )  # fmt: skip


def test_the_nightly_rebuild_saves_the_index_and_a_restarted_worker_loads_it(tmp_path: Path) -> None:
    # given a looking person and a forklift vacancy, committed
    taxonomy_load()
    forklift = Occupation.objects.get(code="6-30-05-01")
    person = PersonFactory(
        self_description="干过五年铲车工", consent_matching=True, consent_recorded_at=timezone.now()
    )
    VacancyFactory(occupation=forklift, title="叉车司机")
    # when the rebuild runs on a worker of the slow queue
    with run_worker(tmp_path, "first", "slow,scoring"):
        matching_rebuild.delay()
        wait_for(lambda: Match.objects.filter(person=person).exists(), timeout=120, what="the rebuild")
    assert (tmp_path / "index" / "meta.json").exists()
    # and a new vacancy is refreshed by a new worker
    new = VacancyFactory(occupation=forklift, title="铲车工", wage_min=7000, wage_max=9000)
    with run_worker(tmp_path, "second", "slow,scoring"):
        matching_refresh_vacancies.delay([new.pk])
        wait_for(
            lambda: Match.objects.filter(person=person, vacancy=new).exists(), timeout=120, what="the refresh"
        )
    # then the second worker loaded the saved index rather than building one
    log = (tmp_path / "second.log").read_text()
    assert "loaded the saved match index" in log and "built the match index" not in log


def test_the_nightly_rescore_fans_out_in_shards_to_two_workers_and_merges(tmp_path: Path) -> None:
    # given people in three counties
    taxonomy_load()
    forklift = Occupation.objects.get(code="6-30-05-01")
    for code in ("420881", "420882", "420802"):
        for text in ("叉车司机", "干过五年铲车工"):
            PersonFactory(self_description=text, consent_matching=True, consent_recorded_at=timezone.now(),
                          home_region=region(code), accepts_anywhere=True)  # fmt: skip
        VacancyFactory(occupation=forklift, region=region(code))

    # when the re-scoring is sent, in shards of one county, to two workers of the slow queue
    with run_worker(tmp_path, "one", "slow"), run_worker(tmp_path, "two", "slow"):
        for log in (tmp_path / "one.log", tmp_path / "two.log"):
            wait_for(lambda log=log: "ready" in log.read_text(), timeout=60, what=f"the worker of {log.name}")
        matching_rescore.delay(shard_people=2)
        wait_for(lambda: RescoreRun.objects.filter(status__in=["done", "failed"]).exists(), timeout=180,
                 what="the re-scoring")  # fmt: skip

    # then the shards were shared by both workers, and everyone has their matches
    run = RescoreRun.objects.get()
    assert (run.status, run.shards_total, run.shards_done) == ("done", 3, 3), run.error
    logs = [(tmp_path / f"{name}.log").read_text() for name in ("one", "two")]
    shards = [log.count("Task matching.rescore_shard") // 2 for log in logs]  # received, succeeded
    assert sum(shards) == 3 and min(shards) >= 1, shards
    assert Match.objects.values("person").distinct().count() == 6
