"""The admin in a real headless Chromium, as gig-station staff use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from jobs.models import Person, RevealLog
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from tests.factories import PersonFactory, make_id_number, region, staff_user

pytestmark = pytest.mark.usefixtures("regions_loaded")
HEADERS = "姓名,身份证号,手机号,现居住地,学历,就业状态,正在求职"


def log_in(page: Page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-123456")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_station_staff_see_their_area_in_chinese_with_masked_numbers(page: Page, tmp_path: Path) -> None:
    # given
    staff_user("jingshan", "420882", groups=[STATION_STAFF])
    mine = PersonFactory(name="京山人", phone="13912345678")
    PersonFactory(name="钟祥人", home_region=region("420881"))
    # when
    log_in(page, "jingshan")
    page.click("text=劳动力资源信息库")
    # then
    body = page.inner_text("#changelist")
    assert "京山人" in body and "钟祥人" not in body
    assert mine.id_number_masked in body and "139****5678" in body
    assert mine.id_number not in page.content()
    page.screenshot(path=str(tmp_path / "people.png"), full_page=True)


def test_an_import_with_a_bad_row_shows_the_error_and_a_good_one_is_confirmed(
    page: Page, tmp_path: Path
) -> None:
    # given
    staff_user("jingshan", "420882", groups=[STATION_STAFF])
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{HEADERS}\n王五,{make_id_number()},13800138000,京山市,初中,失业,是\n赵六,110105194912310021,,京山市,初中,失业,是\n",
        encoding="utf-8",
    )
    good = tmp_path / "good.csv"
    good.write_text(
        f"{HEADERS}\n王五,{make_id_number()},13800138000,湖北省京山市新市街道,初中,失业,是\n",
        encoding="utf-8",
    )
    log_in(page, "jingshan")
    # when a file with a bad row is uploaded
    page.goto("/admin/jobs/person/import/")
    page.set_input_files("#id_import_file", str(bad))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")
    page.wait_for_selector(".import-preview")
    # then the row's error is shown in Chinese and there is nothing to confirm
    assert page.locator("text=身份证号：校验码错误").first.is_visible()
    assert page.locator("input[name=import_file_name]").count() == 0
    assert Person.objects.count() == 0
    # when a good file is uploaded and confirmed
    page.goto("/admin/jobs/person/import/")
    page.set_input_files("#id_import_file", str(good))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")
    page.click("form:has(input[name=import_file_name]) input[type=submit]")
    # then
    page.wait_for_url("**/admin/jobs/person/")
    assert list(Person.objects.values_list("name", "home_region_id")) == [("王五", "420882")]


def test_city_staff_reveal_a_full_number_after_giving_a_purpose(page: Page) -> None:
    # given
    staff_user("jingmen", "420800", groups=[CITY_STAFF])
    person = PersonFactory(name="京山人")
    log_in(page, "jingmen")
    # when the staff member opens the person and asks to see the number
    page.goto(f"/admin/jobs/person/{person.pk}/change/")
    assert person.id_number not in page.content()
    page.click("text=查看完整号码")
    page.fill("#id_purpose", "办理社保转移接续")
    page.click("input[type=submit]")
    # then the number is shown and the reveal is on record
    assert page.inner_text("#revealed-id-number") == person.id_number
    assert RevealLog.objects.get().purpose == "办理社保转移接续"


def test_on_a_phone_the_people_list_scrolls_sideways_instead_of_squeezing_its_columns(page: Page) -> None:
    # given a cheap phone's screen and a person on the list
    staff_user("jingshan", "420882", groups=[STATION_STAFF])
    PersonFactory(name="京山人")
    page.set_viewport_size({"width": 360, "height": 640})
    log_in(page, "jingshan")
    # when
    page.goto("/admin/jobs/person/")
    # then each name is on one line, as wide as its characters, and the table scrolls in its box
    name = page.locator("#result_list td, #result_list th").filter(has_text="京山人").first
    box = name.bounding_box()
    assert box is not None and box["width"] >= 3 * 12 and box["height"] < 40
    widths = page.evaluate(
        "() => { const r = document.querySelector('#changelist .results');"
        " return [r.scrollWidth, r.clientWidth, getComputedStyle(r).overflowX]; }"
    )
    assert widths[0] > widths[1] and widths[2] == "auto"


@pytest.mark.usefixtures("classification_loaded")
def test_the_occupations_a_title_suggests_are_offered_beside_the_occupation_field(page: Page) -> None:
    # given station staff adding a vacancy
    staff_user("jingshan", "420882", groups=[STATION_STAFF])
    log_in(page, "jingshan")
    page.goto("/admin/jobs/vacancy/add/")
    # when they type its title
    page.fill("#id_title", "急招！叉车司机（包吃住）")
    suggestion = page.locator(".occupation-suggestions button").first
    suggestion.wait_for(timeout=10_000)
    # then the forklift operator's occupation is offered first, and a click picks it
    assert suggestion.inner_text().startswith("6-30-05-01 起重装卸机械操作工")
    suggestion.click()
    page.wait_for_function("document.getElementById('id_occupation').value !== ''")
    assert "6-30-05-01" in page.inner_text(".field-occupation")
