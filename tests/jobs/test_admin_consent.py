"""Consent texts in the admin: city staff publish a new version; none is changed once saved."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jobs.models import ConsentText
from jobs.selectors.consent import consent_current
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def client_of(username: str, group: str) -> Client:
    client = Client()
    client.force_login(staff_user(username, "420800", groups=[group]))
    return client


def test_city_staff_publish_a_new_version_which_becomes_the_current_text() -> None:
    # given
    city = client_of("city", CITY_STAFF)
    # when
    response = city.post(
        reverse("admin:jobs_consenttext_add"),
        {"version": "2026-12", "text": "新的授权书文本", "published_on": "2026-12-01"},
    )
    # then
    assert response.status_code == 302, response.content.decode()[:1500]
    assert consent_current().version == "2026-12"  # type: ignore[union-attr]


def test_a_published_version_cannot_be_changed_or_deleted_and_station_staff_only_read_it() -> None:
    # given the version people have agreed to
    first = ConsentText.objects.get(version="2025-01")
    city, station = client_of("city", CITY_STAFF), client_of("station", STATION_STAFF)
    change = reverse("admin:jobs_consenttext_change", args=[first.pk])
    # when city staff try to rewrite it, then it stays as it was
    city.post(change, {"version": "2025-01", "text": "改过的", "published_on": "2025-01-01"})
    assert ConsentText.objects.get(pk=first.pk).text == first.text
    assert city.get(reverse("admin:jobs_consenttext_delete", args=[first.pk])).status_code == 403
    # and station staff see the list but may not add
    assert station.get(reverse("admin:jobs_consenttext_changelist")).status_code == 200
    assert station.get(reverse("admin:jobs_consenttext_add")).status_code == 403
