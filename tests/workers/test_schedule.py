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
