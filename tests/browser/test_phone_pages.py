"""The job seeker's and the employer's pages in a real headless Chromium on a phone's screen: a
seeker searches without signing in, signs up with a code read from the SMS gateway (a bad ID
number is told as it is typed), sees a matching job with its reasons and applies; an employer
signs up (a bad credit code is told as it is typed), is approved by staff in the admin, posts a
vacancy and invites the candidate. Each main page is photographed at 360 × 740 and
1366 × 768 into ``SCREENSHOT_DIR`` (default var/screenshots)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from playwright.sync_api import Page, expect

from jobs.models import ConsentText, Employer, Occupation, Person, Skill, TrainingOrder, Vacancy, VacancySkill
from jobs.services.roles import STATION_STAFF
from matching.models import Match, MatchStatus
from matching.services.index import index_reset
from matching.services.refresh import matches_refresh_people, matches_refresh_vacancies
from tests.factories import (
    EmployerFactory,
    PersonFactory,
    VacancyFactory,
    make_credit_code,
    make_id_number,
    staff_user,
)
from tests.workers.fake_gateway import FakeGateway, fake_gateway

pytestmark = pytest.mark.usefixtures("regions_loaded", "classification_loaded")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", str(django_settings.BASE_DIR / "var" / "screenshots")))
PHONE = "13912345678"
CONTACT = "13700001111"
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 768}}


@pytest.fixture
def sms(settings: Any) -> Iterator[FakeGateway]:
    with fake_gateway() as gateway:
        settings.SMS_GATEWAY_URL = gateway.url
        yield gateway


@pytest.fixture
def own_index(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_reset()
    yield
    index_reset()


def chinese(msgid: str) -> str:
    with translation.override("zh-hans"):
        return str(_(msgid))


def photograph(page: Page, name: str) -> None:
    """The page at both sizes, whole; at a phone's width nothing may stick out sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        if size == "phone":
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            assert wide <= viewport["width"], f"{name} scrolls sideways at 360 px ({wide} px wide)"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size(SIZES["phone"])


