"""Social-insurance transfer rules as data (社保转移接续): per scheme, and per pair of regions
where they differ, how the scheme is pooled (so whether a move needs a transfer at all), the
office, the documents, how long it takes and the online service. The most specific rule that
applies to a move is the one told."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models.regions import Region


class InsuranceScheme(models.TextChoices):
    PENSION = "pension", _("Basic pension insurance")
    MEDICAL = "medical", _("Basic medical insurance")


class PooledBy(models.TextChoices):
    """The level a scheme's fund is pooled at: a move inside one pool needs no transfer (the
    employees' pension is pooled by province, medical insurance by city)."""

    PROVINCE = "province", _("province")
    CITY = "city", _("city")


POOL_DIGITS = {PooledBy.PROVINCE: 2, PooledBy.CITY: 4}


def _within(area: Region | None, code: str) -> bool:
    return area is None or code.startswith(area.prefix)


def _depth(area: Region | None) -> int:
    return 0 if area is None else len(area.prefix)


class InsuranceTransferRule(models.Model):
    """How one scheme moves from ``from_area`` to ``to_area`` (empty: anywhere), for everyone or
    for returning migrant workers only. The defaults come from the national transfer measures
    and Jingshan's green channel (loaded by migration 0028); city staff change them in the
    admin."""

    scheme = models.CharField(_("scheme"), max_length=8, choices=InsuranceScheme.choices)
    from_area = models.ForeignKey(
        Region, verbose_name=_("moving from"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Empty: from anywhere"),
    )  # fmt: skip
    to_area = models.ForeignKey(
        Region, verbose_name=_("moving to"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Empty: to anywhere"),
    )  # fmt: skip
    returnees_only = models.BooleanField(
        _("returning migrant workers only"), default=False,
        help_text=_("Told to someone coming home from work elsewhere, not on a hire"),
    )  # fmt: skip
    pooled_by = models.CharField(
        _("pooled by"), max_length=8, choices=PooledBy.choices, default=PooledBy.CITY,
        help_text=_("A move between two places of one pool needs no transfer"),
    )  # fmt: skip
    office = models.CharField(_("where to go"), max_length=200)
    documents = models.CharField(_("documents to bring"), max_length=300)
    takes = models.CharField(_("how long it takes"), max_length=100)
    online = models.CharField(_("online service"), max_length=200, blank=True)
    document = models.CharField(_("document"), max_length=200)
    article = models.CharField(_("article"), max_length=300, blank=True)
    active = models.BooleanField(_("in force"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip

    class Meta:
        verbose_name = _("insurance transfer rule")
        verbose_name_plural = _("insurance transfer rules")
        ordering = ["scheme", "to_area", "from_area", "returnees_only"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scheme__in=InsuranceScheme.values), name="insurance_rule_scheme_known"
            ),
            models.CheckConstraint(
                condition=models.Q(pooled_by__in=PooledBy.values), name="insurance_rule_pooled_by_known"
            ),
        ]

    def __str__(self) -> str:
        where = f"{self.from_area or _('anywhere')} → {self.to_area or _('anywhere')}"
        return f"{self.get_scheme_display()}：{where}"

    def clean(self) -> None:
        # Two rules in force for one scheme, pair and audience: which one is told is a coin toss.
        twin = InsuranceTransferRule.objects.filter(
            scheme=self.scheme, from_area=self.from_area_id, to_area=self.to_area_id,
            returnees_only=self.returnees_only, active=True,
        ).exclude(pk=self.pk)  # fmt: skip
        if self.active and twin.exists():
            raise ValidationError(
                {
                    "to_area": _(
                        "Moving to: a rule in force already covers this scheme, these places and these people"
                    )
                }
            )

    def applies(self, from_code: str, to_code: str, returning: bool) -> bool:
        return (
            self.active
            and _within(self.from_area, from_code)
            and _within(self.to_area, to_code)
            and (returning or not self.returnees_only)
        )

    def specificity(self) -> tuple[int, int, bool]:
        """Which of the rules that apply is told: the one naming the destination most closely
        (its office is where the person goes), then the origin, then one for returnees."""
        return (_depth(self.to_area), _depth(self.from_area), self.returnees_only)

    def same_pool(self, from_code: str, to_code: str) -> bool:
        digits = POOL_DIGITS[PooledBy(self.pooled_by)]
        return from_code[:digits] == to_code[:digits]

    def as_told(self) -> dict[str, Any]:
        # The scheme's label stays lazy: it is put into words in the notice's language.
        return {"scheme": InsuranceScheme(self.scheme).label, "office": self.office, "documents": self.documents,
                "takes": self.takes, "online": self.online, "document": self.document}  # fmt: skip
