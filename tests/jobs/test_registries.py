"""The registries' database rules, encryption at rest and region data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from jobs.models import MigrantRecord, Person, Region, RegionAlias, Vacancy
from jobs.selectors.regions import region_by_code, region_resolve
from jobs.services.migrants import migrant_record_save
from jobs.services.people import person_find_by_id_number, person_set_identity
from jobs.services.vacancies import vacancies_close_expired
from tests.factories import PersonFactory, VacancyFactory, make_id_number, region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# --- Encryption and look-up --------------------------------------------------------------------


def test_id_number_and_phone_are_stored_encrypted_and_read_back_in_clear() -> None:
    # given
    number = make_id_number()
    person = PersonFactory(id_number=number, phone="13912345678")
    # when
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM jobs_person WHERE id = %s", [person.pk])
        stored_id, stored_phone = cursor.fetchone()
    # then
    assert number not in stored_id and number[-6:] not in stored_id
    assert "13912345678" not in stored_phone
    assert Person.objects.get(pk=person.pk).id_number == number
    assert Person.objects.get(pk=person.pk).phone == "13912345678"


def test_a_person_is_found_by_id_number_through_its_keyed_hash() -> None:
    person = PersonFactory()
    assert person_find_by_id_number(person.id_number.lower()) == person


def test_a_rotated_key_still_reads_old_rows_and_encrypts_new_writes(settings: Any) -> None:
    # given data written under the current key
    person = PersonFactory()
    new_key = Fernet.generate_key().decode()
    # when a new key is put first
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]
    # then old rows still decrypt
    assert Person.objects.get(pk=person.pk).id_number == person.id_number
    # and a row saved now is encrypted under the new key alone
    person.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM jobs_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()[0]
    assert Fernet(new_key.encode()).decrypt(stored.encode()).decode() == person.id_number


def test_set_identity_derives_birth_date_and_sex_from_the_id_number() -> None:
    person = Person()
    person_set_identity(
        person=person, id_number=make_id_number(birth=date(1985, 2, 3), male=False), phone="13800001111"
    )
    assert (person.birth_date, person.sex, person.phone) == (date(1985, 2, 3), "F", "13800001111")


def test_set_identity_refuses_an_id_number_registered_to_someone_else() -> None:
    existing = PersonFactory()
    with pytest.raises(ValidationError) as err:
        person_set_identity(person=Person(), id_number=existing.id_number)
    assert "already registered" in str(err.value.message_dict["id_number"])


def test_set_identity_names_each_bad_field() -> None:
    with pytest.raises(ValidationError) as err:
        person_set_identity(person=Person(), id_number="110105194912310021", phone="12345")
    assert set(err.value.message_dict) == {"id_number", "phone"}


def test_the_same_id_number_cannot_be_registered_twice() -> None:
    person = PersonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(id_number=person.id_number)


def test_consent_without_a_recorded_time_is_refused() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(consent_matching=True, consent_recorded_at=None)


def test_an_unknown_employment_status_is_refused() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(employment_status="retired-ish")


# --- Vacancy rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"wage_min": 7000, "wage_max": 5000},
        {"headcount": 0},
        {"headcount": 2, "filled_count": 3},
        {"valid_from": date(2025, 5, 1), "valid_until": date(2025, 4, 1)},
        {"status": "maybe"},
        {"wage_unit": "week"},
    ],
)
def test_the_database_refuses_an_insane_vacancy(fields: dict[str, object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        VacancyFactory(**fields)


def test_vacancy_validation_names_the_field_and_the_rule() -> None:
    vacancy = VacancyFactory.build(
        wage_min=7000, wage_max=5000, valid_from=date(2025, 5, 1), valid_until=date(2025, 4, 1)
    )
    with pytest.raises(ValidationError) as err:
        vacancy.full_clean(exclude=["employer", "occupation", "region"])
    assert "minimum wage" in str(err.value.message_dict["wage_max"])
    assert "valid from" in str(err.value.message_dict["valid_until"])


def test_expired_open_vacancies_are_closed_and_running_again_changes_nothing() -> None:
    # given one expired and one current open vacancy
    today = date(2026, 6, 1)
    expired = VacancyFactory(valid_from=today - timedelta(days=40), valid_until=today - timedelta(days=1))
    current = VacancyFactory(valid_from=today - timedelta(days=40), valid_until=today)
    # when
    closed = vacancies_close_expired(today=today)
    again = vacancies_close_expired(today=today)
    # then
    expired.refresh_from_db()
    current.refresh_from_db()
    assert (closed, again) == (1, 0)
    assert expired.status == Vacancy.Status.CLOSED and current.status == Vacancy.Status.OPEN


# --- Migrant history ------------------------------------------------------------------------------


def test_a_person_has_at_most_one_current_migrant_record() -> None:
    person = PersonFactory()
    MigrantRecord.objects.create(person=person, work_region=region("320500"), started_on=date(2020, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        MigrantRecord.objects.create(person=person, work_region=region("440300"), started_on=date(2022, 3, 1))


def test_updating_a_migrant_record_keeps_the_old_one_as_history() -> None:
    # given a person working in Suzhou
    person = PersonFactory()
    first = migrant_record_save(
        record=MigrantRecord(person=person, work_region=region("320500"), started_on=date(2020, 3, 1))
    )
    # when they come home
    first.returned_on = date(2026, 1, 20)
    migrant_record_save(record=first)
    # then two rows, one current with the return date
    rows = MigrantRecord.objects.filter(person=person).order_by("pk")
    assert [(r.is_current, r.returned_on) for r in rows] == [(False, None), (True, date(2026, 1, 20))]


def test_a_return_before_leaving_is_refused() -> None:
    person = PersonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MigrantRecord.objects.create(
            person=person,
            work_region=region("320500"),
            started_on=date(2024, 3, 1),
            returned_on=date(2024, 1, 1),
        )


# --- Regions -----------------------------------------------------------------------------------------


def test_every_province_city_and_county_is_loaded_from_the_data_package() -> None:
    assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 34
    assert Region.objects.filter(level=Region.Level.COUNTY).count() > 2800
    assert not Region.objects.filter(longitude__isnull=True).exists()


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("湖北省京山市新市街道京源大道1号", "420882"),
        ("黄石市下陆区", "420204"),
        ("浙江省温州市龙港市", "330383"),
        ("江苏南通崇川区", "320613"),
        ("湖南省浏阳市集里街道", "430181"),
        ("420821", "420882"),  # 京山县, retired in 2018
    ],
)
def test_seed_cities_resolve_to_current_codes(address: str, code: str) -> None:
    assert region_resolve(address) == Region.objects.get(code=code)


def test_changed_divisions_have_coordinates_from_predecessor_or_parent() -> None:
    jingshan, longgang, wenzhou = (Region.objects.get(code=c) for c in ("420882", "330383", "330300"))
    assert jingshan.coordinate_source == "predecessor" and 112 < jingshan.longitude < 114
    assert longgang.coordinate_source == "parent" and (longgang.longitude, longgang.latitude) == (
        wenzhou.longitude,
        wenzhou.latitude,
    )


def test_retired_codes_are_aliases_of_current_ones() -> None:
    assert RegionAlias.objects.get(code="420821").region_id == "420882"
    assert region_by_code("320602") == Region.objects.get(code="320613")


def test_unknown_places_do_not_resolve() -> None:
    assert region_resolve("火星基地") is None
    assert region_by_code("999999") is None


def test_region_containment_follows_the_code_hierarchy() -> None:
    hubei, jingmen, jingshan, wuhan = (
        Region.objects.get(code=c) for c in ("420000", "420800", "420882", "420100")
    )
    assert hubei.contains(jingshan) and jingmen.contains(jingshan) and jingshan.contains(jingshan)
    assert not jingmen.contains(wuhan) and not jingshan.contains(jingmen)
    assert jingshan.parent == jingmen and jingmen.parent == hubei
