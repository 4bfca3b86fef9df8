"""The job seeker's pages in a real headless Chromium on a phone's screen: search without signing
in, sign up with a code read from the SMS gateway (a bad ID number is told as it is typed), see a
matching job with its reasons and apply. Each main page is photographed at 360 × 740 and
1366 × 768 into ``SCREENSHOT_DIR`` (default var/screenshots)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import Page, expect

from jobs.models import ConsentText, Occupation, Person, Skill, VacancySkill
from jobs.services.taxonomy import classification_load, taxonomy_load
from matching.models import Match, MatchStatus
from matching.services.index import index_reset
from matching.services.refresh import matches_refresh_people
from tests.factories import EmployerFactory, VacancyFactory, make_id_number
from tests.workers.fake_gateway import FakeGateway, fake_gateway

pytestmark = pytest.mark.usefixtures("regions_loaded", "classification_loaded")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", str(django_settings.BASE_DIR / "var" / "screenshots")))
PHONE = "13912345678"
CONTACT = "13700001111"
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 768}}


@pytest.fixture
def classification_loaded(transactional_db: None) -> None:
    """The occupations a migration loaded, which transactional tests empty, and the county's
    everyday titles and seed skills."""
    classification_load(Occupation)
    taxonomy_load()


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

    # when someone searches 京山市 without signing in, in their own words: occupation
    # suggestions are not served yet, and the page does without
    page.goto("/")
    with page.expect_response("**/api/v1/occupations/suggest/**") as asked:
        page.fill("#id_q", "开铲车")
    assert asked.value.status == 404
    expect(page.locator("#suggestions")).to_be_hidden()
    # once they are served (answered here as that endpoint will), one is picked
    answer = {"results": [{"code": "6-30-05-01", "name": "起重装卸机械操作工", "level": 4, "confidence": 0.9},
                          {"code": "6-30-05-00", "name": "通用工程机械操作人员", "level": 3, "confidence": 0.5}]}  # fmt: skip
    page.route("**/api/v1/occupations/suggest/**", lambda route: route.fulfill(json=answer))
    page.fill("#id_q", "开铲车的")
    expect(page.locator("#suggestions button")).to_have_count(1)
    page.click("#suggestions button")
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
    page.fill("#id_code", code)
    page.fill("#id_name", "李四")
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
