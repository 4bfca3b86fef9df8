"""Each role reaches only its own: two seekers, two employers and station staff of two counties,
each trying every object-level endpoint on the other's objects, get "not found" (never the
object, never a change); an endpoint of another role is refused outright."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import Employer, EmployerAccount, Person, SeekerAccount, Vacancy
from jobs.services.roles import STATION_STAFF
from matching.models import Match
from tests.api.conftest import as_token
from tests.factories import EmployerFactory, PersonFactory, VacancyFactory, region, staff_user
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db


@dataclass
class Side:
    """One seeker, one employer with a vacancy matched to the seeker, and the staff of their
    county, with a notice each."""

    seeker: APIClient
    employer: APIClient
    staff: APIClient
    person: Person
    vacancy: Vacancy
    match: Match
    person_notice: Notice
    employer_notice: Notice
    account: EmployerAccount
    employer_row: Employer


def _token(user: Any) -> APIClient:
    return as_token(AuthToken.objects.create(user)[1])


def _side(county: str, n: int) -> Side:
    users = get_user_model().objects
    person = PersonFactory(home_region=region(county))
    seeker_user = users.create_user(username=f"seeker-{n}")
    SeekerAccount.objects.create(user=seeker_user, person=person)
    employer = EmployerFactory(region=region(county), status=Employer.Status.PENDING)
    employer_user = users.create_user(username=f"employer-{n}")
    account = EmployerAccount.objects.create(
        user=employer_user, employer=employer, name="HR", phone="13700000000"
    )
    vacancy = VacancyFactory(employer=employer, region=region(county))
    match = Match.objects.create(person=person, vacancy=vacancy, score=0.8, person_rank=1, vacancy_rank=1,
                                 explanation={})  # fmt: skip
    now = timezone.now()
    notices = [
        Notice.objects.create(
            key=f"cross-{n}-{who}",
            kind=NoticeKind.JOB_MATCH,
            channel=Channel.INBOX,
            title="t",
            body="b",
            next_attempt_at=now,
            **{who: obj},
        )
        for who, obj in (("person", person), ("employer", employer))
    ]
    staff = staff_user(f"station-{n}", county, groups=[STATION_STAFF])
    return Side(_token(seeker_user), _token(employer_user), _token(staff), person, vacancy, match, *notices,
                account, employer)  # fmt: skip


@pytest.fixture
def sides() -> tuple[Side, Side]:
    return _side("420882", 1), _side("420881", 2)


# (who acts, method, path on the other side's objects, body)
ATTEMPTS = [
    ("seeker", "post", "/api/v1/me/matches/{match}/apply/", None),
    ("seeker", "post", "/api/v1/me/matches/{match}/interest/", None),
    ("seeker", "post", "/api/v1/me/matches/{match}/decline/", None),
    ("seeker", "post", "/api/v1/me/notices/{person_notice}/read/", None),
    ("employer", "get", "/api/v1/employer/vacancies/{vacancy}/", None),
    ("employer", "patch", "/api/v1/employer/vacancies/{vacancy}/", {"headcount": 9}),
    ("employer", "patch", "/api/v1/employer/vacancies/{vacancy}/", {"licence": "A2", "education_min": 5}),
    ("employer", "post", "/api/v1/employer/vacancies/{vacancy}/close/", None),
    ("employer", "get", "/api/v1/employer/vacancies/{vacancy}/candidates/", None),
    ("employer", "post", "/api/v1/employer/candidates/{match}/invite/", None),
    ("employer", "post", "/api/v1/employer/candidates/{match}/outcome/", {"status": "hired"}),
    ("employer", "post", "/api/v1/employer/notices/{employer_notice}/read/", None),
    ("employer", "delete", "/api/v1/employer/accounts/{account}/", None),
    ("staff", "get", "/api/v1/staff/people/{person}/", None),
    ("staff", "patch", "/api/v1/staff/people/{person}/", {"name": "改名"}),
    ("staff", "get", "/api/v1/staff/people/{person}/assistance/", None),
    ("staff", "post", "/api/v1/staff/employers/{employer_row}/approve/", None),
]


def _path(template: str, side: Side) -> str:
    ids = {"match": side.match.pk, "person_notice": side.person_notice.pk, "vacancy": side.vacancy.pk,
           "employer_notice": side.employer_notice.pk, "account": side.account.pk, "person": side.person.pk,
           "employer_row": side.employer_row.pk}  # fmt: skip
    return template.format(**ids)


def _snapshot(side: Side) -> tuple[Any, ...]:
    side.match.refresh_from_db()
    return (
        side.match.status,
        Vacancy.objects.filter(pk=side.vacancy.pk)
        .values_list("headcount", "status", "licence", "education_min")
        .get(),
        Person.objects.filter(pk=side.person.pk).values_list("name", flat=True).get(),
        Notice.objects.filter(read_at__isnull=False).count(),
        EmployerAccount.objects.filter(pk=side.account.pk).exists(),
        Employer.objects.filter(pk=side.employer_row.pk).values_list("status", flat=True).get(),
    )


@pytest.mark.parametrize(("actor", "method", "template", "body"), ATTEMPTS)
def test_the_other_sides_objects_are_not_found_and_unchanged(
    sides: tuple[Side, Side], actor: str, method: str, template: str, body: dict[str, Any] | None
) -> None:
    # given
    mine, theirs = sides
    before = _snapshot(theirs)

    # when
    client: APIClient = getattr(mine, actor)
    response = getattr(client, method)(_path(template, theirs), body, format="json", HTTP_IF_MATCH='"any"')

    # then
    assert response.status_code == 404, (response.status_code, response.content[:200])
    assert response.json()["code"] == "not_found"
    assert _snapshot(theirs) == before


@pytest.mark.parametrize(
    ("actor", "path"),
    [
        ("seeker", "/api/v1/employer/"), ("seeker", "/api/v1/staff/people/"),
        ("employer", "/api/v1/me/"), ("employer", "/api/v1/staff/people/"),
        ("staff", "/api/v1/me/"), ("staff", "/api/v1/employer/vacancies/"),
    ],
)  # fmt: skip
def test_another_roles_endpoints_are_refused(sides: tuple[Side, Side], actor: str, path: str) -> None:
    response = getattr(sides[0], actor).get(path)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_a_list_of_mine_never_shows_the_other_sides_rows(sides: tuple[Side, Side]) -> None:
    mine, theirs = sides
    seen = {
        "matches": {m["id"] for m in mine.seeker.get("/api/v1/me/matches/").json()["results"]},
        "notices": {n["id"] for n in mine.seeker.get("/api/v1/me/notices/").json()["results"]},
        "vacancies": {v["id"] for v in mine.employer.get("/api/v1/employer/vacancies/").json()["results"]},
        "employer notices": {
            n["id"] for n in mine.employer.get("/api/v1/employer/notices/").json()["results"]
        },
        "accounts": {a["id"] for a in mine.employer.get("/api/v1/employer/accounts/").json()["results"]},
        "people": {p["id"] for p in mine.staff.get("/api/v1/staff/people/").json()["results"]},
        "employers": {e["id"] for e in mine.staff.get("/api/v1/staff/employers/").json()["results"]},
    }
    theirs_ids = {theirs.match.pk, theirs.person_notice.pk, theirs.vacancy.pk, theirs.employer_notice.pk,
                  theirs.account.pk, theirs.person.pk, theirs.employer_row.pk}  # fmt: skip
    assert all(ids for ids in seen.values()), seen  # each list shows this side's own rows
    mine_ids = {mine.match.pk, mine.person_notice.pk, mine.vacancy.pk, mine.employer_notice.pk,
                mine.account.pk, mine.person.pk, mine.employer_row.pk}  # fmt: skip
    assert all(ids <= mine_ids for ids in seen.values()), (seen, theirs_ids)


@pytest.mark.parametrize("actor", ["employer", "staff", None])
def test_only_a_seeker_moves_a_sign_in_phone(sides: tuple[Side, Side], actor: str | None) -> None:
    # given
    client = getattr(sides[0], actor) if actor else APIClient()
    before = list(SeekerAccount.objects.order_by("pk").values_list("phone_hash", flat=True))

    # when another role, or nobody, asks to move a sign-in phone
    response = client.post("/api/v1/me/phone/", {"phone": "13900000000", "code": "123456"}, format="json")

    # then it is refused before anything is read, and no account's phone moves
    assert response.status_code == (403 if actor else 401)
    assert list(SeekerAccount.objects.order_by("pk").values_list("phone_hash", flat=True)) == before


def test_occupation_suggestions_are_the_same_for_every_role_and_for_nobody(sides: tuple[Side, Side]) -> None:
    # They read the classification and titles only: no role sees more, and nobody signed in sees as much.
    mine, _theirs = sides
    answers = [c.get("/api/v1/occupations/suggest/", {"text": "叉车司机"}).json()
               for c in (APIClient(), mine.seeker, mine.employer, mine.staff)]  # fmt: skip

    assert answers[0]["results"] and all(a == answers[0] for a in answers)
    assert set(answers[0]["results"][0]) == {"code", "name", "level", "confidence"}
