"""Everything the service holds about one person, for them to take away (their right to a
copy of their personal data)."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict

from jobs.models import HardToEmployProfile, MigrantRecord, OccupationTitle, Person, SeekerAccount, Support
from jobs.models.subsidies import Entitlement
from matching.models import Match, MatchEvent
from workers.models import Notice


def person_export(*, person: Person) -> dict[str, Any]:
    """The person's record in full (their own ID number and phone included), with what hangs
    off it: their account's sign-in phone, the changes of their phones, skills, certificates, work history, migrant records, the hard-to-employ profile and
    assistance, their warning tier with its reasons and changes, matches with their history, notices, and the words they gave an occupation."""
    profile = model_to_dict(
        person, exclude=["id_number_hash", "phone_hash", "desired_occupations", "desired_regions"]
    )
    profile.update(
        id_number=person.id_number, phone=person.phone, birth_date=person.birth_date, sex=person.sex,
        desired_occupations=list(person.desired_occupations.values_list("name", flat=True)),
        desired_regions=list(person.desired_regions.values_list("full_name", flat=True)),
        created_at=person.created_at, updated_at=person.updated_at,
    )  # fmt: skip
    hardship = HardToEmployProfile.objects.filter(person=person).first()
    support = Support.objects.filter(person=person).first()
    account = SeekerAccount.objects.filter(person=person).first()
    return {
        "profile": profile,
        "account": None if account is None else {"sign_in_phone": account.phone, "created_at": account.created_at},
        "phone_changes": list(person.phone_changes.values("which", "old_phone", "new_phone", "at")),
        "skills": list(person.skills.values("skill__name", "level", "years")),
        "certificates": list(person.certificates.values("name", "level", "number", "issued_on")),
        "work_history": list(person.work_history.values("employer_name", "title", "started_on", "ended_on", "description")),
        "migrant_records": list(
            MigrantRecord.objects.filter(person=person).values(
                "work_region__full_name", "employer_name", "started_on", "expected_return_on", "returned_on",
                "insurance_region__full_name", "recorded_at",
            )
        ),
        "enrolments": list(person.enrolments.order_by("chosen_at").values("course__name", "status", "chosen_at", "completed_on")),
        "returnee_calls": list(person.returnee_calls.order_by("returned_on").values("returned_on", "due_on", "done_on")),
        "hard_to_employ": None if hardship is None else {
            "categories": list(hardship.categories.values_list("category", flat=True)),
            "registered_on": hardship.registered_on,
            "assistance": list(hardship.assistance.values("kind", "delivered_on", "note")),
        },
        "support": None if support is None else {
            "tier": support.tier, "tier_since": support.tier_since, "reasons": support.reasons,
            "changes": list(support.changes.values("from_tier", "to_tier", "source", "changed_at")),
            "plans": [
                {"opened_on": plan.opened_on, "closed_on": plan.closed_on,
                 "items": list(plan.items.values("kind", "due_on", "done_on", "vacancy__title", "course__name"))}
                for plan in support.plans.order_by("opened_on")
            ],
        },
        "subsidies": list(
            Entitlement.objects.filter(person=person).values(
                "policy__name", "policy__paid_to", "occasion_on", "told_at", "status", "applied_at", "amount_yuan",
                "paid_on", "refusal_reason",
            )
        ),
        "matches": list(
            Match.objects.filter(person=person).values(
                "vacancy__title", "vacancy__employer__name", "score", "shown_first", "status", "explanation",
                "created_at",
            )
        ),
        "match_events": list(MatchEvent.objects.filter(match__person=person).values("match__vacancy__title", "status", "by", "at")),
        "notices": list(Notice.objects.filter(person=person).values("kind", "channel", "title", "body", "status", "created_at")),
        "occupation_titles_given": list(OccupationTitle.objects.filter(people=person).values("title", "occupation__name")),
    }  # fmt: skip
