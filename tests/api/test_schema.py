"""The API against its own OpenAPI schema: generated requests, valid and not, never cause a
server error, and every answer fits the schema (status, content type, body)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import positive_data_acceptance

from config.wsgi import application
from jobs.services.taxonomy import taxonomy_load
from tests.factories import VacancyFactory, region

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def some_data(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    taxonomy_load()
    VacancyFactory(title="叉车司机", region=region("420882"))
    VacancyFactory(title="日结搬运工", wage_unit="day", wage_min=150, wage_max=200, region=region("420881"))
    # Hundreds of requests from one address in a few seconds: not what the throttle is for here.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1000000/min", "user": "1000000/min"})


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case: Any, some_data: None) -> None:
    # Every check but "a schema-valid request is accepted": rules the schema cannot state (an
    # unknown but well-formed region code, a radius without its point) are 400s by design.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
