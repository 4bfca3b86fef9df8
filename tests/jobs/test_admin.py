"""The admin as gig-station staff use it: area scoping, masking, revealing, searching."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from jobs.models import Person, RevealLog
from jobs.services.demo import demo_county_load
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from tests.factories import PersonFactory, VacancyFactory, make_id_number, region, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def jingshan_staff() -> Any:
    return staff_user("jingshan", "420882", groups=[STATION_STAFF])


@pytest.fixture
def city_staff() -> Any:
    return staff_user("jingmen", "420800", groups=[CITY_STAFF])


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_station_staff_list_only_people_of_their_own_area(jingshan_staff: Any) -> None:
    # given one person in 京山市 and one in 钟祥市
    PersonFactory(name="京山人", home_region=region("420882"))
    PersonFactory(name="钟祥人", home_region=region("420881"))
    # when
    page = login(jingshan_staff).get(reverse("admin:jobs_person_changelist"))
    # then
    assert page.status_code == 200
    html = page.content.decode()
    assert "京山人" in html and "钟祥人" not in html


def test_station_staff_cannot_open_another_areas_person(jingshan_staff: Any) -> None:
    other = PersonFactory(name="钟祥人", home_region=region("420881"))
    client = login(jingshan_staff)
    page = client.get(reverse("admin:jobs_person_change", args=[other.pk]), follow=True)
    assert "钟祥人" not in page.content.decode()
    assert page.redirect_chain and page.redirect_chain[-1][0] == reverse("admin:index")
    assert client.get(reverse("admin:jobs_person_history", args=[other.pk])).status_code in (302, 404)


def test_station_staff_cannot_move_a_person_out_of_their_area(jingshan_staff: Any) -> None:
    # given a person of their own area
    person = PersonFactory(home_region=region("420882"))
    client = login(jingshan_staff)
    url = reverse("admin:jobs_person_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(_inline_management())
    data["home_region"] = "420881"
    # when
    page = client.post(url, data)
    # then the form is shown again with the error, and nothing changed
    assert page.status_code == 200
    assert "home_region" in page.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.home_region_id == "420882"


def test_city_staff_see_every_county_of_their_city(city_staff: Any) -> None:
    PersonFactory(name="京山人", home_region=region("420882"))
    PersonFactory(name="钟祥人", home_region=region("420881"))
    PersonFactory(name="武汉人", home_region=region("420102"))
    html = login(city_staff).get(reverse("admin:jobs_person_changelist")).content.decode()
    assert "京山人" in html and "钟祥人" in html and "武汉人" not in html


def test_staff_without_an_area_see_nobody() -> None:
    user = staff_user("nobody", None, groups=[STATION_STAFF])
    PersonFactory(name="京山人")
    html = login(user).get(reverse("admin:jobs_person_changelist")).content.decode()
    assert "京山人" not in html


def test_vacancies_are_scoped_by_their_site(jingshan_staff: Any) -> None:
    VacancyFactory(title="京山叉车司机", region=region("420882"))
    VacancyFactory(title="钟祥焊工", region=region("420881"))
    html = login(jingshan_staff).get(reverse("admin:jobs_vacancy_changelist")).content.decode()
    assert "京山叉车司机" in html and "钟祥焊工" not in html


def test_lists_show_masked_numbers_only(jingshan_staff: Any) -> None:
    person = PersonFactory(phone="13912345678")
    html = login(jingshan_staff).get(reverse("admin:jobs_person_changelist")).content.decode()
    assert person.id_number_masked in html and "139****5678" in html
    assert person.id_number not in html and "13912345678" not in html


def test_a_full_id_number_finds_the_person_through_its_hash(jingshan_staff: Any) -> None:
    mine = PersonFactory(name="京山人")
    theirs = PersonFactory(name="钟祥人", home_region=region("420881"))
    client = login(jingshan_staff)
    url = reverse("admin:jobs_person_changelist")
    assert "京山人" in client.get(url, {"q": mine.id_number}).content.decode()
    assert "钟祥人" not in client.get(url, {"q": theirs.id_number}).content.decode()
    assert "京山人" in client.get(url, {"q": mine.phone}).content.decode()


def test_permitted_staff_reveal_a_number_and_the_reveal_is_logged(city_staff: Any) -> None:
    # given
    person = PersonFactory()
    client = login(city_staff)
    url = reverse("admin:jobs_person_reveal", args=[person.pk])
    # when asked without a purpose, nothing is shown or logged
    page = client.post(url, {"purpose": ""})
    assert person.id_number not in page.content.decode()
    assert not RevealLog.objects.exists()
    # when asked with a purpose
    page = client.post(url, {"purpose": "核对社保转移接续材料"}, REMOTE_ADDR="10.0.0.8")
    # then
    assert person.id_number in page.content.decode()
    log = RevealLog.objects.get()
    assert (log.staff, log.person, log.purpose, log.ip_address) == (
        city_staff,
        person,
        "核对社保转移接续材料",
        "10.0.0.8",
    )


def test_staff_without_the_permission_cannot_reveal(jingshan_staff: Any) -> None:
    person = PersonFactory()
    client = login(jingshan_staff)
    page = client.post(reverse("admin:jobs_person_reveal", args=[person.pk]), {"purpose": "好奇"})
    assert page.status_code == 403
    assert not RevealLog.objects.exists()


def test_permitted_staff_cannot_reveal_outside_their_area() -> None:
    county_auditor = staff_user("auditor", "420881", groups=[CITY_STAFF])
    person = PersonFactory(home_region=region("420882"))
    page = login(county_auditor).post(reverse("admin:jobs_person_reveal", args=[person.pk]), {"purpose": "x"})
    assert page.status_code == 404
    assert not RevealLog.objects.exists()


def test_walk_in_registration_through_the_admin(jingshan_staff: Any) -> None:
    # given a new person typed in by station staff, number in lower case, phone with spaces
    number = make_id_number()
    # when
    page = login(jingshan_staff).post(
        reverse("admin:jobs_person_add"),
        walk_in(id_number_input=number.lower(), phone_input="139 0000 1111", consent_matching="on"),
    )
    # then
    assert page.status_code == 302, page.context["adminform"].form.errors
    person = Person.objects.get(name="李四")
    assert (person.id_number, person.phone, person.birth_date.year) == (number, "13900001111", 1990)
    # consent given at the counter is recorded with its time
    assert person.consent_matching and person.consent_recorded_at is not None


def test_walk_in_with_a_bad_id_number_is_refused_with_the_rule(jingshan_staff: Any) -> None:
    page = login(jingshan_staff).post(
        reverse("admin:jobs_person_add"), walk_in(id_number_input="110105194912310021")
    )
    assert page.status_code == 200
    errors = page.context["adminform"].form.errors["id_number_input"]
    assert "身份证号" in errors[0] and "GB 11643" in errors[0]
    assert not Person.objects.exists()


def test_walk_in_registration_takes_the_region_from_the_typed_address(jingshan_staff: Any) -> None:
    data = walk_in(home_region="", address="湖北省京山市新市街道京源大道8号")
    page = login(jingshan_staff).post(reverse("admin:jobs_person_add"), data)
    assert page.status_code == 302
    assert Person.objects.get().home_region_id == "420882"


def test_an_address_outside_the_area_is_refused_like_a_chosen_region(jingshan_staff: Any) -> None:
    data = walk_in(home_region="", address="湖北省钟祥市郢中街道")
    page = login(jingshan_staff).post(reverse("admin:jobs_person_add"), data)
    assert page.status_code == 200 and "home_region" in page.context["adminform"].form.errors
    assert not Person.objects.exists()


def walk_in(**fields: str) -> dict[str, str]:
    """The add-person form as station staff fill it in, with ``fields`` changed."""
    data = {
        "name": "李四", "id_number_input": make_id_number(), "home_region": "420882", "education": "3",
        "employment_status": "unemployed", "status_since": "2026-01-05", "expected_wage_unit": "month",
        "commute_radius_km": "30", "source": "walk_in", "consent_version": "2025-01",
        **_inline_management(),
    }  # fmt: skip
    data.update(fields)
    return data


def _inline_management() -> dict[str, str]:
    data = {}
    for prefix in ("skills", "certificates", "work_history"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_every_admin_page_of_the_registries_opens_for_staff_and_superusers() -> None:
    # given a small demo county and its accounts
    demo_county_load(size=80, seed=1, today=date(2026, 11, 1))
    users = get_user_model().objects
    for username in ("admin", "jingshan", "jingmen"):
        client = login(users.get(username=username))
        for model, model_admin in admin.site._registry.items():
            opts = model._meta
            if not model_admin.has_view_permission(_request_for(users.get(username=username))):
                continue
            # when
            listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            # then
            assert listing.status_code == 200, (username, opts.label)
            first = model_admin.get_queryset(_request_for(users.get(username=username))).first()
            if first is not None:
                change = client.get(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
                )
                assert change.status_code == 200, (username, opts.label, "change")


def _request_for(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_city_staff_filter_people_by_county(city_staff: Any) -> None:
    PersonFactory(name="京山人", home_region=region("420882"))
    PersonFactory(name="钟祥人", home_region=region("420881"))
    page = login(city_staff).get(reverse("admin:jobs_person_changelist"), {"county": "420881"})
    html = page.content.decode()
    assert "钟祥人" in html and "京山人" not in html
    assert "京山市" in html  # offered as the other choice


def test_the_hardship_list_counts_1131_assistance_and_households_count_employed_members(
    city_staff: Any,
) -> None:
    # given a hard-to-employ person with one briefing and four job recommendations
    from jobs.models import AssistanceRecord, HardToEmployProfile, Household

    household = Household.objects.create(region=region("420882"), address="京山市新市街道1号")
    person = PersonFactory(household=household)
    PersonFactory(household=household, employment_status="employed")
    profile = HardToEmployProfile.objects.create(person=person, registered_on=date(2026, 1, 1))
    kinds = ["policy", "job", "job", "job", "job"]
    AssistanceRecord.objects.bulk_create(
        AssistanceRecord(profile=profile, kind=k, delivered_on=date(2026, 2, 1)) for k in kinds
    )
    client = login(city_staff)
    # when / then: targets are capped, so extra job recommendations do not hide a missing session
    html = client.get(reverse("admin:jobs_hardtoemployprofile_changelist")).content.decode()
    assert "1/1 · 0/1 · 3/3 · 0/1" in html
    html = client.get(reverse("admin:jobs_household_changelist")).content.decode()
    assert re.search(r'field-member_count">2<.*field-employed_members">1<', html, re.S)


# --- choices the autocomplete hides are refused on save too ----------------------------------


def change_form(client: Client, url: str, **changes: Any) -> dict[str, Any]:
    """The change form at ``url`` as it was shown (with no inline rows), with ``changes``."""
    page = client.get(url)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data = {k: v for k, v in data.items() if not isinstance(v, list)}
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_station_staff_cannot_give_a_vacancy_another_areas_employer_by_its_id(jingshan_staff: Any) -> None:
    # given a vacancy of their own area, and an employer of 钟祥市 their autocomplete never offers
    from jobs.models import Vacancy
    from tests.factories import EmployerFactory

    vacancy = VacancyFactory(title="叉车司机")
    mine = EmployerFactory(name="京山叉车厂")
    theirs = EmployerFactory(name="钟祥机械厂", region=region("420881"))
    client = login(jingshan_staff)
    url = reverse("admin:jobs_vacancy_change", args=[vacancy.pk])
    # when the other area's employer id is typed into the request
    refused = client.post(url, change_form(client, url, employer=str(theirs.pk)))
    # then the form is shown again naming the field, and the vacancy keeps its employer
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["employer"] == ["用人单位：超出您的负责区域"]
    assert Vacancy.objects.get().employer_id == vacancy.employer_id
    # while an employer of their own area is accepted
    assert client.post(url, change_form(client, url, employer=str(mine.pk))).status_code == 302
    assert Vacancy.objects.get().employer_id == mine.pk


def test_station_staff_cannot_link_a_person_to_another_areas_household(jingshan_staff: Any) -> None:
    # given
    from jobs.models import Household

    person = PersonFactory(home_region=region("420882"))
    theirs = Household.objects.create(region=region("420881"), address="钟祥市郢中街道1号")
    client = login(jingshan_staff)
    url = reverse("admin:jobs_person_change", args=[person.pk])
    # when
    page = client.post(url, change_form(client, url, household=str(theirs.pk)))
    # then
    assert page.status_code == 200 and "household" in page.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.household_id is None


def test_a_link_made_by_city_staff_does_not_stop_station_staff_saving_the_rest(jingshan_staff: Any) -> None:
    # given a person of 京山市 whom city staff linked to a household of 钟祥市
    from jobs.models import Household

    household = Household.objects.create(region=region("420881"), address="钟祥市郢中街道1号")
    person = PersonFactory(home_region=region("420882"), household=household)
    client = login(jingshan_staff)
    url = reverse("admin:jobs_person_change", args=[person.pk])
    # when station staff change something else
    page = client.post(url, change_form(client, url, major="机电一体化"))
    # then
    assert page.status_code == 302
    person.refresh_from_db()
    assert (person.major, person.household_id) == ("机电一体化", household.pk)


def test_an_assistance_record_cannot_name_another_areas_vacancy(jingshan_staff: Any) -> None:
    # given a hard-to-employ person of their area, and a vacancy of 钟祥市
    from jobs.models import AssistanceRecord, HardToEmployProfile

    profile = HardToEmployProfile.objects.create(person=PersonFactory(), registered_on=date(2026, 1, 1))
    theirs = VacancyFactory(region=region("420881"))
    client = login(jingshan_staff)
    url = reverse("admin:jobs_hardtoemployprofile_change", args=[profile.pk])
    data = change_form(client, url)
    data.update({
        "assistance-TOTAL_FORMS": "1", "assistance-0-kind": "job",
        "assistance-0-delivered_on": "2026-02-01", "assistance-0-vacancy": str(theirs.pk),
    })  # fmt: skip
    # when
    page = client.post(url, data)
    # then
    assert page.status_code == 200
    assistance = next(f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "assistance")
    assert "vacancy" in assistance.formset.forms[0].errors
    assert not AssistanceRecord.objects.exists()


def test_station_staff_cannot_import_a_vacancy_for_another_areas_employer(jingshan_staff: Any) -> None:
    # given a file naming an employer of 钟祥市 by its credit code
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from jobs.models import Vacancy
    from tests.factories import EmployerFactory, OccupationFactory

    OccupationFactory(name="叉车司机")
    mine = EmployerFactory(name="京山叉车厂")
    theirs = EmployerFactory(name="钟祥机械厂", region=region("420881"))
    client = login(jingshan_staff)
    url = reverse("admin:jobs_vacancy_import")
    csv_format = next(
        v for v, label in client.get(url).context["form"].fields["format"].choices if label == "csv"
    )

    def upload(employer: Any) -> Any:
        buffer = io.StringIO()
        rows = csv.writer(buffer)
        rows.writerow(["单位统一社会信用代码", "岗位名称", "职业", "用工形式", "招聘人数", "最低薪酬",
                       "最高薪酬", "计薪单位", "工作地点", "有效期起", "有效期止"])  # fmt: skip
        rows.writerow([employer.credit_code, "叉车工", "叉车司机", "全职", "3", "4500", "6500", "month",
                       "京山市", "2026-11-01", "2027-01-31"])  # fmt: skip
        file = SimpleUploadedFile("岗位.csv", buffer.getvalue().encode("utf-8"))
        return client.post(url, {"format": csv_format, "import_file": file, "resource": "0"})

    # when
    refused = upload(theirs)
    # then the preview names the column and the file cannot be confirmed
    assert "单位统一社会信用代码：超出您的负责区域" in refused.content.decode()
    assert refused.context.get("confirm_form") is None
    assert not Vacancy.objects.exists()
    # while the same row for an employer of their own area may be confirmed
    assert upload(mine).context.get("confirm_form") is not None


# --- the employer's contact phone ----------------------------------------------------------------


def test_the_employer_change_page_shows_the_contact_phone_masked_only(jingshan_staff: Any) -> None:
    # given an employer of their area with a contact phone, and staff without the reveal permission
    from tests.factories import EmployerFactory

    employer = EmployerFactory(contact_phone="13912345678")
    assert not jingshan_staff.has_perm("jobs.reveal_personal_data")
    # when
    page = login(jingshan_staff).get(reverse("admin:jobs_employer_change", args=[employer.pk]))
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert "139****5678" in html and "13912345678" not in html


def test_saving_an_employer_without_typing_a_phone_keeps_the_number(jingshan_staff: Any) -> None:
    # given
    from jobs.models import Employer
    from tests.factories import EmployerFactory

    employer = EmployerFactory(contact_phone="13912345678", contact_name="张三")
    client = login(jingshan_staff)
    url = reverse("admin:jobs_employer_change", args=[employer.pk])
    # when the form is saved as shown, the phone box left empty
    page = client.post(url, change_form(client, url, contact_name="李四", contact_phone_input=""))
    # then
    assert page.status_code == 302
    assert Employer.objects.values_list("contact_name", "contact_phone").get() == ("李四", "13912345678")


def test_a_phone_typed_into_the_employer_form_replaces_the_number_or_is_refused_with_the_rule(
    jingshan_staff: Any,
) -> None:
    from jobs.models import Employer
    from tests.factories import EmployerFactory

    employer = EmployerFactory(contact_phone="13912345678")
    client = login(jingshan_staff)
    url = reverse("admin:jobs_employer_change", args=[employer.pk])
    # a bad number is refused on the box it was typed into
    page = client.post(url, change_form(client, url, contact_phone_input="0724-123"))
    assert page.status_code == 200 and "contact_phone_input" in page.context["adminform"].form.errors
    # a good one, spaced as people type it, replaces the number on file
    page = client.post(url, change_form(client, url, contact_phone_input="137 0000 1111"))
    assert page.status_code == 302
    assert Employer.objects.get().contact_phone == "13700001111"


def test_permitted_staff_reveal_an_employers_contact_phone_and_the_reveal_is_logged(
    city_staff: Any, jingshan_staff: Any
) -> None:
    # given an employer of the city with a contact phone
    from tests.factories import EmployerFactory

    employer = EmployerFactory(contact_phone="13912345678")
    client = login(city_staff)
    change = client.get(reverse("admin:jobs_employer_change", args=[employer.pk])).content.decode()
    url = reverse("admin:jobs_employer_reveal", args=[employer.pk])

    # when city staff, who may reveal, give a purpose; and station staff, who may not, try
    revealed = client.post(url, {"purpose": "联系单位核实岗位"}, REMOTE_ADDR="10.0.0.9").content.decode()
    refused = login(jingshan_staff).post(url, {"purpose": "好奇"})

    # then the change page offers the reveal but shows the number masked, the reveal shows it
    # in full and is logged against the employer, and the refusal shows and logs nothing
    assert url in change and "139****5678" in change and "13912345678" not in change
    assert "13912345678" in revealed
    log = RevealLog.objects.get()
    assert (log.staff, log.employer, log.person, log.fields, log.ip_address) == (
        city_staff, employer, None, "contact_phone", "10.0.0.9",
    )  # fmt: skip
    assert refused.status_code == 403 and RevealLog.objects.count() == 1
