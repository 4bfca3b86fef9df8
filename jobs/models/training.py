from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.choices import CertificateLevel
from jobs.models.regions import Region
from jobs.models.taxonomy import Occupation, Skill
from jobs.validators import validate_registry_date


class TrainingCourse(models.Model):
    name = models.CharField(_("name"), max_length=100)
    provider = models.CharField(_("provider"), max_length=100)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), null=True, blank=True, on_delete=models.PROTECT
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills taught"), blank=True)
    certificate_level = models.PositiveSmallIntegerField(
        _("certificate awarded"), choices=CertificateLevel.choices, null=True, blank=True
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    address = models.CharField(_("address"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"), validators=[validate_registry_date])
    ends_on = models.DateField(_("ends on"), validators=[validate_registry_date])
    hours = models.PositiveSmallIntegerField(_("class hours"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    fee_yuan = models.PositiveIntegerField(_("fee (yuan)"), default=0)
    subsidy_yuan = models.PositiveIntegerField(_("subsidy per trainee (yuan)"), default=0)

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="course_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ends on: must not be before the start")})
