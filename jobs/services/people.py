from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobs import crypto
from jobs.models import Occupation, OccupationTitle, Person, PersonCertificate, PersonSkill, RevealLog
from jobs.selectors.consent import consent_current
from jobs.services.consent import CONSENTS, consent_record
from jobs.services.subsidies import subsidies_check
from jobs.validators import InvalidValue, parse_id_number, parse_mobile
from matching.services.coding import occupation_title_learn
from workers.triggers import rescore_after_commit

REVEAL_PERMISSION = "jobs.reveal_personal_data"


def id_number_hash(number: str) -> str:
    return crypto.lookup_hash("id", number)


def phone_hash(number: str) -> str:
    return crypto.lookup_hash("phone", number)


def person_set_identity(*, person: Person, id_number: str | None = None, phone: str | None = None) -> None:
    """Validate and set the ID number (with its hash, birth date and sex) and the phone.

    ``None`` leaves a value as it is; ``""`` clears the phone. Raises ``ValidationError`` keyed
    by field, including when the ID number is already registered to somebody else.
    """
    errors: dict[str, str] = {}
    if id_number is not None:
        try:
            info = parse_id_number(id_number)
        except InvalidValue as exc:
            errors["id_number"] = str(exc.message)
        else:
            digest = id_number_hash(info.number)
            taken = Person.objects.filter(id_number_hash=digest).exclude(pk=person.pk).exists()
            if taken:
                errors["id_number"] = _("ID number: this person is already registered")
            else:
                person.id_number, person.id_number_hash = info.number, digest
                person.birth_date, person.sex = info.birth_date, info.sex
    if phone is not None:
        if phone.strip() == "":
            person.phone, person.phone_hash = "", ""
        else:
            try:
                number = parse_mobile(phone)
            except InvalidValue as exc:
                errors["phone"] = str(exc.message)
            else:
                person.phone, person.phone_hash = number, phone_hash(number)
    if errors:
        raise ValidationError(errors)


class LookupsExhausted(Exception):
    """A staff member has used their allowance of look-ups by full number; ``wait`` is in
    seconds."""

    def __init__(self, wait: int) -> None:
        super().__init__(wait)
        self.wait = wait


def identity_lookup_spend(*, user: Any, number: str, by_import: bool = False) -> None:
    """Count a look-up by a full ID number or mobile number: a search, a number typed in to
    register or change someone, or an import row naming one. Each answers whether that number
    is on file, so staff who may not reveal numbers get an allowance of distinct numbers, at
    the desk ``STAFF_IDENTITY_LOOKUPS_PER_HOUR`` an hour and in imports
    ``STAFF_IMPORT_LOOKUPS_PER_DAY`` a day: enough for a desk and the county's own lists, far
    too few to complete a masked number by trying its candidates. The same number again in the
    same period (a page of the same search, a confirm after its preview) is not counted again."""
    if user.has_perm(REVEAL_PERMISSION):
        return  # they may see the number outright (each reveal is logged)
    kind, period, allowed = (
        ("import", 86400, settings.STAFF_IMPORT_LOOKUPS_PER_DAY)
        if by_import
        else ("desk", 3600, settings.STAFF_IDENTITY_LOOKUPS_PER_HOUR)
    )
    now = int(time.time())
    window = f"identity-lookups:{kind}:{user.pk}:{now // period}"
    if not cache.add(f"{window}:{crypto.lookup_hash('lookup', number.strip().upper())}", 1, timeout=period):
        return  # this number was counted already
    cache.add(window, 0, timeout=period)
    if cache.incr(window) > allowed:
        raise LookupsExhausted(period - now % period)


def person_find_by_id_number(id_number: str) -> Person | None:
    try:
        info = parse_id_number(id_number)
    except InvalidValue:
        return None
    return Person.objects.filter(id_number_hash=id_number_hash(info.number)).first()


def reveal_log(*, staff: Any, purpose: str, ip_address: str | None, fields: str, **subject: Any) -> None:
    """The rule of every reveal: only with the permission, only for a stated purpose, and
    logged (``subject`` is ``person=`` or ``employer=``)."""
    if not staff.has_perm(REVEAL_PERMISSION):
        raise PermissionDenied(_("You are not permitted to reveal personal data"))
    if not purpose.strip():
        raise ValidationError({"purpose": _("Purpose: say why the full number is needed")})
    RevealLog.objects.create(
        staff=staff, fields=fields, purpose=purpose.strip()[:200], ip_address=ip_address, **subject
    )


@transaction.atomic
def person_reveal(*, staff: Any, person: Person, purpose: str, ip_address: str | None) -> dict[str, str]:
    """Return a person's full ID number and phone to a permitted staff member, and log it."""
    reveal_log(staff=staff, purpose=purpose, ip_address=ip_address, fields="id_number,phone", person=person)
    return {"id_number": person.id_number, "phone": person.phone}


def person_profile_save(*, person: Person, data: dict[str, Any]) -> Person:
    """Set what a person says about themselves, check and save it, and have them re-scored
    once the transaction commits. ``desired_occupations`` and ``desired_regions`` are lists;
    ``skills`` and ``certificates`` lists of their fields, which replace the ones held."""
    data = dict(data)
    occupations = data.pop("desired_occupations", None)
    regions = data.pop("desired_regions", None)
    skills = data.pop("skills", None)
    certificates = data.pop("certificates", None)
    for field, value in data.items():
        setattr(person, field, value)
    # The check constraints are left to the database, as in the spreadsheet import: the API's
    # input fields lie within them, and checking them here costs a query each on registration.
    person.full_clean(
        exclude=["id_number", "phone", "id_number_hash", "phone_hash"], validate_constraints=False
    )
    person.save()
    if occupations is not None:
        person.desired_occupations.set(occupations)
    if regions is not None:
        person.desired_regions.set(regions)
    if skills is not None:
        person.skills.all().delete()
        PersonSkill.objects.bulk_create([PersonSkill(person=person, **skill) for skill in skills])
    if certificates is not None:
        person.certificates.all().delete()
        PersonCertificate.objects.bulk_create([PersonCertificate(person=person, **c) for c in certificates])
        subsidies_check(person_ids=[person.pk])  # a certificate newly obtained may bring a subsidy
    rescore_after_commit(person_ids=[person.pk])
    return person


@transaction.atomic
def seeker_profile_update(
    *, person: Person, data: dict[str, Any], named: Sequence[tuple[str, Occupation]] = ()
) -> Person:
    """A job seeker changes their own profile; a change of consent is recorded with its time
    and the text they are shown now. ``named`` pairs the person's own words with the occupation
    they chose for them, kept for the occupation coding to learn from."""
    data = dict(data)
    if any(field in data for field in CONSENTS):  # most updates touch no consent: no query for it
        current = consent_current()
        consent_record(person=person, data=data, version=current.version if current else None)
    for words, occupation in named:
        occupation_title_learn(
            title=words, occupation=occupation, source=OccupationTitle.Source.PERSON, person=person
        )
    return person_profile_save(person=person, data=data)
