"""The notices of the help staff give: a job a case worker sends (an item of a "1131" plan, an
offer to a zero-employment household), and each case worker's morning list of what is due (the
plans' items, the calls owed to returnees)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from jobs.models import Person, PlanItem, ReturneeCall, Vacancy
from jobs.notices.base import render, to_person, to_staff, wage
from workers.models import NoticeKind
from workers.outbox import Draft, notices_write

DIGEST_AHEAD_DAYS = 3  # items falling due this soon are in the morning's list with the overdue
DIGEST_LINES = 10  # the rest are counted: the list is for the inbox and an email, not a report


def job_recommendation_write(*, person: Person, vacancy: Vacancy, key: str) -> bool:
    """Tell the person of the job their case worker sent them, once (``key``: what sent it)."""
    title, body = render(NoticeKind.JOB_RECOMMENDATION, title=vacancy.title, employer=vacancy.employer.name,
                         wage=wage(vacancy), place=vacancy.region.full_name)  # fmt: skip
    drafts = to_person(person, NoticeKind.JOB_RECOMMENDATION, key, title, body, vacancy=vacancy.pk)
    return notices_write(drafts) > 0


@transaction.atomic
def plan_digests_write(*, today: date | None = None) -> int:
    """One notice a case worker a day (inbox, and email when they have one): the open items of
    their plans and the calls owed to returnees that are overdue or fall due within
    ``DIGEST_AHEAD_DAYS``, the most overdue first. Nothing for a case worker with nothing due.
    Returns the case workers told."""
    today = today or timezone.localdate()
    by = today + timedelta(days=DIGEST_AHEAD_DAYS)
    items = PlanItem.objects.filter(
        done_on__isnull=True, plan__closed_on__isnull=True, plan__case_worker__isnull=False, due_on__lte=by
    ).select_related("plan__case_worker", "plan__support__person")
    calls = ReturneeCall.objects.filter(done_on__isnull=True, case_worker__isnull=False, due_on__lte=by,
                                        person__closed_at__isnull=True).select_related("case_worker", "person")  # fmt: skip
    # Labels stay lazy, put into words in the notice's language.
    due: list[tuple[Any, Person, Any, date]] = [
        (i.plan.case_worker, i.plan.support.person, PlanItem.Kind(i.kind).label, i.due_on) for i in items
    ] + [(c.case_worker, c.person, ReturneeCall._meta.verbose_name, c.due_on) for c in calls]
    lists: dict[Any, list[tuple[Person, Any, date]]] = {}
    for worker, person, kind, due_on in sorted(due, key=lambda d: (d[0].pk, d[3], d[1].pk)):
        lists.setdefault(worker, []).append((person, kind, due_on))
    drafts: list[Draft] = []
    for worker, rows in lists.items():
        lines = [{"name": p.name, "kind": kind, "due_on": d, "overdue": (today - d).days}
                 for p, kind, d in rows[:DIGEST_LINES]]  # fmt: skip
        overdue = sum(1 for _p, _k, d in rows if d < today)
        title, body = render(NoticeKind.PLAN_DIGEST, lines=lines, total=len(rows), overdue=overdue,
                             more=len(rows) - len(lines))  # fmt: skip
        region = rows[0][0].home_region_id
        drafts += to_staff(worker, region, NoticeKind.PLAN_DIGEST, f"plan_digest:{worker.pk}:{today.isoformat()}",
                           title, body)  # fmt: skip
    notices_write(drafts)
    return len(lists)
