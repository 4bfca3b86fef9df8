"""Zero-employment households (零就业家庭) kept at zero: found every day from their members'
work, each offered a public-welfare post or a priority match within the rules' days, followed
until somebody of the household is in work again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Household, Person, SupportRules, Vacancy, WorkType, ZeroEmploymentSpell
from jobs.models.demand import vacancy_is_live
from jobs.notices.plans import job_recommendation_write
from jobs.selectors.staff_desk import vacancy_visible
from jobs.selectors.support import household_work
from jobs.services.plans import stations_by_county


@dataclass
class HouseholdsReport:
    opened: int = 0
    closed: int = 0


def zero_households_refresh(*, rules: SupportRules, today: date) -> HouseholdsReport:
    """Open a spell for each household with nobody of working age in work and somebody out of
    work, from the day its members' status last changed (the day the last worker stopped, when
    that was recorded on the day); close the spell of one with somebody in work again, on the
    day the first of them started. Run again the same day it changes nothing."""
    work = {row["household_id"]: row for row in household_work(rules=rules, today=today)}
    zero = {h for h, row in work.items() if row["working"] == 0 and row["out_of_work"] > 0}
    open_spells = {s.household_id: s for s in ZeroEmploymentSpell.objects.filter(left_on__isnull=True)}
    new = sorted(zero - open_spells.keys())
    regions = dict(Household.objects.filter(pk__in=new).values_list("pk", "region_id"))
    stations = stations_by_county()
    spells = []
    for household in new:
        became = min(work[household]["last_change"], today)
        spells.append(ZeroEmploymentSpell(
            household_id=household, station_id=stations.get(regions[household]), became_on=became,
            offer_due_on=became + timedelta(days=rules.zero_household_offer_days),
        ))  # fmt: skip
    ZeroEmploymentSpell.objects.bulk_create(spells)
    ended = []
    for household, spell in open_spells.items():
        if household in zero:
            continue
        row = work.get(household)
        started = row["first_in_work"] if row and row["first_in_work"] else today
        spell.left_on = min(max(started, spell.became_on), today)
        ended.append(spell)
    ZeroEmploymentSpell.objects.bulk_update(ended, ["left_on"])
    return HouseholdsReport(opened=len(spells), closed=len(ended))


def zero_household_offer_check(
    *, spell: ZeroEmploymentSpell, person: Person, vacancy: int, by: Any
) -> Vacancy:
    """What an offer needs: a household still without work and not offered yet, one of its
    members, an open vacancy the staff member may see. Returns the vacancy."""
    errors = {}
    if spell.left_on is not None:
        errors["household"] = _("Household: somebody of it is in work again")
    elif spell.offered_on is not None:
        errors["offer"] = _("Offer: made already")
    if person.household_id != spell.household_id or person.closed_at is not None:
        errors["person"] = _("Person: not a member of this household")
    found = vacancy_visible(user=by, pk=vacancy)
    if (
        found is None
        or not Vacancy.objects.filter(vacancy_is_live(timezone.localdate()), pk=vacancy).exists()
    ):
        errors["vacancy"] = _("Vacancy: no such open vacancy")
    if errors:
        raise ValidationError(errors)
    assert found is not None
    return found


@transaction.atomic
def zero_household_offer(
    *, spell: ZeroEmploymentSpell, person: Person, vacancy: int, by: Any
) -> ZeroEmploymentSpell:
    """Offer a member of the household an open vacancy the staff member may see: a public-welfare
    post, or any other as a priority match. Recorded once a spell, the member told once."""
    spell = ZeroEmploymentSpell.objects.select_for_update().get(pk=spell.pk)
    found = zero_household_offer_check(spell=spell, person=person, vacancy=vacancy, by=by)
    spell.offered_on, spell.offered_to, spell.offer_vacancy, spell.offered_by = (
        timezone.localdate(),
        person,
        found,
        by,
    )
    is_welfare = found.work_type == WorkType.PUBLIC_WELFARE
    spell.offer = (
        ZeroEmploymentSpell.Offer.PUBLIC_WELFARE if is_welfare else ZeroEmploymentSpell.Offer.PRIORITY_MATCH
    )
    spell.save()
    job_recommendation_write(person=person, vacancy=found, key=f"zero_household:{spell.pk}")
    return spell
