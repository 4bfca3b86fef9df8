"""A warning tier raised by staff in the admin, told to the case worker once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from jobs.models import Support
from jobs.models.hardship import WarningTier
from tests.factories import staff_user
from tests.jobs.notices.builders import TODAY, a_seeker, notices
from workers.models import Channel, NoticeKind

pytestmark = pytest.mark.django_db


def test_a_warning_tier_raised_in_the_admin_tells_the_case_worker_once() -> None:
    # given someone on blue with a case worker
    worker = staff_user("caseworker", "420882", is_case_worker=True)
    type(worker).objects.filter(pk=worker.pk).update(email="cw@example.com")
    worker.refresh_from_db()
    admin_user = staff_user("admin", None, superuser=True)
    person = a_seeker(name="孙七")
    support = Support.objects.create(person=person, tier=WarningTier.BLUE, rules_tier=WarningTier.BLUE,
                                     case_worker=worker)  # fmt: skip
    client = Client()
    client.force_login(admin_user)
    url = reverse("admin:jobs_support_change", args=[support.pk])
    form = {
        "override_tier": WarningTier.RED, "override_reason": "零就业家庭，待核实",
        "override_until": (TODAY + timedelta(days=30)).isoformat(), "case_worker": worker.pk,
        "changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0,
    }  # fmt: skip

    # when staff raise the tier, then save the form again unchanged
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302

    # then the case worker has one notice in the inbox and by email, with staff's reason
    told = notices(NoticeKind.WARNING_TIER)
    assert [(n.user_id, n.channel) for n in told] == [(worker.pk, Channel.EMAIL), (worker.pk, Channel.INBOX)]
    assert told[0].title == "孙七的预警等级变为红色"
    assert "1131" in told[0].body and "零就业家庭，待核实" in told[0].body
