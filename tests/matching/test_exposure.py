"""Exposure for those who need it most, on the real registries: a red or yellow person a vacancy
suits is placed within the first places of its candidate list, with every score unchanged; staff
see why, the employer does not."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

import workers.tasks  # noqa: F401  (registers the tasks a tier change queues)
from jobs.models import EmployerAccount, Occupation, Person, Vacancy, WarningTier
from jobs.models.support import SupportRules
from jobs.services.people import phone_hash
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from jobs.services.support import support_override, support_override_end
from jobs.services.taxonomy import taxonomy_load
from matching.models import Match
from matching.services.index import index_reset
from matching.services.refresh import matches_rebuild
from tests.factories import EmployerFactory, PersonFactory, VacancyFactory, region, staff_user
from workers.celery_app import app

pytestmark = pytest.mark.django_db

SHOWN_FIRST = "援助对象优先展示"


@pytest.fixture(autouse=True)
def eager_and_own_index(settings: Any, tmp_path: Path) -> Iterator[None]:
    """The re-scoring a tier change queues runs here at once, against the real database."""
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_reset()
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False
        index_reset()


def seeker(words: str, **fields: Any) -> Person:
    defaults = {"consent_matching": True, "consent_recorded_at": timezone.now(), "expected_wage": 5000,
                "home_region": region("420882")}  # fmt: skip
    return PersonFactory(self_description=words, **{**defaults, **fields})


@pytest.fixture
def crowded() -> tuple[Vacancy, Person]:
    """A forklift vacancy that 24 people suit well and one a little less: the 25th, off the 20
    places its list shows."""
    taxonomy_load()
    job = VacancyFactory(occupation=Occupation.objects.get(code="6-30-05-01"), title="叉车司机",
                         description="仓库叉车作业，装卸搬运", region=region("420882"))  # fmt: skip
    for _ in range(24):
        seeker("叉车司机")
    weaker = seeker("在饭店当过厨师，做过保洁，也开过叉车")
    return job, weaker


def the_list(job: Vacancy) -> list[tuple[int, int, bool]]:
    return list(
        Match.objects.filter(vacancy=job, vacancy_rank__isnull=False)
        .order_by("vacancy_rank")
        .values_list("person_id", "vacancy_rank", "shown_first")
    )


def scores(job: Vacancy) -> dict[int, float]:
    return dict(Match.objects.filter(vacancy=job).values_list("person_id", "score"))


def follow(person: Person, tier: str = WarningTier.RED) -> None:
    """Staff put the person in a tier, as in the admin; the re-scoring it queues runs on commit."""
    staff = get_user_model().objects.filter(username="station").first() or staff_user(
        "station", "420882", groups=[STATION_STAFF]
    )
    support_override(person=person, tier=tier, reason="长期失业，家庭困难",
                     until=timezone.localdate() + timedelta(days=30), by=staff)  # fmt: skip


def test_a_red_person_off_the_list_is_placed_10th_with_every_score_unchanged(
    crowded: tuple[Vacancy, Person], django_capture_on_commit_callbacks: Any
) -> None:
    # given the weaker one is the 25th: on no place of the 20 shown
    job, weaker = crowded
    first = matches_rebuild()
    assert first["lists_lifted"] == 0
    before, scored = the_list(job), scores(job)
    assert len(before) == 20 and weaker.pk not in [p for p, _r, _s in before]
    assert scored[weaker.pk] < min(scored[p] for p, _r, _s in before)  # the vacancy suits them, less

    # when staff record them as red (the re-scoring it queues runs at commit)
    with django_capture_on_commit_callbacks(execute=True):
        follow(weaker)

    # then they are 10th, shown first; those from 10th on moved down one; the 20th left the list
    after = the_list(job)
    assert after[9] == (weaker.pk, 10, True)
    assert [p for p, _r, _s in after] == [p for p, _r, _s in before[:9]] + [weaker.pk] + [
        p for p, _r, _s in before[9:19]
    ]
    assert not any(shown for p, _r, shown in after if p != weaker.pk)
    assert scores(job) == scored  # nobody's score changed, theirs included
    # and what the rule moved is counted, and a rebuild finds the same lists
    again = matches_rebuild()
    assert again["lists_lifted"] == 1 and the_list(job) == after
    assert (again["created"], again["updated"], again["deleted"]) == (0, 0, 0)

    # when staff end the tier, the list is the engine's own again
    with django_capture_on_commit_callbacks(execute=True):
        support_override_end(person=weaker, by=get_user_model().objects.get(username="station"))
    assert the_list(job) == before
    assert not Match.objects.filter(shown_first=True).exists()


@pytest.mark.parametrize(("tier", "lifted"), [(WarningTier.YELLOW, True), (WarningTier.BLUE, False)])
def test_yellow_is_placed_like_red_and_blue_is_not(
    crowded: tuple[Vacancy, Person], tier: str, lifted: bool
) -> None:
    # given
    job, weaker = crowded
    follow(weaker, tier)
    # when
    matches_rebuild()
    # then
    assert ((weaker.pk, 10, True) in the_list(job)) is lifted


def test_the_list_stands_when_a_red_person_is_already_within_the_first_10(
    crowded: tuple[Vacancy, Person],
) -> None:
    # given the third of the list is red, and so is the weaker one
    job, weaker = crowded
    matches_rebuild()
    before = the_list(job)
    follow(Person.objects.get(pk=before[2][0]))
    follow(weaker)
    # when
    counts = matches_rebuild()
    # then
    assert counts["lists_lifted"] == 0
    assert the_list(job) == before


def test_a_red_person_the_vacancy_does_not_suit_is_not_placed_on_its_list(
    crowded: tuple[Vacancy, Person],
) -> None:
    # given a red forklift driver who lives 200 km away and travels 30 at most
    job, _weaker = crowded
    far = seeker("叉车司机，开过五年叉车，会装卸搬运", home_region=region("420281"), commute_radius_km=30)
    follow(far)
    # when
    matches_rebuild()
    # then
    assert not Match.objects.filter(person=far, vacancy=job).exists()
    assert not Match.objects.filter(shown_first=True).exists()


def test_the_place_is_a_rule_city_staff_change_and_a_change_re_lists_every_vacancy(
    crowded: tuple[Vacancy, Person], django_capture_on_commit_callbacks: Any
) -> None:
    # given
    job, weaker = crowded
    follow(weaker)
    city = Client()
    city.force_login(staff_user("city", "420800", groups=[CITY_STAFF]))
    url = reverse("admin:jobs_supportrules_change", args=[1])
    form = {k: v for k, v in city.get(url).context["adminform"].form.initial.items() if k != "id"}

    # when the place is out of what a list shows, the form says so and nothing changes
    refused = city.post(url, {**form, "exposure_rank": 21})
    assert refused.status_code == 200 and "exposure_rank" in refused.context["adminform"].form.errors
    assert SupportRules.objects.get().exposure_rank == 10

    # when city staff set 3: the tiers and every vacancy's list are queued to be found again
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert city.post(url, {**form, "exposure_rank": 3}).status_code == 302
    assert len(queued) == 2
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert city.post(url, {**form, "exposure_rank": 3, "idle_days": 40}).status_code == 302
    assert len(queued) == 1  # the place is as it was: the lists need not be found again

    # then the next re-listing places the person third
    matches_rebuild()
    assert the_list(job)[2] == (weaker.pk, 3, True)


def test_staff_see_why_the_person_is_placed_there_and_the_employer_does_not(
    crowded: tuple[Vacancy, Person],
) -> None:
    # given the vacancy's employer signed in, and the weaker one red and placed 10th
    job, weaker = crowded
    employer = EmployerFactory()
    Vacancy.objects.filter(pk=job.pk).update(employer=employer)
    user = get_user_model().objects.create_user(username="hr")
    EmployerAccount.objects.create(user=user, employer=employer, name="王经理", phone="13900000001",
                                   phone_hash=phone_hash("13900000001"), verified_at=timezone.now())  # fmt: skip
    follow(weaker)
    matches_rebuild()
    match = Match.objects.get(person=weaker, vacancy=job)
    assert match.vacancy_rank == 10 and match.shown_first

    # then the station's staff read it among the reasons of the match
    staff = Client()
    staff.force_login(get_user_model().objects.get(username="station"))
    page = staff.get(reverse("admin:matching_match_change", args=[match.pk])).content.decode()
    assert SHOWN_FIRST in page

    # and the employer sees the person 10th, but neither the flag nor the reason, on its API or page
    api = APIClient()
    api.force_login(user)
    listed = api.get(f"/api/v1/employer/vacancies/{job.pk}/candidates/").json()["results"]
    tenth = next(c for c in listed if c["id"] == match.pk)
    assert tenth["rank"] == 10
    assert "shown_first" not in tenth and "shown_first" not in tenth["explanation"]
    assert not any(SHOWN_FIRST in r for c in listed for r in c["reasons"])
    page_client = Client()
    page_client.force_login(user)
    assert SHOWN_FIRST not in page_client.get(f"/employer/vacancies/{job.pk}/").content.decode()
