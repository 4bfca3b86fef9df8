"""Sign-in codes by SMS; registration and sign-in of job seekers and employers, and the
accounts of an employer's colleagues."""

from __future__ import annotations

import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from jobs import crypto
from jobs.models import Employer, EmployerAccount, Person, PhoneCode, SeekerAccount
from jobs.services.people import (
    person_find_by_id_number,
    person_profile_save,
    person_set_identity,
    phone_hash,
)
from jobs.validators import InvalidValue, mask_mobile, parse_credit_code, parse_mobile
from workers.channels import sms_gateway
from workers.models import Channel, Notice, NoticeKind
from workers.outbox import notice_write
from workers.triggers import rescore_after_commit

log = logging.getLogger(__name__)
MAX_TRIES = 5  # wrong codes before a code is spent


class TooSoon(Exception):
    """Another code was asked for too soon; ``wait`` is in seconds."""

    def __init__(self, wait: int) -> None:
        super().__init__(wait)
        self.wait = wait


class CodeNotSent(Exception):
    """The SMS gateway did not take the code."""


def _mobile(phone: str) -> str:
    try:
        return parse_mobile(phone)
    except InvalidValue as exc:
        raise ValidationError({"phone": str(exc.message)}) from None


def _code_hash(digest: str, code: str) -> str:
    return crypto.lookup_hash("code", f"{digest}:{code}")


