"""Dates are bounded to what a registry can mean, from 1950 to ten years ahead, on every write
path: the API, the admin and imports refuse year 1 and 9999 and name the field."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from jobs.imports.resources import MigrantRecordResource
from jobs.models import MigrantRecord, TrainingCourse, Vacancy
from jobs.services.people import person_profile_save
from jobs.validators import registry_years
from tests.api.test_employers import vacancy
from tests.api.test_seeker_profile import working_away
from tests.factories import PersonFactory, staff_user
from tests.jobs.test_import_export import dataset, errors_of

pytestmark = pytest.mark.django_db


def test_the_bounds_run_from_1950_to_ten_years_ahead() -> None:
    assert registry_years(date(2026, 12, 1)) == (1950, 2036)


@pytest.mark.parametrize(
    ("field", "value"),
    [("valid_from", "0001-01-01"), ("valid_until", "9999-12-31"), ("start_date", "9999-12-31")],
)
def test_a_vacancy_with_an_impossible_date_is_refused(
    employer_client: APIClient, field: str, value: str
) -> None:
    # when
    response = employer_client.post("/api/v1/employer/vacancies/", vacancy(**{field: value}))

    # then
    assert response.status_code == 400, response.content
    assert "1950 年至" in response.json()["fields"][field][0]
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"available_from": "9999-12-31"}, "available_from"),
        (
            {"certificates": [{"name": "焊工证", "level": 3, "issued_on": "1900-01-01"}]},
            "certificates.0.issued_on",
        ),
    ],
)
def test_a_profile_with_an_impossible_date_is_refused(
    seeker: APIClient, change: dict[str, Any], field: str
) -> None:
    from tests.api.test_seeker_profile import patch_me

    response = patch_me(seeker, change)
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]


def test_a_graduation_year_of_1_is_refused_by_the_profile_service() -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as refused:
        person_profile_save(person=person, data={"graduation_year": 1})
    assert "graduation_year" in refused.value.message_dict


def test_a_migrant_record_from_year_one_is_refused(seeker: APIClient) -> None:
    response = seeker.put("/api/v1/me/migrant/", working_away(started_on="0001-01-01"))
    assert response.status_code == 400 and "started_on" in response.json()["fields"]
    assert not MigrantRecord.objects.exists()


def test_an_import_row_from_year_one_is_a_row_error(english: None) -> None:
    # given
    person = PersonFactory()
    headers = ["身份证号", "务工地", "外出时间", "预计返乡时间", "有意本地就业", "社保缴纳地"]
    rows = [[person.id_number, "江苏省苏州市", "0001-01-01", "9999-12-31", "是", "苏州市"]]

    # when
    result = MigrantRecordResource().import_data(dataset(headers, rows), dry_run=False)

    # then
    assert "from 1950 to" in errors_of(result) and not MigrantRecord.objects.exists()


def test_the_admin_refuses_a_course_starting_in_9999() -> None:
    # given
    client = Client()
    client.force_login(staff_user("root", None, superuser=True))
    form = {"name": "叉车培训", "provider": "京山职校", "region": "420882", "starts_on": "9999-01-01",
            "ends_on": "9999-12-31", "hours": 40, "capacity": 20, "fee_yuan": 0, "subsidy_yuan": 0}  # fmt: skip

    # when
    response = client.post(reverse("admin:jobs_trainingcourse_add"), form)

    # then
    errors = response.context["adminform"].form.errors
    assert {"starts_on", "ends_on"} <= set(errors) and not TrainingCourse.objects.exists()
