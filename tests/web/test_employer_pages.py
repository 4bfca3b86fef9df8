"""The employer's pages through Django's test client: sign-up with the credit code (waiting for
approval), posting a vacancy with the occupation found by everyday words, candidates with names
masked and no phone until they apply, invitations and outcomes through the lifecycle, once."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs.models import (
    Employer,
    EmployerAccount,
    Entitlement,
    EntitlementStatus,
    Occupation,
    SeekerAccount,
    SubsidyPolicy,
    TrainingCourse,
    TrainingOrder,
    Vacancy,
)
from jobs.services.people import phone_hash
from jobs.services.taxonomy import taxonomy_load
from jobs.services.training import course_save, training_order_place
from matching.models import Match, MatchEvent, MatchStatus
from tests.factories import EmployerFactory, PersonFactory, SkillFactory, VacancyFactory, make_credit_code
from tests.web.conftest import form_token
from tests.workers.fake_gateway import FakeGateway
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db
PHONE = "13812345678"
SEEKER_PHONE = "13911112222"


def chinese(msgid: str) -> str:
    with translation.override("zh-hans"):
        return str(_(msgid))


def signed_in_employer(client: Client, **fields: Any) -> Employer:
    employer = EmployerFactory(**fields)
    user = get_user_model().objects.create_user(username=f"employer-{employer.pk}")
    EmployerAccount.objects.create(user=user, employer=employer, name="王经理", phone=PHONE,
                                   phone_hash=phone_hash(PHONE), verified_at=timezone.now())  # fmt: skip
    client.force_login(user)
    return employer


def employer_code_sent(client: Client, sms: FakeGateway) -> str:
    """Ask the employer page for a code, as its script does, and read it from the gateway."""
    answer = client.post("/employer/code/", {"phone": PHONE}, headers={"X-Requested-With": "fetch"})
    assert answer.status_code == 200, answer.content
    found = re.search(r"\d{6}", sms.bodies[-1]["text"])
    assert found is not None and sms.bodies[-1]["to"] == PHONE
    return found.group()


def signup_data(code: str, token: str, **change: str) -> dict[str, str]:
    return {"phone": PHONE, "code": code, "credit_code": make_credit_code(), "name": "京山宏达物流有限公司",
            "industry": "G", "province": "420000", "city": "420800", "county": "420882", "contact_name": "王经理",
            "form_token": token, **change}  # fmt: skip


def test_an_employer_signs_up_with_its_credit_code_and_waits_for_approval(sms: FakeGateway) -> None:
    # given
    client = Client()
    token = form_token(client, "/employer/signup/")
    code = employer_code_sent(client, sms)

    # when
    answer = client.post("/employer/signup/", signup_data(code, token), follow=True)

    # then it is on file, pending, and the page says what happens next
    employer = Employer.objects.get()
    assert employer.status == Employer.Status.PENDING and employer.region_id == "420882"
    assert answer.redirect_chain[-1][0] == "/employer/" and 'id="approval"' in answer.content.decode()


def test_a_bad_credit_code_is_told_beside_the_field_in_chinese_and_nothing_is_written(
    sms: FakeGateway,
) -> None:
    client = Client()
    token = form_token(client, "/employer/signup/")
    good = make_credit_code()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")

    page = client.post(
        "/employer/signup/", signup_data(employer_code_sent(client, sms), token, credit_code=bad)
    )

    error = page.content.decode().split('id="id_credit_code_error"')[1].split("</p>")[0]
    assert chinese("Unified social credit code: the check character is wrong (GB 32100)") in error
    assert not Employer.objects.exists()
    # and the page's script is given the same rules' messages, in Chinese, to tell them as typed
    chars = chinese("Unified social credit code: characters %(chars)s are not allowed (no I, O, Z, S, V)")
    assert f'data-msg-chars="{chars % {"chars": "{chars}"}}"' in page.content.decode()


def test_a_vacancy_is_posted_with_its_occupation_and_skills_found_by_everyday_words() -> None:
    # given
    taxonomy_load()
    client = Client()
    employer = signed_in_employer(client)
    token = form_token(client, "/employer/vacancies/new/")
    today = timezone.localdate()
    data = {"title": "叉车司机", "occupation_name": "叉车工", "skills": "开叉车、装卸", "work_type": "full_time",
            "headcount": "2", "wage_min": "5000", "wage_max": "7000", "wage_unit": "month",
            "province": "420000", "city": "420800", "county": "420882", "valid_from": today.isoformat(),
            "valid_until": (today + timedelta(days=30)).isoformat(), "form_token": token}  # fmt: skip

    # when it is sent twice
    first = client.post("/employer/vacancies/new/", data)
    second = client.post("/employer/vacancies/new/", data)

    # then it is posted once, with what the words named
    vacancy = Vacancy.objects.get(employer=employer)
    assert first.status_code == 302 and second["Location"] == first["Location"]
    assert vacancy.occupation.code == "6-30-05-01"
    assert sorted(vacancy.skills.values_list("skill__code", "required")) == [
        ("forklift-operation", True), ("warehouse-loading", False)
    ]  # fmt: skip


def test_dates_out_of_order_are_told_beside_the_field_and_nothing_is_posted() -> None:
    taxonomy_load()
    client = Client()
    employer = signed_in_employer(client)
    token = form_token(client, "/employer/vacancies/new/")
    data = {"title": "叉车司机", "occupation_name": "叉车工", "work_type": "full_time", "headcount": "2",
            "wage_min": "5000", "wage_max": "7000", "wage_unit": "month", "province": "420000", "city": "420800",
            "county": "420882", "valid_from": "2026-12-10", "valid_until": "2026-12-01", "form_token": token}  # fmt: skip

    page = client.post("/employer/vacancies/new/", data)

    error = page.content.decode().split('id="id_valid_until_error"')[1].split("</p>")[0]
    assert chinese("Valid until: must not be before valid from") in error
    assert not Vacancy.objects.filter(employer=employer).exists()


def test_the_site_is_the_county_picked_or_the_one_its_address_names() -> None:
    taxonomy_load()
    client = Client()
    employer = signed_in_employer(client)
    today = timezone.localdate()
    data = {"title": "叉车司机", "occupation_name": "叉车工", "work_type": "full_time", "headcount": "2",
            "wage_min": "5000", "wage_max": "7000", "wage_unit": "month", "valid_from": today.isoformat(),
            "valid_until": (today + timedelta(days=30)).isoformat()}  # fmt: skip

    named = client.post("/employer/vacancies/new/", {**data, "address": "湖北省京山市新市街道工业园8号",
                                                     "form_token": form_token(client, "/employer/vacancies/new/")})  # fmt: skip
    unnamed = client.post("/employer/vacancies/new/", {**data, "address": "工业园8号",
                                                       "form_token": form_token(client, "/employer/vacancies/new/")})  # fmt: skip

    assert named.status_code == 302
    assert Vacancy.objects.get(employer=employer).region_id == "420882"
    error = unnamed.content.decode().split('id="id_county_error"')[1].split("</p>")[0]
    assert chinese("Work site: choose its county, or write an address that names it") in error


def test_candidates_are_masked_until_they_apply_and_an_invitation_is_sent_once() -> None:
    # given a candidate who has not applied, and one who has
    client = Client()
    employer = signed_in_employer(client)
    vacancy = VacancyFactory(employer=employer)
    quiet = PersonFactory(name="李四", phone=SEEKER_PHONE)
    keen = PersonFactory(name="赵六")
    waiting = Match.objects.create(person=quiet, vacancy=vacancy, score=0.9, vacancy_rank=1, explanation={})
    Match.objects.create(person=keen, vacancy=vacancy, score=0.8, vacancy_rank=2, explanation={},
                         status=MatchStatus.APPLIED)  # fmt: skip

    # when the employer looks
    body = client.get(f"/employer/vacancies/{vacancy.pk}/").content.decode()

    # then the one who has not applied is masked and has no phone; the applicant is named
    assert "李*" in body and "李四" not in body and SEEKER_PHONE not in body
    assert "赵六" in body
    # when they invite the first twice
    token = form_token(client, f"/employer/vacancies/{vacancy.pk}/")
    client.post(f"/employer/candidates/{waiting.pk}/invite/", {"form_token": token})
    client.post(f"/employer/candidates/{waiting.pk}/invite/", {"form_token": token})
    # then the invitation is recorded once
    waiting.refresh_from_db()
    assert waiting.invited_at is not None


def test_an_outcome_is_recorded_through_the_lifecycle_for_an_applicant_only() -> None:
    client = Client()
    employer = signed_in_employer(client)
    vacancy = VacancyFactory(employer=employer)
    applied = Match.objects.create(person=PersonFactory(), vacancy=vacancy, score=0.8, vacancy_rank=1,
                                   explanation={}, status=MatchStatus.APPLIED)  # fmt: skip
    token = form_token(client, f"/employer/vacancies/{vacancy.pk}/")

    client.post(f"/employer/candidates/{applied.pk}/outcome/", {"status": "interviewed", "form_token": token})

    applied.refresh_from_db()
    assert applied.status == MatchStatus.INTERVIEWED
    assert list(MatchEvent.objects.filter(match=applied).values_list("by", flat=True)) == ["employer"]


def test_another_employers_vacancy_and_candidates_are_not_found() -> None:
    client = Client()
    own = VacancyFactory(employer=signed_in_employer(client))
    theirs = VacancyFactory()
    match = Match.objects.create(
        person=PersonFactory(), vacancy=theirs, score=0.8, vacancy_rank=1, explanation={}
    )
    token = form_token(client, f"/employer/vacancies/{own.pk}/")

    assert client.get(f"/employer/vacancies/{theirs.pk}/").status_code == 404
    assert client.post(f"/employer/candidates/{match.pk}/invite/", {"form_token": token}).status_code == 404
    match.refresh_from_db()
    assert match.invited_at is None


def test_a_vacancy_is_closed_from_its_page() -> None:
    client = Client()
    employer = signed_in_employer(client)
    vacancy = VacancyFactory(employer=employer)
    token = form_token(client, f"/employer/vacancies/{vacancy.pk}/")

    client.post(f"/employer/vacancies/{vacancy.pk}/close/", {"form_token": token})

    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED


def test_a_seeker_cannot_use_the_employer_pages() -> None:
    answer = Client().get("/employer/vacancies/new/")

    assert answer.status_code == 302 and answer["Location"].startswith("/employer/signin/")


def test_a_vacancy_is_changed_from_the_version_shown_and_a_stale_page_is_refused() -> None:
    # given
    taxonomy_load()
    client = Client()
    employer = signed_in_employer(client)
    vacancy = VacancyFactory(employer=employer, occupation=Occupation.objects.get(code="6-30-05-01"))
    page = client.get(f"/employer/vacancies/{vacancy.pk}/edit/").content.decode()
    assert 'value="420882" selected' in page  # the picker shows where the site is
    # what the page holds, without the button that only asks for the next list of places
    fields = {k: v for k, v in re.findall(r'name="(\w+)" value="([^"]*)"', page) if k != "pick"}
    data = {**fields, "title": "叉车司机（白班）", "work_type": "full_time", "wage_unit": "month",
            "province": "420000", "city": "420800", "county": "420882",
            "version": fields["version"].replace("&quot;", '"')}  # fmt: skip

    # when the title is changed
    answer = client.post(f"/employer/vacancies/{vacancy.pk}/edit/", data)

    # then
    vacancy.refresh_from_db()
    assert answer.status_code == 302
    assert vacancy.title == "叉车司机（白班）"
    assert vacancy.occupation.code == "6-30-05-01" and vacancy.region_id == "420882"
    # when the page read before that change is sent again with another change
    token = form_token(client, f"/employer/vacancies/{vacancy.pk}/edit/")
    stale = client.post(
        f"/employer/vacancies/{vacancy.pk}/edit/", {**data, "title": "别的", "form_token": token}
    )
    # then it is refused
    vacancy.refresh_from_db()
    assert stale.status_code == 302 and vacancy.title == "叉车司机（白班）"


def test_colleagues_are_added_pending_and_removed_but_never_the_last() -> None:
    client = Client()
    employer = signed_in_employer(client)
    token = form_token(client, "/employer/accounts/")

    client.post("/employer/accounts/", {"name": "小张", "phone": "13600001111", "form_token": token})

    colleague = EmployerAccount.objects.get(employer=employer, name="小张")
    assert colleague.verified_at is None
    body = client.get("/employer/accounts/").content.decode()
    assert "136****1111" in body and "13600001111" not in body
    token = form_token(client, "/employer/accounts/")
    client.post(f"/employer/accounts/{colleague.pk}/remove/", {"form_token": token})
    assert EmployerAccount.objects.filter(employer=employer).count() == 1


def test_my_employers_notices_are_listed_unread_first_and_marked_read() -> None:
    client = Client()
    employer = signed_in_employer(client)
    old = Notice.objects.create(employer=employer, channel=Channel.INBOX, kind=NoticeKind.CANDIDATES,
                                key="a", title="旧的", body="", read_at=timezone.now(), next_attempt_at=timezone.now())  # fmt: skip
    new = Notice.objects.create(employer=employer, channel=Channel.INBOX, kind=NoticeKind.CANDIDATES,
                                key="b", title="新的", body="", next_attempt_at=timezone.now())  # fmt: skip
    Notice.objects.create(employer=EmployerFactory(), channel=Channel.INBOX, kind=NoticeKind.CANDIDATES,
                          key="c", title="别家的", body="", next_attempt_at=timezone.now())  # fmt: skip

    body = client.get("/employer/notices/").content.decode()
    client.post(f"/employer/notices/{new.pk}/read/")

    assert body.index(f"notice-{new.pk}") < body.index(f"notice-{old.pk}") and "别家的" not in body
    new.refresh_from_db()
    assert new.read_at is not None


def test_an_employer_never_reads_what_a_candidate_refuses_though_the_candidate_does() -> None:
    from rest_framework.test import APIClient

    from matching.selectors import REFUSED

    # given a candidate whose words refuse heavy work (said of a bad back)
    client = Client()
    employer = signed_in_employer(client)
    vacancy = VacancyFactory(employer=employer)
    person = PersonFactory(self_description="腰伤了干不了重活")
    match = Match.objects.create(person=person, vacancy=vacancy, score=0.5, vacancy_rank=1, person_rank=1,
                                 explanation={"refused": ["heavy_work"], "distance_km": 3.0})  # fmt: skip
    heavy = chinese(str(REFUSED["heavy_work"]))

    # then neither the employer's page nor its API says so
    assert heavy not in client.get(f"/employer/vacancies/{vacancy.pk}/").content.decode()
    api = APIClient()
    api.force_login(get_user_model().objects.get(employer_account__employer=employer))
    candidate = api.get(f"/api/v1/employer/vacancies/{vacancy.pk}/candidates/").json()["results"][0]
    assert "refused" not in candidate["explanation"] and candidate["explanation"]["distance_km"] == 3.0
    assert not any(heavy in reason for reason in candidate["reasons"])

    # and the person is told, on their own page
    seeker = Client()
    SeekerAccount.objects.create(user=get_user_model().objects.create_user(username="s"), person=person)
    seeker.force_login(get_user_model().objects.get(username="s"))
    assert heavy in seeker.get(f"/me/jobs/{match.pk}/").content.decode()


def order_data(token: str, *vacancies: Vacancy, **change: str) -> dict[str, Any]:
    starts = timezone.localdate() + timedelta(days=20)
    return {"vacancies": [str(v.pk) for v in vacancies], "skills": "电焊", "certificate_level": "5",
            "kind": "apprenticeship", "places": "12", "starts_on": starts.isoformat(),
            "ends_on": (starts + timedelta(days=40)).isoformat(), "provider": "荆门技师学院", "note": "",
            "form_token": token, **change}  # fmt: skip


def test_a_course_is_ordered_for_my_open_vacancies_once_and_shown_with_the_course_listed() -> None:
    # given an employer with an open vacancy and a closed one
    welding = SkillFactory(name="电焊")
    client = Client()
    employer = signed_in_employer(client)
    welder = VacancyFactory(employer=employer, title="电焊工")
    closed = VacancyFactory(employer=employer, title="旧岗位", status=Vacancy.Status.CLOSED)
    page = client.get("/employer/training/").content.decode()
    assert "电焊工" in page and "旧岗位" not in page  # only what a course may be ordered for
    token = form_token(client, "/employer/training/")

    # when it orders a course twice with the same form, then with the closed vacancy forged in
    first = client.post("/employer/training/", order_data(token, welder))
    second = client.post("/employer/training/", order_data(token, welder))
    forged = client.post("/employer/training/", order_data(form_token(client, "/employer/training/"), closed))

    # then one order is placed, for the open vacancy, and the forged one is refused beside its field
    order = TrainingOrder.objects.get(employer=employer)
    assert first.status_code == 302 and second["Location"] == first["Location"]
    assert (list(order.vacancies.all()), list(order.skills.all()), order.kind, order.places) == (
        [welder], [welding], "apprenticeship", 12
    )  # fmt: skip
    error = forged.content.decode().split('id="id_vacancies_error"')[1].split("</p>")[0]
    assert chinese("Vacancies: only your own vacancies, neither filled nor closed") in error
    assert TrainingOrder.objects.count() == 1

    # and once the station lists a course for it, the page shows it with its places left
    course_save(course=TrainingCourse(name="焊工学徒班", provider="荆门技师学院", region=welder.region,
                                      starts_on=order.starts_on, ends_on=order.ends_on, hours=200, capacity=12,
                                      order=order))  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/employer/training/").content.decode()
    assert "焊工学徒班" in page and "剩 12 个名额" in page
    assert "培训技能：电焊" in page and "初级工" in page  # what was ordered: the skill and the certificate
    assert not [
        q for q in queries if q["sql"].upper().startswith("SELECT COUNT")
    ]  # places held come with the orders


def test_a_bad_training_order_is_told_beside_its_fields_in_chinese_and_nothing_is_written() -> None:
    SkillFactory(name="电焊")
    client = Client()
    employer = signed_in_employer(client)
    vacancy = VacancyFactory(employer=employer)
    token = form_token(client, "/employer/training/")
    starts = timezone.localdate() + timedelta(days=20)

    page = client.post("/employer/training/", order_data(
        token, vacancy, skills="无此技能的说法", places="0", ends_on=(starts - timedelta(days=1)).isoformat()
    )).content.decode()  # fmt: skip
    past = client.post("/employer/training/", order_data(
        token, vacancy, starts_on=(timezone.localdate() - timedelta(days=1)).isoformat()
    )).content.decode()  # fmt: skip
    none = client.post("/employer/training/", order_data(token)).content.decode()

    def error(page: str, field: str) -> str:
        return page.split(f'id="id_{field}_error"')[1].split("</p>")[0]

    assert chinese("Skill: none is called so; try other words") in error(page, "skills")
    assert chinese("Ends on: must not be before the start") in error(page, "ends_on")
    assert "1" in error(page, "places")  # "at least 1", beside the field
    assert chinese("Starts on: must not be in the past") in error(past, "starts_on")
    assert chinese("Vacancies: tick at least one vacancy the course is for") in error(none, "vacancies")
    assert not TrainingOrder.objects.exists()


def test_another_employers_training_and_subsidies_are_not_mine() -> None:
    client = Client()
    employer = signed_in_employer(client)
    theirs = VacancyFactory(title="别家的岗位")
    other_order = training_order_place(employer=theirs.employer, vacancies=[theirs], skills=[], places=5,
                                       starts_on=timezone.localdate() + timedelta(days=9),
                                       ends_on=timezone.localdate() + timedelta(days=19), today=timezone.localdate())  # fmt: skip
    policy = SubsidyPolicy.objects.get(key="enterprise-skills-training")
    other = Entitlement.objects.create(policy=policy, occasion_key="course:y", claim_key="employer:y",
                                       occasion_on=timezone.localdate(), person=PersonFactory(),
                                       employer=theirs.employer, told_at=timezone.now())  # fmt: skip
    VacancyFactory(employer=employer)
    token = form_token(client, "/employer/training/")

    assert "别家的岗位" not in client.get("/employer/training/").content.decode()
    forged = client.post("/employer/training/", order_data(token, theirs))
    assert forged.status_code == 200 and TrainingOrder.objects.get() == other_order
    assert client.post(f"/employer/subsidies/{other.pk}/apply/", {"form_token": token}).status_code == 404
    other.refresh_from_db()
    assert other.status == EntitlementStatus.ELIGIBLE
    assert Client().get("/employer/training/")["Location"].startswith("/employer/signin/")
    assert Client().get("/employer/subsidies/")["Location"].startswith("/employer/signin/")


def test_my_employers_subsidies_name_whom_each_is_for_and_a_second_send_changes_nothing() -> None:
    client = Client()
    employer = signed_in_employer(client)
    trainee = PersonFactory(name="周八")
    policy = SubsidyPolicy.objects.get(key="enterprise-skills-training")
    mine = Entitlement.objects.create(policy=policy, occasion_key="course:x", claim_key="employer:x",
                                      occasion_on=timezone.localdate(), person=trainee, employer=employer,
                                      told_at=timezone.now())  # fmt: skip

    page = client.get("/employer/subsidies/").content.decode()
    assert "企业技能提升培训补贴" in page and "周八" in page and "500" in page
    token = form_token(client, "/employer/subsidies/")
    client.post(f"/employer/subsidies/{mine.pk}/apply/", {"form_token": token})
    applied_at = Entitlement.objects.get(pk=mine.pk).applied_at
    again = client.post(f"/employer/subsidies/{mine.pk}/apply/", {"form_token": token}, follow=True)

    # the same form sent again is the first send's answer, not the service refusing a second claim
    mine.refresh_from_db()
    assert (mine.status, mine.applied_at) == (EntitlementStatus.APPLIED, applied_at)
    assert chinese("Status: this claim was made already") not in again.content.decode()
    assert "已申请" in client.get("/employer/subsidies/").content.decode()
