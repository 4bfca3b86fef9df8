from __future__ import annotations

from typing import Any

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import EmployerAccount, SeekerAccount
from jobs.services.taxonomy import taxonomy_load
from tests.api.conftest import as_token
from tests.factories import EmployerFactory, PersonFactory


@pytest.fixture
def employer_client(django_user_model: Any) -> APIClient:
    """Signed in for an approved employer of 京山市, with the taxonomy loaded."""
    taxonomy_load()
    user = django_user_model.objects.create_user(username="employer-clerk")
    EmployerAccount.objects.create(user=user, employer=EmployerFactory(), name="HR", phone="13700000000")
    return as_token(AuthToken.objects.create(user)[1])


@pytest.fixture
def seeker(django_user_model: Any) -> APIClient:
    """Signed in as a job seeker of 京山市, with the taxonomy loaded."""
    taxonomy_load()
    user = django_user_model.objects.create_user(username="seeker")
    SeekerAccount.objects.create(user=user, person=PersonFactory())
    return as_token(AuthToken.objects.create(user)[1])
