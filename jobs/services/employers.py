from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobs.models import Employer
from jobs.services.people import reveal_log
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
def employer_contact_reveal(*, staff: Any, employer: Employer, purpose: str, ip_address: str | None) -> str:
    """An employer's full contact phone (often its clerk's own mobile) for a permitted staff
    member, logged as a person's numbers are."""
    reveal_log(staff=staff, purpose=purpose, ip_address=ip_address, fields="contact_phone", employer=employer)
    return employer.contact_phone


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
def employer_save(*, employer: Employer) -> Employer:
    """Save an employer as staff or an import set it: checked, and its vacancies re-scored once
    committed (they are listed and matched only while it is approved, and its description is
    part of what matching reads). The match index also sees the change by its time."""
    employer.full_clean(validate_unique=employer.pk is None)
    employer.save()
    rescore_after_commit(vacancy_ids=list(employer.vacancies.values_list("pk", flat=True)))
    return employer


@transaction.atomic
def employer_approve(*, employer: Employer) -> Employer:
    """Approve an employer awaiting approval: its open vacancies are then listed and matched.
    Approving it again changes nothing; a suspended employer is not approved here."""
    current = Employer.objects.select_for_update().get(pk=employer.pk)
    if current.status == Employer.Status.APPROVED:
        employer.refresh_from_db()
        return employer
    if current.status != Employer.Status.PENDING:
        raise ValidationError({"status": _("Status: only an employer awaiting approval can be approved")})
    current.status = Employer.Status.APPROVED
    employer_save(employer=current)
    employer.refresh_from_db()
    return employer
