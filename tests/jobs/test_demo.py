"""The demo county: consistent, valid, and the same for the same seed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.management import call_command

from jobs.models import (
    Employer,
    Entitlement,
    GigStation,
    HardToEmployProfile,
    Household,
    MigrantRecord,
    Person,
    StaffProfile,
    Support,
    SyntheticTruth,
    TrainingCourse,
    Vacancy,
)
from jobs.services.demo import demo_county_load
from jobs.validators import parse_credit_code, parse_id_number
from matching.ml.classification import read_classification

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 1)


def fingerprint() -> list[object]:
    return [
        list(
            Person.objects.order_by("pk").values_list(
                "name", "id_number_hash", "home_region_id", "employment_status"
            )
        ),
        list(Employer.objects.order_by("pk").values_list("name", "credit_code")),
        list(Vacancy.objects.order_by("pk").values_list("title", "wage_min", "wage_max", "status")),
        list(SyntheticTruth.objects.order_by("pk").values_list("occupation__code", "region_id")),
    ]


def wipe() -> None:
    for model in (Entitlement, Person, Household, Employer, TrainingCourse, StaffProfile, GigStation):
        model.objects.all().delete()


def test_the_same_seed_gives_the_same_county_and_another_seed_a_different_one() -> None:
    demo_county_load(size=200, seed=7, today=TODAY)
    first = fingerprint()
    wipe()
    demo_county_load(size=200, seed=7, today=TODAY)
    assert fingerprint() == first
    wipe()
    demo_county_load(size=200, seed=8, today=TODAY)
    assert fingerprint() != first


def test_the_demo_county_is_valid_and_shaped_like_the_policy() -> None:
    # when
    counts = demo_county_load(size=600, seed=2025, today=TODAY)
    # then every identifier passes its checksum
    people = list(Person.objects.all())
    assert counts["people"] == 600 == len(people)
    for person in people:
        info = parse_id_number(person.id_number)
        assert (info.birth_date, info.sex) == (person.birth_date, person.sex)
    for employer in Employer.objects.all():
        assert parse_credit_code(employer.credit_code) == employer.credit_code
    # most people live in 京山市, born under its old code 420821
    assert Person.objects.filter(home_region_id="420882").count() > 400
    assert sum(p.id_number.startswith("420821") for p in people) > 300
    # migrants work in the deltas and Wuhan, and many expect to return
    migrants = MigrantRecord.objects.filter(is_current=True)
    assert migrants.count() > 100
    assert set(migrants.values_list("work_region__code", flat=True)) <= {
        "320500", "310100", "330100", "330200", "320600", "440300", "441900", "440100", "440600", "420100",
    }  # fmt: skip
    assert migrants.filter(expected_return_on__isnull=False).count() > migrants.count() // 2
    # the pillar industries are there
    occupations = set(SyntheticTruth.objects.values_list("occupation__code", flat=True))
    assert {
        "6-30-05-01",
        "6-24-04-00",
        "6-24-02-04",
        "4-14-05-01",
    } <= occupations  # forklifts, batteries, PV, tennis
    # the rules gave people of every tier their reasons; every synthetic person has a ground truth
    warned = Support.objects.exclude(tier="none")
    assert set(warned.values_list("tier", flat=True)) == {"red", "yellow", "blue"}
    assert HardToEmployProfile.objects.exists() and not warned.filter(reasons=[]).exists()
    assert SyntheticTruth.objects.count() == 600
    # vacancies obey the registry's own validation
    for vacancy in Vacancy.objects.all():  # a start after the last valid day among them
        vacancy.full_clean()


def test_the_command_loads_once_and_refuses_to_load_over_data(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo", "--size", "50", "--today", "2026-11-01")
    call_command("load_demo", "--size", "50", "--if-empty")
    assert Person.objects.count() == 50
    assert "not loaded again" in capsys.readouterr().out


def test_demo_people_name_their_trade_in_the_books_titles_not_the_countys_synonyms() -> None:
    demo_county_load(size=300, seed=7, today=TODAY)
    book = {t for e in read_classification() for t in (e.name, *e.titles)}
    descriptions = Person.objects.exclude(self_description="").values_list("self_description", flat=True)
    said = [
        m.group(1) for d in descriptions for m in [re.match(r"(?:干过\d+年|之前在外面做)(.+?)，", d)] if m
    ]

    assert len(said) > 100
    assert set(said) <= book