def signed_in_as(page: Page, live_server: Any, person: Person) -> None:
    """The page signed in as the person's own account, at a phone's size."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from jobs.models import SeekerAccount

    user = get_user_model().objects.create_user(username=f"seeker-{person.pk}")
    SeekerAccount.objects.create(user=user, person=person, phone=person.phone, phone_hash=person.phone_hash)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size(SIZES["phone"])


def choose_place(page: Page, province: str, city: str, county: str) -> None:
    # Each list is filled by the page's script once the one above is chosen.
    page.select_option("#id_province", province)
    expect(page.locator(f"#id_city option[value='{city}']")).to_be_attached()
    page.select_option("#id_city", city)
    expect(page.locator(f"#id_county option[value='{county}']")).to_be_attached()
    page.select_option("#id_county", county)


def forklift_job() -> Any:
    employer = EmployerFactory(name="京山宏达物流有限公司", contact_phone=CONTACT)
    job = VacancyFactory(employer=employer, title="叉车司机", occupation=Occupation.objects.get(code="6-30-05-01"),
                         description="仓库叉车装卸作业，包午餐", wage_min=5000, wage_max=7000)  # fmt: skip
    for skill in Skill.objects.filter(occupations__code="6-30-05-01"):
        VacancySkill.objects.create(vacancy=job, skill=skill, required=skill.code == "forklift-operation")
    return job


@pytest.mark.usefixtures("own_index")
def test_a_seeker_finds_work_signs_up_in_their_own_words_sees_why_a_job_fits_and_applies(
    page: Page, sms: FakeGateway
) -> None:
    # given an open forklift job in 京山市 and the consent text of now
    job = forklift_job()
    consent = ConsentText.objects.create(version="2026-01", text="本人同意平台根据我填写的信息推荐岗位。\n可随时撤回。",
                                         published_on=date(2026, 1, 1))  # fmt: skip
    page.set_viewport_size(SIZES["phone"])

    # when someone searches 京山市 without signing in, in their own words, and picks the
    # occupation suggested as they type (only occupations are offered, not their groups)
    page.goto("/")
    with page.expect_response("**/api/v1/occupations/suggest/**") as asked:
        page.fill("#id_q", "开叉车")
    assert asked.value.status == 200
    page.locator("#suggestions button", has_text="起重装卸机械操作工").click()
    expect(page.locator("#occupation-chip")).to_contain_text("起重装卸机械操作工")
    choose_place(page, "420000", "420800", "420882")
    page.click("button.primary")
    expect(page.locator("#id_occupation")).to_have_value("6-30-05-01")
    # then the job is listed with its monthly wage and employer, and no contact
    card = page.locator(f"#vacancy-{job.pk}")
    expect(card).to_contain_text("京山宏达物流有限公司")
    expect(card).to_contain_text("5000–7000")
    assert CONTACT not in page.content()
    photograph(page, "home")
    card.locator("a").click()
    expect(page.locator("h1")).to_have_text("叉车司机")
    photograph(page, "vacancy")
    page.goto("/signin/")
    photograph(page, "signin")

    # when they register: a code by SMS, then a mistyped ID number
    page.goto("/signup/")
    expect(page.locator(".consent-text")).to_contain_text("可随时撤回")
    page.fill("#id_phone", PHONE)
    page.click("[data-send-code]")
    expect(page.locator("#code-note")).to_contain_text("139****5678")
    code = re.search(r"\d{6}", sms.bodies[-1]["text"]).group()  # type: ignore[union-attr]
    page.fill("#id_name", "李四")
    # a reload in the middle keeps what was typed (but the code and the ID number)
    page.reload()
    expect(page.locator("#id_name")).to_have_value("李四")
    expect(page.locator("#id_phone")).to_have_value(PHONE)
    page.fill("#id_code", code)
    good = make_id_number()
    page.fill("#id_id_number", good[:-1] + ("0" if good[-1] != "0" else "1"))
    page.locator("#id_id_number").blur()
    # then the check digit is told in Chinese before anything is sent
    expect(page.locator("#id_id_number_error")).to_have_text(
        chinese("ID number: the check digit is wrong (GB 11643)")
    )
    photograph(page, "signup")

    # when they correct it, say where they live and what they did in their own words, and agree
    page.fill("#id_id_number", good)
    expect(page.locator("#id_id_number_error")).to_be_hidden()
    choose_place(page, "420000", "420800", "420882")
    page.select_option("#id_education", "2")
    page.select_option("#id_employment_status", "unemployed")
    page.fill("#id_self_description", "在工地上开了六年铲车，装卸也干过，想在京山找个稳定的活")
    page.check("#id_consent_matching")
    page.click("form.stack button.primary")
    # then they are registered with the text they saw, and land on their jobs
    page.wait_for_url("**/me/jobs/")
    person = Person.objects.get(account__isnull=False)
    assert person.consent_text_version == consent.version and person.consent_matching

    # when the matching worker has scored them
    matches_refresh_people(person_ids=[person.pk])
    page.reload()
    # then the forklift job is there, with why it fits in plain words
    mine = Match.objects.get(person=person, vacancy=job)
    card = page.locator(f"#match-{mine.pk}")
    in_common = chinese("Skills in common: %(skills)s").split("%")[0]
    expect(card.locator(".reasons")).to_contain_text(f"{in_common}装卸搬运")
    assert CONTACT not in page.content()
    photograph(page, "jobs-for-me")

    # when they apply
    card.locator("button[value=apply]").click()
    # then the match is applied for and the card says what the employer now sees
    expect(page.locator(f"#match-{mine.pk} .stage")).to_have_text(
        chinese("Applied: the employer can now see your name and phone")
    )
    mine.refresh_from_db()
    assert mine.status == MatchStatus.APPLIED
    photograph(page, "applied")
    # and their other pages are there for them
    for path, name in (("/me/profile/", "profile"), ("/me/notices/", "notices"), ("/me/away/", "away"),
                       ("/me/data/", "my-data")):  # fmt: skip
        page.goto(path)
        photograph(page, name)
    assert person.id_number not in page.content()


@pytest.mark.usefixtures("own_index")
def test_an_employer_signs_up_is_approved_in_the_admin_posts_a_vacancy_and_invites_a_candidate(
    page: Page, sms: FakeGateway
) -> None:
    # given someone looking for forklift work in 京山市, and a station clerk of the county
    seeker = PersonFactory(name="李四", phone="13911112222", consent_matching=True, consent_recorded_at=timezone.now(),
                           self_description="开过五年叉车，会装卸")  # fmt: skip
    staff_user("jingshan", "420882", groups=[STATION_STAFF])
    page.set_viewport_size(SIZES["phone"])

    # when an employer signs up, first with a mistyped credit code
    page.goto("/employer/signup/")
    page.fill("#id_phone", "13812345678")
    page.click("[data-send-code]")
    expect(page.locator("#code-note")).to_contain_text("138****5678")
    page.fill("#id_code", re.search(r"\d{6}", sms.bodies[-1]["text"]).group())  # type: ignore[union-attr]
    good = make_credit_code()
    page.fill("#id_credit_code", good[:-1] + ("0" if good[-1] != "0" else "1"))
    page.locator("#id_credit_code").blur()
    # then the check character is told in Chinese before anything is sent
    expect(page.locator("#id_credit_code_error")).to_have_text(
        chinese("Unified social credit code: the check character is wrong (GB 32100)")
    )
    photograph(page, "employer-signup")
    # when it is corrected and the form sent
    page.fill("#id_credit_code", good)
    page.fill("#id_name", "京山宏达物流有限公司")
    page.select_option("#id_industry", "G")
    choose_place(page, "420000", "420800", "420882")
    page.fill("#id_contact_name", "王经理")
    page.click("form.stack button.primary")
    # then it waits for approval, and the page says so
    page.wait_for_url("**/employer/")
    expect(page.locator("#approval")).to_be_visible()
    photograph(page, "employer-home")

    # when the station approves it in the admin
    clerk = page.context.browser.new_context(base_url=page.url.split("/employer/")[0], locale="zh-CN")  # type: ignore[union-attr]
    admin = clerk.new_page()
    admin.goto("/admin/login/")
    admin.fill("#id_username", "jingshan")
    admin.fill("#id_password", "pw-123456")
    admin.click("input[type=submit]")
    admin.goto("/admin/jobs/employer/")
    employer = Employer.objects.get(credit_code=good)
    admin.check(f"input[name=_selected_action][value='{employer.pk}']")
    admin.select_option("select[name=action]", "approve")
    admin.click("button[name=index]")
    expect(admin.locator(".messagelist")).to_be_visible()
    clerk.close()
    employer.refresh_from_db()
    assert employer.status == Employer.Status.APPROVED

    # when the employer posts a forklift vacancy
    page.reload()
    expect(page.locator("#approval")).to_have_count(0)
    page.click("a.button.primary")
    page.fill("#id_title", "叉车司机")
    page.fill("#id_occupation_name", "叉车工")
    page.fill("#id_skills", "开叉车、装卸")
    page.fill("#id_headcount", "2")
    page.fill("#id_wage_min", "5000")
    page.fill("#id_wage_max", "7000")
    choose_place(page, "420000", "420800", "420882")
    page.fill("#id_valid_until", (timezone.localdate() + timedelta(days=30)).isoformat())
    photograph(page, "employer-vacancy-new")
    page.click("form.stack button.primary")
    page.wait_for_url("**/employer/vacancies/*/")
    vacancy = Vacancy.objects.get(employer=employer)
    assert vacancy.occupation.code == "6-30-05-01"

    # when the matching worker has scored it
    matches_refresh_vacancies(vacancy_ids=[vacancy.pk])
    page.reload()
    # then the seeker is a candidate, name masked, no phone, with the reasons
    candidate = Match.objects.get(person=seeker, vacancy=vacancy)
    card = page.locator(f"#candidate-{candidate.pk}")
    expect(card.locator("h2")).to_have_text("李*")
    assert "13911112222" not in page.content()
    photograph(page, "employer-candidates")
    # when they are invited
    card.locator("button[value=invite]").click()
    # then the invitation is on record and the card says so
    expect(page.locator(f"#candidate-{candidate.pk} .stage")).to_have_text(chinese("Invited"))
    candidate.refresh_from_db()
    assert candidate.invited_at is not None

    # when it orders forklift training for the vacancy, from the home page's link
    page.goto("/employer/")
    page.locator("a[href='/employer/training/']").click()
    page.check(f"input[name=vacancies][value='{vacancy.pk}']")
    page.fill("#id_skills", "开叉车")
    page.fill("#id_places", "10")
    starts = timezone.localdate() + timedelta(days=14)
    page.fill("#id_starts_on", starts.isoformat())
    page.fill("#id_ends_on", (starts + timedelta(days=10)).isoformat())
    photograph(page, "employer-training")
    page.click("form.stack button.primary")
    # then the order is placed, for that vacancy, and listed as waiting for a course
    expect(page.locator("ul.messages")).to_contain_text(
        chinese("Ordered. The gig station finds a provider for it; the course is shown here once listed.")
    )
    order = TrainingOrder.objects.get(employer=employer)
    assert list(order.vacancies.all()) == [vacancy] and order.places == 10
    expect(page.locator(f"#order-{order.pk}")).to_contain_text(chinese("Ordered, waiting for a course"))
    # and the employer's other pages are there for it
    for path, name in (("/employer/", "employer-vacancies"), ("/employer/accounts/", "employer-accounts"),
                       ("/employer/notices/", "employer-notices"), ("/employer/subsidies/", "employer-subsidies")):  # fmt: skip
        page.goto(path)
        photograph(page, name)


def test_work_typed_in_own_words_is_suggested_and_the_words_a_pick_replaced_are_learned(
    page: Page, live_server: Any
) -> None:
    from jobs.models import OccupationTitle

    # given a signed-in job seeker on their profile
    person = PersonFactory(consent_matching=True, consent_recorded_at=timezone.now())
    signed_in_as(page, live_server, person)
    page.goto("/me/profile/")

    # when they type the work in their own words, the coded occupations are offered
    page.locator("#id_add_occupation").press_sequentially("电焊", delay=50)
    expect(page.locator("#occupation-names option[value='焊工']")).to_be_attached()
    # and picking one (as the list does, replacing the words) keeps the words beside it
    page.fill("#id_add_occupation", "焊工")
    assert page.input_value("#id_add_occupation_words") == "电焊"
    page.click("button.primary")
    expect(page.locator("#keep-occupation-6-18-02-04")).to_be_checked()

    learned = OccupationTitle.objects.get()
    assert (learned.title, learned.occupation.code, list(learned.people.all())) == (
        "电焊",
        "6-18-02-04",
        [person],
    )


def test_someone_out_of_work_long_sees_the_help_they_can_have_and_why_never_a_tier(
    page: Page, live_server: Any
) -> None:
    from jobs.models import GigStation, HardToEmployProfile, StaffProfile, Support
    from jobs.services.hardship import hardship_profile_save
    from jobs.services.support import support_case_worker_set
    from jobs.services.tier_rules import add_months
    from tests.factories import region

    # given a seeker out of work seven months with a disability recorded, and a case worker
    person = PersonFactory(status_since=add_months(timezone.localdate(), -7))
    hardship_profile_save(profile=HardToEmployProfile(person=person, registered_on=date(2025, 1, 2)),
                          categories=["disability"])  # fmt: skip
    station = GigStation.objects.create(
        name="京山市新市零工驿站", region=region("420882"), phone="0724-7222333"
    )
    worker = staff_user("caseworker", None)
    StaffProfile.objects.create(user=worker, area=region("420882"), station=station, is_case_worker=True)
    type(worker).objects.filter(pk=worker.pk).update(first_name="刘")
    worker.refresh_from_db()
    support_case_worker_set(support=Support.objects.get(person=person), case_worker=worker)
    signed_in_as(page, live_server, person)

    # when they open their jobs, and follow the offer of more help
    page.goto("/me/jobs/")
    page.locator("a[href='/me/help/']").click()

    # then the help is in plain words, with why and whom to call; no tier's name, no category
    expect(page.locator("h1")).to_have_text(chinese("Help for me"))
    expect(page.locator("main")).to_contain_text(
        chinese("Public-welfare posts are offered to you first where you are eligible")
    )
    expect(page.locator("main")).to_contain_text("您找工作已经 7 个月")
    expect(page.locator("main a[href='tel:0724-7222333']")).to_be_visible()
    # and their 1131 plan: what is planned, by when
    expect(page.locator("main")).to_contain_text(chinese("Planned for you"))
    expect(page.locator("main")).to_contain_text(chinese("Policy briefing"))
    text = page.locator("main").inner_text()
    assert not [word for word in ("红", "黄", "蓝", "预警", "残疾", "困难") if word in text], text
    photograph(page, "help-for-me")


def test_a_seeker_told_of_a_subsidy_applies_for_it_and_chooses_a_course_on_the_phone(
    page: Page, live_server: Any
) -> None:
    from jobs.models import Enrolment, Entitlement, EntitlementStatus, SubsidyPolicy, TrainingCourse
    from tests.factories import region

    # given a seeker told of a skill-upgrade subsidy, and a course in their city with one place
    person = PersonFactory(home_region=region("420882"))
    # (a live server's database starts empty of the migrations' rows: the policy is made here)
    policy = SubsidyPolicy.objects.create(
        key="page-skill-upgrade", name="职工技能提升补贴（初级工）", document="京政办发〔2023〕23号", article="二、7",
        paid_to="person", occasion="certificate", amount_yuan=1000, evidence="身份证、职业技能等级证书",
        how_to_claim="到就近的人社服务窗口或零工驿站申请",
    )  # fmt: skip
    entitlement = Entitlement.objects.create(
        policy=policy, occasion_key="certificate:web",
        claim_key=f"person:{person.pk}", occasion_on=timezone.localdate(), person=person, told_at=timezone.now(),
    )  # fmt: skip
    course = TrainingCourse.objects.create(
        name="叉车司机培训班", provider="京山职校", region=region("420882"), hours=40, capacity=1,
        starts_on=timezone.localdate() + timedelta(days=10), ends_on=timezone.localdate() + timedelta(days=20),
    )  # fmt: skip
    signed_in_as(page, live_server, person)

    # when they follow the notices page to their subsidies, and apply
    page.goto("/me/notices/")
    page.locator("a[href='/me/subsidies/']").click()
    expect(page.locator("h1")).to_have_text(chinese("Subsidies for me"))
    card = page.locator(f"#subsidy-{entitlement.pk}")
    expect(card).to_contain_text("职工技能提升补贴（初级工）")
    expect(card).to_contain_text("1000元")
    photograph(page, "my-subsidies")
    card.get_by_role("button", name=chinese("Apply for it")).click()

    # then the claim is applied for, once, and the page says so
    expect(page.locator(f"#subsidy-{entitlement.pk}")).to_contain_text("已申请")
    entitlement.refresh_from_db()
    assert entitlement.status == EntitlementStatus.APPLIED

    # when they open their training and choose the course
    page.goto("/me/training/")
    expect(page.locator(f"#course-{course.pk}")).to_contain_text("剩 1 个名额")
    photograph(page, "my-training")
    page.locator(f"#course-{course.pk}").get_by_role("button", name=chinese("Choose this course")).click()

    # then it is among theirs
    expect(page.locator("main")).to_contain_text(chinese("Courses I chose"))
    assert Enrolment.objects.filter(person=person, course=course).count() == 1
