"""Spreadsheets as offices fill them in: blank optional cells, every bad row reported with the
number the spreadsheet gives it, the usual spellings of a choice, empty cells shown empty."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from jobs.imports.files import dataset_load
from jobs.imports.resources import PersonResource, VacancyResource
from jobs.models import Education, Person, Vacancy
from tests.factories import EmployerFactory, OccupationFactory, make_id_number
from tests.jobs.imports.conftest import xlsx_bytes, xlsx_upload

pytestmark = pytest.mark.django_db

HEADERS = [
    "姓名",
    "身份证号",
    "手机号",
    "现居住地",
    "详细地址",
    "学历",
    "专业",
    "就业状态",
    "正在求职",
    "同意岗位匹配",
]


def row(**overrides: str) -> list[str]:
    values = {
        "姓名": "王五", "身份证号": make_id_number(), "手机号": "13800138000", "现居住地": "京山市",
        "详细地址": "新市街道1号", "学历": "高中/中专/技校", "专业": "数控", "就业状态": "失业",
        "正在求职": "是", "同意岗位匹配": "是",
    }  # fmt: skip
    values.update(overrides)
    return [values[h] for h in HEADERS]


def preview(client: Client, upload: Any) -> Any:
    # No format chosen: the page tells it from the file.
    return client.post(reverse("admin:jobs_person_import"), {"import_file": upload, "resource": "0"})


def test_blank_optional_cells_of_an_xlsx_import_as_empty_text_through_the_admin(
    station_client: Client,
) -> None:
    # given an xlsx file whose 专业 and 详细地址 cells are left empty on one row
    upload = xlsx_upload(HEADERS, [row(专业="", 详细地址=""), row(姓名="赵六")])

    # when previewed and confirmed
    shown = preview(station_client, upload)
    assert shown.status_code == 200, shown.content.decode()[:2000]
    confirm = shown.context["confirm_form"]
    done = station_client.post(reverse("admin:jobs_person_process_import"), confirm.initial)

    # then both are registered, the blanks as empty text
    assert done.status_code == 302
    wang = Person.objects.get(name="王五")
    assert (wang.address, wang.major) == ("", "")
    assert Person.objects.count() == 2


def test_the_preview_shows_empty_cells_empty_not_as_none(station_client: Client) -> None:
    # given a good row and a bad row, both with empty optional cells
    upload = xlsx_upload(HEADERS, [row(专业="", 详细地址="")])
    bad = xlsx_upload(HEADERS, [row(专业="", 详细地址="", 现居住地="火星基地")])

    # when previewed
    good_page = preview(station_client, upload).content.decode()
    bad_page = preview(station_client, bad).content.decode()

    # then no cell reads "None"
    assert "<td>None</td>" not in good_page and ">None<" not in good_page
    assert "<td>None</td>" not in bad_page and ">None<" not in bad_page


def test_every_bad_row_is_reported_with_its_spreadsheet_row_number(station_client: Client) -> None:
    # given rows 2 (blank address, fine), 3 (wrong check digit), 4 (fine), 5 (unknown region)
    rows = [row(详细地址=""), row(身份证号="110105194912310021"), row(), row(现居住地="火星基地")]
    upload = xlsx_upload(HEADERS, rows)

    # when previewed
    shown = preview(station_client, upload)

    # then both bad rows are listed, numbered as the spreadsheet numbers them, in Chinese
    result = shown.context["result"]
    assert not result.has_errors()
    assert [r.number for r in result.invalid_rows] == [3, 5]
    html = shown.content.decode()
    assert "NOT NULL" not in html and "GB 11643" in html and "火星基地" in html
    assert "部分行未通过校验" in html and "某些行验数据证失败" not in html
    assert shown.context.get("confirm_form") is None and Person.objects.count() == 0


def test_the_command_imports_an_xlsx_with_blank_cells_and_numbers_bad_rows_as_the_sheet(
    tmp_path: Any, capsys: Any, english: None
) -> None:
    # given a file with a blank address and two bad rows
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes(HEADERS, [row(详细地址=""), row(现居住地="火星"), row(学历="幼儿园")]))
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes(HEADERS, [row(详细地址="", 专业="")]))

    # when the bad file is imported, then every bad row is reported and nothing written
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_registry", "people", str(bad))
    err = capsys.readouterr().err
    assert "Row 3 现居住地" in err and "Row 4 学历" in err and "NOT NULL" not in err
    assert Person.objects.count() == 0

    # when the good one is, then it is written
    call_command("import_registry", "people", str(good))
    assert Person.objects.get().address == ""


@pytest.mark.parametrize(
    ("written", "education"),
    [
        ("高中", Education.SENIOR_HIGH),
        ("中专", Education.SENIOR_HIGH),
        ("技校", Education.SENIOR_HIGH),
        ("大专", Education.JUNIOR_COLLEGE),
        ("专科", Education.JUNIOR_COLLEGE),
        ("本科", Education.BACHELOR),
        ("大学本科", Education.BACHELOR),
        ("初中", Education.JUNIOR_HIGH),
        ("小学", Education.PRIMARY),
        ("硕士", Education.MASTER),
        ("博士", Education.DOCTOR),
    ],
)
def test_common_spellings_of_an_education_level_are_accepted(written: str, education: int) -> None:
    data = dataset_load(xlsx_bytes(HEADERS, [row(学历=written)]), "xlsx")
    result = PersonResource().import_data(data, dry_run=False)
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert Person.objects.get().education == education


@pytest.mark.parametrize(
    ("written", "value"), [("Y", True), ("N", False), ("√", True), ("×", False), ("是", True)]
)
def test_yes_and_no_are_accepted_in_their_usual_spellings(written: str, value: bool) -> None:
    data = dataset_load(xlsx_bytes(HEADERS, [row(正在求职=written)]), "xlsx")
    result = PersonResource().import_data(data, dry_run=False)
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert Person.objects.get().is_seeking is value


def test_a_vacancy_starting_after_its_last_valid_day_is_refused_naming_the_start_date(english: None) -> None:
    # given a row whose 开始日期 is after its 有效期止
    employer = EmployerFactory()
    OccupationFactory(name="叉车司机")
    headers = ["单位统一社会信用代码", "岗位名称", "职业", "用工形式", "招聘人数", "最低薪酬", "最高薪酬",
               "计薪单位", "工作地点", "有效期起", "有效期止", "开始日期"]  # fmt: skip
    good = [employer.credit_code, "叉车工", "叉车司机", "全职", "3", "4500", "6500", "month", "京山市",
            "2026-11-01", "2027-01-31", "2026-12-01"]  # fmt: skip
    late = [*good[:11], "2027-03-01"]

    # when imported
    result = VacancyResource().import_data(dataset_load(xlsx_bytes(headers, [good, late]), "xlsx"))

    # then the model's rule is reported on the 开始日期 column of row 3, and nothing written
    assert [r.number for r in result.invalid_rows] == [3]
    assert "Start date: must not be after valid until" in str(result.invalid_rows[0].error_dict["开始日期"])
    assert Vacancy.objects.count() == 0
    # and a good one keeps its start date
    VacancyResource().import_data(dataset_load(xlsx_bytes(headers, [good]), "xlsx"))
    assert str(Vacancy.objects.get().start_date) == "2026-12-01"
