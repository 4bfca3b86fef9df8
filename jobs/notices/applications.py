"""A match moving on: an invitation to apply, an application, an interview, a hire or a refusal,
told to the side that did not make the change; on a hire, how to move social insurance paid
elsewhere. (What a hire entitles each side to: ``jobs.services.subsidies``.)"""

from __future__ import annotations

from jobs.models import MigrantRecord, Person, Vacancy
from jobs.notices.base import render, to_employer, to_person
from jobs.notices.insurance import insurance_transfer_write
from matching.models import Match, MatchStatus
from workers.models import NoticeKind
from workers.outbox import Draft, notices_write

TOLD = {MatchStatus.APPLIED, MatchStatus.INTERVIEWED, MatchStatus.HIRED, MatchStatus.DECLINED}


def application_update_write(*, match: Match, by: str) -> None:
    """Tell the other side (both, when staff made the change) that a match moved on; on a hire
    of someone insured elsewhere, both how to move their social insurance."""
    if match.status not in TOLD:
        return
    vacancy = Vacancy.objects.select_related("employer", "region").get(pk=match.vacancy_id)
    person = Person.objects.select_related("home_region").get(pk=match.person_id)
    key = f"application:{match.pk}:{match.status}"
    context = {"status": match.status, "title": vacancy.title, "employer": vacancy.employer.name}
    drafts: list[Draft] = []
    if by != "person":
        title, body = render(NoticeKind.APPLICATION, to="person", **context)
        drafts += to_person(person, NoticeKind.APPLICATION, f"{key}:person", title, body, match=match.pk)
    if by != "employer":
        title, body = render(NoticeKind.APPLICATION, to="employer", **context)
        drafts += to_employer(vacancy.employer, NoticeKind.APPLICATION, f"{key}:employer", title, body,
                              match=match.pk)  # fmt: skip
    notices_write(drafts)
    if match.status == MatchStatus.HIRED:
        current = MigrantRecord.objects.filter(person=person, is_current=True).select_related(
            "insurance_region"
        )
        record = current.first()
        if record is not None and record.insurance_region is not None:
            insurance_transfer_write(person=person, insured_in=record.insurance_region, moving_to=vacancy.region,
                                     occasion="hired", key=f"insurance_transfer:hire:{match.pk}",
                                     employer=vacancy.employer)  # fmt: skip


def invitation_write(*, match: Match) -> None:
    """Tell a person that an employer invites them to apply."""
    vacancy = Vacancy.objects.select_related("employer").get(pk=match.vacancy_id)
    person = Person.objects.get(pk=match.person_id)
    title, body = render(NoticeKind.APPLICATION, to="person", status="invited", title=vacancy.title,
                         employer=vacancy.employer.name)  # fmt: skip
    notices_write(
        to_person(person, NoticeKind.APPLICATION, f"invitation:{match.pk}", title, body, match=match.pk)
    )
