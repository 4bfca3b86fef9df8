"""App tokens: an expired one is refused; the expired ones left over go in the nightly sweep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from knox.models import AuthToken

from jobs.models import SeekerAccount
from tests.api.conftest import as_token
from tests.factories import PersonFactory
from workers.tasks import tokens_delete_expired

pytestmark = pytest.mark.django_db


def test_an_expired_token_is_refused_and_the_nightly_sweep_deletes_the_others() -> None:
    # given a seeker signed in on two phones, the old phone's token expired
    user = get_user_model().objects.create_user(username="seeker")
    SeekerAccount.objects.create(user=user, person=PersonFactory())
    old, old_token = AuthToken.objects.create(user)
    _, new_token = AuthToken.objects.create(user)
    AuthToken.objects.filter(pk=old.pk).update(expiry=timezone.now() - timedelta(minutes=1))

    # when both are used
    refused = as_token(old_token).get("/api/v1/me/")
    served = as_token(new_token).get("/api/v1/me/")

    # then the expired one is refused and gone, and the nightly sweep finds the rest
    assert refused.status_code == 401 and served.status_code == 200
    assert AuthToken.objects.count() == 1
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    assert tokens_delete_expired() == 1 and not AuthToken.objects.exists()
