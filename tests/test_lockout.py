"""Password sign-ins, on the admin and on the staff API, are locked after five failures, per
account name and per client address, until the cool-off has passed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.services.roles import STATION_STAFF
from tests.factories import staff_user

pytestmark = pytest.mark.django_db
RIGHT = "pw-123456"


@pytest.fixture
def jingshan() -> Any:
    return staff_user("jingshan", "420882", groups=[STATION_STAFF])


@pytest.fixture
def zhongxiang() -> Any:
    return staff_user("zhongxiang", "420881", groups=[STATION_STAFF])


def admin_sign_in(username: str, password: str, address: str = "10.0.0.1") -> Any:
    return Client(REMOTE_ADDR=address).post(
        "/admin/login/?next=/admin/", {"username": username, "password": password, "next": "/admin/"}
    )


def api_sign_in(username: str, password: str, address: str = "10.0.0.1", **headers: str) -> Any:
    return APIClient(REMOTE_ADDR=address, **headers).post(
        "/api/v1/staff/sign-in/", {"username": username, "password": password}
    )


def test_five_wrong_passwords_lock_the_admin_login_even_against_the_right_one(jingshan: Any) -> None:
    # given four wrong passwords, each simply refused
    assert [admin_sign_in("jingshan", f"guess-{n}").status_code for n in range(4)] == [200] * 4
    # when the fifth is wrong too, and then the right one is typed
    fifth = admin_sign_in("jingshan", "guess-5")
    right = admin_sign_in("jingshan", RIGHT)
    # then both are answered with the lock, and no session is opened
    for page in (fifth, right):
        assert page.status_code == 429
        assert "登录已锁定：该账号或该地址输错密码次数过多" in page.content.decode()
    assert "_auth_user_id" not in right.client.session


def test_five_wrong_passwords_lock_the_staff_api_sign_in_even_against_the_right_one(jingshan: Any) -> None:
    # given
    answers = [api_sign_in("jingshan", f"guess-{n}") for n in range(5)]
    # when
    right = api_sign_in("jingshan", RIGHT)
    # then the fifth failure and the right password get the lock, in the API's error shape
    assert [a.status_code for a in answers] == [400] * 4 + [429]
    assert right.status_code == 429
    body = right.json()
    assert body["code"] == "locked" and body["retry_after"] == 30 * 60
    assert body["message"].startswith("登录已锁定：该账号或该地址输错密码次数过多")
    assert not AuthToken.objects.exists()


def test_failures_on_the_admin_and_the_api_count_together(jingshan: Any) -> None:
    # given three failures on the admin login and two on the API
    for n in range(3):
        admin_sign_in("jingshan", f"guess-{n}")
    for n in range(2):
        api_sign_in("jingshan", f"again-{n}")
    # when / then
    assert api_sign_in("jingshan", RIGHT).status_code == 429
    assert admin_sign_in("jingshan", RIGHT).status_code == 429


def test_a_locked_account_and_address_leave_another_account_at_another_address_alone(
    jingshan: Any, zhongxiang: Any
) -> None:
    # given jingshan locked from 10.0.0.1
    for n in range(5):
        api_sign_in("jingshan", f"guess-{n}", address="10.0.0.1")
    # when / then another account signs in from another address
    assert api_sign_in("zhongxiang", RIGHT, address="10.0.0.2").status_code == 200
    assert admin_sign_in("zhongxiang", RIGHT, address="10.0.0.2").status_code == 302
    # but the locked account is locked from anywhere, and the locked address for anyone
    assert api_sign_in("jingshan", RIGHT, address="10.0.0.3").status_code == 429
    assert admin_sign_in("zhongxiang", RIGHT, address="10.0.0.1").status_code == 429


def test_behind_a_proxy_the_address_is_read_as_the_api_throttles_read_it(
    jingshan: Any, zhongxiang: Any, settings: Any
) -> None:
    # given one proxy in front, through which every request arrives
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(5):
        api_sign_in("jingshan", f"guess-{n}", address="10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    # when another account signs in through the same proxy from another client
    other = api_sign_in("zhongxiang", RIGHT, address="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.2")
    # then only the client that failed is locked, not the proxy's address
    assert other.status_code == 200
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_after_the_cool_off_the_right_password_works_again(jingshan: Any) -> None:
    # given a locked account
    for n in range(5):
        admin_sign_in("jingshan", f"guess-{n}")
    assert admin_sign_in("jingshan", RIGHT).status_code == 429
    # when the 30 minutes of cool-off have passed since the last failure
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    # then
    assert admin_sign_in("jingshan", RIGHT).status_code == 302
    assert api_sign_in("jingshan", RIGHT).status_code == 200
