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
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from knox.models import AuthToken

from jobs import crypto
from jobs.models import (
    AssistanceRecord,
    CodePurpose,
    Employer,
    EmployerAccount,
    Enrolment,
    EnrolmentStatus,
    HardshipRecord,
    HardToEmployProfile,
    MigrantRecord,
    Person,
    PhoneChange,
    PhoneCode,
    PlanItem,
    ReturneeCall,
    SeekerAccount,
    Support,
    SupportPlan,
    TierChange,
)
from jobs.notices.accounts import phone_change_write
from jobs.services.consent import consent_record
from jobs.services.people import (
    person_find_by_id_number,
    person_profile_save,
    person_set_identity,
    phone_hash,
)
from jobs.validators import InvalidValue, mask_mobile, parse_credit_code, parse_id_number, parse_mobile
from matching.services.coding import person_coding_forget
from workers.channels import sms_gateway
from workers.models import Notice, NoticeStatus
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


_TEXTS = {
    CodePurpose.SEEKER: gettext_lazy(
        "Your job seeker sign-in code is %(code)s, valid for %(minutes)d minutes. Never tell it to anyone, "
        "staff included. Ignore this if it was not you."
    ),
    CodePurpose.EMPLOYER: gettext_lazy(
        "Your code to sign in for an employer is %(code)s, valid for %(minutes)d minutes. Never tell it "
        "to anyone. Ignore this if it was not you."
    ),
    CodePurpose.NEW_PHONE: gettext_lazy(
        "Your code to make this phone your job seeker sign-in is %(code)s, valid for %(minutes)d "
        "minutes. Never tell it to anyone. Ignore this if it was not you."
    ),
}


