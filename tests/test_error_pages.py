"""Django's error pages are the service's own, in Chinese; the API's errors stay JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jobs.services.roles import STATION_STAFF
from tests.factories import PersonFactory, staff_user

pytestmark = pytest.mark.django_db


def signed_in_station_staff() -> Client:
    client = Client()
    client.force_login(staff_user("jingshan", "420882", groups=[STATION_STAFF]))
    return client


def test_a_staff_page_forbidden_to_a_user_renders_the_chinese_403_page(settings: Any) -> None:
    # given station staff, who may not reveal ID numbers
    settings.DEBUG = False
    person = PersonFactory()

    # when
    page = signed_in_station_staff().get(reverse("admin:jobs_person_reveal", args=[person.pk]))

    # then
    assert page.status_code == 403
    html = page.content.decode()
    assert '<html lang="zh-hans">' in html and "没有权限执行此操作。" in html and "智慧就业服务" in html
    assert "403 Forbidden" not in html and [t.name for t in page.templates][:1] == ["403.html"]


def test_the_403_page_says_what_to_do_in_chinese(settings: Any) -> None:
    # given
    settings.DEBUG = False
    person = PersonFactory()

    # when
    page = signed_in_station_staff().get(reverse("admin:jobs_person_reveal", args=[person.pk]))

    # then (a new message: Chinese once the catalogue has it)
    assert "管理员" in page.content.decode()


def test_a_missing_page_renders_the_404_page(settings: Any) -> None:
    settings.DEBUG = False

    page = Client().get("/no-such-page/")

    assert page.status_code == 404 and "未找到。" in page.content.decode()
    assert [t.name for t in page.templates][:1] == ["404.html"]


@pytest.mark.parametrize("name", ["400.html", "500.html"])
def test_the_other_error_pages_render_without_a_request(name: str) -> None:
    # given: a 500 is rendered with no context at all
    from django.template import loader

    # when
    html = loader.get_template(name).render()

    # then
    assert '<html lang="zh-hans">' in html and "智慧就业服务" in html


def test_the_api_answers_its_errors_as_json_still(settings: Any) -> None:
    settings.DEBUG = False

    response = Client().get("/api/v1/no-such-thing/")

    assert response.status_code == 404 and response.json()["code"] == "not_found"
