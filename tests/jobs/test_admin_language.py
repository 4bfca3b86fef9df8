"""Every admin page staff open reads in Chinese: no English leaking from a field without a
label, a library's untranslated text or raw data; and it stays usable on a phone."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import tablib
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jobs.imports.files import import_problems
from jobs.imports.resources import PersonResource
from jobs.models import Person, Vacancy
from jobs.services.demo import demo_county_load
from matching.models import Match, MatchEvent, MatchStatus
from tests.factories import staff_user
from workers.models import Channel, Notice, NoticeKind, NoticeStatus

pytestmark = pytest.mark.django_db

# Words that never belong on a page staff read: a field shown by its attribute name, a Python
# None, a library's untranslated text, a match explanation shown as JSON.
NEVER_SHOWN = ["Claim", "None", "Select all", "shared_skills", "missing_skills", "distance_km"]
STYLESHEET = "admin/jobs/narrow-screens.css"


def visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def pages_of(model_admin: Any, request: Any) -> list[str]:
    """The changelist, the add page, the first row's change page and the export page."""
    opts = model_admin.model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    urls = [reverse(f"{name}_changelist")]
    if model_admin.has_add_permission(request):
        urls.append(reverse(f"{name}_add"))
    first = model_admin.get_queryset(request).first()
    if first is not None:
        urls.append(reverse(f"{name}_change", args=[first.pk]))
    try:
        urls.append(reverse(f"{name}_export"))
    except NoReverseMatch:
        pass
    return urls


@pytest.fixture
def county() -> None:
    """A small demo county, with a match that went somewhere and a notice that failed."""
    demo_county_load(size=80, seed=1, today=date(2026, 11, 1))
    person = Person.objects.filter(home_region_id="420882").first()
    vacancy = Vacancy.objects.filter(region_id="420882").first()
    assert person is not None and vacancy is not None
    match = Match.objects.create(
        person=person, vacancy=vacancy, score=0.64, person_rank=1, vacancy_rank=2,
        explanation={"shared_skills": ["叉车驾驶"], "missing_skills": ["焊接"], "distance_km": 3},
        status=MatchStatus.VIEWED, status_changed_at=timezone.now(),
    )  # fmt: skip
    MatchEvent.objects.create(match=match, status=MatchStatus.VIEWED, by="person")
    Notice.objects.create(
        person=person, region_id="420882", kind=NoticeKind.JOB_MATCH, channel=Channel.SMS, key="k",
        title="新岗位", body="叉车司机", next_attempt_at=timezone.now(), status=NoticeStatus.FAILED,
        claim="a1b2c3",
    )  # fmt: skip


@pytest.mark.parametrize("username", ["admin", "jingshan"])
def test_no_admin_page_shows_english_or_a_label_twice(county: None, username: str) -> None:
    # given
    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    request = RequestFactory().get("/admin/")
    request.user = user
    found = []
    for model_admin in admin.site._registry.values():
        if not model_admin.has_view_permission(request):
            continue
        for url in pages_of(model_admin, request):
            # when
            page = client.get(url)
            # then
            assert page.status_code == 200, url
            text = visible_text(page.content.decode())
            found += [(url, w) for w in NEVER_SHOWN if re.search(rf"\b{re.escape(w)}\b", text)]
            found += [
                (url, m.group(0)) for m in re.finditer(r"(?<!\w)([^\W\d]\w{1,11})[：:]\s*\1[：:]", text)
            ]
            # an export column offered by its attribute name: "Id Number (身份证号)"
            found += [
                (url, m.group(0))
                for m in re.finditer(r"[A-Z][a-z]+(?: [A-Z][a-z]+)* \([\u4e00-\u9fff]", text)
            ]
    assert found == []


def test_a_notices_kind_is_not_labelled_as_an_assistance_kind(county: None) -> None:
    # given
    client = Client()
    client.force_login(get_user_model().objects.get(username="jingshan"))
    notice = Notice.objects.get(key="k")

    # when
    pages = [
        client.get(reverse("admin:workers_notice_changelist")),
        client.get(reverse("admin:workers_notice_change", args=[notice.pk])),
    ]

    # then
    assert all(p.status_code == 200 and "帮扶类型" not in p.content.decode() for p in pages)


def test_changelists_link_the_stylesheet_that_lets_tables_scroll_on_a_phone(county: None) -> None:
    # given
    from django.contrib.staticfiles import finders

    client = Client()
    client.force_login(get_user_model().objects.get(username="jingshan"))

    # when
    pages = [
        client.get(reverse(f"admin:{name}_changelist"))
        for name in ("jobs_person", "jobs_vacancy", "jobs_employer", "matching_match", "workers_notice")
    ]

    # then
    assert all(STYLESHEET in p.content.decode() for p in pages)
    assert finders.find(STYLESHEET) is not None


def test_an_import_error_that_names_its_column_is_not_given_the_column_twice() -> None:
    # given a row whose ID number breaks the check digit rule
    user = staff_user("jingshan", "420882", superuser=True)
    rows = tablib.Dataset(headers=["姓名", "身份证号", "手机号", "现居住地", "学历", "就业状态", "正在求职"])
    rows.append(["王五", "110105194912310021", "", "京山市", "初中", "失业", "是"])

    # when the background import writes up the rows it refused (the import job's page shows them)
    problems = import_problems(PersonResource(user=user).import_data(rows, dry_run=True))

    # then
    assert problems == ["第 2 行：身份证号：校验码错误（GB 11643）"]  # the header is row 1
