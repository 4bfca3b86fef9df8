"""Social-insurance transfer guidance (社保转移接续): to a person insured in another pool than
the city they now live or work in."""

from __future__ import annotations

from typing import Literal

from jobs.models import MigrantRecord, Person, Region
from jobs.notices.base import render, to_person
from jobs.notices.policies import Policies, policies_load
from workers.models import NoticeKind
from workers.outbox import notices_write


def insurance_transfer_write(
    *,
    person: Person,
    insured_in: Region,
    moving_to: Region | None,
    occasion: Literal["returned", "hired"],
    key: str,
    policies: Policies | None = None,
) -> bool:
    """Guide a person whose insurance is paid in another pool than where they now live or work
    (``occasion``: they came home, or were hired) through moving it; nothing when both are in
    one pool. Returns whether it was written."""
    policies = policies or policies_load()
    if moving_to is None or policies.same_insurance_pool(insured_in.code, moving_to.code):
        return False
    title, body = render(NoticeKind.INSURANCE_TRANSFER, from_region=insured_in.full_name,
                         to_region=moving_to.full_name, occasion=occasion)  # fmt: skip
    return notices_write(to_person(person, NoticeKind.INSURANCE_TRANSFER, key, title, body)) > 0


def returnee_insurance_write(*, record: MigrantRecord, policies: Policies | None = None) -> bool:
    """A migrant worker recorded as home again, insured where they worked: how to move it."""
    if record.returned_on is None or record.insurance_region is None:
        return False
    person = Person.objects.select_related("home_region").get(pk=record.person_id)
    return insurance_transfer_write(
        person=person, insured_in=record.insurance_region, moving_to=person.home_region, occasion="returned",
        key=f"insurance_transfer:return:{person.pk}:{record.returned_on.isoformat()}", policies=policies,
    )  # fmt: skip
