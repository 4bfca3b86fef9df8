"""Admin saves, actions and deletes go through the service for the change, as the API and the
imports do: the same checks, the same notices, one re-scoring queued once committed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import (
    Employer,
    GigStation,
    HardToEmployProfile,
    MigrantRecord,
    Person,
    StaffProfile,
    Support,
    Vacancy,
)
from jobs.selectors.consent import consent_current
from jobs.services.hardship import hardship_profile_save
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from jobs.services.tier_rules import add_months
from matching.models import Match, MatchEvent, MatchStatus
from tests.factories import (
    EmployerFactory,
    PersonFactory,
    SkillFactory,
    VacancyFactory,
    make_id_number,
    region,
    staff_user,
)
from tests.jobs.test_admin import change_form, login, walk_in
from workers.models import Notice, NoticeKind

pytestmark = pytest.mark.django_db


def rescorings(callbacks: list[Callable[[], Any]]) -> list[Callable[[], Any]]:
    """The re-scorings among the callbacks queued for the commit (notices queue their own)."""
    return [c for c in callbacks if c.__module__ == "workers.triggers"]


@pytest.fixture
def clerk() -> Any:
    """Station staff of 京山市 who work at its gig station."""
    user = staff_user("jingshan", None, groups=[STATION_STAFF])
    station = GigStation.objects.create(
        name="京山市新市零工驿站", region=region("420882"), address="新市街道"
    )
    StaffProfile.objects.create(user=user, area=region("420882"), station=station)
    return user


@pytest.fixture
def city_staff() -> Any:
    return staff_user("jingmen", "420800", groups=[CITY_STAFF])


# --- the migrant, hardship and employer registries -------------------------------------------


def test_an_admin_edit_of_a_migrant_record_has_the_person_rescored_once(
    clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given a person's current record of working away
    person = PersonFactory()
    record = MigrantRecord.objects.create(
        person=person, work_region=region("420102"), started_on=date(2025, 3, 1),
        expected_return_on=date(2027, 2, 1),
    )  # fmt: skip
    client = login(clerk)
    url = reverse("admin:jobs_migrantrecord_change", args=[record.pk])
    data = change_form(client, url, expected_return_on="2026-12-20")

    # when
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.post(url, data)

    # then the edit is a new current row, and the person is re-scored (they are home sooner)
    assert page.status_code == 302, page.context["adminform"].form.errors
    current = MigrantRecord.objects.get(person=person, is_current=True)
    assert current.expected_return_on == date(2026, 12, 20) and current.recorded_by == clerk
    assert len(rescorings(queued)) == 1


def test_a_category_added_in_the_admin_gives_the_rules_tier_at_once_rescored_and_told_once(
    clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given someone in the registry unemployed seven months (yellow), the station's case worker theirs
    StaffProfile.objects.filter(user=clerk).update(is_case_worker=True)
    person = PersonFactory(employment_status="unemployed", status_since=add_months(timezone.localdate(), -7))
    profile = hardship_profile_save(
        profile=HardToEmployProfile(person=person, registered_on=date(2026, 1, 1))
    )
    assert Support.objects.get(person=person).case_worker == clerk
    told = Notice.objects.filter(user=clerk, kind=NoticeKind.WARNING_TIER)
    assert told.count() == 1  # they entered yellow
    client = login(clerk)
    url = reverse("admin:jobs_hardtoemployprofile_change", args=[profile.pk])
    data = change_form(client, url, **{"categories-TOTAL_FORMS": "1", "categories-0-category": "disability"})

    # when a disability is recorded
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.post(url, data)

    # then the rules put them on red (six months unemployed in a hardship category)
    assert page.status_code == 302, page.context["adminform"].form.errors
    support = Support.objects.get(person=person)
    assert support.tier == "red" and [r["rule"] for r in support.reasons] == ["unemployed_in_hardship"]
    assert told.count() == 2
    assert len(rescorings(queued)) == 1  # a public-welfare post may be theirs now

    # and saving it again unchanged tells nobody again
    client.post(url, change_form(client, url))
    assert told.count() == 2


def test_an_employer_suspended_in_the_admin_has_its_vacancies_rescored_once(
    clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given an approved employer with an open vacancy
    employer = EmployerFactory()
    VacancyFactory(employer=employer)
    client = login(clerk)
    url = reverse("admin:jobs_employer_change", args=[employer.pk])
    data = change_form(client, url, status=Employer.Status.SUSPENDED)

    # when
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.post(url, data)

    # then
    assert page.status_code == 302, page.context["adminform"].form.errors
    assert Employer.objects.get().status == Employer.Status.SUSPENDED
    assert len(rescorings(queued)) == 1


def test_the_approve_action_approves_pending_employers_and_rescores_each(
    clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    pending = EmployerFactory(status=Employer.Status.PENDING)
    VacancyFactory(employer=pending)
    client = login(clerk)

    # when
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.post(
            reverse("admin:jobs_employer_changelist"),
            {"action": "approve", "_selected_action": [str(pending.pk)]},
        )

    # then
    assert page.status_code == 302
    assert Employer.objects.get().status == Employer.Status.APPROVED
    assert len(rescorings(queued)) == 1


def test_a_vacancy_saved_in_the_admin_is_rescored_once_with_its_skills(
    clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    vacancy = VacancyFactory()
    skill = SkillFactory()
    client = login(clerk)
    url = reverse("admin:jobs_vacancy_change", args=[vacancy.pk])
    data = change_form(client, url, headcount="5")
    data.update({"skills-TOTAL_FORMS": "1", "skills-0-skill": str(skill.pk), "skills-0-level": "2",
                 "skills-0-required": "on"})  # fmt: skip

    # when
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.post(url, data)

    # then
    assert page.status_code == 302, page.context["adminform"].form.errors
    assert Vacancy.objects.get().headcount == 5
    assert list(vacancy.skills.values_list("skill", flat=True)) == [skill.pk]
    assert len(rescorings(queued)) == 1


def test_the_vacancy_admin_refuses_a_start_after_the_last_valid_day_on_the_start_date(clerk: Any) -> None:
    # given
    vacancy = VacancyFactory()
    client = login(clerk)
    url = reverse("admin:jobs_vacancy_change", args=[vacancy.pk])
    late = (vacancy.valid_until + timedelta(days=1)).isoformat()

    # when
    page = client.post(url, change_form(client, url, start_date=late))

    # then
    assert page.status_code == 200
    assert list(page.context["adminform"].form.errors) == ["start_date"]
    assert Vacancy.objects.get().start_date is None


# --- a person registered and changed at the counter ------------------------------------------


def test_the_add_page_starts_as_a_walk_in_looking_for_work_at_the_clerks_station(clerk: Any) -> None:
    # when
    page = login(clerk).get(reverse("admin:jobs_person_add"))

    # then
    form = page.context["adminform"].form
    station = StaffProfile.objects.get(user=clerk).station
    assert form["is_seeking"].value() is True
    assert form["source"].value() == Person.Source.WALK_IN
    assert form["registered_at_station"].value() == station.pk


def test_the_add_page_shows_the_consent_text_and_carries_its_version(clerk: Any) -> None:
    # given the consent text people are shown now
    current = consent_current()
    assert current is not None

    # when
    page = login(clerk).get(reverse("admin:jobs_person_add"))

    # then its wording is on the form beside the consents, its version in a hidden field
    html = page.content.decode()
    assert current.text.splitlines()[0] in html
    form = page.context["adminform"].form
    assert form["consent_version"].value() == current.version
    assert form.fields["consent_version"].widget.is_hidden


def test_a_walk_in_saved_as_the_add_page_offers_it_is_matched_and_records_the_text_shown(
    clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given the add page as shown, with the name, number and consent filled in
    client = login(clerk)
    url = reverse("admin:jobs_person_add")
    form = client.get(url).context["adminform"].form
    shown = {name: form[name].value() for name in ("is_seeking", "source", "registered_at_station",
                                                    "consent_version")}  # fmt: skip
    data = walk_in(consent_matching="on")
    del data["source"]
    data.update({k: v for k, v in shown.items() if v not in (None, False)})

    # when
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.post(url, data)

    # then
    assert page.status_code == 302, page.context["adminform"].form.errors
    person = Person.objects.get()
    assert person.is_seeking and person.source == Person.Source.WALK_IN
    assert person.registered_at_station == StaffProfile.objects.get(user=clerk).station
    assert person.consent_matching and person.consent_recorded_at is not None
    assert person.consent_text_version == consent_current().version  # type: ignore[union-attr]
    assert len(rescorings(queued)) == 1


def test_a_consent_given_on_an_unknown_text_version_is_refused(clerk: Any) -> None:
    # when
    page = login(clerk).post(
        reverse("admin:jobs_person_add"), walk_in(consent_matching="on", consent_version="1999-01")
    )

    # then
    assert page.status_code == 200
    assert "consent_matching" in page.context["adminform"].form.errors
    assert not Person.objects.exists()


def test_a_person_changed_in_the_admin_has_consent_recorded_skills_kept_and_is_rescored_once(
    clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given a person without consent
    person = PersonFactory(consent_matching=False)
    skill = SkillFactory()
    client = login(clerk)
    url = reverse("admin:jobs_person_change", args=[person.pk])
    data = change_form(client, url, consent_matching="on", major="焊接")
    data.update({"skills-TOTAL_FORMS": "1", "skills-0-skill": str(skill.pk), "skills-0-level": "2",
                 "skills-0-years": "3"})  # fmt: skip

    # when
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.post(url, data)

    # then
    assert page.status_code == 302, page.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.major == "焊接" and person.consent_matching
    assert person.consent_recorded_at is not None
    assert person.consent_text_version == consent_current().version  # type: ignore[union-attr]
    assert list(person.skills.values_list("skill", "years")) == [(skill.pk, 3)]
    assert len(rescorings(queued)) == 1


def test_a_phone_changed_in_the_admin_is_audited(clerk: Any) -> None:
    # given
    from jobs.models import PhoneChange

    person = PersonFactory(phone="13912345678")
    client = login(clerk)
    url = reverse("admin:jobs_person_change", args=[person.pk])

    # when
    page = client.post(url, change_form(client, url, phone_input="13700001111"))

    # then
    assert page.status_code == 302, page.context["adminform"].form.errors
    change = PhoneChange.objects.get()
    assert (change.person, change.changed_by, change.new_phone) == (person, clerk, "137****1111")


# --- matches ----------------------------------------------------------------------------------


@pytest.fixture
def match() -> Match:
    person = PersonFactory(name="王芳")
    vacancy = VacancyFactory(title="叉车司机")
    return Match.objects.create(
        person=person, vacancy=vacancy, score=0.6412, person_rank=1, vacancy_rank=1,
        explanation={"shared_skills": ["叉车驾驶"], "missing_skills": [], "distance_km": 3.2},
        status=MatchStatus.VIEWED, status_changed_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def supervisor() -> Any:
    """A superuser, who may do anything the forms allow."""
    return staff_user("supervisor", None, superuser=True)


def test_a_match_status_changed_in_the_admin_is_recorded_as_by_staff_and_told(
    clerk: Any, match: Match
) -> None:
    # given station staff of the person's county, recording an interview they arranged
    client = login(clerk)
    url = reverse("admin:matching_match_change", args=[match.pk])

    # when
    page = client.post(url, {"status": MatchStatus.INTERVIEWED})

    # then both sides are told, as when staff move a match on
    assert page.status_code == 302, page.context["adminform"].form.errors
    match.refresh_from_db()
    assert match.status == MatchStatus.INTERVIEWED
    assert list(MatchEvent.objects.values_list("status", "by")) == [(MatchStatus.INTERVIEWED, "staff")]
    assert Notice.objects.filter(kind=NoticeKind.APPLICATION).exists()


def test_a_match_cannot_be_moved_back_in_the_admin(supervisor: Any, match: Match) -> None:
    # given
    client = login(supervisor)
    url = reverse("admin:matching_match_change", args=[match.pk])

    # when
    page = client.post(url, {"status": MatchStatus.PROPOSED})

    # then
    assert page.status_code == 200 and "status" in page.context["adminform"].form.errors
    match.refresh_from_db()
    assert match.status == MatchStatus.VIEWED and not MatchEvent.objects.exists()


def test_a_match_is_titled_by_the_person_and_the_vacancy_with_its_reasons_in_words(
    clerk: Any, match: Match
) -> None:
    # when
    page = login(clerk).get(reverse("admin:matching_match_change", args=[match.pk]))

    # then
    html = page.content.decode()
    assert str(match) == "王芳 · 叉车司机 (64%)"
    assert "王芳 · 叉车司机 (64%)" in html
    assert "叉车驾驶" in html and "shared_skills" not in html and "distance_km" not in html


# --- what a person's page shows of them -------------------------------------------------------


def test_a_persons_page_lists_their_matches_migrant_record_and_hardship_profile(
    clerk: Any, match: Match
) -> None:
    # given the person of the match, working away and in the hard-to-employ registry
    person = match.person
    record = MigrantRecord.objects.create(
        person=person, work_region=region("420102"), started_on=date(2025, 3, 1)
    )
    profile = HardToEmployProfile.objects.create(person=person, registered_on=date(2026, 1, 1))

    # when
    html = login(clerk).get(reverse("admin:jobs_person_change", args=[person.pk])).content.decode()

    # then each links to its own page
    assert reverse("admin:matching_match_change", args=[match.pk]) in html
    assert "叉车司机" in html and "64%" in html
    assert reverse("admin:jobs_migrantrecord_change", args=[record.pk]) in html
    assert reverse("admin:jobs_hardtoemployprofile_change", args=[profile.pk]) in html


def test_a_new_id_number_for_the_walk_in_is_registered(clerk: Any) -> None:
    number = make_id_number()
    page = login(clerk).post(reverse("admin:jobs_person_add"), walk_in(id_number_input=number))
    assert page.status_code == 302, page.context["adminform"].form.errors
    assert Person.objects.get().id_number == number


def test_city_staff_without_a_station_register_a_walk_in_with_no_station(city_staff: Any) -> None:
    page = login(city_staff).post(reverse("admin:jobs_person_add"), walk_in())
    assert page.status_code == 302, page.context["adminform"].form.errors
    assert Person.objects.get().registered_at_station is None


# --- titles the occupation coding learned ----------------------------------------------------


def test_staff_read_learned_titles_without_who_gave_them_and_city_staff_confirm_or_delete_them(
    clerk: Any, city_staff: Any
) -> None:
    from jobs.models import Occupation, OccupationTitle
    from matching.services.coding import occupation_title_learn, occupations_suggest

    # given a title one job seeker gave
    person = PersonFactory(name="赵六")
    welder = Occupation.objects.get(code="6-18-02-04")
    learned = occupation_title_learn(title="烧电焊", occupation=welder, source="person", person=person)
    assert learned is not None
    changelist = reverse("admin:jobs_occupationtitle_changelist")

    # then station staff read it, and nothing says who gave it; they may not confirm or delete it
    page = login(clerk).get(changelist)
    assert (
        page.status_code == 200 and "烧电焊" in page.content.decode() and "赵六" not in page.content.decode()
    )
    assert (
        login(clerk).post(changelist, {"action": "confirm", "_selected_action": [learned.pk]}).status_code
        == 200
    )
    assert OccupationTitle.objects.get().source == "person"
    delete = reverse("admin:jobs_occupationtitle_delete", args=[learned.pk])
    assert login(clerk).post(delete, {"post": "yes"}).status_code == 403

    # when city staff confirm it, it is suggested to everybody at once
    login(city_staff).post(changelist, {"action": "confirm", "_selected_action": [learned.pk]})
    assert OccupationTitle.objects.get().source == "staff"
    assert occupations_suggest(["烧电焊"])[0][0].code == "6-18-02-04"

    # and a title the book already gives is refused beside the field, nothing written
    add = reverse("admin:jobs_occupationtitle_add")
    page = login(city_staff).post(add, {"title": "焊工", "occupation": welder.pk})
    assert page.status_code == 200 and OccupationTitle.objects.count() == 1

    # and city staff delete mischief
    assert login(city_staff).post(delete, {"post": "yes"}).status_code == 302
    assert not OccupationTitle.objects.exists()
