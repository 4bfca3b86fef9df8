from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobs.models import Employer, EmployerAccount
from jobs.services.people import phone_hash
from jobs.validators import InvalidValue, parse_mobile
from workers.triggers import rescore_after_commit


def employer_set_contact_phone(*, employer: Employer, phone: str) -> None:
    """Set (or clear with "") the contact phone; it is stored encrypted like a person's."""
    if not phone.strip():
        employer.contact_phone = ""
        return
    try:
        employer.contact_phone = parse_mobile(phone.removesuffix(".0"))
    except InvalidValue as exc:
        raise ValidationError({"contact_phone": [str(exc.message)]}) from None


@transaction.atomic
def employer_profile_update(*, employer: Employer, data: dict[str, Any]) -> Employer:
    """An employer's own staff change its description and contact; its name, credit code and
    approval stay as the registry has them. Its open vacancies are re-scored (the description
    is part of what matching reads)."""
    phone = data.pop("contact_phone", None)
    for field, value in data.items():
        setattr(employer, field, value)
    if phone is not None:
        employer_set_contact_phone(employer=employer, phone=phone)
    employer.full_clean()
    employer.save()
    rescore_after_commit(vacancy_ids=list(employer.vacancies.values_list("pk", flat=True)))
    return employer


@transaction.atomic
def employer_account_add(*, employer: Employer, name: str, phone: str) -> EmployerAccount:
    """A colleague may sign in for the employer from now on, with a code sent to their phone."""
    try:
        number = parse_mobile(phone)
    except InvalidValue as exc:
        raise ValidationError({"phone": str(exc.message)}) from None
    digest = phone_hash(number)
    if EmployerAccount.objects.filter(employer=employer, phone_hash=digest).exists():
        raise ValidationError({"phone": _("Mobile number: already has an account here")})
    user = get_user_model().objects.create_user(username=f"employer-{uuid.uuid4().hex[:20]}")
    return EmployerAccount.objects.create(
        user=user, employer=employer, name=name, phone=number, phone_hash=digest
    )


@transaction.atomic
def employer_account_remove(*, account: EmployerAccount) -> None:
    """A colleague's sign-in ends, with their tokens; the last account of an employer stays so
    that somebody can still sign in for it."""
    accounts = EmployerAccount.objects.select_for_update().filter(employer_id=account.employer_id)
    if len(accounts) <= 1:
        raise ValidationError({"account": _("Account: the last one of an employer cannot be removed")})
    get_user_model().objects.filter(pk=account.user_id).delete()  # its account and tokens go with it
