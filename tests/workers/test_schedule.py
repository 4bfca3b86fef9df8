"""Every periodic job is in one schedule; city staff may change when it runs, station staff may
not."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from jobs.services.roles import CITY_STAFF, STATION_STAFF
from tests.factories import staff_user
from workers.celery_app import app
from workers.schedule import BEAT_SCHEDULE

pytestmark = pytest.mark.django_db


def test_every_scheduled_task_exists() -> None:
    app.loader.import_default_modules()
    assert {entry["task"] for entry in BEAT_SCHEDULE.values()} <= set(app.tasks)


def test_city_staff_may_move_the_nightly_rescore_and_station_staff_may_not() -> None:
    # given the nightly entry as the scheduler writes it
    crontab = CrontabSchedule.objects.create(hour="2", minute="0", timezone="Asia/Shanghai")
    task = PeriodicTask.objects.create(name="rescore-everyone", task="matching.rescore", crontab=crontab)
    city, station = Client(), Client()
    city.force_login(staff_user("city", "420800", groups=[CITY_STAFF]))
    station.force_login(staff_user("station", "420882", groups=[STATION_STAFF]))
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])

    # when city staff turn it off, and station staff try to open it
    page = city.get(url)
    form = {"name": task.name, "regtask": task.task, "task": task.task, "crontab": crontab.pk, "enabled": "",
            "args": "[]", "kwargs": "{}", "headers": "{}", "priority": "", "expire_seconds": "",
            "queue": "", "exchange": "", "routing_key": "", "description": ""}  # fmt: skip
    saved = city.post(url, form)

    # then
    assert page.status_code == 200 and saved.status_code == 302
    assert not PeriodicTask.objects.get(pk=task.pk).enabled
    assert station.get(url).status_code == 403


def test_every_task_sent_by_its_name_goes_to_the_queue_its_workers_listen_on() -> None:
    # given every task a worker registers
    app.loader.import_default_modules()
    ours = sorted(name for name in app.tasks if not name.startswith("celery."))

    # when each is routed by its name alone, as a process that never imported it sends it
    queues = {name: app.amqp.router.route({}, name)["queue"].name for name in ours}

    # then re-scoring, notices and slow work each have their own queue, and the rest the default
    assert queues == {
        "accounts.tokens_delete_expired": "default",
        "imports.run": "slow",
        "imports.sweep_uploads": "default",
        "jobs.vacancies_close_expired": "default",
        "matching.rebuild": "slow",
        "matching.refresh_people": "scoring",
        "matching.refresh_vacancies": "scoring",
        "matching.rescore": "slow",
        "matching.rescore_finish": "slow",
        "matching.rescore_shard": "slow",
        "notices.candidate_digests": "notices",
        "notices.course_offers": "notices",
        "notices.deliver": "notices",
        "notices.job_match_digests": "notices",
        "notices.new_matches": "notices",
        "notices.plan_digests": "notices",
        "notices.sweep": "notices",
        "returnees.daily": "default",
        "returnees.send": "default",
        "subsidies.check": "default",
        "notices.training_offers": "notices",
        "support.refresh": "default",
    }
