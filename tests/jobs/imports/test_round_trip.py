"""An export is the template of an import: the staff member who made it can import it back
unchanged (masked numbers mean "keep the number on file"), the import page offers an empty
template, and it tells a file's format from the file."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jobs.imports.resources import HardshipResource, PersonResource, VacancyResource
from jobs.models import HardshipRecord, HardToEmployProfile, Person, RevealLog, Vacancy
from tests.factories import EmployerFactory, PersonFactory, VacancyFactory, make_id_number, region
from tests.jobs.imports.conftest import xlsx_upload

pytestmark = pytest.mark.django_db


def dataset_of(rows: list[dict[str, str]]) -> tablib.Dataset:
    headers = list(rows[0])
    return tablib.Dataset(*[[r[h] for h in headers] for r in rows], headers=headers)


def _no_such_vacancy() -> str:
    return "岗位编号：您的辖区内没有这个岗位"


def errors_of(result: Any) -> dict[int, Any]:
    return {r.number: r.error_dict for r in result.invalid_rows}


def test_a_masked_export_imports_back_unchanged_for_the_staff_member_who_made_it(
    station_staff: Any,
) -> None:
    # given three people of the station's county, exported masked
    people = [PersonFactory(name=f"人{i}", address="新市街道", major="数控") for i in range(3)]
    before = {p.pk: (p.id_number, p.phone, p.name) for p in people}
    exported = PersonResource(user=station_staff).export(Person.objects.all())
    assert people[0].id_number not in exported.csv and people[0].id_number_masked in exported.csv

    # when the same file is imported by them
    result = PersonResource(user=station_staff).import_data(
        tablib.Dataset().load(exported.csv), dry_run=False
    )

    # then nobody is new, everyone is there once, and the numbers on file are kept
    assert not result.has_errors() and not result.has_validation_errors(), errors_of(result)
    assert (result.totals["new"], result.totals["update"] + result.totals["skip"]) == (0, 3)
    assert {p.pk: (p.id_number, p.phone, p.name) for p in Person.objects.all()} == before


def test_a_vacancy_export_imports_back_as_the_same_postings(station_staff: Any) -> None:
    # given two postings of the station's county, exported, and one of the next county
    employer = EmployerFactory(region=region("420882"))
    mine = [VacancyFactory(employer=employer, region=region("420882"), title=f"岗位{i}") for i in range(2)]
    other = VacancyFactory(region=region("420881"), title="钟祥岗位")
    exported = VacancyResource(user=station_staff).export(Vacancy.objects.filter(pk__in=[v.pk for v in mine]))

    # when the file comes back with one title changed
    rows = tablib.Dataset().load(exported.csv).dict
    first = next(r for r in rows if r["岗位编号"] == str(mine[0].pk))
    first["岗位名称"] = "叉车司机"
    result = VacancyResource(user=station_staff).import_data(dataset_of(rows), dry_run=False)

    # then the same two postings are updated, none added
    assert not result.has_errors() and not result.has_validation_errors(), errors_of(result)
    assert result.totals["new"] == 0 and Vacancy.objects.count() == 3
    assert Vacancy.objects.get(pk=mine[0].pk).title == "叉车司机"

    # and a number from outside the importer's area names no posting of theirs
    first["岗位编号"] = str(other.pk)
    refused = VacancyResource(user=station_staff).import_data(dataset_of(rows), dry_run=False)
    assert [errors for errors in errors_of(refused).values()] == [{"岗位编号": [_no_such_vacancy()]}]
    assert Vacancy.objects.get(pk=other.pk).title == "钟祥岗位"


def test_an_export_imports_back_through_the_admin_with_no_format_chosen(station_client: Client) -> None:
    # given a person exported as xlsx from the admin
    PersonFactory(name="王五")
    url = reverse("admin:jobs_person_export")
    form = station_client.get(url).context["form"]
    xlsx = next(value for value, label in form.fields["format"].choices if label == "xlsx")
    fields = {f"personresource_{f}": "on" for f in PersonResource.Meta.fields}
    exported = station_client.post(url, {"format": xlsx, "resource": "0", **fields}).content

    # when it is uploaded again without saying its format
    shown = station_client.post(
        reverse("admin:jobs_person_import"),
        {"import_file": SimpleUploadedFile("劳动力.xlsx", exported), "resource": "0"},
    )

    # then the preview shows one update and no error
    result = shown.context["result"]
    assert not result.has_validation_errors(), errors_of(result)
    assert (result.totals["new"], result.totals["update"]) == (0, 1)


def test_a_masked_number_for_a_new_person_or_not_fitting_the_one_on_file_is_refused(
    station_staff: Any, english: None
) -> None:
    # given a person on file
    person = PersonFactory()
    headers = ["人员编号", "姓名", "身份证号", "手机号", "现居住地", "学历", "就业状态"]
    other = make_id_number()
    masked_other = (
        f"{other[:6]}{'*' * 11}{other[-1]}" if other[-1] != person.id_number[-1] else "420821***********0"
    )
    rows = [
        ["", "新人", person.id_number_masked, "", "京山市", "高中", "失业"],  # no person number
        [str(person.pk), "张三", masked_other, "", "京山市", "高中", "失业"],  # not theirs
        [str(person.pk), "张三", person.id_number_masked, "138****0000", "京山市", "高中", "失业"],
    ]

    # when imported
    result = PersonResource(user=station_staff).import_data(tablib.Dataset(*rows, headers=headers))

    # then each row is refused on the column whose masked number cannot be used
    errors = errors_of(result)
    assert sorted(errors) == [2, 3, 4]
    assert "身份证号" in errors[2] and "身份证号" in errors[3] and "手机号" in errors[4]
    assert "masked" in str(errors[2]["身份证号"])


def test_the_person_number_finds_only_people_of_the_importers_area(station_staff: Any, english: None) -> None:
    # given a person of another county
    theirs = PersonFactory(home_region=region("420881"))
    headers = ["人员编号", "姓名", "身份证号", "现居住地", "学历", "就业状态"]
    rows = [[str(theirs.pk), "改名", theirs.id_number_masked, "京山市", "高中", "失业"]]

    # when named by their number in an import
    result = PersonResource(user=station_staff).import_data(tablib.Dataset(*rows, headers=headers))

    # then the row is refused and they are unchanged
    assert "人员编号" in errors_of(result)[2]
    assert Person.objects.get().name == theirs.name


def test_a_masked_hardship_export_imports_back(station_staff: Any) -> None:
    from datetime import date

    person = PersonFactory()
    profile = HardToEmployProfile.objects.create(person=person, registered_on=date(2025, 1, 2))
    HardshipRecord.objects.create(profile=profile, category="zero_household")
    exported = HardshipResource(user=station_staff).export(HardToEmployProfile.objects.all())
    result = HardshipResource(user=station_staff).import_data(tablib.Dataset().load(exported.csv))
    assert not result.has_validation_errors(), errors_of(result)
    assert result.totals["new"] == 0


def test_the_import_page_offers_an_empty_template_with_the_export_headers(
    station_client: Client, station_staff: Any
) -> None:
    # given the import page of the labour registry
    page = station_client.get(reverse("admin:jobs_person_import"))
    template_url = reverse("admin:jobs_importjob_template", args=["people"])
    assert template_url in page.content.decode()

    # when the template is downloaded
    response = station_client.get(template_url)

    # then it is an xlsx file with the headers of an export and no rows
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == PersonResource(user=station_staff).get_export_headers()
    assert sheet.max_row == 1 and not RevealLog.objects.exists()


def test_the_import_page_tells_csv_from_xlsx_by_the_file(station_client: Client) -> None:
    headers = ["姓名", "身份证号", "现居住地", "学历", "就业状态"]
    row = ["王五", make_id_number(), "京山市", "高中", "失业"]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([headers, row])
    for upload in (
        SimpleUploadedFile("people.csv", buffer.getvalue().encode("utf-8-sig")),
        SimpleUploadedFile("people", buffer.getvalue().encode("utf-8")),  # no extension
        xlsx_upload(headers, [row], name="people"),
    ):
        shown = station_client.post(
            reverse("admin:jobs_person_import"), {"import_file": upload, "resource": "0"}
        )
        assert shown.status_code == 200
        result = shown.context["result"]
        assert result.totals["new"] == 1 and not result.has_validation_errors(), errors_of(result)
