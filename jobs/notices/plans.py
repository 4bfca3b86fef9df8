"""The notices of the help staff give: a job a case worker sends (an item of a "1131" plan, an
offer to a zero-employment household), and each case worker's morning list of the items due."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from jobs.models import Person, PlanItem, Vacancy
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
    their plans that are overdue or fall due within ``DIGEST_AHEAD_DAYS``, the most overdue
    first. Nothing for a case worker with nothing due. Returns the case workers told."""
    today = today or timezone.localdate()
    due = (
        PlanItem.objects.filter(
            done_on__isnull=True, plan__closed_on__isnull=True, plan__case_worker__isnull=False,
            due_on__lte=today + timedelta(days=DIGEST_AHEAD_DAYS),
        )
        .select_related("plan__case_worker", "plan__support__person")
        .order_by("plan__case_worker_id", "due_on", "pk")
    )  # fmt: skip
    lists: dict[Any, list[PlanItem]] = {}
    for item in due:
        lists.setdefault(item.plan.case_worker, []).append(item)
    drafts: list[Draft] = []
    for worker, items in lists.items():
        lines = [
            {"name": i.plan.support.person.name, "kind": i.get_kind_display(), "due_on": i.due_on,
             "overdue": (today - i.due_on).days}
            for i in items[:DIGEST_LINES]
        ]  # fmt: skip
        overdue = sum(1 for i in items if i.due_on < today)
        title, body = render(NoticeKind.PLAN_DIGEST, lines=lines, total=len(items), overdue=overdue,
                             more=len(items) - len(lines))  # fmt: skip
        region = items[0].plan.support.person.home_region_id
        drafts += to_staff(worker, region, NoticeKind.PLAN_DIGEST, f"plan_digest:{worker.pk}:{today.isoformat()}",
                           title, body)  # fmt: skip
    notices_write(drafts)
    return len(lists)
