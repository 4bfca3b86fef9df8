"""A warning tier changed in the admin, told to the case worker."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jobs.models import HardToEmployProfile
from jobs.models.hardship import WarningTier
from tests.factories import staff_user
from tests.jobs.notices.builders import TODAY, a_seeker, notices
from workers.models import Channel, NoticeKind

pytestmark = pytest.mark.django_db


def test_a_raised_warning_tier_saved_in_the_admin_tells_the_case_worker() -> None:
    # given a profile with a case worker
    worker = staff_user("caseworker", "420882")
    type(worker).objects.filter(pk=worker.pk).update(email="cw@example.com")
    worker.refresh_from_db()
    admin_user = staff_user("admin", None, superuser=True)
    person = a_seeker(name="孙七")
    profile = HardToEmployProfile.objects.create(person=person, registered_on=TODAY, case_worker=worker,
                                                 tier=WarningTier.BLUE)  # fmt: skip
    client = Client()
    client.force_login(admin_user)
    url = reverse("admin:jobs_hardtoemployprofile_change", args=[profile.pk])
    form = {
        "person": person.pk, "tier": WarningTier.RED, "tier_reasons": "零就业家庭", "case_worker": worker.pk,
        "registered_on": TODAY.isoformat(),
        **{f"{prefix}-{field}": value for prefix in ("categories", "assistance")
           for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))},
    }  # fmt: skip

    # when the tier is raised, then the form saved again unchanged
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302

    # then the case worker has one notice in the inbox and by email
    told = notices(NoticeKind.WARNING_TIER)
    assert [(n.user_id, n.channel) for n in told] == [(worker.pk, Channel.EMAIL), (worker.pk, Channel.INBOX)]
    assert told[0].title == "孙七的预警等级变为红色"
    assert "1131" in told[0].body and "零就业家庭" in told[0].body
