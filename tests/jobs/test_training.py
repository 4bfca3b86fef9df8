"""Training that employers order (企业下订单、劳动者选单、培训机构列单、政府买单): an employer orders
a course for its vacancies; the course listed for it is offered to those whose near-miss
vacancies it would close, with the subsidy they would get, never when it is full; a person
chooses it; its completion adds the skill and the certificate to their profile and brings the
employer's training subsidy, recorded once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from jobs.admin.training import DeskEnrolmentForm
from jobs.models import (
    EmployerAccount,
    Enrolment,
    Entitlement,
    Occupation,
    Person,
    PersonCertificate,
    SeekerAccount,
    Skill,
    TrainingCourse,
    TrainingOrder,
    Vacancy,
)
from jobs.models.choices import CertificateLevel
from jobs.models.people import EmploymentStatus
from jobs.models.training import CourseKind, EnrolmentStatus, OrderStatus
from jobs.notices.training import training_offers_write
from jobs.services.accounts import seeker_delete
from jobs.services.roles import STATION_STAFF
from jobs.services.subsidies import subsidies_check
from jobs.services.training import course_choose, course_save
from tests.api.conftest import as_token
from tests.factories import EmployerFactory, SkillFactory, VacancyFactory, region, staff_user
from tests.jobs.notices.builders import a_seeker, match
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2027, 3, 1)
JINGSHAN = "420882"


@pytest.fixture(autouse=True)
def on_the_first_of_march() -> Iterator[None]:
    with time_machine.travel(datetime(2027, 3, 1, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def welding() -> Skill:
    return SkillFactory(name="电焊")  # type: ignore[no-any-return]


def hr_of(employer: Any) -> Any:
    user = get_user_model().objects.create_user(username="hr")
    EmployerAccount.objects.create(user=user, employer=employer, name="HR", phone="13700000000")
    return as_token(AuthToken.objects.create(user)[1])


def seeker_client(person: Person) -> Any:
    user = get_user_model().objects.create_user(username=f"seeker-{person.pk}")
    SeekerAccount.objects.create(user=user, person=person)
    return as_token(AuthToken.objects.create(user)[1])


def near_miss(vacancy: Vacancy, name: str) -> Person:
    """Someone of 京山 whose match to ``vacancy`` is good but for welding, which they lack."""
    person = a_seeker(home_region=region(JINGSHAN), name=name)
    match(person, vacancy, 1, explanation={"missing_skills": ["电焊"], "shared_skills": ["钳工"]})
    return person


def listed(order: TrainingOrder | None, skill: Skill, **fields: Any) -> TrainingCourse:
    course = TrainingCourse(**{
        "name": "焊工学徒班", "provider": "荆门技师学院", "region": region(JINGSHAN),
        "starts_on": TODAY + timedelta(days=14), "ends_on": TODAY + timedelta(days=60), "hours": 200, "capacity": 20,
        "subsidy_yuan": 800, "fee_yuan": 800, "certificate_level": CertificateLevel.JUNIOR,
        "kind": CourseKind.APPRENTICESHIP, "order": order, **fields,
    })  # fmt: skip
    course_save(course=course)
    course.skills.add(skill)
    return course


@pytest.fixture
def ordered(welding: Skill) -> tuple[TrainingOrder, Vacancy, Any]:
    """京山轻机 orders a welding apprenticeship for its welder vacancy."""
    employer = EmployerFactory(name="京山轻机", region=region(JINGSHAN))
    vacancy = VacancyFactory(employer=employer, title="焊工", region=region(JINGSHAN))
    hr = hr_of(employer)
    answer = hr.post("/api/v1/employer/training-orders/", {
        "vacancies": [vacancy.pk], "skills": [welding.code], "kind": "apprenticeship", "places": 10,
        "starts_on": "2027-03-15", "ends_on": "2027-04-30", "provider": "荆门技师学院",
        "certificate_level": CertificateLevel.JUNIOR,
    }, format="json")  # fmt: skip
    assert answer.status_code == 201, answer.content
    return TrainingOrder.objects.get(pk=answer.json()["id"]), vacancy, hr


def test_an_employer_orders_a_course_for_its_own_vacancies(
    ordered: tuple[TrainingOrder, Vacancy, Any],
) -> None:
    order, vacancy, hr = ordered
    assert order.status == OrderStatus.ORDERED and list(order.vacancies.all()) == [vacancy]
    listing = hr.get("/api/v1/employer/training-orders/").json()["results"]
    assert [(o["places"], o["kind"], o["course"]) for o in listing] == [(10, "apprenticeship", None)]

    # another employer's vacancy, one of its own that is filled, a start in the past, an end before
    # the start: refused, naming the field
    other = VacancyFactory()
    filled = VacancyFactory(employer=order.employer, status=Vacancy.Status.FILLED)
    base = {"vacancies": [vacancy.pk], "places": 5, "starts_on": "2027-03-15", "ends_on": "2027-04-30"}
    for change, field in (({"vacancies": [other.pk]}, "vacancies"), ({"vacancies": [vacancy.pk, filled.pk]}, "vacancies"),
                          ({"starts_on": "2027-02-01"}, "starts_on"),
                          ({"ends_on": "2027-03-01"}, "ends_on"), ({"places": 0}, "places")):  # fmt: skip
        refused = hr.post("/api/v1/employer/training-orders/", {**base, **change}, format="json")
        assert refused.status_code == 400 and list(refused.json()["fields"]) == [field], change
    assert TrainingOrder.objects.count() == 1


def test_the_course_listed_for_an_order_is_offered_to_those_its_vacancies_nearly_suit_with_the_subsidy(
    ordered: tuple[TrainingOrder, Vacancy, Any], welding: Skill
) -> None:
    # given someone the ordered vacancy nearly suits, and someone another employer's nearly suits
    order, vacancy, hr = ordered
    suits = near_miss(vacancy, "王焊")
    near_miss(VacancyFactory(region=region(JINGSHAN)), "李焊")

    # when the provider's course is listed for the order, and offered
    course = listed(order, welding)
    assert training_offers_write(course_ids=[course.pk], today=TODAY) == 2  # inbox and SMS

    # then the order is answered, and only the one for the employer's vacancy is told, with the subsidies
    order.refresh_from_db()
    assert order.status == OrderStatus.LISTED
    assert hr.get("/api/v1/employer/training-orders/").json()["results"][0]["course"] == course.pk
    (offer,) = Notice.objects.filter(kind=NoticeKind.TRAINING, channel=Channel.INBOX)
    assert offer.person_id == suits.pk and offer.title == "适合您的培训：焊工学徒班"
    assert (
        "教授电焊" in offer.body and "可享培训补贴800元" not in offer.body
    )  # free: the subsidy covers the fee
    assert "符合条件可免费参加" in offer.body
    assert "结业可取得初级工（五级）证书，符合条件的可申领职工技能提升补贴（初级工）（1000元）" in offer.body
    # and a second offer run tells nobody again
    assert training_offers_write(course_ids=[course.pk], today=TODAY) == 0


def test_a_course_that_teaches_the_missing_skill_but_is_full_is_offered_to_nobody(welding: Skill) -> None:
    # given someone lacking welding, and a course teaching it whose two places are taken
    person = near_miss(VacancyFactory(region=region(JINGSHAN)), "王焊")
    course = listed(None, welding, capacity=2)
    for name in ("甲", "乙"):
        course_choose(person=a_seeker(name=name), course=course, today=TODAY)

    # then neither the weekly run nor the course's own offers it, and it is not among the person's courses
    assert training_offers_write(today=TODAY) == 0
    assert training_offers_write(course_ids=[course.pk], today=TODAY) == 0
    me = seeker_client(person)
    assert me.get("/api/v1/me/courses/").json()["results"] == []
    public = me.get("/api/v1/courses/").json()["results"]
    assert [(c["name"], c["places_left"]) for c in public] == [("焊工学徒班", 0)]
    # and a third person choosing it is refused, naming the course
    refused = me.post(f"/api/v1/me/courses/{course.pk}/choose/")
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["course"]


def test_a_person_chooses_a_course_once_and_not_once_it_has_begun(welding: Skill) -> None:
    person = near_miss(VacancyFactory(region=region(JINGSHAN)), "王焊")
    course = listed(None, welding)
    me = seeker_client(person)

    chosen = me.post(f"/api/v1/me/courses/{course.pk}/choose/")
    assert chosen.status_code == 201 and chosen.json()["status"] == "chosen"
    assert me.post(f"/api/v1/me/courses/{course.pk}/choose/").status_code == 400
    assert [e["course"]["name"] for e in me.get("/api/v1/me/enrolments/").json()["results"]] == ["焊工学徒班"]
    assert me.post("/api/v1/me/courses/999999/choose/").status_code == 404

    begun = listed(None, welding, starts_on=TODAY - timedelta(days=1))
    refused = me.post(f"/api/v1/me/courses/{begun.pk}/choose/")
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["course"]


def test_a_completed_course_adds_the_skill_and_certificate_and_brings_the_employer_s_subsidy_once(
    ordered: tuple[TrainingOrder, Vacancy, Any], welding: Skill
) -> None:
    # given someone in work who chose the ordered apprenticeship
    order, vacancy, hr = ordered
    person = near_miss(vacancy, "王焊")
    person.employment_status = EmploymentStatus.EMPLOYED
    person.save(update_fields=["employment_status"])
    course = listed(order, welding)
    enrolment = course_choose(person=person, course=course, today=TODAY)

    # when staff record it completed, through the API (a day before its start is refused)
    desk = staff_user("desk", JINGSHAN, groups=[STATION_STAFF])
    url = f"/api/v1/staff/enrolments/{enrolment.pk}/complete/"
    with time_machine.travel(datetime(2027, 5, 1, 10, tzinfo=SHANGHAI), tick=False):
        staff = as_token(AuthToken.objects.create(desk)[1])
        hr = as_token(AuthToken.objects.create(EmployerAccount.objects.get(employer=order.employer).user)[1])
        early = staff.post(url, {"completed_on": "2027-03-14"})
        assert early.status_code == 400 and list(early.json()["fields"]) == ["completed_on"]
        done = staff.post(url, {"completed_on": "2027-04-30"})
        assert done.status_code == 200 and done.json()["status"] == "completed"
        assert staff.post(url, {"completed_on": "2027-04-30"}).status_code == 400
        # and the daily check runs twice
        subsidies_check(), subsidies_check()

    # then the skill and the certificate are the person's
    assert set(person.skills.values_list("skill__name", flat=True)) == {"电焊"}
    assert list(person.certificates.values_list("level", "issued_on")) == [
        (CertificateLevel.JUNIOR, date(2027, 4, 30))
    ]
    # and the employer that ordered it may claim the apprenticeship subsidy, the person the skill upgrade, once each
    found = {(e.policy.key, e.employer_id) for e in Entitlement.objects.filter(person=person)}
    assert found == {("new-apprenticeship", order.employer_id), ("skill-upgrade-junior", None)}
    names = [e["policy"]["name"] for e in hr.get("/api/v1/employer/subsidies/").json()["results"]]
    assert names == ["企业新型学徒制培训补贴"]
    assert Enrolment.objects.get().status == EnrolmentStatus.COMPLETED


def test_staff_record_a_completion_in_the_admin_and_only_in_their_area(welding: Skill) -> None:
    person = near_miss(VacancyFactory(region=region(JINGSHAN)), "王焊")
    course = listed(None, welding, starts_on=TODAY - timedelta(days=30), ends_on=TODAY - timedelta(days=1))
    enrolment = Enrolment.objects.create(person=person, course=course)
    desk, elsewhere = Client(), Client()
    desk.force_login(staff_user("desk", JINGSHAN, groups=[STATION_STAFF]))
    elsewhere.force_login(staff_user("huangshi", "420202", groups=[STATION_STAFF]))
    url = reverse("admin:jobs_enrolment_change", args=[enrolment.pk])

    assert elsewhere.get(url).status_code in (302, 404)
    missing = desk.post(url, {"status": "completed", "completed_on": ""})
    assert missing.status_code == 200 and "completed_on" in missing.context["adminform"].form.errors
    assert desk.post(url, {"status": "completed", "completed_on": "2027-02-28"}).status_code == 302

    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.completed_on, enrolment.recorded_by.username) == (
        EnrolmentStatus.COMPLETED, date(2027, 2, 28), "desk",
    )  # fmt: skip
    assert set(person.skills.values_list("skill__name", flat=True)) == {"电焊"}


def test_a_match_short_of_the_certificate_level_is_offered_the_course_that_awards_it() -> None:
    # given someone with a junior certificate whose match asks for an intermediate one in its occupation
    occupation = Occupation.objects.exclude(code="").first()
    vacancy = VacancyFactory(region=region(JINGSHAN), occupation=occupation,
                             certificate_level_min=CertificateLevel.INTERMEDIATE)  # fmt: skip
    person = a_seeker(home_region=region(JINGSHAN), name="王师傅")
    PersonCertificate.objects.create(
        person=person, name="证书", occupation=occupation, level=CertificateLevel.JUNIOR
    )
    match(person, vacancy, 1, explanation={"missing_skills": [], "shared_skills": ["钳工"]})
    base = {"name": "中级工提升班", "provider": "荆门技师学院", "region": region(JINGSHAN), "hours": 80,
            "capacity": 20, "starts_on": TODAY + timedelta(days=7), "ends_on": TODAY + timedelta(days=40)}  # fmt: skip

    # when a junior course, an intermediate one of another occupation and an intermediate one of its own are listed
    junior = TrainingCourse.objects.create(
        **base, occupation=occupation, certificate_level=CertificateLevel.JUNIOR
    )
    other = Occupation.objects.exclude(pk=occupation.pk).first()
    elsewhere = TrainingCourse.objects.create(
        **base, occupation=other, certificate_level=CertificateLevel.INTERMEDIATE
    )
    own = TrainingCourse.objects.create(
        **base, occupation=occupation, certificate_level=CertificateLevel.INTERMEDIATE
    )

    # then only the course awarding the level asked for, in the post's occupation, is offered
    assert training_offers_write(course_ids=[junior.pk, elsewhere.pk], today=TODAY) == 0
    assert training_offers_write(course_ids=[own.pk], today=TODAY) == 2
    (offer,) = Notice.objects.filter(kind=NoticeKind.TRAINING, channel=Channel.INBOX)
    assert "结业证书达到您关注的岗位要求的等级" in offer.body and "中级工（四级）" in offer.body


def test_a_closed_account_gives_back_its_place(welding: Skill) -> None:
    person = near_miss(VacancyFactory(region=region(JINGSHAN)), "王焊")
    course = listed(None, welding, capacity=1)
    course_choose(person=person, course=course, today=TODAY)

    seeker_delete(person=person)

    assert Enrolment.objects.get().status == EnrolmentStatus.DROPPED
    course_choose(person=a_seeker(name="李四"), course=course, today=TODAY)


def test_staff_enrol_someone_at_the_desk_as_the_phone_would_and_a_place_taken_meanwhile_is_told(
    welding: Skill,
) -> None:
    # given a course with two places, someone of the station's area, and someone of another
    course = listed(None, welding, capacity=2)
    person, other = a_seeker(home_region=region(JINGSHAN)), a_seeker(home_region=region("420202"))
    desk = Client()
    desk.force_login(staff_user("desk", JINGSHAN, groups=[STATION_STAFF]))
    url = reverse("admin:jobs_enrolment_add")

    # when the desk enrols them, then tries the same again, and someone of another area
    assert desk.post(url, {"person": person.pk, "course": course.pk}).status_code == 302
    again = desk.post(url, {"person": person.pk, "course": course.pk})
    outside = desk.post(url, {"person": other.pk, "course": course.pk})
    closed = a_seeker(home_region=region(JINGSHAN))
    seeker_delete(person=closed)
    gone = desk.post(url, {"person": closed.pk, "course": course.pk})

    # then one enrolment is made, recorded as the desk's, and both others are refused on the form,
    # the one outside the area as no choice at all (nothing is told of them)
    enrolment = Enrolment.objects.get()
    assert (enrolment.person, enrolment.status, enrolment.recorded_by.username) == (
        person, EnrolmentStatus.CHOSEN, "desk"
    )  # fmt: skip
    assert "course" in again.context["adminform"].form.errors
    assert [e.code for e in outside.context["adminform"].form.errors.as_data()["person"]] == [
        "invalid_choice"
    ]
    assert gone.status_code == 200 and not Enrolment.objects.filter(person=closed).exists()

    # when the last place is taken on a phone between the form's check and the save
    late = a_seeker(home_region=region(JINGSHAN))
    real_clean = DeskEnrolmentForm.clean

    def clean_then_taken(form: DeskEnrolmentForm) -> dict[str, Any]:
        data = real_clean(form)
        course_choose(person=a_seeker(home_region=region(JINGSHAN)), course=course, today=TODAY)
        return data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DeskEnrolmentForm, "clean", clean_then_taken)
        refused = desk.post(url, {"person": late.pk, "course": course.pk}, follow=True)

    # then the page says the course is full, and nothing of that save is written (the phone's
    # choice, made here inside the same request, is rolled back with it)
    assert "培训班：名额已满" in refused.content.decode()
    assert list(Enrolment.objects.all()) == [enrolment]


def test_the_desk_enrols_someone_in_a_course_held_elsewhere_in_the_city_as_their_phone_may(
    welding: Skill,
) -> None:
    course = listed(None, welding, region=region("420802"))  # 东宝区, in 荆门 as 京山 is
    person = a_seeker(home_region=region(JINGSHAN))
    desk = Client()
    desk.force_login(staff_user("desk", JINGSHAN, groups=[STATION_STAFF]))

    assert (
        desk.post(reverse("admin:jobs_enrolment_add"), {"person": person.pk, "course": course.pk}).status_code
        == 302
    )
    assert Enrolment.objects.get().course == course
