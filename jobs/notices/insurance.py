"""Social-insurance transfer guidance (社保转移接续): to a person whose insurance is paid in
another pool than where they now live or work, and, on a hire, to the employer who will insure
them. What to say comes from the rules staff keep (``jobs.models.insurance``)."""

from __future__ import annotations

from typing import Literal

from jobs.models import Employer, MigrantRecord, Person, Region
from jobs.notices.base import render, to_employer, to_person
from jobs.selectors.insurance import transfers_needed
from workers.models import NoticeKind
from workers.outbox import Draft, notices_write


def insurance_transfer_write(
    *,
    person: Person,
    insured_in: Region,
    moving_to: Region | None,
    occasion: Literal["returned", "hired"],
    key: str,
    employer: Employer | None = None,
) -> bool:
    """Guide a person whose insurance is paid in another pool than where they now live or work
    (``occasion``: they came home, or were hired by ``employer``, who is told too) through
    moving it, scheme by scheme as the rules say; nothing when no scheme needs moving. Returns
    whether it was written."""
    if moving_to is None:
        return False
    rules = transfers_needed(
        from_code=insured_in.code, to_code=moving_to.code, returning=occasion == "returned"
    )
    if not rules:
        return False
    context = {"from_region": insured_in.full_name, "to_region": moving_to.full_name, "occasion": occasion,
               "rules": [rule.as_told() for rule in rules]}  # fmt: skip
    title, body = render(NoticeKind.INSURANCE_TRANSFER, to="person", **context)
    drafts: list[Draft] = to_person(person, NoticeKind.INSURANCE_TRANSFER, key, title, body)
    if employer is not None:
        # The employer insures the new hire here; where they were insured before is theirs to say.
        title, body = render(NoticeKind.INSURANCE_TRANSFER, to="employer", name=person.name, **context)
        drafts += to_employer(employer, NoticeKind.INSURANCE_TRANSFER, f"{key}:employer", title, body)
    return notices_write(drafts) > 0


def returnee_insurance_write(*, record: MigrantRecord) -> bool:
    """A migrant worker recorded as home again, insured where they worked: how to move it."""
    if record.returned_on is None or record.insurance_region is None:
        return False
    person = Person.objects.select_related("home_region").get(pk=record.person_id)
    return insurance_transfer_write(
        person=person, insured_in=record.insurance_region, moving_to=person.home_region, occasion="returned",
        key=f"insurance_transfer:return:{person.pk}:{record.returned_on.isoformat()}",
    )  # fmt: skip
