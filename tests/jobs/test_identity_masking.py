"""Staff without the reveal permission cannot complete a masked ID number: nothing shown beside
the mask gives back its hidden digits, and look-ups by full number (each one says whether a
number is on file) come in an hourly allowance too small to try the candidates."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from jobs.services.roles import CITY_STAFF, STATION_STAFF
from tests.api.conftest import as_token
from tests.factories import PersonFactory, make_id_number, staff_user

pytestmark = pytest.mark.django_db
JINGSHAN = "420882"


@pytest.fixture
def desk_user() -> Any:
    return staff_user("jingshan", JINGSHAN, groups=[STATION_STAFF])


def _admin(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _hidden_digits_shown(number: str, text: str) -> list[str]:
    """The runs of the number's hidden part (birth date, sequence, sex) found in ``text``."""
    birth, sequence = number[6:14], number[14:17]
    runs = [birth, f"{birth[:4]}-{birth[4:6]}-{birth[6:]}", number[:6] + birth, sequence + number[-1]]
    return [run for run in runs if run in text]


def test_the_mask_shows_only_the_issuing_region_and_the_check_character() -> None:
    person = PersonFactory.build(id_number="42088219900517123X")
    assert person.id_number_masked == "420882***********X"


def test_the_staff_api_detail_shows_the_birth_year_not_the_date(desk_user: Any) -> None:
    # given
    person = PersonFactory(id_number=make_id_number(JINGSHAN))
    client = as_token(AuthToken.objects.create(desk_user)[1])

    # when
    body = client.get(f"/api/v1/staff/people/{person.pk}/").json()

    # then
    assert body["birth_year"] == 1990 and "birth_date" not in body
    assert body["id_number"] == person.id_number_masked
    assert _hidden_digits_shown(person.id_number, json.dumps(body)) == []


def test_the_admin_form_and_list_show_nothing_that_completes_the_mask(desk_user: Any) -> None:
    # given
    person = PersonFactory(id_number=make_id_number(JINGSHAN))
    client = _admin(desk_user)

    # when
    form = client.get(reverse("admin:jobs_person_change", args=[person.pk])).content.decode()
    listed = client.get(reverse("admin:jobs_person_changelist")).content.decode()
    exported = client.post(reverse("admin:jobs_person_export"), {"format": "0", "resource": "0"})

    # then
    assert person.id_number_masked in form and "1990" in form
    for page in (form, listed, exported.content.decode("utf-8", "replace")):
        assert _hidden_digits_shown(person.id_number, page) == []


def test_exact_number_searches_stop_at_the_hourly_allowance(desk_user: Any, settings: Any) -> None:
    # given an allowance of three look-ups
    settings.STAFF_IDENTITY_LOOKUPS_PER_HOUR = 3
    person = PersonFactory(id_number=make_id_number(JINGSHAN), name="京山人")
    client = as_token(AuthToken.objects.create(desk_user)[1])

    # when four candidate numbers are tried, and then a name
    tries = [client.get("/api/v1/staff/people/", {"q": make_id_number(JINGSHAN)}) for _ in range(3)]
    fourth = client.get("/api/v1/staff/people/", {"q": person.id_number})
    by_name = client.get("/api/v1/staff/people/", {"q": "京山"})

    # then the fourth is refused before it is answered; names are not counted
    assert [t.status_code for t in tries] == [200, 200, 200]
    assert (
        fourth.status_code == 429
        and fourth.json()["code"] == "throttled"
        and fourth.json()["retry_after"] > 0
    )
    assert by_name.status_code == 200 and by_name.json()["count"] == 1


def test_registering_a_number_counts_as_a_look_up(desk_user: Any, settings: Any) -> None:
    # given
    settings.STAFF_IDENTITY_LOOKUPS_PER_HOUR = 1
    taken = PersonFactory(id_number=make_id_number(JINGSHAN))
    client = as_token(AuthToken.objects.create(desk_user)[1])
    client.get("/api/v1/staff/people/", {"q": make_id_number(JINGSHAN)})

    # when a walk-in is registered with a number that is on file
    response = client.post("/api/v1/staff/people/", {
        "name": "李四", "id_number": taken.id_number, "home_region": JINGSHAN, "education": 3,
        "employment_status": "unemployed", "consent_matching": False,
    })  # fmt: skip

    # then the answer does not say whether it is on file
    assert response.status_code == 429, response.json()


