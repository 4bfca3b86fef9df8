"""GET /api/v1/occupations/suggest/: ranked national occupation codes for what somebody wrote,
as the phone pages and the admin ask while people type; and titles confirmed to an occupation
are learned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import Employer, Occupation, OccupationTitle
from jobs.services.taxonomy import taxonomy_load
from jobs.services.vacancies import vacancy_create, vacancy_save
from tests.factories import EmployerFactory, VacancyFactory, region

pytestmark = pytest.mark.django_db
URL = "/api/v1/occupations/suggest/"
VACANCY = {"headcount": 2, "wage_min": 4000, "wage_max": 5000,
           "valid_from": timezone.localdate(), "valid_until": timezone.localdate() + timedelta(days=30)}  # fmt: skip


def codes(api: APIClient, text: str) -> list[str]:
    return [r["code"] for r in api.get(URL, {"text": text}).json()["results"]]


def test_a_title_full_of_noise_gets_its_occupation_first_with_name_level_and_confidence(
    api: APIClient,
) -> None:
    response = api.get(URL, {"text": "急招！叉车司机（包吃住）8000-10000", "k": 3})

    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) <= 3
    assert results[0] == {"code": "6-30-05-01", "name": "起重装卸机械操作工", "level": 4,
                          "confidence": pytest.approx(results[0]["confidence"])}  # fmt: skip
    assert 0.3 < results[0]["confidence"] <= 1.0
    assert [r["confidence"] for r in results] == sorted((r["confidence"] for r in results), reverse=True)


def test_words_that_name_no_work_get_no_suggestion(api: APIClient) -> None:
    assert codes(api, "！！！包吃住 五险一金") == []


def test_the_countys_own_titles_are_understood(api: APIClient) -> None:
    assert "6-30-05-01" not in codes(api, "铲车工")[:1]  # the book alone does not say 铲车工
    taxonomy_load()  # the county's everyday titles: 铲车工 is its forklift operator
    assert codes(api, "铲车工")[0] == "6-30-05-01"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "叉" * 201}, "text"),
        ({"text": "叉车", "k": "abc"}, "k"),
        ({"text": "叉车", "k": "0"}, "k"),
        ({"text": "叉车", "k": "11"}, "k"),
        ({"text": ["叉车", "焊工"]}, "text"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api: APIClient, params: dict[str, object], field: str) -> None:
    response = api.get(URL, params)

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" and field in response.json()["fields"]


def test_suggestions_have_a_bucket_of_their_own_and_it_is_throttled(
    api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"occupation_suggest": "2/min", "anon": "1/min"}
    )

    answers = [api.get(URL, {"text": "焊工"}).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


@pytest.mark.django_db
def test_a_title_confirmed_to_an_occupation_is_learned_and_counted() -> None:
    keeper = Occupation.objects.get(code="4-02-06-01")
    vacancy = vacancy_save(vacancy=VacancyFactory(), data={"title": "物料员", "occupation": keeper})
    assert OccupationTitle.objects.filter(occupation=keeper, title="物料员").exists()

    vacancy_save(vacancy=VacancyFactory(), data={"title": "物料员（急招）", "occupation": keeper})
    vacancy_save(vacancy=vacancy, data={"description": "只改了描述"})  # title and occupation kept

    learned = OccupationTitle.objects.get(occupation=keeper, title="物料员")
    assert learned.confirmations == 2 and learned.source == OccupationTitle.Source.STAFF
    # A title the book already gives the occupation teaches nothing.
    vacancy_save(vacancy=VacancyFactory(), data={"title": "仓库主管", "occupation": keeper})
    assert not OccupationTitle.objects.filter(title="仓库主管").exists()


def test_a_learned_title_is_suggested(api: APIClient) -> None:
    keeper = Occupation.objects.get(code="4-02-06-01")
    before = codes(api, "库房大叔")
    vacancy_save(vacancy=VacancyFactory(), data={"title": "库房大叔", "occupation": keeper})

    assert codes(api, "库房大叔")[0] == "4-02-06-01" and before[:1] != ["4-02-06-01"]


def test_an_employer_nobody_approved_teaches_the_coding_nothing() -> None:
    keeper = Occupation.objects.get(code="4-02-06-01")
    pending = EmployerFactory(status=Employer.Status.PENDING)

    vacancy_create(
        employer=pending,
        data={**VACANCY, "region": region("420882"), "title": "库房大叔", "occupation": keeper},
    )
    assert not OccupationTitle.objects.exists()

    approved = EmployerFactory(status=Employer.Status.APPROVED)
    vacancy_create(
        employer=approved,
        data={**VACANCY, "region": region("420882"), "title": "库房大叔", "occupation": keeper},
    )
    assert OccupationTitle.objects.get().source == OccupationTitle.Source.EMPLOYER
