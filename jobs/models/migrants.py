from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.choices import Industry
from jobs.models.people import Person
from jobs.models.regions import Region
from jobs.models.taxonomy import Occupation
from jobs.validators import validate_registry_date


class MigrantRecord(models.Model):
    """Migrant worker registry (外出务工人员数据库).

    Rows are never edited in place: an update writes a new current row and retires the old one,
    so the history of where someone worked and when they came home is kept.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="migrant_records"
    )
    work_region = models.ForeignKey(
        Region, verbose_name=_("where they work"), on_delete=models.PROTECT, related_name="+"
    )
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices, blank=True)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), null=True, blank=True, on_delete=models.PROTECT
    )
    employer_name = models.CharField(_("employer"), max_length=100, blank=True)
    started_on = models.DateField(_("working there since"), validators=[validate_registry_date])
    expected_return_on = models.DateField(
        _("expected return"), null=True, blank=True, validators=[validate_registry_date]
    )
    returned_on = models.DateField(
        _("actually returned"), null=True, blank=True, validators=[validate_registry_date]
    )
    intends_local_work = models.BooleanField(_("wants to work locally"), null=True, blank=True)
    insurance_region = models.ForeignKey(
        Region,
        verbose_name=_("social insurance paid in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_current = models.BooleanField(_("current"), default=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("migrant worker record")
        verbose_name_plural = _("migrant worker registry")
        ordering = ["-recorded_at"]
        indexes = [
            models.Index(fields=["is_current", "expected_return_on"]),
            models.Index(fields=["recorded_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(is_current=True),
                name="migrant_one_current_record",
            ),
            models.CheckConstraint(
                condition=models.Q(returned_on__isnull=True)
                | models.Q(returned_on__gte=models.F("started_on")),
                name="migrant_returns_after_leaving",
            ),
            models.CheckConstraint(
                condition=models.Q(expected_return_on__isnull=True)
                | models.Q(expected_return_on__gte=models.F("started_on")),
                name="migrant_expected_return_after_leaving",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} @ {self.work_region}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.started_on and self.returned_on and self.returned_on < self.started_on:
            errors["returned_on"] = _("Actually returned: must not be before leaving")
        if self.started_on and self.expected_return_on and self.expected_return_on < self.started_on:
            errors["expected_return_on"] = _("Expected return: must not be before leaving")
        if errors:
            raise ValidationError(errors)
