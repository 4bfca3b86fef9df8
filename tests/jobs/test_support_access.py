"""The support endpoints as the wrong caller: nobody signed in, a job seeker, an employer's
clerk, staff of the next county. Each is refused or finds nothing, and nothing is written."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import HardToEmployProfile, Household, PlanItem, SupportPlan, TierChange, WelfarePlacement
from jobs.services.hardship import hardship_profile_save
from jobs.services.roles import STATION_STAFF
from jobs.services.support import support_refresh
from jobs.services.tier_rules import add_months
from tests.api.conftest import as_token
from tests.factories import PersonFactory, region, staff_user

pytestmark = pytest.mark.django_db


def staff_endpoints(person: int, item: int, spell: int) -> list[tuple[str, str, dict[str, Any]]]:
    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    return [
        ("put", f"/api/v1/staff/people/{person}/tier/",
         {"override_tier": "red", "override_reason": "x", "override_until": until}),
        ("delete", f"/api/v1/staff/people/{person}/tier/", {}),
        ("get", f"/api/v1/staff/people/{person}/plan/", {}),
        ("post", f"/api/v1/staff/people/{person}/plan/", {}),
        ("post", f"/api/v1/staff/plan-items/{item}/done/", {}),
        ("get", "/api/v1/staff/plans/completion/", {}),
        ("get", "/api/v1/staff/zero-households/", {}),
        ("get", "/api/v1/staff/zero-households/by-station/", {}),
        ("post", f"/api/v1/staff/zero-households/{spell}/offer/", {"person": person, "vacancy": 1}),
        ("get", f"/api/v1/staff/people/{person}/welfare-placements/", {}),
        ("post", f"/api/v1/staff/people/{person}/welfare-placements/",
         {"vacancy": 1, "starts_on": timezone.localdate().isoformat(), "ends_on": until}),
    ]  # fmt: skip


def test_no_one_but_the_areas_staff_reaches_a_persons_support(
    seeker: APIClient, employer_client: APIClient
) -> None:
    # given a red person of Jingshan with a plan, in a zero-employment household
    home = Household.objects.create(region=region("420882"), address="京山市新市街道8号")
    person = PersonFactory(household=home, status_since=add_months(timezone.localdate(), -13))
    hardship_profile_save(profile=HardToEmployProfile(person=person, registered_on=date(2025, 1, 2)))
    support_refresh()
    item, spell = PlanItem.objects.first(), home.zero_spells.get()
    assert item is not None
    neighbour = as_token(
        AuthToken.objects.create(staff_user("zhongxiang", "420881", groups=[STATION_STAFF]))[1]
    )
    before = (TierChange.objects.count(), SupportPlan.objects.count(), WelfarePlacement.objects.count())

    for who, client, refused in (("nobody", APIClient(), {401, 403}), ("seeker", seeker, {403}),
                                 ("employer", employer_client, {403}), ("next county", neighbour, {404, 200})):  # fmt: skip
        for method, url, body in staff_endpoints(person.pk, item.pk, spell.pk):
            response = getattr(client, method)(url, body, format="json")
            assert response.status_code in refused, (who, method, url, response.status_code)
            if response.status_code == 200:  # the next county's own lists: empty of ours
                assert (
                    person.name not in response.content.decode() and "京山" not in response.content.decode()
                ), url
    assert (
        TierChange.objects.count(),
        SupportPlan.objects.count(),
        WelfarePlacement.objects.count(),
    ) == before

    # and a seeker's own support is theirs alone: without a seeker account, none
    assert APIClient().get("/api/v1/me/support/").status_code in {401, 403}
    assert employer_client.get("/api/v1/me/support/").status_code == 403
    assert seeker.get("/api/v1/me/support/").json()["reasons"] == []  # not the red person's
