"""Public-welfare posts (公益性岗位): a placement of someone the rule makes eligible, in a post,
for a subsidised term no longer than the rules allow."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import WORKING_STATUSES, Person, Support, Vacancy, WelfarePlacement, WorkType
from jobs.selectors.staff_desk import vacancy_visible
from jobs.selectors.support import support_rules
from jobs.services.staff_desk import person_update_by_staff
from jobs.services.tier_rules import add_months


def welfare_placement_check(
    *, person: Person, vacancy: int, starts_on: date, ends_on: date, by: Any
) -> Vacancy:
    """What a placement needs: a person the rule makes eligible, a public-welfare post the staff
    member may see, a start not in the future and a term no longer than the rules allow.
    Returns the post."""
    rules = support_rules()
    errors = {}
    support = Support.objects.filter(person=person).first()
    if support is None or not support.welfare_grounds or person.employment_status in WORKING_STATUSES:
        # The grounds are the morning's; someone placed or hired since is in work now.
        errors["person"] = _("Person: not eligible for a public-welfare post")
    elif WelfarePlacement.objects.filter(
        person=person, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exists():
        errors["person"] = _("Person: placed in a public-welfare post for some of this term already")
    found = vacancy_visible(user=by, pk=vacancy)
    if found is None or found.work_type != WorkType.PUBLIC_WELFARE:
        errors["vacancy"] = _("Vacancy: not a public-welfare post")
    if starts_on > timezone.localdate():
        errors["starts_on"] = _("Starts on: must not be in the future")
    if ends_on <= starts_on:
        errors["ends_on"] = _("Subsidised until: must be after the start")
    elif ends_on >= add_months(starts_on, rules.welfare_term_months_most):  # both ends count
        errors["ends_on"] = _("Subsidised until: at most %(months)d months after the start") % {
            "months": rules.welfare_term_months_most
        }
    if errors:
        raise ValidationError(errors)
    assert found is not None
    return found


@transaction.atomic
def welfare_placement_record(
    *, person: Person, vacancy: int, starts_on: date, ends_on: date, by: Any
) -> WelfarePlacement:
    """Place an eligible person in a public-welfare post the staff member may see, from a day
    not in the future (the person is in work from then: the registry says so, the warning rules
    follow) to the last day of the subsidised term."""
    found = welfare_placement_check(
        person=person, vacancy=vacancy, starts_on=starts_on, ends_on=ends_on, by=by
    )
    placement = WelfarePlacement.objects.create(person=person, vacancy=found, starts_on=starts_on, ends_on=ends_on,
                                                recorded_by=by)  # fmt: skip
    person_update_by_staff(staff=by, person=person, employment_status=Person.EmploymentStatus.EMPLOYED,
                           status_since=starts_on, is_seeking=False)  # fmt: skip
    return placement
