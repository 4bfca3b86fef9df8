"""An imported row changes the registry through the same service as every other write: the
desk's rules for people, the consent rule, a migrant's return as the seeker's own "I am back",
a warning tier found by the rules as for a row staff save; and a rolled-back import leaves no notice behind."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import tablib
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.imports.resources import HardshipResource, MigrantRecordResource, PersonResource
from jobs.models import (
    ConsentText,
    HardToEmployProfile,
    MigrantRecord,
    Person,
    PhoneChange,
    Support,
    TierChange,
    WarningTier,
)
from jobs.selectors.consent import consent_current
from jobs.services.hardship import hardship_profile_save
from jobs.services.migrants import migrant_record_save
from jobs.services.support import support_case_worker_set
from jobs.services.tier_rules import add_months
from tests.factories import PersonFactory, make_id_number, region, staff_user
from workers.models import Notice, NoticeKind

pytestmark = pytest.mark.django_db

HEADERS = ["姓名", "身份证号", "手机号", "现居住地", "学历", "就业状态", "同意岗位匹配"]


def person_row(**overrides: str) -> dict[str, str]:
    row = {"姓名": "王五", "身份证号": make_id_number(), "手机号": "13800138000", "现居住地": "京山市",
           "学历": "高中", "就业状态": "失业", "同意岗位匹配": "是"}  # fmt: skip
    row.update(overrides)
    return row


def rows(*dicts: dict[str, str]) -> tablib.Dataset:
    headers = list(dicts[0])
    return tablib.Dataset(*[[d[h] for h in headers] for d in dicts], headers=headers)


def errors_of(result: Any) -> dict[str, Any]:
    return {r.number: r.error_dict for r in result.invalid_rows}


# --- People -----------------------------------------------------------------------------------------


def test_consent_given_in_an_import_names_the_current_consent_text() -> None:
    # when a person who consents is imported without a version column
    result = PersonResource().import_data(rows(person_row()), dry_run=False)

    # then their consent names the text shown now, not a made-up version
    assert not result.has_validation_errors(), errors_of(result)
    person = Person.objects.get()
    assert person.consent_matching and person.consent_recorded_at is not None
    assert person.consent_text_version == consent_current().version  # type: ignore[union-attr]


def test_a_file_of_people_is_queued_for_re_scoring_once_not_once_a_row(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # when three people are imported, each saved by the desk's service
    with django_capture_on_commit_callbacks(execute=False) as queued:
        result = PersonResource().import_data(rows(person_row(), person_row(), person_row()), dry_run=False)
    # then one re-scoring is queued for the file, naming all three
    assert not result.has_validation_errors(), errors_of(result)
    assert len(queued) == 1


def test_a_version_column_names_the_text_agreed_to_and_an_unknown_one_is_refused() -> None:
    # given an older published text
    ConsentText.objects.create(version="2024-06", text="旧版", published_on=date(2024, 6, 1))

    # when a row names it, and another row names no published text
    result = PersonResource().import_data(
        rows(person_row(同意书版本="2024-06"), person_row(同意书版本="1999-01")), dry_run=False
    )

    # then the second row is refused on that column and nothing is written
    assert list(errors_of(result)) == [3] and "同意书版本" in errors_of(result)[3]
    assert not Person.objects.exists()

    # when only the first is imported, then its consent names that version
    PersonResource().import_data(rows(person_row(同意书版本="2024-06")), dry_run=False)
    assert Person.objects.get().consent_text_version == "2024-06"


def test_a_phone_changed_by_import_is_audited_under_the_staff_member_who_imported() -> None:
    # given a person on file and the staff member importing
    staff = staff_user("jingshan", "420882")
    person = PersonFactory(phone="13900000001")
    row = person_row(身份证号=person.id_number, 手机号="13900000002")

    # when
    result = PersonResource(user=staff).import_data(rows(row), dry_run=False)

    # then
    assert not result.has_validation_errors(), errors_of(result)
    change = PhoneChange.objects.get(person=person)
    assert change.changed_by == staff and change.new_phone == "139****0002"


# --- Migrant workers: a return by import is the seeker's own "I am back" ---------------------------


def working_away(person: Person) -> MigrantRecord:
    Person.objects.filter(pk=person.pk).update(employment_status="migrant", is_seeking=False)
    return migrant_record_save(record=MigrantRecord(
        person=person, work_region=region("320500"), started_on=date(2024, 3, 1),
        insurance_region=region("320500"),
    ))  # fmt: skip


def state(person: Person) -> dict[str, Any]:
    person.refresh_from_db()
    current = MigrantRecord.objects.get(person=person, is_current=True)
    notices = Notice.objects.filter(person=person).order_by("key")
    return {
        "status": (person.employment_status, person.is_seeking),
        "current": (current.returned_on, current.intends_local_work, current.insurance_region_id),
        "notices": [(n.kind, n.key.replace(f":{person.pk}:", ":<person>:")) for n in notices],
    }


def test_a_return_recorded_by_import_has_the_effects_of_the_seekers_i_am_back(seeker: APIClient) -> None:
    # given two people working away in 苏州, insured there: one says so in the app, one is on a sheet
    by_app = Person.objects.get()
    by_sheet = PersonFactory()
    for person in (by_app, by_sheet):
        working_away(person)
    today = timezone.localdate()

    # when one says "I am back" and staff import the other's return
    assert seeker.post("/api/v1/me/migrant/back/", {"intends_local_work": True}).status_code == 200
    sheet = {"身份证号": by_sheet.id_number, "务工地": "江苏省苏州市", "外出时间": "2024-03-01",
             "实际返乡时间": today.isoformat(), "有意本地就业": "是", "社保缴纳地": "苏州市"}  # fmt: skip
    result = MigrantRecordResource().import_data(rows(sheet), dry_run=False)
    assert not result.has_validation_errors(), errors_of(result)

    # then both are unemployed and looking here, with the same record and the same notices
    assert state(by_sheet) == state(by_app)
    assert state(by_sheet)["status"] == ("unemployed", True)
    guidance = Notice.objects.filter(person=by_sheet, kind=NoticeKind.INSURANCE_TRANSFER)
    assert guidance.exists()

    # when the same sheet is imported again, then the guidance is not written twice
    written = guidance.count()
    MigrantRecordResource().import_data(rows(sheet), dry_run=False)
    assert guidance.count() == written


# --- Hard-to-employ registry ---------------------------------------------------------------------


def yellow_with_case_worker() -> tuple[Person, Any]:
    """Someone in the registry, unemployed four months: yellow by the rules, with a case worker."""
    worker = staff_user("caseworker", "420882", is_case_worker=True)
    person = PersonFactory(employment_status="unemployed", status_since=add_months(timezone.localdate(), -4))
    hardship_profile_save(profile=HardToEmployProfile(person=person, registered_on=date(2025, 1, 2)))
    support_case_worker_set(support=Support.objects.get(person=person), case_worker=worker)
    assert Support.objects.get(person=person).tier == WarningTier.YELLOW
    return person, worker


def test_a_category_imported_raises_the_tier_by_the_rules_and_the_case_worker_is_told() -> None:
    # given a person on yellow with a case worker
    person, worker = yellow_with_case_worker()
    sheet = {"身份证号": person.id_number, "困难类别": "零就业家庭", "认定日期": "2025-01-02"}

    # when the sheet records their household as having nobody in work
    result = HardshipResource().import_data(rows(sheet), dry_run=False)

    # then the rules put them on red at once, logged, and the case worker hears of it once
    assert not result.has_validation_errors(), errors_of(result)
    support = Support.objects.get(person=person)
    assert support.tier == WarningTier.RED and support.tier_since is not None
    assert support.changes.filter(from_tier="yellow", to_tier="red", source="rules").count() == 1
    assert Notice.objects.filter(user=worker, kind=NoticeKind.WARNING_TIER).count() == 1


def test_a_rolled_back_import_leaves_no_notice_and_queues_nothing(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a tier change that would tell a case worker, and a bad row after it
    person, _worker = yellow_with_case_worker()
    good = {"身份证号": person.id_number, "困难类别": "零就业家庭", "认定日期": "2025-01-02"}
    bad = {**good, "身份证号": make_id_number()}

    # when the file is imported, and when a good file is only previewed
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        failed = HardshipResource().import_data(rows(good, bad), dry_run=False)
        HardshipResource().import_data(rows(good), dry_run=True)

    # then no notice is on file and nothing waits for a commit
    assert failed.has_validation_errors()
    assert not Notice.objects.exists() and callbacks == []
    assert Support.objects.get().tier == WarningTier.YELLOW and TierChange.objects.count() == 1


def test_a_return_imported_by_staff_is_recorded_as_theirs() -> None:
    # given someone working away, and the staff member importing their return
    staff = staff_user("jingshan", "420882")
    person = PersonFactory()
    working_away(person)
    sheet = {"身份证号": person.id_number, "务工地": "江苏省苏州市", "外出时间": "2024-03-01",
             "实际返乡时间": timezone.localdate().isoformat(), "有意本地就业": "是"}  # fmt: skip
    # when
    result = MigrantRecordResource(user=staff).import_data(rows(sheet), dry_run=False)
    # then the new history row names who recorded the return
    assert not result.has_validation_errors(), errors_of(result)
    assert MigrantRecord.objects.get(person=person, is_current=True).recorded_by == staff
