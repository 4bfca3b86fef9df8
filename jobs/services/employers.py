from __future__ import annotations

from django.core.exceptions import ValidationError

from jobs.models import Employer
from jobs.validators import InvalidValue, parse_mobile


def employer_set_contact_phone(*, employer: Employer, phone: str) -> None:
    """Set (or clear with "") the contact phone; it is stored encrypted like a person's."""
    if not phone.strip():
        employer.contact_phone = ""
        return
    try:
        employer.contact_phone = parse_mobile(phone.removesuffix(".0"))
    except InvalidValue as exc:
        raise ValidationError({"contact_phone": [str(exc.message)]}) from None
