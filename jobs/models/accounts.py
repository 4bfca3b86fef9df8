"""Accounts of job seekers and employers' staff: who may sign in to the apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.fields import EncryptedTextField
from jobs.models.demand import Employer
from jobs.models.people import Person


class PhoneCode(models.Model):
    """A one-time code sent by SMS to prove a phone is in the hands of who signs in. Only keyed
    hashes are kept: of the phone, and of the code."""

    phone_hash = models.CharField(max_length=64, db_index=True)
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
    """A job seeker's sign-in: the user the apps' tokens belong to, and the registry's person."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seeker")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="account")
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer account")
        verbose_name_plural = _("employer accounts")
        constraints = [
            models.UniqueConstraint(fields=["employer", "phone_hash"], name="employer_account_once_per_phone")
        ]

    def __str__(self) -> str:
        return str(self.employer)
