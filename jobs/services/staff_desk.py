"""What staff do at the desk (and through the staff API): sign in, register walk-ins and change
their profiles, record assistance for the hard-to-employ. Always within
their own area; the identity rules, consent records and re-scoring are those of the registry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import authenticate, user_logged_in
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from jobs.models import AssistanceRecord, HardToEmployProfile, Person, StaffProfile
from jobs.selectors.staff import area_allows, staff_area
from jobs.selectors.staff_desk import course_visible, vacancy_visible
from jobs.services.accounts import person_phone_change_record
from jobs.services.consent import consent_record
from jobs.services.people import identity_lookup_spend, person_profile_save, person_set_identity


@dataclass(frozen=True)
class StaffSignedIn:
    user: Any
    token: str
    expiry: datetime | None


def staff_sign_in(*, username: str, password: str, request: Any = None) -> StaffSignedIn:
    """A token for an active staff member (one with an area, or a superuser). A wrong password,
    an unknown name and an account that is not staff get the same answer, so that the answer
    does not tell which names exist or which passwords are right."""
    user = authenticate(request, username=username, password=password)
    if user is None or staff_area(user) is None:
        raise ValidationError({"password": _("Username or password: wrong, or not a staff account")})
    instance, token = AuthToken.objects.create(user)
    user_logged_in.send(sender=type(user), request=request, user=user)
    return StaffSignedIn(user=user, token=token, expiry=instance.expiry)


def _apply(
    *, staff: Any, person: Person, data: dict[str, Any], id_number: str | None, phone: str | None
) -> Person:
    errors: dict[str, Any] = {}
    region = data.get("home_region")
    # No staff member: an operator's import from the command line, whose area is everywhere.
    if staff is not None and region is not None and not area_allows(staff, region):
        errors["home_region"] = _("Home region: outside your area")
    if id_number is not None and staff is not None:
        identity_lookup_spend(user=staff, number=id_number)  # the answer says whether it is on file
    try:
        person_set_identity(person=person, id_number=id_number, phone=phone)
    except ValidationError as exc:
        errors |= exc.message_dict
    if errors:
        raise ValidationError(errors)
    consent_record(person=person, data=data, version=data.pop("consent_text_version", None))
    try:
        with transaction.atomic():
            person_phone_change_record(person=person, by=staff)
            return person_profile_save(person=person, data=data)
    except IntegrityError:
        # Registered a moment ago by another request, between the check and the save.
        if Person.objects.filter(id_number_hash=person.id_number_hash).exclude(pk=person.pk).exists():
            raise ValidationError({"id_number": _("ID number: this person is already registered")}) from None
        raise


@transaction.atomic
def person_register_at_station(
    *, staff: Any, id_number: str, phone: str | None = None, **data: Any
) -> Person:
    """Register a walk-in in the labour registry: the ID number checked (check digit, birth
    date, not registered already), the home region inside the staff member's area, consent
    recorded with its time, the staff member's gig station noted; matched once committed."""
    profile = StaffProfile.objects.select_related("station").filter(user=staff).first()
    person = Person(source=Person.Source.WALK_IN, registered_at_station=profile.station if profile else None)
    return _apply(staff=staff, person=person, data=data, id_number=id_number, phone=phone or None)


@transaction.atomic
def person_update_by_staff(
    *, staff: Any, person: Person, id_number: str | None = None, phone: str | None = None, **data: Any
) -> Person:
    """Change a person's profile for them (the same checks as at registration); ``phone`` is the
    phone on file ("" clears it). Someone with an account keeps signing in with their own phone;
    a change of the phone on file is audited and they are told of it. Re-scored once committed."""
    return _apply(staff=staff, person=person, data=data, id_number=id_number, phone=phone)


@transaction.atomic
def assistance_record_add(
    *,
    staff: Any,
    person: Person,
    kind: str,
    delivered_on: date,
    vacancy: int | None = None,
    course: int | None = None,
    note: str = "",
) -> AssistanceRecord:
    """Record assistance given to a person in the hard-to-employ registry (towards the "1131"
    package): not in the future nor before they entered the registry, and pointing only at a
    vacancy or course the staff member may see."""
    profile = HardToEmployProfile.objects.filter(person=person, exited_on__isnull=True).first()
    if profile is None:
        raise ValidationError({"person": _("Person: not in the hard-to-employ registry")})
    errors: dict[str, str] = {}
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = _("Delivered on: must not be in the future")
    elif delivered_on < profile.registered_on:
        errors["delivered_on"] = _("Delivered on: must not be before the person entered the registry")
    found_vacancy = vacancy_visible(user=staff, pk=vacancy) if vacancy is not None else None
    if vacancy is not None and found_vacancy is None:
        errors["vacancy"] = _("Vacancy: no such vacancy")
    found_course = course_visible(user=staff, pk=course) if course is not None else None
    if course is not None and found_course is None:
        errors["course"] = _("Course: no such course")
    if errors:
        raise ValidationError(errors)
    record = AssistanceRecord(
        profile=profile, kind=kind, delivered_on=delivered_on, staff=staff, vacancy=found_vacancy,
        course=found_course, note=note,
    )  # fmt: skip
    record.full_clean()
    record.save()
    return record
