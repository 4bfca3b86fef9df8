"""Where a county is meant (a person's home, an employer, a vacancy's site), a province or a city
with counties under it is refused on every write path: a row there would lie in no gig
station's area and no staff member would see it. A retired county code names its successor; a
city without counties (东莞) is a county of its own."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.imports.resources import PersonResource
from jobs.models import Person, Vacancy
from jobs.services.roles import CITY_STAFF
from jobs.services.taxonomy import taxonomy_load
from tests.api.conftest import as_token
from tests.api.test_employers import vacancy
from tests.api.test_staff import walk_in
from tests.factories import make_id_number, staff_user
from tests.jobs.test_import_export import PERSON_HEADERS, dataset, errors_of, person_row

pytestmark = pytest.mark.django_db
PROVINCE, CITY_WITH_COUNTIES, RETIRED_COUNTY, CITY_WITHOUT_COUNTIES = "420000", "420800", "420821", "441900"


@pytest.fixture
def superuser_client() -> APIClient:
    return as_token(AuthToken.objects.create(staff_user("root", None, superuser=True))[1])


@pytest.mark.parametrize("code", [PROVINCE, CITY_WITH_COUNTIES])
def test_a_vacancy_cannot_be_posted_in_a_province_or_a_city_with_counties(
    employer_client: APIClient, code: str
) -> None:
    # when
    response = employer_client.post("/api/v1/employer/vacancies/", vacancy(region=code))

    # then
    assert response.status_code == 400, response.content
    assert "县级地区" in response.json()["fields"]["region"][0]
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize(("code", "stored"), [(RETIRED_COUNTY, "420882"), (CITY_WITHOUT_COUNTIES, "441900")])
def test_a_retired_county_code_and_a_city_without_counties_are_accepted(
    employer_client: APIClient, code: str, stored: str
) -> None:
    response = employer_client.post("/api/v1/employer/vacancies/", vacancy(region=code))
    assert response.status_code == 201, response.content
    assert Vacancy.objects.get().region_id == stored


def test_a_walk_in_cannot_live_in_a_province(superuser_client: APIClient) -> None:
    # given
    taxonomy_load()

    # when even a superuser, whose area is everywhere, registers someone in a province
    response = superuser_client.post("/api/v1/staff/people/", walk_in(home_region=PROVINCE))

    # then
    assert response.status_code == 400, response.content
    assert "home_region" in response.json()["fields"] and not Person.objects.exists()


def test_an_import_row_in_a_province_is_a_row_error(english: None) -> None:
    # when
    result = PersonResource().import_data(
        dataset(PERSON_HEADERS, [person_row(现居住地=PROVINCE), person_row()]), dry_run=False
    )

    # then
    assert "county-level" in errors_of(result) and not Person.objects.exists()


def test_the_admin_form_refuses_a_city_with_counties() -> None:
    # given city staff, whose area the city is
    client = Client()
    client.force_login(staff_user("jingmen", "420800", groups=[CITY_STAFF]))
    form = {
        "name": "王五", "id_number_input": make_id_number(), "home_region": CITY_WITH_COUNTIES, "education": 3,
        "employment_status": "unemployed", "is_seeking": "on", "expected_wage_unit": "month",
        "commute_radius_km": 30, "source": "walk_in",
        **{f"{p}-{k}": v for p in ("skills", "certificates", "work_history")
           for k, v in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))},
    }  # fmt: skip

    # when
    response = client.post(reverse("admin:jobs_person_add"), form)

    # then
    assert response.status_code == 200 and not Person.objects.exists()
    assert "home_region" in response.context["adminform"].form.errors


def test_the_admin_autocomplete_offers_no_province() -> None:
    # given
    client = Client()
    client.force_login(staff_user("root", None, superuser=True))

    # when
    found = client.get(
        reverse("admin:autocomplete"),
        {"term": "湖北", "app_label": "jobs", "model_name": "vacancy", "field_name": "region"},
    ).json()["results"]

    # then
    assert PROVINCE not in {r["id"] for r in found}
