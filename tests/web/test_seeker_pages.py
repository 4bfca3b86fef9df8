"""The job seeker's pages through Django's test client: the public search through the API's own
filter, sign-up and sign-in with a phone code, jobs for me and what a seeker does with them; bad
input is shown beside its field and writes nothing, a form sent twice changes nothing the second
time, CSRF is checked, and nobody reaches another's match."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs.models import (
    Enrolment,
    Entitlement,
    EntitlementStatus,
    MigrantRecord,
    Person,
    SeekerAccount,
    SubsidyPolicy,
    TrainingCourse,
    WageUnit,
    WorkType,
)
from jobs.selectors.consent import consent_current
from jobs.services.accounts import seeker_register
from jobs.services.taxonomy import taxonomy_load
from matching.models import Match, MatchEvent, MatchStatus
from tests.factories import EmployerFactory, PersonFactory, VacancyFactory, make_id_number, region
from tests.web.conftest import code_sent, form_token
from tests.workers.fake_gateway import FakeGateway

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
CONTACT = "13700001111"
_VALID = make_id_number()
WRONG_CHECK_DIGIT = _VALID[:-1] + ("0" if _VALID[-1] != "0" else "1")


def chinese(msgid: str) -> str:
    with translation.override("zh-hans"):
        return str(_(msgid))


def signup_data(sent_code: str, token: str, **change: Any) -> dict[str, Any]:
    consent = consent_current()
    assert consent is not None
    return {
        "phone": PHONE, "code": sent_code, "name": "李四", "id_number": make_id_number(), "province": "420000",
        "city": "420800", "county": "420882", "education": "3", "employment_status": "unemployed",
        "self_description": "在工地开过五年铲车，想在家附近找活", "consent_matching": "on", "consent_contact": "on",
        "consent_text_version": consent.version, "form_token": token, **change,
    }  # fmt: skip


def signed_in_seeker(client: Client, **fields: Any) -> Person:
    person = PersonFactory(consent_matching=True, consent_recorded_at=timezone.now(), **fields)
    account = SeekerAccount.objects.create(
        user=get_user_model().objects.create_user(username=f"seeker-{person.pk}"),
        person=person,
        phone=person.phone,
        phone_hash=person.phone_hash,
    )
    client.force_login(account.user)
    return person


def match(person: Person, rank: int = 1, **fields: Any) -> Match:
    vacancy = VacancyFactory(**fields)
    explanation = {"shared_skills": ["装卸搬运"], "distance_km": 0.0, "offered_wage": [4500, 6500],
                   "expected_wage": 5000}  # fmt: skip
    return Match.objects.create(person=person, vacancy=vacancy, score=0.8 - rank / 100, person_rank=rank,
                                vacancy_rank=1, explanation=explanation)  # fmt: skip


# --- the public search ---------------------------------------------------------------------------


def test_the_home_page_finds_open_jobs_by_county_words_and_wage_with_monthly_pay_and_no_contact() -> None:
    # given a job in 京山市 paid by the hour, one in 钟祥市, and a closed one
    employer = EmployerFactory(name="京山叉车服务有限公司", contact_phone=CONTACT)
    hourly = VacancyFactory(employer=employer, title="叉车司机（夜班）", wage_min=20, wage_max=25,
                            wage_unit=WageUnit.HOUR)  # fmt: skip
    VacancyFactory(title="叉车司机", region=region("420881"))
    VacancyFactory(title="叉车装卸工", status="closed")

    # when someone looks for forklift work in 京山市 paying at least 4,000 a month
    page = Client().get("/", {"q": "叉车", "province": "420000", "city": "420800", "county": "420882",
                              "min_monthly_wage": "4000"})  # fmt: skip

    # then only the open job there is found, its pay in monthly terms, with its employer
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('class="card"') == 1 and f"vacancy-{hourly.pk}" in body
    assert "3480–4350" in body and "京山叉车服务有限公司" in body
    assert chinese("In the same county: the distance is estimated from the county seat") in body
    assert CONTACT not in body and "1370000" not in body
    # the picker shows the counties of the chosen city
    assert 'value="420881"' in body and 'value="420882" selected' in body


def test_a_search_by_work_type_and_near_a_point_orders_by_distance() -> None:
    # given two gig jobs, one in 京山市 and one in 钟祥市, and a full-time one in 京山市
    near = VacancyFactory(title="搬运零工", work_type=WorkType.GIG)
    far = VacancyFactory(title="装卸零工", work_type=WorkType.GIG, region=region("420881"))
    VacancyFactory(title="仓库管理员", work_type=WorkType.FULL_TIME)
    centre = region("420882")

    # when someone asks for gig work within 100 km of a point in 京山市
    page = Client().get("/", {"work_type": "gig", "latitude": centre.latitude, "longitude": centre.longitude,
                              "radius_km": "100"})  # fmt: skip

    # then both gig jobs are found, the nearer first, each with its distance
    body = page.content.decode()
    assert body.index(f"vacancy-{near.pk}") < body.index(f"vacancy-{far.pk}")
    assert "仓库管理员" not in body
    assert chinese("About %(km)s km away (estimated from the county seat)").split("%")[0] in body


@pytest.mark.parametrize(
    ("query", "field_error"),
    [({"min_monthly_wage": "很多"}, "id_min_monthly_wage_error"), ({"county": "999999"}, "id_county_error")],
)
def test_a_bad_search_is_shown_beside_its_field(query: dict[str, str], field_error: str) -> None:
    VacancyFactory()

    page = Client().get("/", query)

    body = page.content.decode()
    assert page.status_code == 200 and 'class="card"' not in body
    error = body.split(f'id="{field_error}"')[1].split("</p>")[0]
    assert "hidden" not in error.split(">")[0] and len(error.split(">", 1)[1].strip()) > 0


def test_an_open_job_has_its_own_page_and_a_closed_one_is_not_found() -> None:
    employer = EmployerFactory(contact_phone=CONTACT)
    job = VacancyFactory(employer=employer, description="仓库内叉车作业")
    closed = VacancyFactory(status="closed")

    page = Client().get(f"/jobs/{job.pk}/")

    assert page.status_code == 200 and "仓库内叉车作业" in page.content.decode()
    assert CONTACT not in page.content.decode()
    assert Client().get(f"/jobs/{closed.pk}/").status_code == 404


# --- sign-up and sign-in ----------------------------------------------------------------------


def test_a_seeker_signs_up_with_a_code_and_lands_signed_in_on_jobs_for_me(sms: FakeGateway) -> None:
    # given
    client = Client()
    token = form_token(client, "/signup/")
    code = code_sent(client, sms, PHONE)

    # when
    answer = client.post("/signup/", signup_data(code, token))

    # then the person is registered with the consent text shown, and signed in
    assert answer.status_code == 302 and answer["Location"] == "/me/jobs/"
    person = Person.objects.get(account__isnull=False)
    assert person.consent_matching and person.consent_contact and person.consent_recorded_at is not None
    assert person.consent_text_version == consent_current().version  # type: ignore[union-attr]
    assert person.home_region_id == "420882" and person.self_description.startswith("在工地开过五年铲车")
    assert client.get("/me/jobs/").status_code == 200


def test_a_sign_up_sent_twice_registers_once_and_the_second_send_is_told(sms: FakeGateway) -> None:
    # given a registration that went through
    client = Client()
    token = form_token(client, "/signup/")
    data = signup_data(code_sent(client, sms, PHONE), token)
    assert client.post("/signup/", data).status_code == 302

    # when the same form is sent again (a double tap, the back button)
    again = client.post("/signup/", data, follow=True)

    # then it leads where the first did, says so, and nothing more is written
    assert again.redirect_chain[-1][0] == "/me/jobs/"
    assert chinese("This form was sent already; nothing was changed.") in again.content.decode()
    assert Person.objects.count() == 1 and SeekerAccount.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"id_number": WRONG_CHECK_DIGIT}, "id_number", "ID number: the check digit is wrong (GB 11643)"),
        (
            {"id_number": "42088219900517"},
            "id_number",
            "ID number: must be 17 digits followed by a digit or X",
        ),
        (
            {"phone": "12345"},
            "phone",
            "Mobile number: must be an 11-digit mainland mobile number starting 13-19",
        ),
        ({"consent_matching": ""}, "consent_matching", "Consent to matching: needed to register"),
        ({"county": ""}, "county", None),
        ({"self_description": ""}, "self_description", None),
        ({"code": "000000"}, "code", "Code: wrong or expired; ask for a new one"),
    ],
)
def test_bad_sign_up_input_is_a_page_with_the_error_beside_the_field_and_writes_nothing(
    sms: FakeGateway, change: dict[str, str], field: str, message: str | None
) -> None:
    # given
    client = Client()
    token = form_token(client, "/signup/")
    code = code_sent(client, sms, PHONE)

    # when
    page = client.post("/signup/", signup_data(code, token, **change))

    # then the page comes back with the message under the field, in Chinese, and nothing is written
    body = page.content.decode()
    assert page.status_code == 200
    error = body.split(f'id="id_{field}_error"')[1].split("</p>")[0]
    assert "hidden" not in error.split(">")[0], error
    if message:
        assert chinese(message) in error
    assert not Person.objects.exists() and not SeekerAccount.objects.exists()
    # and the corrected form goes through with the same token
    if field != "code":
        assert client.post("/signup/", signup_data(code, token)).status_code == 302


def test_a_form_with_a_token_the_session_was_never_given_is_refused() -> None:
    client = Client()
    form_token(client, "/signup/")

    page = client.post("/signup/", signup_data("123456", "made-up"))

    assert page.status_code == 200 and chinese("This form has expired; check it and send it again.") in (
        page.content.decode()
    )
    assert not Person.objects.exists()


def test_every_form_needs_its_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    token = form_token(client, "/signup/")

    for path, data in [("/signup/", signup_data("123456", token)), ("/code/", {"phone": PHONE}),
                       ("/signin/", {"phone": PHONE, "code": "123456", "form_token": token})]:  # fmt: skip
        assert client.post(path, data).status_code == 403


def test_without_a_script_the_code_button_sends_the_form_back_as_typed_with_the_answer(
    sms: FakeGateway,
) -> None:
    client = Client()
    token = form_token(client, "/signup/")

    page = client.post("/code/?for=signup", {"phone": PHONE, "name": "李四", "form_token": token})

    body = page.content.decode()
    assert page.status_code == 200 and 'value="李四"' in body and "139****5678" in body
    assert len(sms.bodies) == 1 and not Person.objects.exists()


def test_a_registered_seeker_signs_in_with_a_code(sms: FakeGateway) -> None:
    # given someone registered from the app
    client = Client()
    consent = consent_current()
    assert consent is not None
    code = code_sent(client, sms, PHONE)
    seeker_register(phone=PHONE, code=code, id_number=make_id_number(), consent_text_version=consent.version,
                    name="李四", home_region=region("420882"), education=3, employment_status="unemployed",
                    consent_matching=True)  # fmt: skip
    # when
    token = form_token(client, "/signin/?next=/me/notices/")
    answer = client.post("/signin/", {"phone": PHONE, "code": code_sent(client, sms, PHONE),
                                      "form_token": token, "next": "/me/notices/"})  # fmt: skip
    # then
    assert answer.status_code == 302 and answer["Location"] == "/me/notices/"
    assert client.get("/me/notices/").status_code == 200


def test_a_sign_in_never_sends_the_browser_to_another_site(sms: FakeGateway) -> None:
    client = Client()
    signed_in_seeker(client)

    for elsewhere in ("//elsewhere.example/", "/\\elsewhere.example/", "https://elsewhere.example/"):
        assert client.get("/signin/", {"next": elsewhere}).headers["Location"] == "/me/jobs/"
    assert client.get("/signin/", {"next": "/me/notices/"}).headers["Location"] == "/me/notices/"


def test_pages_of_a_seeker_send_anyone_else_to_sign_in() -> None:
    answer = Client().get("/me/jobs/")

    assert answer.status_code == 302 and answer["Location"].startswith("/signin/?next=")


# --- jobs for me -------------------------------------------------------------------------------


def test_jobs_for_me_lists_my_matches_best_first_with_reasons_and_no_contact() -> None:
    # given
    client = Client()
    person = signed_in_seeker(client)
    second = match(person, rank=2, title="装卸工")
    first = match(person, rank=1, title="叉车司机", employer=EmployerFactory(contact_phone=CONTACT))
    match(PersonFactory(), rank=1, title="别人的岗位")

    # when
    body = client.get("/me/jobs/").content.decode()

    # then
    assert body.index(f"match-{first.pk}") < body.index(f"match-{second.pk}")
    assert "别人的岗位" not in body and CONTACT not in body
    with translation.override("zh-hans"):
        assert _("Skills in common: %(skills)s") % {"skills": "装卸搬运"} in body


def test_applying_goes_through_the_lifecycle_once_however_often_it_is_sent() -> None:
    # given
    client = Client()
    person = signed_in_seeker(client)
    job = match(person)
    token = form_token(client, "/me/jobs/")

    # when the apply button is sent twice
    first = client.post(f"/me/jobs/{job.pk}/apply/", {"form_token": token})
    second = client.post(f"/me/jobs/{job.pk}/apply/", {"form_token": token}, follow=True)

    # then the match is applied for once, and the page says what stands now
    job.refresh_from_db()
    assert first.status_code == 302 and job.status == MatchStatus.APPLIED
    assert MatchEvent.objects.filter(match=job).count() == 1
    body = second.content.decode()
    assert chinese("This form was sent already; nothing was changed.") in body
    assert chinese("Applied: the employer can now see your name and phone") in body


def test_interested_then_not_interested_are_two_actions_from_one_page() -> None:
    client = Client()
    person = signed_in_seeker(client)
    job = match(person)
    token = form_token(client, "/me/jobs/")

    client.post(f"/me/jobs/{job.pk}/interest/", {"form_token": token})
    client.post(f"/me/jobs/{job.pk}/decline/", {"form_token": token})

    statuses = list(MatchEvent.objects.filter(match=job).values_list("status", flat=True))
    assert statuses == [MatchStatus.INTERESTED, MatchStatus.DECLINED]


def test_someone_elses_match_is_not_found() -> None:
    # given
    client = Client()
    match(signed_in_seeker(client))
    theirs = match(PersonFactory())
    token = form_token(client, "/me/jobs/")

    # when / then
    assert client.get(f"/me/jobs/{theirs.pk}/").status_code == 404
    assert client.post(f"/me/jobs/{theirs.pk}/apply/", {"form_token": token}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == MatchStatus.PROPOSED and not MatchEvent.objects.exists()


def test_an_application_that_left_my_list_still_shows_what_came_of_it() -> None:
    client = Client()
    person = signed_in_seeker(client)
    job = match(person, title="电焊工")
    Match.objects.filter(pk=job.pk).update(status=MatchStatus.INTERVIEWED, person_rank=None)

    body = client.get("/me/jobs/").content.decode()

    assert "电焊工" in body and chinese("Interviewed: the employer recorded an interview with you") in body


def test_an_invitation_is_shown_on_the_match() -> None:
    client = Client()
    person = signed_in_seeker(client)
    job = match(person)
    Match.objects.filter(pk=job.pk).update(invited_at="2026-01-01T00:00:00Z")

    body = client.get(f"/me/jobs/{job.pk}/").content.decode()

    assert chinese("The employer invites you to apply") in body


# --- my data --------------------------------------------------------------------------------------


def test_my_data_shows_my_numbers_masked_and_downloads_everything() -> None:
    client = Client()
    person = signed_in_seeker(client)

    page = client.get("/me/data/").content.decode()
    download = client.get("/me/data/download/")

    assert person.id_number not in page and person.phone not in page
    assert person.id_number[:6] + "*" * 11 in page
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]


def test_closing_my_account_needs_the_box_ticked_and_then_erases_me() -> None:
    client = Client()
    person = signed_in_seeker(client, name="王五")

    refused = client.post("/me/close/", {})
    person.refresh_from_db()
    assert refused.status_code == 302 and person.name == "王五"

    client.post("/me/close/", {"confirm": "yes"})

    person.refresh_from_db()
    assert person.closed_at is not None and person.name != "王五"
    assert client.get("/me/jobs/").status_code == 302


# --- my profile, working away ---------------------------------------------------------------------


def profile_data(client: Client, **change: Any) -> dict[str, Any]:
    page = client.get("/me/profile/").content.decode()
    version = page.split('name="version" value="')[1].split('"')[0].replace("&quot;", '"')
    token = page.split('name="form_token" value="')[1].split('"')[0]
    return {
        "self_description": "会开叉车，也会电焊", "expected_wage": "5500", "expected_wage_unit": "month",
        "wants_full_time": "on", "commute_radius_km": "25", "is_seeking": "on", "notify_sms": "on",
        "version": version, "form_token": token, "add_skill_level": "2", **change,
    }  # fmt: skip


def test_my_profile_changes_through_the_profile_service_and_finds_a_skill_by_everyday_words() -> None:
    # given
    taxonomy_load()
    client = Client()
    person = signed_in_seeker(client)

    # when a skill is added in the words people use for it
    answer = client.post("/me/profile/", profile_data(client, add_skill="开铲车"))

    # then
    assert answer.status_code == 302
    person.refresh_from_db()
    assert person.expected_wage == 5500 and person.commute_radius_km == 25
    assert list(person.skills.values_list("skill__code", "level")) == [("forklift-operation", 2)]
    # and a skill left unticked is taken off
    client.post("/me/profile/", profile_data(client))
    assert not person.skills.exists()


def test_my_profile_adds_work_places_and_a_certificate_and_keeps_what_stays_ticked() -> None:
    # given
    client = Client()
    person = signed_in_seeker(client)

    # when the work they want is typed in everyday words, with a place and a certificate
    client.post("/me/profile/", profile_data(client, add_occupation="叉车工", province="420000", city="420800",
                                             county="420881", add_certificate="N1叉车证",
                                             add_certificate_level="5", add_certificate_issued_on="2020-05-01"))  # fmt: skip

    # then they are on the profile
    assert list(person.desired_occupations.values_list("code", flat=True)) == ["6-30-05-01"]
    assert list(person.desired_regions.values_list("code", flat=True)) == ["420881"]
    assert list(person.certificates.values_list("name", "level")) == [("N1叉车证", 5)]
    # and a second save keeps the ticked ones only
    certificate = person.certificates.get()
    client.post("/me/profile/", profile_data(client, keep_occupation="6-30-05-01",
                                             keep_certificate=str(certificate.pk)))  # fmt: skip
    assert person.desired_occupations.count() == 1 and not person.desired_regions.exists()
    assert person.certificates.count() == 1


def test_a_profile_opened_before_a_change_elsewhere_is_not_saved_over_it() -> None:
    client = Client()
    person = signed_in_seeker(client)
    data = profile_data(client, expected_wage="9000")
    Person.objects.filter(pk=person.pk).update(expected_wage=4000, updated_at=timezone.now())

    answer = client.post("/me/profile/", data, follow=True)

    person.refresh_from_db()
    assert person.expected_wage == 4000
    assert (
        chinese(
            "This was changed elsewhere since you opened the page; it now shows what is held: make your change again."
        )
        in answer.content.decode()
    )


def test_a_bad_profile_is_shown_beside_its_field_and_saves_nothing() -> None:
    taxonomy_load()
    client = Client()
    person = signed_in_seeker(client, expected_wage=4000)

    page = client.post("/me/profile/", profile_data(client, expected_wage="-1", add_skill="不存在的本事"))

    body = page.content.decode()
    assert page.status_code == 200
    for field in ("expected_wage", "add_skill"):
        assert "hidden" not in body.split(f'id="id_{field}_error"')[1].split(">")[0]
    person.refresh_from_db()
    assert person.expected_wage == 4000


def test_working_away_and_coming_back_go_through_the_migrant_services() -> None:
    # given
    client = Client()
    person = signed_in_seeker(client)
    page = client.get("/me/away/").content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]

    # when they say they work in 东莞 since March, then that they are back and want work here
    away = client.post("/me/away/", {"province": "440000", "city": "441900", "county": "441900",
                                     "started_on": "2026-03-01", "version": "", "form_token": token})  # fmt: skip
    record = MigrantRecord.objects.get(person=person, is_current=True)
    assert away.status_code == 302 and record.work_region_id == "441900"
    person.refresh_from_db()
    assert person.employment_status == "migrant"
    page = client.get("/me/away/").content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    back = client.post("/me/back/", {"intends_local_work": "on", "form_token": token})

    # then
    assert back.status_code == 302 and back["Location"] == "/me/jobs/"
    person.refresh_from_db()
    assert person.employment_status == "unemployed" and person.is_seeking
    assert MigrantRecord.objects.get(person=person, is_current=True).returned_on is not None


def test_working_away_from_the_future_is_refused_beside_the_date() -> None:
    client = Client()
    person = signed_in_seeker(client)
    page = client.get("/me/away/").content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]

    answer = client.post("/me/away/", {"province": "440000", "city": "441900", "county": "441900",
                                       "started_on": "2099-01-01", "version": "", "form_token": token})  # fmt: skip

    body = answer.content.decode()
    assert (
        answer.status_code == 200 and "hidden" not in body.split('id="id_started_on_error"')[1].split(">")[0]
    )
    assert not MigrantRecord.objects.filter(person=person).exists()


def test_training_for_me_lists_courses_in_my_city_with_their_subsidy() -> None:
    client = Client()
    signed_in_seeker(client)
    TrainingCourse.objects.create(name="叉车司机培训班", provider="京山职校", region=region("420882"),
                                  starts_on=timezone.localdate() + timedelta(days=10),
                                  ends_on=timezone.localdate() + timedelta(days=20), hours=40, capacity=30,
                                  fee_yuan=800, subsidy_yuan=600)  # fmt: skip
    TrainingCourse.objects.create(name="深圳电工班", provider="深圳职校", region=region("440304"),
                                  starts_on=timezone.localdate() + timedelta(days=10),
                                  ends_on=timezone.localdate() + timedelta(days=20), hours=40, capacity=30)  # fmt: skip

    body = client.get("/me/training/").content.decode()

    assert "叉车司机培训班" in body and "600" in body and "深圳电工班" not in body


def test_choosing_a_course_goes_through_the_service_once_and_lists_it_among_mine() -> None:
    client = Client()
    person = signed_in_seeker(client, home_region=region("420882"))
    course = TrainingCourse.objects.create(name="叉车司机培训班", provider="京山职校", region=region("420882"),
                                           starts_on=timezone.localdate() + timedelta(days=10),
                                           ends_on=timezone.localdate() + timedelta(days=20), hours=40, capacity=1)  # fmt: skip
    token = form_token(client, "/me/training/")
    assert "剩 1 个名额" in client.get("/me/training/").content.decode()

    first = client.post(f"/me/training/{course.pk}/choose/", {"form_token": token}, follow=True)
    again = client.post(f"/me/training/{course.pk}/choose/", {"form_token": token})

    assert Enrolment.objects.filter(person=person, course=course).count() == 1
    assert "您已选报" in first.content.decode() and again.status_code in (302, 303)
    body = client.get("/me/training/").content.decode()
    assert "我选报的培训" in body and "已选报" in body and "选报这个培训" not in body


def test_a_full_course_is_refused_on_the_page_with_the_reason() -> None:
    client = Client()
    signed_in_seeker(client, home_region=region("420882"))
    course = TrainingCourse.objects.create(name="电工班", provider="京山职校", region=region("420882"),
                                           starts_on=timezone.localdate() + timedelta(days=10),
                                           ends_on=timezone.localdate() + timedelta(days=20), hours=40, capacity=1)  # fmt: skip
    token = form_token(client, "/me/training/")
    Enrolment.objects.create(person=PersonFactory(), course=course)  # the last place goes meanwhile

    refused = client.post(f"/me/training/{course.pk}/choose/", {"form_token": token}, follow=True)

    assert "培训班：名额已满" in refused.content.decode()


def test_my_subsidies_show_what_to_bring_and_an_application_is_made_once() -> None:
    client = Client()
    person = signed_in_seeker(client, home_region=region("420882"))
    policy = SubsidyPolicy.objects.get(key="skill-upgrade-junior")
    mine = Entitlement.objects.create(policy=policy, occasion_key="certificate:x", claim_key="person:x",
                                      occasion_on=timezone.localdate(), person=person, told_at=timezone.now())  # fmt: skip
    other = Entitlement.objects.create(policy=policy, occasion_key="certificate:y", claim_key="person:y",
                                       occasion_on=timezone.localdate(), person=PersonFactory(), told_at=timezone.now())  # fmt: skip

    page = client.get("/me/subsidies/").content.decode()
    assert "职工技能提升补贴（初级工）" in page and "1000元" in page and "职业技能等级证书" in page
    token = form_token(client, "/me/subsidies/")
    client.post(f"/me/subsidies/{mine.pk}/apply/", {"form_token": token})
    client.post(f"/me/subsidies/{mine.pk}/apply/", {"form_token": token})
    assert client.post(f"/me/subsidies/{other.pk}/apply/", {"form_token": token}).status_code == 404

    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == (EntitlementStatus.APPLIED, EntitlementStatus.ELIGIBLE)
    assert "已申请" in client.get("/me/subsidies/").content.decode()
