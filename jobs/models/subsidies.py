"""Subsidies as data (政策找人, 即申即享): each policy names its document, who is paid, how much,
the occasion that makes someone eligible and its conditions; each eligible person or employer
is told once per policy and occasion, and a claim goes applied → approved → paid or refused,
once per occasion."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.models.demand import Employer
from jobs.models.people import Person
from jobs.models.regions import Region
from jobs.services.subsidy_rules import conditions_errors


class PaidTo(models.TextChoices):
    PERSON = "person", _("The person")
    EMPLOYER = "employer", _("The employer")


class OccasionKind(models.TextChoices):
    HIRE = "hire", _("A hire through the service")
    CERTIFICATE = "certificate", _("A vocational certificate newly obtained")
    COURSE = "course", _("A training course completed")


class OncePer(models.TextChoices):
    """What a policy pays once for: each occasion (every placement), each person (a one-time
    subsidy, whoever hires them and however often), or each person and employer."""

    OCCASION = "occasion", _("each occasion")
    PERSON = "person", _("each person")
    PERSON_EMPLOYER = "person_employer", _("each person and employer")


class AmountBasis(models.TextChoices):
    ONCE = "once", _("once")
    PER_YEAR = "per_year", _("per person per year")
    AT_LEAST_PER_YEAR = "at_least_per_year", _("at least, per person per year")
    UP_TO = "up_to", _("at most, per person")


class SubsidyPolicy(models.Model):
    """One subsidy: who is paid, how much, on which occasion and conditions, from which
    document and article, with the evidence to bring and how to claim. The defaults come from
    the policy documents (loaded by migration 0026); city staff change them in the admin."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    document = models.CharField(_("document"), max_length=200)
    article = models.CharField(_("article"), max_length=300)
    paid_to = models.CharField(_("paid to"), max_length=8, choices=PaidTo.choices)
    occasion = models.CharField(_("occasion"), max_length=12, choices=OccasionKind.choices)
    once_per = models.CharField(
        _("paid once for"), max_length=16, choices=OncePer.choices, default=OncePer.PERSON
    )
    # Whose policy it is: the people living in this region (None: everywhere).
    area = models.ForeignKey(
        Region, verbose_name=_("for the people of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Empty: a national policy, for everyone"),
    )  # fmt: skip
    valid_from = models.DateField(_("for occasions from"), null=True, blank=True)
    valid_until = models.DateField(_("for occasions until"), null=True, blank=True)
    # None: the amount is the local standard in force, which the document does not state.
    amount_yuan = models.PositiveIntegerField(_("amount (yuan)"), null=True, blank=True)
    amount_basis = models.CharField(
        _("amount is paid"), max_length=20, choices=AmountBasis.choices, default=AmountBasis.ONCE
    )
    conditions = models.JSONField(
        _("conditions"), default=list, blank=True,
        help_text=_('All must hold, each {"fact": …, "op": …, "value": …}; none: everyone the occasion concerns'),
    )  # fmt: skip
    evidence = models.TextField(_("evidence to bring"), max_length=1000)
    how_to_claim = models.TextField(_("how to claim"), max_length=1000)
    # Off: those eligible are found and counted but not told yet (say, while the year's budget
    # is approved); on again, the next daily check tells them.
    tell = models.BooleanField(_("tell those eligible"), default=True)
    active = models.BooleanField(_("in force"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip

    class Meta:
        verbose_name = _("subsidy policy")
        verbose_name_plural = _("subsidy policies")
        ordering = ["occasion", "paid_to", "key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paid_to__in=PaidTo.values), name="subsidy_paid_to_known"
            ),
            models.CheckConstraint(
                condition=models.Q(occasion__in=OccasionKind.values), name="subsidy_occasion_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if found := conditions_errors(self.conditions, self.occasion):
            errors["conditions"] = found
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("For occasions until: must not be before the first day")
        # Those found eligible already were found under these: changed, their claims would be
        # another policy's (an employer's claim with no employer, a once-per key found anew).
        before = (
            SubsidyPolicy.objects.filter(pk=self.pk).values("key", "paid_to", "occasion", "once_per").first()
        )
        if before and self.entitlements.exists():
            for field, old in before.items():
                if getattr(self, field) != old:
                    errors[field] = _("%(field)s: cannot change once someone was found eligible; add a new policy") % {
                        "field": getattr(self._meta.get_field(field), "verbose_name", field)}  # fmt: skip
        if errors:
            raise ValidationError(errors)

    def covers(self, region_code: str, day: Any) -> bool:
        """Whether an occasion of someone living in ``region_code`` on ``day`` is this policy's."""
        return (
            (self.area is None or region_code.startswith(self.area.prefix))
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or day <= self.valid_until)
        )


class EntitlementStatus(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    APPLIED = "applied", pgettext_lazy("subsidy claim", "Applied")  # not a job application's word
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REFUSED = "refused", _("Refused")


class Entitlement(models.Model):
    """A person or employer found eligible for a policy on one occasion (``occasion_key``: the
    hire, the certificate level…), and how their claim went. One per policy and what it pays
    once for (``claim_key``), so nobody is told or paid twice for it."""

    policy = models.ForeignKey(
        SubsidyPolicy, verbose_name=_("subsidy policy"), on_delete=models.PROTECT, related_name="entitlements"
    )
    occasion_key = models.CharField(_("occasion"), max_length=80)
    # What the policy pays once for (``SubsidyPolicy.once_per``): the occasion, the person, or
    # the person and employer. Unique per policy: nobody is paid twice for it.
    claim_key = models.CharField(_("paid once for"), max_length=80)
    occasion_on = models.DateField(_("occasion on"))
    # Kept with the people and employers they pay: a payment record is not deleted with a row.
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="entitlements"
    )
    # The employer claims when the policy pays employers; the person is whom it is for.
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="entitlements",
    )  # fmt: skip
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    told_at = models.DateTimeField(_("told at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=EntitlementStatus.choices, default=EntitlementStatus.ELIGIBLE
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    # Staff who recorded an application made at the desk; none when the claimant applied online.
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("application recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    amount_yuan = models.PositiveIntegerField(_("amount approved (yuan)"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    refusal_reason = models.CharField(_("why refused"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("subsidy entitlement")
        verbose_name_plural = _("subsidy entitlements")
        ordering = ["-found_at"]
        # Recording that someone applied is desk work; approving, paying and refusing are not.
        permissions = [("decide_entitlement", _("May approve, pay or refuse subsidy claims"))]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["told_at"])]
        constraints = [
            models.UniqueConstraint(fields=["policy", "claim_key"], name="entitlement_paid_once"),
            models.CheckConstraint(
                condition=models.Q(status__in=EntitlementStatus.values), name="entitlement_status_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid")
                | models.Q(paid_on__isnull=False, amount_yuan__isnull=False),
                name="entitlement_paid_has_day_and_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy.name} · {self.person.name}"
