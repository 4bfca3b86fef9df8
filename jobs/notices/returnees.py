"""What returning migrant workers are told: ahead of an expected return, the local jobs their
matches list and a course near home; before a holiday, the "接您回家" campaign with the same
offers and where to ask."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from jobs.models import MigrantRecord, TrainingCourse
from jobs.models.returnees import ReturnCampaign
from jobs.models.stations import GigStation
from jobs.notices.base import render, to_person, wage
from jobs.notices.policies import policies_load
from jobs.selectors.public import not_full
from jobs.services.plans import station_id_of, stations_by_county
from matching.selectors import best_open_matches, missing_skills
from workers.models import Channel, Notice, NoticeKind
from workers.outbox import Draft, notices_write

JOBS_TOLD = 3


def _offers(records: Sequence[MigrantRecord], today: date) -> dict[int, dict[str, Any]]:
    """Per person of ``records`` (their current ones, with the person): their best live matches
    near home and the course near home, starting once they are back, that teaches most of
    what those matches ask and they lack (the soonest of the best)."""
    policies = policies_load()
    people = {r.person_id: r for r in records}
    jobs: dict[int, list[dict[str, str]]] = {pk: [] for pk in people}
    matches = (
        best_open_matches(today=today).filter(person_id__in=list(people))
        .select_related("vacancy__employer", "vacancy__region").order_by("person_id", "person_rank")
    )  # fmt: skip
    for m in matches:
        home = people[m.person_id].person.home_region_id
        if len(jobs[m.person_id]) < JOBS_TOLD and policies.same_training_area(m.vacancy.region_id, home):
            jobs[m.person_id].append({"title": m.vacancy.title, "employer": m.vacancy.employer.name,
                                      "wage": wage(m.vacancy)})  # fmt: skip
    courses = list(
        not_full(TrainingCourse.objects.filter(starts_on__gte=today, starts_on__lte=today + timedelta(days=180)))
        .prefetch_related("skills").order_by("starts_on", "pk")
    )  # fmt: skip
    lacking = missing_skills(person_ids=list(people))
    offers = {}
    for pk, record in people.items():
        back = max(today, record.expected_return_on or today)
        near = [
            c for c in courses
            if c.starts_on >= back and policies.same_training_area(c.region_id, record.person.home_region_id)
        ]  # fmt: skip
        gap = lacking.get(pk, set())
        course = max(near, key=lambda c: len({s.name for s in c.skills.all()} & gap), default=None)
        offers[pk] = {"jobs": jobs[pk], "course": course}
    return offers


def _stations(records: Sequence[MigrantRecord]) -> dict[int, GigStation | None]:
    by_county = stations_by_county()
    wanted = {r.person_id: station_id_of(r.person, by_county) for r in records}
    stations = GigStation.objects.in_bulk([pk for pk in wanted.values() if pk])
    return {person: stations.get(pk) if pk else None for person, pk in wanted.items()}


def _current(person_ids: Sequence[int]) -> list[MigrantRecord]:
    return list(
        MigrantRecord.objects.filter(person_id__in=list(person_ids), is_current=True)
        .select_related("person__home_region").order_by("person_id")
    )  # fmt: skip


def _context(record: MigrantRecord, offer: dict[str, Any], station: GigStation | None) -> dict[str, Any]:
    course = offer["course"]
    return {
        "expected": record.expected_return_on, "home": record.person.home_region.name, "jobs": offer["jobs"],
        "course": course and {"name": course.name, "provider": course.provider, "starts_on": course.starts_on,
                              "free": course.subsidy_yuan >= course.fee_yuan},
        "station": station.name if station else "", "phone": station.phone if station else "",
    }  # fmt: skip


@transaction.atomic
def returnee_offers_write(*, person_ids: Sequence[int], today: date) -> int:
    """Tell each of these people, away and expected home soon, the local jobs and the course
    waiting for them; once a spell away (a moved return date tells nothing new), and only
    when there is something to offer. Returns the people told."""
    records = _current(person_ids)
    offers, stations = _offers(records, today), _stations(records)
    told = 0
    for record in records:
        offer = offers[record.person_id]
        if not offer["jobs"] and offer["course"] is None:
            continue
        title, body = render("returnee_offers", **_context(record, offer, stations[record.person_id]))
        key = f"returnee_offers:{record.person_id}:{record.started_on.isoformat()}"
        told += notices_write(to_person(record.person, NoticeKind.RETURNEE_OFFERS, key, title, body)) > 0
    return told


def welcome_home_write(*, campaign: ReturnCampaign, person_ids: Sequence[int], today: date) -> int:
    """The campaign's notice to each of these people, with their offers; never twice to one
    person for one holiday. Returns the people told."""
    records = _current(person_ids)
    offers, stations = _offers(records, today), _stations(records)
    keys = {r.person_id: f"{campaign.key}:{r.person_id}" for r in records}
    told_before = set(Notice.objects.filter(key__in=[f"{k}:{Channel.INBOX}" for k in keys.values()])
                      .values_list("person_id", flat=True))  # fmt: skip
    drafts: list[Draft] = []
    for record in records:
        context = _context(record, offers[record.person_id], stations[record.person_id])
        title, body = render(NoticeKind.WELCOME_HOME, holiday=campaign.title, **context)
        drafts += to_person(record.person, NoticeKind.WELCOME_HOME, keys[record.person_id], title, body,
                            campaign=campaign.pk)  # fmt: skip
    notices_write(drafts)
    return len(keys.keys() - told_before)
