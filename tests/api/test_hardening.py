"""Requests built to hurt the service: they get a 400 in the API's error shape, never a 500."""

from __future__ import annotations

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import SeekerAccount
from tests.api.conftest import as_token
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _nested(depth: int) -> str:
    return '{"phone": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("depth", [17, 700, 100_000])
@pytest.mark.parametrize("path", ["/api/v1/auth/sign-in/", "/api/v1/seekers/", "/api/v1/auth/codes/"])
def test_deeply_nested_json_is_a_parse_error_without_signing_in(
    api: APIClient, path: str, depth: int
) -> None:
    # when
    response = api.post(path, _nested(depth), content_type="application/json")

    # then
    assert response.status_code == 400, response.content[:200]
    assert response.json()["code"] == "parse_error"


def test_deeply_nested_json_is_a_parse_error_for_a_signed_in_seeker(django_user_model: type) -> None:
    # given
    user = django_user_model.objects.create_user(username="seeker-nested")
    SeekerAccount.objects.create(user=user, person=PersonFactory())
    client = as_token(AuthToken.objects.create(user)[1])

    # when
    response = client.patch("/api/v1/me/", _nested(700), content_type="application/json", HTTP_IF_MATCH='"x"')

    # then
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


def test_a_body_nested_as_deep_as_a_profile_is_still_read(api: APIClient) -> None:
    # when a body nests no deeper than real input does
    response = api.post("/api/v1/auth/sign-in/", {"phone": [[{"a": ["b"]}]], "code": "123456"}, format="json")

    # then it reaches the checks of its fields
    assert response.status_code == 400 and response.json()["code"] != "parse_error"
