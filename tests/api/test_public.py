"""Public endpoints: open vacancies with filters, the taxonomy, regions and courses; bad
filters are 400s naming the field, in Chinese; nothing personal is shown."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import Employer, Occupation, Skill, TrainingCourse, Vacancy
from jobs.services.taxonomy import taxonomy_load
from tests.factories import EmployerFactory, VacancyFactory, region

pytestmark = pytest.mark.django_db
URL = "/api/v1/vacancies/"


def titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(v["title"] for v in response.json()["results"])


def test_only_open_valid_vacancies_of_approved_employers_with_places_left_are_listed(api: APIClient) -> None:
    # given
    today = timezone.localdate()
    VacancyFactory(title="开放", employer=EmployerFactory(contact_phone="13900139000"))
    VacancyFactory(title="已关闭", status=Vacancy.Status.CLOSED)
    VacancyFactory(
        title="已过期", valid_until=today - timedelta(days=1), valid_from=today - timedelta(days=9)
    )
    VacancyFactory(title="未审核", employer=EmployerFactory(status=Employer.Status.PENDING))
    VacancyFactory(title="已招满", headcount=2, filled_count=2)

    # when
    response = api.get(URL)

    # then
    assert titles(response) == ["开放"]
    body = response.content.decode()
    assert "13900139000" not in body and "contact" not in body


def test_a_region_includes_the_regions_inside_it(api: APIClient) -> None:
    VacancyFactory(title="京山", region=region("420882"))
    VacancyFactory(title="钟祥", region=region("420881"))
    VacancyFactory(title="黄石", region=region("420200"))

    assert titles(api.get(URL, {"region": "420800"})) == ["京山", "钟祥"]
    assert titles(api.get(URL, {"region": "420882"})) == ["京山"]
    assert titles(api.get(URL, {"region": "420821"})) == ["京山"]  # the retired code of 京山县


def test_an_unknown_region_code_is_a_400_naming_the_field_in_chinese(api: APIClient) -> None:
    response = api.get(URL, {"region": "999999"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["message"] == "请求有误，请检查标出的字段。"
    assert "999999" in body["fields"]["region"][0]


def test_vacancies_within_a_radius_of_a_point_nearest_first(api: APIClient) -> None:
    # given one site in 京山's centre, one 10 km north, and one in 黄石 (far)
    jingshan = region("420882")
    lat, lon = jingshan.latitude, jingshan.longitude
    VacancyFactory(title="十公里外", latitude=lat + 0.09, longitude=lon)
    VacancyFactory(title="城区", latitude=lat, longitude=lon)
    VacancyFactory(title="黄石", region=region("420200"))

    # when
    response = api.get(URL, {"latitude": lat, "longitude": lon, "radius_km": 20, "ordering": "distance"})

    # then
    results = response.json()["results"]
    assert [v["title"] for v in results] == ["城区", "十公里外"]
    assert results[0]["distance_km"] == 0 and 9.5 <= results[1]["distance_km"] <= 10.5


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"latitude": 31.0, "radius_km": 10}, "radius_km"),  # no longitude
        ({"ordering": "distance"}, "ordering"),  # no point to measure from
        ({"ordering": ","}, "ordering"),
        ({"latitude": 95, "longitude": 113, "radius_km": 10}, "latitude"),
        ({"min_monthly_wage": -1}, "min_monthly_wage"),
        ({"min_monthly_wage": "很多"}, "min_monthly_wage"),
        ({"work_type": "forever"}, "work_type"),
        ({"occupation": "no-such-job"}, "occupation"),
        ({"occupation": "h%s%"}, "occupation"),  # a "%" in what is echoed back is not a format
        ({"q": "叉" * 51}, "q"),
    ],
)
def test_bad_filters_are_400s_naming_the_field(api: APIClient, query: dict[str, Any], field: str) -> None:
    response = api.get(URL, query)

    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]


def test_wages_compare_in_monthly_terms_and_piece_rates_are_left_out(api: APIClient) -> None:
    VacancyFactory(title="月薪", wage_min=4000, wage_max=5000)
    VacancyFactory(title="日薪", wage_min=200, wage_max=300, wage_unit="day")  # 6,525 a month
    VacancyFactory(title="计件", wage_min=1, wage_max=5, wage_unit="piece")

    assert titles(api.get(URL, {"min_monthly_wage": 6000})) == ["日薪"]
    assert titles(api.get(URL, {"min_monthly_wage": 0})) == ["日薪", "月薪"]


def test_lists_come_in_pages_of_at_most_a_hundred(api: APIClient) -> None:
    for i in range(3):
        VacancyFactory(title=f"岗位{i}")

    first = api.get(URL, {"page_size": 2}).json()

    assert first["count"] == 3 and len(first["results"]) == 2 and "page=2" in first["next"]
    for bad in ({"page_size": 101}, {"page_size": 0}, {"page": 3}, {"page": "末页"}):
        answer = api.get(URL, bad)
        assert answer.status_code == 400 and set(answer.json()["fields"]) <= {"page", "page_size"}, bad


def test_a_closed_vacancy_is_not_found(api: APIClient) -> None:
    closed = VacancyFactory(status=Vacancy.Status.CLOSED)
    open_one = VacancyFactory(title="焊工")

    missing = api.get(f"{URL}{closed.pk}/")

    assert missing.status_code == 404
    assert missing.json() == {"code": "not_found", "message": "未找到。"}
    detail = api.get(f"{URL}{open_one.pk}/").json()
    assert detail["title"] == "焊工" and detail["employer"]["name"] == open_one.employer.name


def test_occupations_are_found_by_everyday_words_and_skills_by_occupation(api: APIClient) -> None:
    taxonomy_load()

    found = api.get("/api/v1/occupations/", {"q": "铲车工"}).json()["results"]
    skills = api.get("/api/v1/skills/", {"occupation": "6-30-05-01"}).json()["results"]

    assert [o["code"] for o in found] == ["6-30-05-01"]  # a county title of the book's occupation
    expected = set(Skill.objects.filter(occupations__code="6-30-05-01").values_list("code", flat=True))
    assert {s["code"] for s in skills} == expected and expected
    assert api.get("/api/v1/skills/", {"occupation": "nope"}).status_code == 400


def test_regions_below_a_region(api: APIClient) -> None:
    children = api.get("/api/v1/regions/", {"parent": "420800", "page_size": 100}).json()["results"]

    assert "420882" in {r["code"] for r in children}
    assert all(r["parent"] == "420800" for r in children)


def test_courses_not_yet_started_by_region(api: APIClient) -> None:
    taxonomy_load()
    today = timezone.localdate()
    forklift = Occupation.objects.get(code="6-30-05-01")
    for name, start, code in (("下周", 7, "420882"), ("已开课", -3, "420882"), ("外地", 7, "420200")):
        TrainingCourse.objects.create(
            name=name, provider="职校", occupation=forklift, region=region(code), hours=40, capacity=20,
            starts_on=today + timedelta(days=start), ends_on=today + timedelta(days=start + 30),
        )  # fmt: skip

    response = api.get("/api/v1/courses/", {"region": "420800"})

    assert [c["name"] for c in response.json()["results"]] == ["下周"]


def test_too_many_requests_from_one_address_are_turned_away_for_a_while(
    api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "3/min"})

    answers = [api.get("/api/v1/regions/") for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json()["code"] == "throttled" and answers[3].json()["retry_after"] > 0


def test_swagger_ui_and_redoc_are_served_from_here() -> None:
    client = APIClient()
    for url in ("/api/docs/", "/api/redoc/"):
        page = client.get(url).content.decode()
        # Nothing fetched from another host (a bare "cdn" can turn up inside the page's random token).
        assert "/static/drf_spectacular_sidecar/" in page and not re.search(
            r"""(src|href)=["']?(https?:)?//""", page
        )
    assert client.get("/api/schema/").status_code == 200