def phone_code_send(*, phone: str, now: datetime | None = None) -> int:
    """Send a six-digit sign-in code to ``phone``; returns the seconds it stays valid. One a
    minute and ``PHONE_CODES_PER_HOUR`` an hour per phone (``TooSoon``). Without an SMS gateway
    (development) the code is written to the log instead."""
    now = now or timezone.now()
    number = _mobile(phone)
    digest = phone_hash(number)
    recent = list(
        PhoneCode.objects.filter(phone_hash=digest, created_at__gte=now - timedelta(hours=1))
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if recent and now - recent[-1] < timedelta(minutes=1):
        raise TooSoon(60 - int((now - recent[-1]).total_seconds()))
    if len(recent) >= settings.PHONE_CODES_PER_HOUR:
        raise TooSoon(int((recent[0] + timedelta(hours=1) - now).total_seconds()) + 1)
    code = f"{secrets.randbelow(10**6):06d}"
    valid = settings.PHONE_CODE_SECONDS
    row = PhoneCode.objects.create(
        phone_hash=digest, code_hash=_code_hash(digest, code), expires_at=now + timedelta(seconds=valid)
    )
    text = _("Your sign-in code is %(code)s, valid for %(minutes)d minutes. Ignore this if it was not you.") % {
        "code": code, "minutes": valid // 60}  # fmt: skip
    gateway = sms_gateway()
    if not gateway.url:
        log.warning("no SMS gateway: sign-in code for %s is %s", mask_mobile(number), code)
        _code_to_inboxes(digest, row.pk, text)
        return valid
    failure = gateway.send_now(to=number, title=_("Sign-in code"), text=text, key=f"phone-code:{row.pk}")
    if failure is not None:
        row.delete()  # not sent: it does not count against the phone's allowance
        raise CodeNotSent(str(failure))
    return valid


def _code_to_inboxes(digest: str, code_id: int, text: str) -> None:
    """In development (no SMS gateway), the code also goes to the in-app inbox of whoever has
    this phone: a seeker or an employer's clerk signed in on another device reads it there."""
    key, title = f"phone-code:{code_id}", _("Sign-in code")
    for person in Person.objects.filter(phone_hash=digest, account__isnull=False):
        notice_write(key=f"{key}:person:{person.pk}", kind=NoticeKind.SIGN_IN_CODE, channel=Channel.INBOX,
                     title=title, body=text, person=person, region_id=person.home_region_id)  # fmt: skip
    for account in EmployerAccount.objects.filter(phone_hash=digest).select_related("employer"):
        employer = account.employer
        notice_write(key=f"{key}:employer:{account.pk}", kind=NoticeKind.SIGN_IN_CODE, channel=Channel.INBOX,
                     title=title, body=text, employer=employer, region_id=employer.region_id)  # fmt: skip


def phone_code_check(*, phone: str, code: str, now: datetime | None = None) -> tuple[str, int]:
    """The normalised number and the code's row if ``code`` is the phone's latest code, still
    valid and not tried too often; ``ValidationError`` on the ``code`` field otherwise. A wrong
    code counts against the code's tries at once (call this outside a transaction); the code is
    spent by ``_spend`` inside the caller's, so that a registration that fails keeps it."""
    now = now or timezone.now()
    number = _mobile(phone)
    digest = phone_hash(number)
    row = (
        PhoneCode.objects.filter(phone_hash=digest, used_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at")
        .first()
    )
    if row is None or row.attempts >= MAX_TRIES:
        raise _invalid()
    if not hmac.compare_digest(row.code_hash, _code_hash(digest, str(code).strip())):
        PhoneCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
        raise _invalid()
    return number, row.pk


def _invalid() -> ValidationError:
    return ValidationError({"code": _("Code: wrong or expired; ask for a new one")})


def _spend(code_id: int) -> None:
    if not PhoneCode.objects.filter(pk=code_id, used_at__isnull=True).update(used_at=timezone.now()):
        raise _invalid()  # spent by a request that came first


@dataclass(frozen=True)
class SignedIn:
    person: Person
    token: str
    expiry: datetime | None


def _new_user(role: str) -> Any:
    """The sign-in user behind an app account: no password (codes and tokens only)."""
    return get_user_model().objects.create_user(username=f"{role}-{uuid.uuid4().hex[:20]}")


def _token(user: Any) -> tuple[str, datetime | None]:
    instance, token = AuthToken.objects.create(user)
    return token, instance.expiry


def seeker_register(
    *, phone: str, code: str, id_number: str, consent_text_version: str, **profile: Any
) -> SignedIn:
    """Register a job seeker who proved their phone, with consent to matching and to being
    contacted recorded with its time and the version of the text they saw. Someone already in
    the registry (registered at a station) is linked when the phone on file is this one."""
    number, code_id = phone_code_check(phone=phone, code=code)
    with transaction.atomic():
        _spend(code_id)
        return _register(number, id_number, consent_text_version, profile)


def _register(number: str, id_number: str, consent_text_version: str, profile: dict[str, Any]) -> SignedIn:
    person = person_find_by_id_number(id_number)
    if person is not None:
        if SeekerAccount.objects.filter(person=person).exists():
            raise ValidationError({"id_number": _("ID number: already has an account; sign in instead")})
        if person.phone_hash != phone_hash(number):
            raise ValidationError({"id_number": _(
                "ID number: registered at a gig station with another phone; ask the station to update it"
            )})  # fmt: skip
    else:
        person = Person(source=Person.Source.SELF, is_seeking=True)
        person_set_identity(person=person, id_number=id_number, phone=number)
    person.consent_recorded_at = timezone.now()
    person.consent_text_version = consent_text_version
    person_profile_save(person=person, data=profile)
    user = _new_user("seeker")
    SeekerAccount.objects.create(user=user, person=person)
    return SignedIn(person, *_token(user))


def seeker_sign_in(*, phone: str, code: str) -> SignedIn:
    """A token for the job seeker whose phone this is."""
    number, code_id = phone_code_check(phone=phone, code=code)
    account = (
        SeekerAccount.objects.select_related("person", "user")
        .filter(person__phone_hash=phone_hash(number))
        .first()
    )
    if account is None:
        raise ValidationError({"phone": _("Mobile number: no job seeker account; register first")})
    with transaction.atomic():
        _spend(code_id)
        return SignedIn(account.person, *_token(account.user))


@dataclass(frozen=True)
class EmployerSignedIn:
    employer: Employer
    token: str
    expiry: datetime | None


def employer_register(*, phone: str, code: str, credit_code: str, **fields: Any) -> EmployerSignedIn:
    """Sign up an employer by its unified social credit code; it waits for staff approval
    before its vacancies are shown or matched. An employer already on file (entered by staff)
    is joined only from the contact phone on file."""
    number, code_id = phone_code_check(phone=phone, code=code)
    try:
        credit_code = parse_credit_code(credit_code)
    except InvalidValue as exc:
        raise ValidationError({"credit_code": str(exc.message)}) from None
    with transaction.atomic():
        _spend(code_id)
        employer = Employer.objects.filter(credit_code=credit_code).first()
        if employer is None:
            employer = Employer(
                credit_code=credit_code, contact_phone=number, status=Employer.Status.PENDING, **fields
            )
            employer.full_clean()
            employer.save()
        elif employer.contact_phone != number:
            raise ValidationError({"credit_code": _(
                "Credit code: this employer is registered; its contact on file may sign up, or ask the station"
            )})  # fmt: skip
        elif EmployerAccount.objects.filter(employer=employer, phone_hash=phone_hash(number)).exists():
            raise ValidationError({"phone": _("Mobile number: already has an account here; sign in instead")})
        user = _new_user("employer")
        EmployerAccount.objects.create(user=user, employer=employer, name=fields.get("contact_name", ""),
                                       phone=number, phone_hash=phone_hash(number))  # fmt: skip
        return EmployerSignedIn(employer, *_token(user))


def employer_sign_in(*, phone: str, code: str) -> EmployerSignedIn:
    """A token for an employer's staff member whose phone this is."""
    number, code_id = phone_code_check(phone=phone, code=code)
    account = (
        EmployerAccount.objects.select_related("employer", "user")
        .filter(phone_hash=phone_hash(number))
        .first()
    )
    if account is None:
        raise ValidationError({"phone": _("Mobile number: no employer account; sign up first")})
    with transaction.atomic():
        _spend(code_id)
        return EmployerSignedIn(account.employer, *_token(account.user))


def tokens_delete_expired(*, now: datetime | None = None) -> int:
    """Delete the app tokens that have expired; returns how many."""
    deleted, _by_model = AuthToken.objects.filter(expiry__lt=now or timezone.now()).delete()
    return deleted


@transaction.atomic
def employer_account_add(*, employer: Employer, name: str, phone: str) -> EmployerAccount:
    """A colleague may sign in for the employer from now on, with a code sent to their phone."""
    number = _mobile(phone)
    digest = phone_hash(number)
    if EmployerAccount.objects.filter(employer=employer, phone_hash=digest).exists():
        raise ValidationError({"phone": _("Mobile number: already has an account here")})
    return EmployerAccount.objects.create(
        user=_new_user("employer"), employer=employer, name=name, phone=number, phone_hash=digest
    )


@transaction.atomic
def employer_account_remove(*, account: EmployerAccount) -> None:
    """A colleague's sign-in ends, with their tokens; the last account of an employer stays so
    that somebody can still sign in for it."""
    accounts = EmployerAccount.objects.select_for_update().filter(employer_id=account.employer_id)
    if len(accounts) <= 1:
        raise ValidationError({"account": _("Account: the last one of an employer cannot be removed")})
    get_user_model().objects.filter(pk=account.user_id).delete()  # its account and tokens go with it


@transaction.atomic
def seeker_delete(*, person: Person) -> None:
    """A job seeker closes their account: who they are is erased (name, ID number, phone,
    email, address, what they wrote, certificate numbers, work history, notices), their
    sign-in and tokens go, and they leave every list. An anonymous row stays, with region,
    education, employment status, sex and birth year, so that the registry's statistics and
    the matches' outcomes still add up."""
    # The sign-in user goes, and its account and tokens with it.
    get_user_model().objects.filter(seeker__person=person).delete()
    person.name = _("(account closed)")
    person.id_number = ""
    person.id_number_hash = f"closed:{uuid.uuid4().hex}"  # unique, and matches no ID number
    person.phone = person.phone_hash = person.email = person.address = person.wechat_openid = ""
    person.self_description = person.major = ""
    person.birth_date = person.birth_date.replace(month=1, day=1)
    person.consent_matching = person.consent_contact = person.is_seeking = False
    person.notify_sms = person.notify_wechat = person.notify_email = False
    person.consent_recorded_at = timezone.now()
    person.save()
    person.certificates.update(number="")
    person.work_history.all().delete()
    Notice.objects.filter(person=person).delete()
    rescore_after_commit(person_ids=[person.pk])
