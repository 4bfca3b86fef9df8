"""Subsidies someone was found eligible for (政策找人): one notice per recipient and occasion,
naming each policy with its amount, the evidence to bring and how to claim. Which subsidies,
for whom: the policies (``jobs.models.subsidies.SubsidyPolicy``)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

from django.utils import translation

from jobs.models.subsidies import AmountBasis, Entitlement, OccasionKind, PaidTo, SubsidyPolicy
from jobs.notices.base import render, to_employer, to_person
from workers.models import NoticeKind
from workers.outbox import Draft, notices_write


def amount_text(policy: SubsidyPolicy) -> str:
    """ "1000元", "每人每年不低于5000元"…, or the local standard when the document gives none."""
    with translation.override("zh-hans"):
        if policy.amount_yuan is None:
            return "按当地标准"
        if policy.amount_basis == AmountBasis.ONCE:
            return f"{policy.amount_yuan}元"
        return f"{AmountBasis(policy.amount_basis).label}{policy.amount_yuan}元"


def entitlements_told_write(*, entitlements: Sequence[Entitlement]) -> int:
    """Tell each recipient (the employer for a policy that pays employers, else the person) of
    their entitlements, one notice per occasion. The key names the entitlements, so the same
    ones are never told twice. Returns the notices written."""
    groups: dict[tuple[str, int, str], list[Entitlement]] = defaultdict(list)
    for e in entitlements:
        to_employer_side = e.policy.paid_to == PaidTo.EMPLOYER
        recipient = e.employer_id if to_employer_side and e.employer_id else e.person_id
        groups[("employer" if to_employer_side else "person", recipient, e.occasion_key)].append(e)
    drafts: list[Draft] = []
    for (side, _recipient, _occasion), group in groups.items():
        first = group[0]
        ids = ",".join(str(e.pk) for e in sorted(group, key=lambda e: e.pk))
        key = f"subsidy:{hashlib.sha256(ids.encode()).hexdigest()[:32]}"
        items = [{"name": e.policy.name, "amount": amount_text(e.policy), "evidence": e.policy.evidence,
                  "claim": e.policy.how_to_claim, "document": e.policy.document} for e in group]  # fmt: skip
        context = {"to": side, "occasion": OccasionKind(first.policy.occasion).value, "day": first.occasion_on,
                   "name": first.person.name, "items": items}  # fmt: skip
        title, body = render(NoticeKind.SUBSIDY, **context)
        payload = {"entitlements": [e.pk for e in group]}
        if side == "employer" and first.employer is not None:
            drafts += to_employer(first.employer, NoticeKind.SUBSIDY, key, title, body, **payload)
        else:
            drafts += to_person(first.person, NoticeKind.SUBSIDY, key, title, body, **payload)
    return notices_write(drafts)