def test_the_admin_search_counts_distinct_numbers_against_the_allowance(
    desk_user: Any, settings: Any
) -> None:
    # given an allowance of one number an hour
    settings.STAFF_IDENTITY_LOOKUPS_PER_HOUR = 1
    person = PersonFactory(id_number=make_id_number(JINGSHAN), name="京山人")
    client = _admin(desk_user)
    changelist = reverse("admin:jobs_person_changelist")

    # when one number is searched twice (a page of the same search), then another
    first = client.get(changelist, {"q": person.id_number}).content.decode()
    again = client.get(changelist, {"q": person.id_number, "o": "1"}).content.decode()
    another = client.get(changelist, {"q": make_id_number(JINGSHAN)}).content.decode()

    # then the same number counts once; the second number is refused
    assert "京山人" in first and "京山人" in again
    assert "本小时的次数已用完" in another


def test_an_import_preview_counts_its_numbers_against_a_daily_allowance(
    desk_user: Any, settings: Any, english: None
) -> None:
    # given an allowance of two numbers a day in imports, and a person on file
    from jobs.imports.resources import PersonResource
    from jobs.models import Person
    from tests.jobs.test_import_export import PERSON_HEADERS, dataset, errors_of, person_row

    settings.STAFF_IMPORT_LOOKUPS_PER_DAY = 2
    person = PersonFactory(id_number=make_id_number(JINGSHAN))
    rows = [person_row(身份证号=make_id_number(JINGSHAN)) for _ in range(2)] + [
        person_row(身份证号=person.id_number)
    ]

    # when a file of three candidate numbers is previewed, and the same file again
    first = PersonResource(user=desk_user).import_data(dataset(PERSON_HEADERS, rows), dry_run=True)
    again = PersonResource(user=desk_user).import_data(dataset(PERSON_HEADERS, rows[:2]), dry_run=True)

    # then the third number is not answered, and numbers already counted are not counted again
    assert "allowance of look-ups by full number is used up" in errors_of(first)
    assert not again.has_validation_errors(), errors_of(again)
    assert Person.objects.count() == 1


def test_staff_who_may_reveal_have_no_allowance(settings: Any) -> None:
    # given
    settings.STAFF_IDENTITY_LOOKUPS_PER_HOUR = 1
    city = staff_user("jingmen", "420800", groups=[CITY_STAFF])
    client = as_token(AuthToken.objects.create(city)[1])

    # when
    answers = [
        client.get("/api/v1/staff/people/", {"q": make_id_number(JINGSHAN)}).status_code for _ in range(3)
    ]

    # then
    assert answers == [200, 200, 200]


def test_naming_a_person_number_with_candidate_id_numbers_counts_against_the_allowance(
    desk_user: Any, settings: Any, english: None
) -> None:
    # given an allowance of two numbers a day in imports, and a person whose export row shows
    # their 人员编号 beside the masked number
    import tablib

    from jobs.imports.resources import MigrantRecordResource
    from tests.jobs.test_import_export import errors_of

    settings.STAFF_IMPORT_LOOKUPS_PER_DAY = 2
    person = PersonFactory(id_number=make_id_number(JINGSHAN))
    candidates = [make_id_number(JINGSHAN) for _ in range(3)]
    rows = tablib.Dataset(
        *[[str(person.pk), c, "江苏省苏州市", "2024-03-01"] for c in candidates],
        headers=["人员编号", "身份证号", "务工地", "外出时间"],
    )

    # when a file tries three candidate full numbers for that person
    result = MigrantRecordResource(user=desk_user).import_data(rows, dry_run=True)

    # then the third is not answered (whether it is theirs stays untold once the allowance is spent)
    assert "allowance of look-ups by full number is used up" in errors_of(result)
