"""Social-insurance transfer rules as data: loaded with the documents' defaults, checked when
staff change them (only for moves into their own area), and looked up by anyone."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from jobs.models import InsuranceScheme, InsuranceTransferRule
from jobs.selectors.insurance import transfers_needed
from jobs.services.insurance import insurance_rule_save
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from tests.factories import region, staff_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/insurance-transfer/"


def green_channel() -> InsuranceTransferRule:
    return InsuranceTransferRule.objects.get(to_area="420882", returnees_only=True)


def test_a_fresh_install_has_the_national_rules_and_the_green_channel_each_naming_its_document() -> None:
    rules = InsuranceTransferRule.objects.all()

    assert {(r.scheme, r.to_area_id, r.returnees_only, r.pooled_by) for r in rules} == {
        ("pension", None, False, "province"), ("medical", None, False, "city"), ("medical", "420882", True, "city"),
    }  # fmt: skip
    assert all(r.document and r.office and r.documents and r.takes for r in rules)
    assert green_channel().takes == "当天受理、当天办结"


@pytest.mark.parametrize(
    ("from_code", "to_code", "returning", "told"),
    [
        ("441900", "420882", True, [("pension", None), ("medical", "420882")]),  # a rule of its own
        ("441900", "420882", False, [("pension", None), ("medical", None)]),  # a hire: not for returnees
        ("440304", "420202", True, [("pension", None), ("medical", None)]),  # no rule of their own
        ("420102", "420882", True, [("medical", "420882")]),  # one province: the pension stays
        ("420881", "420882", True, []),  # one city: nothing moves
    ],
)
def test_each_scheme_is_told_by_the_most_specific_rule_for_the_move(
    from_code: str, to_code: str, returning: bool, told: list[tuple[str, str | None]]
) -> None:
    rules = transfers_needed(from_code=from_code, to_code=to_code, returning=returning)

    assert [(r.scheme, r.to_area_id) for r in rules] == told


def test_a_second_rule_in_force_for_the_same_scheme_places_and_people_is_refused_naming_the_field() -> None:
    twin = InsuranceTransferRule(
        scheme=InsuranceScheme.MEDICAL, to_area=region("420882"), returnees_only=True, office="窗口",
        documents="身份证", takes="当天", document="某文件",
    )  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        insurance_rule_save(rule=twin, by=None)

    assert "to_area" in refused.value.message_dict
    twin.active = False  # a rule kept out of force beside it is fine
    insurance_rule_save(rule=twin, by=None)


# --- the admin -------------------------------------------------------------------------------


def admin_form(client: Client, url: str) -> dict[str, Any]:
    form = client.get(url).context["adminform"].form
    return {k: v for k, v in form.initial.items() if v is not None}


def test_city_staff_change_the_rules_for_moves_into_their_area_only() -> None:
    city = Client()
    city.force_login(staff_user("jingmen", "420800", groups=[CITY_STAFF]))
    rule = green_channel()
    url = reverse("admin:jobs_insurancetransferrule_change", args=[rule.pk])

    # their own: changed, and who did it is kept
    assert city.post(url, {**admin_form(city, url), "takes": "即时办结"}).status_code == 302
    rule.refresh_from_db()
    assert rule.takes == "即时办结" and rule.updated_by.username == "jingmen"

    # moved to another city, or to anywhere: refused, naming the field, nothing changed
    for to_area in ("420202", ""):
        refused = city.post(url, {**admin_form(city, url), "to_area": to_area})
        assert refused.status_code == 200
        assert refused.context["adminform"].form.errors["to_area"] == ["转入地：须为您所辖区域内的地区"]
    assert green_channel().to_area_id == "420882"

    # a national rule: read, not changed
    national = InsuranceTransferRule.objects.get(scheme="pension")
    url = reverse("admin:jobs_insurancetransferrule_change", args=[national.pk])
    page = city.get(url)
    assert page.status_code == 200 and "adminform" in page.context
    assert city.post(url, {**admin_form(city, url), "takes": "1天"}).status_code == 403
    assert InsuranceTransferRule.objects.get(pk=national.pk).takes == "一般45个工作日内办结"


def test_station_staff_read_the_rules_and_nobody_deletes_one() -> None:
    station = Client()
    station.force_login(staff_user("station", "420882", groups=[STATION_STAFF]))
    rule = green_channel()

    assert station.get(reverse("admin:jobs_insurancetransferrule_changelist")).status_code == 200
    change = reverse("admin:jobs_insurancetransferrule_change", args=[rule.pk])
    assert station.post(change, {"takes": "1天"}).status_code == 403
    everywhere = Client()
    everywhere.force_login(staff_user("root", None, superuser=True))
    assert (
        everywhere.post(reverse("admin:jobs_insurancetransferrule_delete", args=[rule.pk])).status_code == 403
    )
    assert InsuranceTransferRule.objects.filter(pk=rule.pk).exists()


# --- the public look-up ----------------------------------------------------------------------


def test_anyone_looks_up_what_moving_their_insurance_takes() -> None:
    answer = APIClient().get(URL, {"from_region": "441900", "to_region": "420882", "returning": "true"})

    assert answer.status_code == 200
    body = answer.json()
    assert body["needed"] is True
    assert [r["scheme"] for r in body["rules"]] == ["pension", "medical"]
    assert body["rules"][1]["takes"] == "当天受理、当天办结"
    assert set(body["rules"][1]) == {
        "scheme",
        "office",
        "documents",
        "takes",
        "online",
        "document",
        "article",
    }


def test_a_move_inside_one_pool_needs_nothing() -> None:
    body = APIClient().get(URL, {"from_region": "420881", "to_region": "420882"}).json()

    assert body == {"needed": False, "rules": []}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from_region": "999999", "to_region": "420882"}, "from_region"),
        ({"from_region": "441900"}, "to_region"),
        ({"from_region": "441900", "to_region": "420882", "returning": "maybe"}, "returning"),
    ],
)
def test_a_bad_look_up_is_refused_naming_the_field(query: dict[str, str], field: str) -> None:
    answer = APIClient().get(URL, query)

    assert answer.status_code == 400
    assert list(answer.json()["fields"]) == [field]


def test_a_parameter_given_twice_is_refused() -> None:
    answer = APIClient().get(f"{URL}?from_region=441900&from_region=440304&to_region=420882")

    assert answer.status_code == 400 and "from_region" in answer.json()["fields"]