def phone_code_send(*, phone: str, purpose: str = CodePurpose.SEEKER, now: datetime | None = None) -> int:
    """Send a six-digit code to ``phone`` by SMS, good for ``purpose`` only; returns the seconds
    it stays valid. One a minute and ``PHONE_CODES_PER_HOUR`` an hour per phone (``TooSoon``).
    The code goes to the phone and nowhere else: without an SMS gateway (development only;
    production does not start without one) it is written to the console, marked so."""
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
    gateway = sms_gateway()
    if not gateway.url and settings.PRODUCTION:
        raise CodeNotSent("no SMS gateway")  # the settings refuse this already; never log a real code
    code = f"{secrets.randbelow(10**6):06d}"
    valid = settings.PHONE_CODE_SECONDS
    row = PhoneCode.objects.create(phone_hash=digest, purpose=purpose, code_hash=_code_hash(digest, code),
                                   expires_at=now + timedelta(seconds=valid))  # fmt: skip
    text = str(_TEXTS[CodePurpose(purpose)]) % {"code": code, "minutes": valid // 60}
    if not gateway.url:
        log.warning(
            "DEVELOPMENT ONLY (no SMS gateway): %s code for %s is %s", purpose, mask_mobile(number), code
        )
        return valid
    failure = gateway.send_now(to=number, title=_("Sign-in code"), text=text, key=f"phone-code:{row.pk}")
    if failure is not None:
        row.delete()  # not sent: it does not count against the phone's allowance
        raise CodeNotSent(str(failure))
    return valid


def phone_code_check(*, phone: str, code: str, purpose: str, now: datetime | None = None) -> tuple[str, int]:
    """The normalised number and the code's row if ``code`` is the phone's latest code for
    ``purpose``, still valid and not tried too often; ``ValidationError`` on the ``code`` field
    otherwise. A wrong code counts against the code's tries at once; the caller spends a right
    one with ``_spend``, outside its transaction, once it is about to look anything up with it."""
    now = now or timezone.now()
    number = _mobile(phone)
    digest = phone_hash(number)
    row = (
        PhoneCode.objects.filter(phone_hash=digest, purpose=purpose, used_at__isnull=True, expires_at__gt=now)
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
    """Spend a code for good. Called outside any transaction that may roll back: a request that
    fails after it (an ID number on file) must not give the code back for another question."""
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
    contacted recorded with its time and the version of the text they saw; the phone becomes
    their sign-in phone. Someone already in the registry (registered at a station) is linked
    when the phone on file is this one. The code is spent whatever the outcome, once the ID
    number is well formed, and an ID number on file (with an account, or with another phone)
    gets one answer, so that one code cannot ask where a number is registered."""
    number, code_id = phone_code_check(phone=phone, code=code, purpose=CodePurpose.SEEKER)
    try:
        id_number = parse_id_number(id_number).number
    except InvalidValue as exc:
        raise ValidationError({"id_number": str(exc.message)}) from None  # tells nothing: the code stays
    _spend(code_id)
    with transaction.atomic():
        return _register(number, id_number, consent_text_version, profile)


def _register(number: str, id_number: str, consent_text_version: str, profile: dict[str, Any]) -> SignedIn:
    digest = phone_hash(number)
    if SeekerAccount.objects.filter(phone_hash=digest).exists():
        raise ValidationError(
            {"phone": _("Mobile number: already has a job seeker account; sign in instead")}
        )
    person = person_find_by_id_number(id_number)
    if person is not None:
        if person.phone_hash != digest or SeekerAccount.objects.filter(person=person).exists():
            raise ValidationError({"id_number": _(
                "ID number: already on file; sign in, or ask a gig station to help"
            )})  # fmt: skip
    else:
        person = Person(source=Person.Source.SELF, is_seeking=True)
        person_set_identity(person=person, id_number=id_number, phone=number)
    profile = dict(profile)
    consent_record(person=person, data=profile, version=consent_text_version, renewed=True)
    person_profile_save(person=person, data=profile)
    user = _new_user("seeker")
    SeekerAccount.objects.create(user=user, person=person, phone=number, phone_hash=digest)
    return SignedIn(person, *_token(user))


def seeker_sign_in(*, phone: str, code: str) -> SignedIn:
    """A token for the job seeker whose sign-in phone this is (their account's own, which staff
    cannot change)."""
    number, code_id = phone_code_check(phone=phone, code=code, purpose=CodePurpose.SEEKER)
    account = (
        SeekerAccount.objects.select_related("person", "user").filter(phone_hash=phone_hash(number)).first()
    )
    if account is None:
        raise ValidationError({"phone": _("Mobile number: no job seeker account; register first")})
    _spend(code_id)
    return SignedIn(account.person, *_token(account.user))


def seeker_phone_change(
    *, person: Person, phone: str, code: str, current_token: AuthToken | None = None
) -> Person:
    """A job seeker moves their sign-in to a new phone, proven by a code sent to it (for this
    purpose); the phone on file follows. Their other tokens end (only the device that asked
    stays signed in), the change is audited, and they are told on the old phone and in their
    inbox."""
    number, code_id = phone_code_check(phone=phone, code=code, purpose=CodePurpose.NEW_PHONE)
    _spend(code_id)
    digest = phone_hash(number)
    with transaction.atomic():
        account = SeekerAccount.objects.select_for_update().select_related("user").get(person=person)
        if account.phone_hash == digest:
            raise ValidationError({"phone": _("Mobile number: this is your sign-in phone already")})
        if SeekerAccount.objects.filter(phone_hash=digest).exists():
            raise ValidationError({"phone": _("Mobile number: another job seeker account signs in with it")})
        old = account.phone
        account.phone, account.phone_hash = number, digest
        account.save(update_fields=["phone", "phone_hash"])
        tokens = AuthToken.objects.filter(user=account.user)
        if current_token is not None:
            tokens = tokens.exclude(digest=current_token.digest)
        tokens.delete()
        person_set_identity(person=person, phone=number)
        person.save(update_fields=["phone", "phone_hash", "updated_at"])
        _phone_changed(person, PhoneChange.Which.SIGN_IN, old, number, by=account.user)
    return person


def person_phone_change_record(*, person: Person, by: Any) -> None:
    """Call before saving a person whose phone on file staff may have changed (at the desk, in
    the admin, by import): a change is audited, and someone with an account is told on the old
    phone and in their inbox. Their sign-in phone is their account's own and does not move."""
    if person.pk is None:
        return
    before = Person.objects.filter(pk=person.pk).only("phone", "phone_hash").first()
    if before is None or before.phone_hash == person.phone_hash:
        return
    _phone_changed(person, PhoneChange.Which.ON_FILE, before.phone, person.phone, by=by)


def _phone_changed(person: Person, which: str, old: str, new: str, *, by: Any) -> None:
    change = PhoneChange.objects.create(person=person, which=which, changed_by=by,
                                        old_phone=mask_mobile(old or ""), new_phone=mask_mobile(new or ""))  # fmt: skip
    if SeekerAccount.objects.filter(person=person).exists():
        phone_change_write(change=change, old_phone=old)


@dataclass(frozen=True)
class EmployerSignedIn:
    employer: Employer
    token: str
    expiry: datetime | None


def employer_register(*, phone: str, code: str, credit_code: str, **fields: Any) -> EmployerSignedIn:
    """Sign up an employer by its unified social credit code; it waits for staff approval
    before its vacancies are shown or matched. An employer already on file (entered by staff)
    is joined only from the contact phone on file, and only while nobody signs in for it:
    after that, its own accounts add colleagues (staff can change the phone on file, so it must
    not open an employer that has accounts). The code is spent whatever the outcome."""
    number, code_id = phone_code_check(phone=phone, code=code, purpose=CodePurpose.EMPLOYER)
    try:
        credit_code = parse_credit_code(credit_code)
    except InvalidValue as exc:
        raise ValidationError({"credit_code": str(exc.message)}) from None
    _spend(code_id)
    with transaction.atomic():
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
        elif EmployerAccount.objects.filter(employer=employer).exists():
            raise ValidationError({"credit_code": _(
                "Credit code: this employer has accounts already; ask one of them to add you as a colleague"
            )})  # fmt: skip
        user = _new_user("employer")
        EmployerAccount.objects.create(user=user, employer=employer, name=fields.get("contact_name", ""),
                                       phone=number, phone_hash=phone_hash(number),
                                       verified_at=timezone.now())  # fmt: skip
        return EmployerSignedIn(employer, *_token(user))


def employer_sign_in(*, phone: str, code: str) -> EmployerSignedIn:
    """A token for an employer's staff member whose phone this is, with a code asked for an
    employer's sign-in. A colleague added by a clerk proves their phone so, the first time."""
    number, code_id = phone_code_check(phone=phone, code=code, purpose=CodePurpose.EMPLOYER)
    account = (
        EmployerAccount.objects.select_related("employer", "user")
        .filter(phone_hash=phone_hash(number))
        .order_by(F("verified_at").desc(nulls_last=True), "pk")
        .first()
    )
    if account is None:
        raise ValidationError({"phone": _("Mobile number: no employer account; sign up first")})
    _spend(code_id)
    if account.verified_at is None:
        EmployerAccount.objects.filter(pk=account.pk).update(verified_at=timezone.now())
    return EmployerSignedIn(account.employer, *_token(account.user))


def tokens_delete_expired(*, now: datetime | None = None) -> int:
    """Delete the app tokens that have expired; returns how many."""
    deleted, _by_model = AuthToken.objects.filter(expiry__lt=now or timezone.now()).delete()
    return deleted


@transaction.atomic
def employer_account_add(*, employer: Employer, name: str, phone: str) -> EmployerAccount:
    """A colleague may sign in for the employer, pending until they prove the phone with a code
    sent to it (their first employer sign-in): whoever adds a phone learns nothing from it."""
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
    email, address, what they wrote, certificate numbers, work history, notices, the employers
    of their migrant records, the notes of their hard-to-employ record and assistance, staff's
    words about their warning tier, the outcomes of their 1131 plan and of calls made to them
    as a returnee, the numbers of their phone
    changes), their sign-in and tokens go, and they leave every list
    (``closed_at``). An anonymous row stays, with region, education, employment status, sex and
    birth year, so that the registry's statistics and the matches' outcomes still add up."""
    # The sign-in user goes, and its account and tokens with it.
    get_user_model().objects.filter(seeker__person=person).delete()
    person.name = _("(account closed)")
    person.id_number = ""
    person.id_number_hash = f"closed:{uuid.uuid4().hex}"  # unique, and matches no ID number
    person.phone = person.phone_hash = person.email = person.address = person.wechat_openid = ""
    person.self_description = person.major = ""
    person.birth_date = person.birth_date.replace(month=1, day=1)
    consent_record(person=person, data={"consent_matching": False, "consent_contact": False})
    person.is_seeking = person.notify_sms = person.notify_wechat = person.notify_email = False
    person.closed_at = timezone.now()
    person.save()
    person.certificates.update(number="")
    person.work_history.all().delete()
    MigrantRecord.objects.filter(person=person).update(employer_name="")
    HardToEmployProfile.objects.filter(person=person).update(exit_reason="")
    Support.objects.filter(person=person).update(override_reason="")
    TierChange.objects.filter(support__person=person).update(why="")
    PlanItem.objects.filter(plan__support__person=person).update(outcome="")
    ReturneeCall.objects.filter(person=person).update(outcome="")  # and no call is owed any more
    ReturneeCall.objects.filter(person=person, done_on__isnull=True).delete()
    Enrolment.objects.filter(person=person, status=EnrolmentStatus.CHOSEN).update(
        status=EnrolmentStatus.DROPPED
    )
    SupportPlan.objects.filter(support__person=person, closed_on__isnull=True).update(
        closed_on=timezone.localdate(), closed_because=SupportPlan.Closed.ACCOUNT_CLOSED
    )  # nothing of it is owed to someone no longer registered, nor due in anyone's morning list
    HardshipRecord.objects.filter(profile__person=person).update(note="")
    AssistanceRecord.objects.filter(profile__person=person).update(note="")
    PhoneChange.objects.filter(person=person).update(old_phone="", new_phone="")
    Notice.objects.filter(person=person).delete()
    person_coding_forget(person=person)
    # Notices about them to case workers and employers name them: keep the row (what was sent,
    # when), not the words, and send none of them from now on.
    about = Notice.objects.filter(
        Q(payload__person=person.pk) | Q(payload__match__in=list(person.matches.values_list("pk", flat=True)))
    )
    about.filter(status=NoticeStatus.PENDING).update(status=NoticeStatus.WITHDRAWN)
    about.update(title=_("(account closed)"), body="")
    rescore_after_commit(person_ids=[person.pk])
