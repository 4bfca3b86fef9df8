"""People's own words find local work in the demo county: registered through the API with
nothing but a sentence, each gets the vacancy of their trade first."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from jobs.models import Person, Vacancy
from jobs.services.demo import demo_county_load
from jobs.services.taxonomy import taxonomy_load
from matching.selectors import matches_for_person
from matching.services.refresh import matches_rebuild
from tests.api import conftest
from tests.api.conftest import sms  # noqa: F401  (the fake SMS gateway fixture)
from tests.factories import make_id_number
from tests.workers.fake_gateway import FakeGateway

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
WORDS = {
    # a returning migrant: the trade (forklifts) and the county named in passing
    "在东莞开过三年叉车，想回京山上班": "6-30-05-01",
    # no character in common with 客房服务员
    "宾馆打扫卫生": "4-03-01-02",
    "电焊": "6-18-02-04",
}


def test_own_words_find_the_local_vacancy_of_their_trade_first(sms: FakeGateway) -> None:  # noqa: F811
    demo_county_load(size=600, seed=2025, today=TODAY)
    for code in WORDS.values():  # the county has such vacancies, open in 京山市
        assert Vacancy.objects.filter(occupation__code=code, region_id="420882", status="open").exists()
    api = APIClient()
    people = {}
    for n, words in enumerate(WORDS):
        phone = f"1391234560{n}"
        answer = api.post("/api/v1/seekers/", {
            "phone": phone, "code": conftest.code_sent(api, sms, phone), "name": "求职者",
            "id_number": make_id_number(), "home_region": "420882", "education": 2,
            "employment_status": "unemployed", "self_description": words, "consent_matching": True,
            "consent_contact": True, "consent_text_version": "2025-01",
        }, format="json")  # fmt: skip
        assert answer.status_code == 201, answer.content
        people[words] = Person.objects.get(account__isnull=False, self_description=words)

    matches_rebuild(today=TODAY)

    for words, code in WORDS.items():
        best = matches_for_person(person=people[words]).first()
        assert best is not None, words
        assert Vacancy.objects.get(pk=best.vacancy_id).occupation.code == code, words


def test_the_skill_look_up_finds_welding_by_the_everyday_word() -> None:
    taxonomy_load()
    found = APIClient().get("/api/v1/skills/", {"q": "电焊"}).json()["results"]

    assert {"二氧化碳保护焊", "氩弧焊"} <= {s["name"] for s in found}
