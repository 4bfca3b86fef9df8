from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.regions import COUNTY_LEVEL, COUNTY_LEVEL_ERRORS, Region


class GigStation(models.Model):
    """A gig station (零工驿站): the walk-in office where staff register people and dispatch work."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("area served"), on_delete=models.PROTECT, limit_choices_to=COUNTY_LEVEL,
        error_messages=COUNTY_LEVEL_ERRORS,
    )  # fmt: skip
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("public phone"), max_length=32, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("gig station")
        verbose_name_plural = _("gig stations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """What area a staff account works in. Station staff see their area; city staff see the city.

    Accounts without a profile (other than superusers) see no registry rows at all.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    station = models.ForeignKey(
        GigStation,
        verbose_name=_("gig station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    area = models.ForeignKey(
        Region,
        verbose_name=_("area of responsibility"),
        on_delete=models.PROTECT,
        help_text=_("Staff see and edit only records in this region and the regions inside it"),
    )
    is_case_worker = models.BooleanField(_("case worker"), default=False)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.area})"

    def clean(self) -> None:
        if self.station is not None and self.area_id and not self.area.contains(self.station.region):
            raise ValidationError({"area": _("The area must contain the gig station's own area")})
