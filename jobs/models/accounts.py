"""Accounts of job seekers and employers' staff: who may sign in to the apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.fields import EncryptedTextField
from jobs.models.demand import Employer
from jobs.models.people import Person


class CodePurpose(models.TextChoices):
    """What a code was asked for; it serves nothing else, so that a code read out for one thing
    (an employer's sign-in) cannot open another (a job seeker's account)."""

    SEEKER = "seeker", _("Job seeker sign-in or registration")
    EMPLOYER = "employer", _("Employer sign-in or sign-up")
    NEW_PHONE = "new_phone", _("A new sign-in phone")


class PhoneCode(models.Model):
    """A one-time code sent by SMS to prove a phone is in the hands of who signs in. Only keyed
    hashes are kept: of the phone, and of the code."""

    phone_hash = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=16, choices=CodePurpose.choices, default=CodePurpose.SEEKER)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")

    def __str__(self) -> str:
        return f"{self.pk} ({self.created_at:%Y-%m-%d %H:%M})"


class SeekerAccount(models.Model):
    """A job seeker's sign-in: the user the apps' tokens belong to, the registry's person, and
    the phone they sign in with. That phone is the account's own: staff change the registry's
    phone on file, never this one, which only the person moves, with a code sent to the new
    phone."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seeker")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="account")
    phone = EncryptedTextField(_("sign-in phone"), blank=True)
    phone_hash = models.CharField(max_length=64, db_index=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("job seeker account")
        verbose_name_plural = _("job seeker accounts")

    def __str__(self) -> str:
        return str(self.person)


class EmployerAccount(models.Model):
    """One of an employer's staff who may sign in to post vacancies (several per employer),
    known by the keyed hash of their own phone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_account"
    )
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="accounts")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64, blank=True)
    # Shown masked to colleagues; found by its keyed hash at sign-in.
    phone = EncryptedTextField(_("mobile number"), blank=True)
    phone_hash = models.CharField(max_length=64, db_index=True)
    # A colleague added by a clerk is pending until they sign in with a code sent to their phone.
    verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer account")
        verbose_name_plural = _("employer accounts")
        constraints = [
            models.UniqueConstraint(fields=["employer", "phone_hash"], name="employer_account_once_per_phone")
        ]

    def __str__(self) -> str:
        return str(self.employer)


class PhoneChange(models.Model):
    """Every change of a phone of someone already registered, one row: whose, which phone, who
    changed it, when, and the old and new numbers masked (never in clear)."""

    class Which(models.TextChoices):
        SIGN_IN = "sign_in", _("Sign-in phone (changed by the person)")
        ON_FILE = "on_file", _("Phone on file")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="phone_changes"
    )
    which = models.CharField(_("which phone"), max_length=8, choices=Which.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    old_phone = models.CharField(_("old number (masked)"), max_length=16, blank=True)
    new_phone = models.CharField(_("new number (masked)"), max_length=16, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("phone change")
        verbose_name_plural = _("phone changes")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.which} {self.old_phone} → {self.new_phone}"
