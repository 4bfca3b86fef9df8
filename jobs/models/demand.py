from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.fields import EncryptedTextField
from jobs.models.choices import CertificateLevel, Education, Industry, WageUnit, WorkType
from jobs.models.regions import COUNTY_LEVEL, COUNTY_LEVEL_ERRORS, Region
from jobs.models.taxonomy import Occupation, Skill
from jobs.validators import mask_mobile, validate_credit_code, validate_mobile, validate_registry_date
from matching.ml.licences import CATALOGUE as LICENCES

# The licences a post may require: the matching engine's catalogue, one home for them.
LICENCE_CHOICES = [(licence.code, licence.name) for licence in LICENCES]


class Employer(models.Model):
    """Employer demand registry (企业用工需求信息库): the organisation behind vacancies."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        SUSPENDED = "suspended", _("Suspended")

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, limit_choices_to=COUNTY_LEVEL,
        error_messages=COUNTY_LEVEL_ERRORS,
    )  # fmt: skip
    address = models.CharField(_("address"), max_length=200, blank=True)
    staff_count = models.PositiveIntegerField(_("number of staff"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True, validators=[validate_mobile])
    description = models.TextField(_("about the employer"), blank=True, max_length=4000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "status"]), models.Index(fields=["updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    credit_code__regex=r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
                ),
                name="employer_credit_code_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def contact_phone_masked(self) -> str:
        return mask_mobile(self.contact_phone or "")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


def vacancy_is_live(today: date, *, prefix: str = "") -> models.Q:
    """The rule of a live vacancy, the one shown, matched and written about: open, its employer
    approved, valid today, places left. ``prefix`` reaches it through a relation ("vacancy__")."""
    return models.Q(**{
        f"{prefix}status": VacancyStatus.OPEN,
        f"{prefix}employer__status": Employer.Status.APPROVED,
        f"{prefix}valid_from__lte": today,
        f"{prefix}valid_until__gte": today,
        f"{prefix}filled_count__lt": models.F(f"{prefix}headcount"),
    })  # fmt: skip


class Vacancy(models.Model):
    Status = VacancyStatus

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="vacancies"
    )
    title = models.CharField(_("job title"), max_length=100)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="vacancies"
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    work_type = models.CharField(
        _("work type"), max_length=16, choices=WorkType.choices, default=WorkType.FULL_TIME
    )
    headcount = models.PositiveIntegerField(_("headcount"))
    filled_count = models.PositiveIntegerField(_("filled"), default=0)
    wage_min = models.PositiveIntegerField(_("minimum wage (yuan)"))
    wage_max = models.PositiveIntegerField(_("maximum wage (yuan)"))
    wage_unit = models.CharField(
        _("wage unit"), max_length=8, choices=WageUnit.choices, default=WageUnit.MONTH
    )
    education_min = models.PositiveSmallIntegerField(
        _("minimum education"), choices=Education.choices, null=True, blank=True
    )
    certificate_level_min = models.PositiveSmallIntegerField(
        _("minimum certificate level"), choices=CertificateLevel.choices, null=True, blank=True
    )
    licence = models.CharField(
        _("licence required"),
        max_length=40,
        choices=LICENCE_CHOICES,
        blank=True,
        help_text=_("A licence the work needs by law, such as an N1 forklift or a low-voltage electrician's"),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("work site region"), on_delete=models.PROTECT, limit_choices_to=COUNTY_LEVEL,
        error_messages=COUNTY_LEVEL_ERRORS,
    )  # fmt: skip
    address = models.CharField(_("work site address"), max_length=200, blank=True)
    longitude = models.FloatField(_("site longitude"), null=True, blank=True)
    latitude = models.FloatField(_("site latitude"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True, validators=[validate_registry_date])
    valid_from = models.DateField(_("valid from"), validators=[validate_registry_date])
    valid_until = models.DateField(_("valid until"), validators=[validate_registry_date])
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "region"]),
            models.Index(fields=["occupation", "status"]),
            models.Index(fields=["status", "valid_until"]),
            models.Index(fields=["updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(headcount__gte=1), name="vacancy_headcount_positive"),
            models.CheckConstraint(
                condition=models.Q(status__in=VacancyStatus.values), name="vacancy_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(work_type__in=WorkType.values), name="vacancy_work_type_known"
            ),
            models.CheckConstraint(
                condition=models.Q(wage_unit__in=WageUnit.values), name="vacancy_wage_unit_known"
            ),
            models.CheckConstraint(condition=models.Q(headcount__lte=10_000), name="vacancy_headcount_sane"),
            models.CheckConstraint(
                condition=models.Q(filled_count__lte=models.F("headcount")),
                name="vacancy_filled_within_headcount",
            ),
            models.CheckConstraint(
                condition=models.Q(wage_min__lte=models.F("wage_max")), name="vacancy_wage_range_ordered"
            ),
            models.CheckConstraint(condition=models.Q(wage_max__lte=1_000_000), name="vacancy_wage_sane"),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="vacancy_validity_ordered",
            ),
            # A job that starts after the vacancy is taken down can never be taken up.
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(start_date__lte=models.F("valid_until")),
                name="vacancy_starts_while_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.employer}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.headcount is not None and self.headcount < 1:
            errors["headcount"] = _("Headcount: at least 1")
        if (
            self.headcount is not None
            and self.filled_count is not None
            and self.filled_count > self.headcount
        ):
            errors["filled_count"] = _("Filled: cannot exceed the headcount")
        if self.wage_min is not None and self.wage_max is not None and self.wage_min > self.wage_max:
            errors["wage_max"] = _("Maximum wage: must not be below the minimum wage")
        if self.wage_unit == WageUnit.MONTH and self.wage_max is not None and self.wage_max > 200_000:
            errors["wage_max"] = _("Maximum wage: a monthly wage above 200,000 yuan is not plausible")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("Valid until: must not be before valid from")
        if self.start_date and self.valid_until and self.start_date > self.valid_until:
            errors["start_date"] = _("Start date: must not be after valid until")
        if errors:
            raise ValidationError(errors)


class VacancySkill(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField(_("level needed"), default=2)
    required = models.BooleanField(pgettext_lazy("skill", "required"), default=True)

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "skill"], name="vacancy_skill_once"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="vacancy_skill_level_range"
            ),
        ]

    def __str__(self) -> str:
        return str(self.skill)
