"""The one rule of consent: what a person agreed to, when, and to which text."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import ConsentText, Person
from jobs.selectors.consent import consent_versions_published

CONSENTS = ("consent_matching", "consent_contact")


def consent_record(
    *, person: Person, data: dict[str, Any], version: str | None = None, renewed: bool = False
) -> None:
    """Apply the consents in ``data`` (``consent_matching``, ``consent_contact``; taken out of it)
    to ``person``, unsaved. A change is recorded with its time; consent given needs the version
    of the text the person was shown, which must be a published one. Withdrawing needs no
    version, and a version without a change is not kept unless ``renewed`` (the person agreed
    again, as in a registration). Raises ``ValidationError`` keyed by field."""
    changes = {f: data.pop(f) for f in CONSENTS if f in data}
    changed = {f: v for f, v in changes.items() if renewed or v != getattr(person, f)}
    if not changed:
        return
    if any(changed.values()):
        if not version:
            raise ValidationError(
                {"consent_text_version": _("Consent text version: say which text the person agreed to")}
            )
        if not consent_versions_published().filter(version=version).exists():
            raise ValidationError({"consent_text_version": _("Consent text version: no such published text")})
        person.consent_text_version = version
    for field, value in changed.items():
        setattr(person, field, value)
    person.consent_recorded_at = timezone.now()


def consent_text_publish(*, text: ConsentText) -> ConsentText:
    """Publish a new version of the consent text (shown from its ``published_on``). A version is
    never changed once saved: people's consents name it."""
    if text.pk is not None:
        raise ValidationError({"text": _("Text: a published version cannot be changed; publish a new one")})
    text.full_clean()
    text.save()
    return text
