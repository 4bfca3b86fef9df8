"""A real Celery worker against the real broker and database (PostgreSQL and Redis)."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from jobs.models import Vacancy
from tests.factories import VacancyFactory
from tests.support import child_env, process_group, wait_for
from workers.tasks import vacancies_close_expired

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("regions_loaded")]


@pytest.fixture
def worker(tmp_path: Path) -> Any:
    """A worker process using the test database, so it sees what the test commits."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    assert db["ENGINE"].endswith("postgresql"), "the services pass runs on PostgreSQL"
    assert str(settings.CELERY_BROKER_URL).startswith("redis://"), "the services pass uses Redis"
    command = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--queues", "default",
               "--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]  # fmt: skip
    with process_group(command, child_env(DATABASE_URL=url), tmp_path / "worker.log") as process:
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
